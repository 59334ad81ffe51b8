/**
 * The sample's alert tests are strong enough to catch a broken detection (issue 13): mutation
 * testing, as Stryker and PIT do it for code, applied to monitors. For every failure mode the
 * simulator can evaluate (all but anomaly monitors) each mutation below is applied to the monitor
 * the plan creates, and at least one of the integration's hand-written alert tests must then fail:
 *
 * - comparator flipped (`>` and `<`, `>=` and `<=`): caught by a `quiet` expectation near the line
 *   on the healthy side;
 * - threshold times ten (the query's and `monitorThresholds.critical`): caught by a `firing`
 *   expectation under a modest breach, and for a `below` line by a `quiet` one under ten times it;
 * - for a heartbeat, silence times ten (`noDataTimeframe` and the evaluation window): caught by a
 *   `firing` expectation after a silence shorter than ten times the heartbeat's.
 *
 * Only `Integration.alertTests` count, never the generated drills: drills are derived from the
 * monitors' own thresholds and silences, so they would not hold the monitor to what the incident
 * needs. A test that never names the mutated monitor does not simulate it, so its result cannot
 * change: only the tests naming the monitor are run against each mutation.
 */
import { strict as assert } from "node:assert";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import type { FailureMode, Integration, Inventory } from "../../compiler/model";
import type { MonitorQuery } from "../../compiler/query/ast";
import { namedMonitors, type AlertTest } from "../../compiler/simulate/alertTest";
import type { SimulatedMonitorOptions } from "../../compiler/simulate/evaluate";
import { plannedMonitors, type PlannedMonitor, type PlannedResourceLike } from "../../compiler/simulate/plannedMonitors";
import { runScenario } from "../../compiler/simulate/simulateInventory";
import { sampleInventory, sampleSettings } from "../support/sampleState";

type Metric = { readonly query: MonitorQuery; readonly options: SimulatedMonitorOptions };

interface Mutation {
  /** What the mutation did to this monitor, in words (`threshold times ten: 5 becomes 50`). */
  readonly describe: (m: Metric) => string;
  readonly applies: (mode: FailureMode) => boolean;
  readonly apply: (m: Metric) => Metric;
  /** The expectation that catches it, for the failure message. */
  readonly caughtBy: string;
}

const FLIPPED: Readonly<Record<MonitorQuery["comparator"], MonitorQuery["comparator"]>> = { ">": "<", "<": ">", ">=": "<=", "<=": ">=" };

/**
 * Ten times the line. A line at 0 moves to 10 instead: ten times 0 is the same monitor, so the
 * mutation would prove nothing (no sample failure mode has one today; the forwarder's own
 * monitors, which alert tests cannot name, do).
 */
const tenfold = (t: number): number => (t === 0 ? 10 : t * 10);

/** `last_15m` -> `last_150m`: the window's number times ten, its unit kept. */
function tenfoldWindow(window: string): string {
  const m = /^last_([1-9][0-9]*)([smhdw])$/.exec(window);
  if (!m) throw new Error(`${window} is not a monitor window such as last_15m`);
  return `last_${Number(m[1]) * 10}${m[2]}`;
}

function silenceTimesTen(options: SimulatedMonitorOptions): number {
  if (options.noDataTimeframe === undefined) throw new Error("a heartbeat monitor without noDataTimeframe: the plan should set it");
  return options.noDataTimeframe * 10;
}

const FLIP: Mutation = {
  describe: (m) => `comparator flipped: ${m.query.comparator} becomes ${FLIPPED[m.query.comparator]}`,
  applies: () => true,
  apply: (m) => ({ ...m, query: { ...m.query, comparator: FLIPPED[m.query.comparator] } }),
  caughtBy: "a quiet expectation with the value on the healthy side of the line (and data in the window)",
};

const THRESHOLD_TIMES_TEN: Mutation = {
  describe: (m) => `threshold times ten: ${m.query.threshold} becomes ${tenfold(m.query.threshold)}`,
  applies: () => true,
  apply: (m) => {
    const threshold = tenfold(m.query.threshold);
    return { query: { ...m.query, threshold }, options: { ...m.options, monitorThresholds: { ...m.options.monitorThresholds, critical: String(threshold) } } };
  },
  caughtBy: "a firing expectation under a breach within ten times the line (for a `below` line, a quiet one between the line and ten times it)",
};

const SILENCE_TIMES_TEN: Mutation = {
  describe: (m) => `silence times ten: no data after ${m.options.noDataTimeframe} becomes ${silenceTimesTen(m.options)} minutes, window ${m.query.window} becomes ${tenfoldWindow(m.query.window)}`,
  applies: (mode) => mode.detection.kind === "heartbeat",
  apply: (m) => ({ query: { ...m.query, window: tenfoldWindow(m.query.window) }, options: { ...m.options, noDataTimeframe: silenceTimesTen(m.options) } }),
  caughtBy: "a firing expectation after a silence shorter than ten times the heartbeat's",
};

const MUTATIONS: readonly Mutation[] = [FLIP, THRESHOLD_TIMES_TEN, SILENCE_TIMES_TEN];

function mutated(planned: PlannedMonitor, mutation: Mutation): PlannedMonitor {
  const monitor = planned.monitor;
  if (monitor.kind !== "metric") throw new Error(`${planned.title} is not a metric monitor`);
  return { ...planned, monitor: { ...monitor, ...mutation.apply(monitor) } };
}

const names = (test: AlertTest): Set<string> => new Set(namedMonitors(test));

/**
 * The alert tests naming the failure mode that fail once its monitor is mutated, on that monitor
 * and for a reason other than the monitor being out of the simulator's reach.
 */
function failingUnder(tests: readonly AlertTest[], monitors: ReadonlyMap<string, PlannedMonitor>, modeId: string, mutation: Mutation): AlertTest[] {
  const planned = monitors.get(modeId);
  if (!planned) throw new Error(`the plan has no monitor for ${modeId}`);
  const broken = new Map(monitors).set(modeId, mutated(planned, mutation));
  return tests
    .filter((t) => names(t).has(modeId))
    // Run as `npm run simulate` runs them (in the stack's environment), which sampleInventory.test.ts shows all pass unmutated.
    .filter((t) => runScenario({ kind: "alert test", test: t }, broken).failures.some((f) => f.monitor === modeId && !f.observed.startsWith("not simulated")));
}

/** The integration's tests without the given expectations of one monitor: a deliberately weaker suite. */
function without(tests: readonly AlertTest[], ref: string, kind: "firing" | "quiet"): AlertTest[] {
  return tests.map((t) => ({ ...t, expect: t.expect.map((e) => ({ ...e, [kind]: e[kind].filter((r) => r !== ref) })) }));
}

const simulated = (i: Integration): FailureMode[] => i.failureModes.filter((m) => m.detection.kind !== "anomaly");

// Mocha needs the list of failure modes when it loads this file: an error reading the sample
// becomes one failing test, not the end of the whole run.
let sample: { readonly inventory: Inventory; readonly resources: readonly PlannedResourceLike[] } | undefined;
let loadError: unknown;
try {
  const inventory = sampleInventory();
  sample = { inventory, resources: lowerInventory(inventory, sampleSettings()).resources };
} catch (e) {
  loadError = e;
}

describe("simulate: the sample's alert tests catch broken detections", () => {
  if (!sample) {
    it("loads and lowers the sample inventory", () => assert.fail(loadError instanceof Error ? (loadError.stack ?? loadError.message) : String(loadError)));
    return;
  }
  const { inventory, resources } = sample;

  it("gives every sample integration alert tests", () => {
    assert.deepEqual(inventory.integrations.filter((i) => i.alertTests.length === 0).map((i) => i.id), []);
  });

  // The check itself can fail: without the expectation that catches a mutation, it goes through.
  // (A heartbeat's silence reads NO DATA whatever its comparator, so only a quiet expectation
  // catches its flip.)
  const webLeads = inventory.integrations.find((i) => i.id === "web-lead-form-to-crm")!;
  for (const [modeId, kind, mutation, words] of [
    ["salesforce-rejects-lead-upserts", "firing", THRESHOLD_TIMES_TEN, "threshold times ten"],
    ["form-submissions-stopped", "quiet", FLIP, "comparator flipped"],
    ["form-submissions-stopped", "firing", SILENCE_TIMES_TEN, "silence times ten"],
  ] as const) {
    it(`lets ${modeId}, ${words}, through once no alert test expects it ${kind}`, () => {
      const monitors = plannedMonitors(resources, webLeads);
      assert.ok(failingUnder(webLeads.alertTests, monitors, modeId, mutation).length > 0);
      assert.deepEqual(failingUnder(without(webLeads.alertTests, modeId, kind), monitors, modeId, mutation).map((t) => t.name), []);
    });
  }

  for (const integration of inventory.integrations) {
    const monitors = plannedMonitors(resources, integration);
    // That every alert test passes against the plan as it is, sampleInventory.test.ts checks.
    describe(integration.id, () => {
      it("expects each simulated failure mode to fire in some test and to stay quiet in some test", () => {
        const expected = (kind: "firing" | "quiet") => new Set(integration.alertTests.flatMap((t) => t.expect.flatMap((e) => e[kind])));
        const firing = expected("firing");
        const quiet = expected("quiet");
        const missing = simulated(integration).flatMap((m) => [...(firing.has(m.id) ? [] : [`${m.id} never expected firing`]), ...(quiet.has(m.id) ? [] : [`${m.id} never expected quiet`])]);
        assert.deepEqual(missing, []);
      });

      it("expects a burn-rate alert of each SLO to fire in some test and to stay quiet in some test", () => {
        const tiersOf = (slo: string, kind: "firing" | "quiet") => integration.alertTests.flatMap((t) => t.expect.flatMap((e) => e[kind])).filter((ref) => ref.startsWith(`${slo}/`));
        const missing = integration.slos.flatMap((s) => [...(tiersOf(s.id, "firing").length ? [] : [`${s.id} never expected firing`]), ...(tiersOf(s.id, "quiet").length ? [] : [`${s.id} never expected quiet`])]);
        assert.deepEqual(missing, []);
      });

      for (const mode of simulated(integration)) {
        const planned = monitors.get(mode.id);
        it(`plans a monitor for ${mode.id}`, () => assert.ok(planned, `the plan has no monitor for ${mode.id}`));
        if (!planned || planned.monitor.kind !== "metric") continue;
        const original = planned.monitor;
        for (const mutation of MUTATIONS.filter((m) => m.applies(mode))) {
          it(`${mode.id}, ${mutation.describe(original)}: an alert test fails`, () => {
            const tests = integration.alertTests.filter((t) => names(t).has(mode.id));
            const failing = failingUnder(tests, monitors, mode.id, mutation);
            assert.ok(
              failing.length > 0,
              `with ${mode.id}'s ${mutation.describe(original)}, every alert test naming it still passes (${tests.map((t) => JSON.stringify(t.name)).join(", ") || "none names it"}); add ${mutation.caughtBy}`,
            );
          });
        }
      }
    });
  }
});
