/**
 * Generated drills: every drill of every sample integration passes against the planned
 * monitors; a deliberately broken monitor of each detection kind fails its drill (so drills are
 * not vacuous); burn-rate drills fire within the workbook's detection time and not absurdly
 * earlier; and the series they synthesize are selected by exactly the scopes they should be.
 */
import { strict as assert } from "node:assert";
import { BURN_TIERS } from "../../compiler/lower/burnRate";
import type { Integration } from "../../compiler/model";
import type { Expr, MetricQuery, MonitorQuery } from "../../compiler/query/ast";
import type { AlertTest } from "../../compiler/simulate/alertTest";
import { parseMetricExpression } from "../../compiler/query/parse";
import { type BurnDrillPlan, workbookDetectionSeconds } from "../../compiler/simulate/burnDrills";
import { checkTimes, firstEvaluationPast, formatSpan, samplesBefore, sampleSpacing } from "../../compiler/simulate/drillTiming";
import { type DrillPlan, drillPlansFor } from "../../compiler/simulate/drills";
import { evaluateMetricMonitor } from "../../compiler/simulate/evaluate";
import { plannedMonitors, type PlannedMonitor } from "../../compiler/simulate/plannedMonitors";
import { type AlertTestResult, runAlertTest } from "../../compiler/simulate/runAlertTest";
import { matchesScope } from "../../compiler/simulate/scope";
import { partOfWhole } from "../../compiler/simulate/synthesizeSeries";
import { tagsFor } from "../../compiler/simulate/synthesizeTags";
import { firstTimeIn, type SimulatedMonitor } from "../../compiler/simulate/timeline";
import { sampleInventory, sampleState } from "../support/sampleState";

const inventory = sampleInventory();
const resources = sampleState().resources;
const samples = inventory.integrations.map((integration) => {
  const monitors = plannedMonitors(resources, integration);
  return { integration, monitors, plans: drillPlansFor(integration, monitors) };
});

const isBurn = (p: DrillPlan): p is BurnDrillPlan => "tier" in p;

describe("simulate: generated drills", () => {
  describe("every drill of the sample inventory passes", () => {
    for (const { integration, monitors, plans } of samples) {
      for (const plan of plans) {
        it(`${integration.id}: ${plan.test.name}`, () => {
          assert.deepEqual(resultOf(plan, monitors).failures, []);
        });
      }
    }
  });

  it("drills every failure mode but anomalies, and every burn tier twice plus a quiet drill per SLO", () => {
    for (const { integration, monitors, plans } of samples) {
      for (const mode of integration.failureModes) {
        const drilled = plans.filter((p) => p.monitor === mode.id);
        // Anomaly monitors are not simulated (their bands come from Datadog's models), so none.
        assert.equal(drilled.length, mode.detection.kind === "anomaly" ? 0 : 1, `${integration.id}/${mode.id}`);
      }
      for (const slo of integration.slos) {
        const tiers = BURN_TIERS.map((t) => `${slo.id}/${t.id}`).filter((ref) => monitors.has(ref));
        for (const ref of tiers) assert.equal(plans.filter((p) => p.monitor === ref).length, 2, ref);
        const quiet = plans.filter((p) => p.monitor === slo.id);
        assert.equal(quiet.length, tiers.length ? 1 : 0, slo.id);
        if (tiers.length) assert.deepEqual(new Set(quiet[0]!.test.expect.flatMap((e) => e.quiet)), new Set(tiers));
      }
    }
    for (const p of samples.flatMap((s) => s.plans)) assert.match(p.test.name, /^drill: /);
  });

  it("keeps the sample inventory's drills cheap: at most 1,000 samples per series", () => {
    for (const p of samples.flatMap((s) => s.plans)) for (const s of p.test.input) assert.ok(s.values.length <= 1000, `${p.test.name}: ${s.values.length} samples`);
  });

  describe("a broken monitor fails its drill", () => {
    const rows: [string, string, (m: SimulatedMonitor) => SimulatedMonitor][] = [
      ["error-rate", "threshold times ten", (m) => withQuery(m, (q) => ({ ...q, threshold: q.threshold * 10 }))],
      ["error-rate", "an hour of evaluation delay more", (m) => ({ ...m, options: { ...m.options, evaluationDelay: (m.options.evaluationDelay ?? 0) + 3600 } })],
      ["reconciliation", "comparator flipped", (m) => withQuery(m, (q) => ({ ...q, comparator: "<" }))],
      ["reconciliation", "threshold times ten", (m) => withQuery(m, (q) => ({ ...q, threshold: q.threshold * 10 }))],
      ["threshold", "comparator flipped", (m) => withQuery(m, (q) => ({ ...q, comparator: q.comparator.startsWith(">") ? "<" : ">" }))],
      ["threshold", "threshold times ten", (m) => withQuery(m, (q) => ({ ...q, threshold: q.threshold * 10 }))],
      ["heartbeat", "no-data timeframe times ten", (m) => ({ ...m, options: { ...m.options, noDataTimeframe: (m.options.noDataTimeframe ?? 0) * 10 } })],
      ["heartbeat", "no-data alerting off", (m) => ({ ...m, options: { ...m.options, notifyNoData: false } })],
    ];
    for (const [kind, breakage, breakIt] of rows) {
      it(`${kind}, ${breakage}`, () => {
        const { plan, monitors } = drillOfKind(kind);
        const broken = withMonitor(monitors, plan.monitor, breakIt);
        assert.notDeepEqual(runAlertTest(plan.test, broken).failures, [], plan.test.name);
      });
    }

    it("burn tier, threshold times ten: the outage is seen too late", () => {
      const plan = burnPlans().find((p) => p.monitor === "lead-delivered-within-5m/fast" && p.errorRatio === 1)!;
      const { monitors } = samples.find((s) => s.plans.includes(plan))!;
      const broken = withMonitor(monitors, plan.monitor, (m) => (m.kind === "burn_rate" ? { ...m, query: { ...m.query, threshold: m.query.threshold * 10 } } : m));
      assert.notDeepEqual(runAlertTest(plan.test, broken).failures, []);
    });

    it("burn tier, long window times ten: twice its rate is seen too late", () => {
      const plan = burnPlans().find((p) => p.monitor === "lead-delivered-within-5m/fast" && p.errorRatio < 1)!;
      const { monitors } = samples.find((s) => s.plans.includes(plan))!;
      const broken = withMonitor(monitors, plan.monitor, (m) => (m.kind === "burn_rate" ? { ...m, query: { ...m.query, longWindow: "10h" } } : m));
      assert.notDeepEqual(runAlertTest(plan.test, broken).failures, []);
    });

    it("burn tiers, threshold at a tenth: the quiet drill sees the medium tier fire at 0.9x the budget rate", () => {
      const plan = samples.flatMap((s) => s.plans).find((p) => p.monitor === "lead-delivered-within-5m")!;
      const { monitors } = samples.find((s) => s.plans.includes(plan))!;
      const broken = withMonitor(monitors, "lead-delivered-within-5m/medium", (m) => (m.kind === "burn_rate" ? { ...m, query: { ...m.query, threshold: m.query.threshold / 10 } } : m));
      const failures = runAlertTest(plan.test, broken).failures;
      assert.ok(failures.length > 0 && failures.every((f) => f.monitor === "lead-delivered-within-5m/medium"), JSON.stringify(failures));
    });

  });

  describe("a sparse error side (the forwarder emits no error points while healthy)", () => {
    // salesforce-rejects-lead-upserts: more than 5% of settled deliveries not forwarded over 15
    // minutes. No error point for 20 minutes, one minute with 1000 errors beside 1000 forwarded,
    // then none again: 1000 / 16000 = 6.25% while the burst is in the window (minutes 20 to 34),
    // then a window of totals with no error point at all.
    const { monitors } = drillOfId("salesforce-rejects-lead-upserts");
    const ref = "salesforce-rejects-lead-upserts";
    const { errors, total } = ratioSides(monitors.get(ref)!.monitor);
    const burst: AlertTest = {
      name: "one minute of errors from a clean start",
      intervalSeconds: 60,
      input: partOfWhole(errors, total, [
        { samples: 20, part: 0, whole: 1000 },
        { samples: 1, part: 1000, whole: 2000 },
        { samples: 40, part: 0, whole: 1000 },
      ])!,
      expect: [
        { atSeconds: 19 * 60, firing: [], warning: [], quiet: [ref] },
        { atSeconds: 20 * 60, firing: [ref], warning: [], quiet: [] },
        { atSeconds: 34 * 60, firing: [ref], warning: [], quiet: [] },
        { atSeconds: 35 * 60, firing: [], warning: [], quiet: [ref] },
      ],
    };

    it("the plan sets on_missing_data default on ratio monitors, so the error rate fires from a clean start and clears once the errors leave the window", () => {
      assert.equal(monitors.get(ref)!.monitor.options.onMissingData, "default");
      assert.deepEqual(runAlertTest(burst, monitors).failures, []);
    });

    it("with nothing flowing at all, the error rate evaluates as zero rather than being skipped (an empty result is 0)", () => {
      const planned = monitors.get(ref)!.monitor;
      if (planned.kind !== "metric") throw new Error("not a metric monitor");
      const r = evaluateMetricMonitor(planned.query, planned.options, { intervalSeconds: 60, series: [] }, 3600);
      assert.deepEqual(r.kind === "evaluated" && r.groups.map((g) => [g.group, g.value, g.outcome]), [["*", 0, "OK"]]);
    });

    it("without it, the evaluation is skipped once the errors leave the window and the monitor stays in ALERT", () => {
      const broken = withMonitor(monitors, ref, (m) => ({ ...m, options: { ...m.options, onMissingData: undefined } }));
      const failures = runAlertTest(burst, broken).failures;
      assert.deepEqual(
        failures.map((f) => [f.atSeconds / 60, f.expected]),
        [[35, "quiet"]],
      );
      assert.match(failures[0]!.observed, /ALERT/);
    });
  });

  describe("burn-rate drills fire within the workbook's detection time", () => {
    it("hand-computed: lead-delivered-within-5m (99.5% over 30 days), fast tier (14.4x over 1h/5m)", () => {
      // Budget 0.5%. A total outage burns at 1 / 0.005 = 200x; the 1h window exceeds 14.4x once
      // more than 14.4 * 0.005 * 60 = 4.32 minutes of it are out. The fault starts at t0, so its
      // first sample is the one stamped t0+1m (a sample holds the minute ending at its time):
      // at t0+5m the window holds 5 of 60 (16.7x), at t0+4m 4 of 60 (13.3x). Twice the rate,
      // 28.8x (14.4% errors): more than half the window, 31 samples of 60 at t0+31m (14.88x; 30
      // of 60, at t0+30m, is exactly 14.4x, not above).
      const fast = burnPlans().filter((p) => p.monitor === "lead-delivered-within-5m/fast");
      const outage = fast.find((p) => p.errorRatio === 1)!;
      const twice = fast.find((p) => p.errorRatio < 1)!;
      assert.equal(round(outage.detectionSeconds), 259.2);
      assert.equal(round(twice.errorRatio), 0.144);
      assert.equal(round(twice.detectionSeconds), 30 * 60);
      assert.equal(firstFire(outage) - outage.faultStartSeconds!, 5 * 60);
      assert.equal(firstFire(twice) - twice.faultStartSeconds!, 31 * 60);
      assert.equal(outage.deadlineSeconds! - outage.faultStartSeconds!, 5 * 60);
      assert.equal(twice.deadlineSeconds! - twice.faultStartSeconds!, 31 * 60);
    });

    it("every tier: first fire after the fault is at most the stated deadline and no earlier than the workbook time", () => {
      // A sample holds the interval ending at its time (input.ts), so the fault's first sample is
      // one interval after the fault starts and no alert can come before the errors have happened.
      const plans = burnPlans();
      assert.ok(plans.length >= 20);
      for (const p of plans) {
        const fired = firstFire(p) - p.faultStartSeconds!;
        const delay = delayOf(p);
        assert.ok(fired <= p.deadlineSeconds! - p.faultStartSeconds!, `${p.test.name}: fired ${fired} s after the fault`);
        assert.ok(fired >= p.detectionSeconds + delay, `${p.test.name}: fired ${fired} s after the fault, the workbook says ${p.detectionSeconds} s`);
      }
    });

    const rows: [number, number, string, number, number][] = [
      // target, threshold, long window, outage minutes, twice-the-rate minutes
      [99.5, 14.4, "1h", 4.32, 30],
      [99.5, 6, "6h", 10.8, 180],
      [99.5, 3, "24h", 21.6, 720],
      [99.9, 14.4, "1h", 0.864, 30],
      [99, 3, "24h", 43.2, 720],
      [99.5, 1.4, "6h", 2.52, 180],
    ];
    for (const [target, threshold, long, outage, twice] of rows) {
      it(`${target}%, ${threshold}x over ${long}: outage ${outage} min, twice its rate ${twice} min (README table)`, () => {
        const tier = { threshold, longWindowSeconds: windowOf(long) };
        assert.equal(round(workbookDetectionSeconds(tier, target, 1) / 60), outage);
        assert.equal(round(workbookDetectionSeconds(tier, target, 2 * threshold * (1 - target / 100)) / 60), twice);
      });
    }
  });

  describe("synthesized series", () => {
    const q = (text: string): MetricQuery => {
      const parsed = parseMetricExpression(text);
      if (!parsed.ok || parsed.expr.kind !== "metric") throw new Error(text);
      return parsed.expr;
    };
    const rows: [string, string, string, string[] | undefined][] = [
      // errors, total -> the tags of a series the total selects and the errors do not
      ["count:m{a:1,!outcome:forwarded}", "count:m{a:1}", "good", ["a:1", "outcome:forwarded"]],
      ["count:m{a:1,!outcome:forwarded}", "count:m{a:1}", "bad", ["a:1", "outcome:not-forwarded"]],
      ["count:m{a:1,within_slo:true}", "count:m{a:1}", "good", ["a:1", "within_slo:false"]],
      ["sum:m{fn:web-*,status:5xx}", "sum:m{fn:web-*}", "bad", ["fn:web-drill", "status:5xx"]],
      ["sum:m{env:prod AND (code:429 OR code:503)}", "sum:m{env:prod}", "bad", ["env:prod", "code:429"]],
      ["sum:m{env:prod AND code NOT IN (200, 201)}", "sum:m{env:prod}", "good", ["env:prod", "code:200"]],
      ["sum:m{a:1} by {host}", "sum:m{a:1} by {host}", "good", undefined],
    ];
    for (const [errors, total, which, tags] of rows) {
      it(`${which} series for ${errors} over ${total}`, () => {
        const [e, t] = [q(errors), q(total)];
        const found = tagsFor("m", [
          { query: t, selected: true },
          { query: e, selected: which === "bad" },
        ]);
        assert.deepEqual(found, tags);
        if (found) assert.equal(matchesScope(e, found), which === "bad");
      });
    }

    it("splits a ratio over one metric into a shared series and the rest, zero counts as gaps", () => {
      const series = partOfWhole(q("count:m{a:1,!outcome:forwarded}"), q("count:m{a:1}"), [
        { samples: 2, part: 25, whole: 1000 },
        { samples: 1, part: 0, whole: 1000 },
      ]);
      assert.deepEqual(series, [
        { metric: "m", tags: ["a:1", "outcome:not-forwarded"], values: [25, 25, undefined] },
        { metric: "m", tags: ["a:1", "outcome:forwarded"], values: [975, 975, 1000] },
      ]);
    });

    it("gives each metric its own series when part and whole are different metrics", () => {
      const series = partOfWhole(q("sum:down{a:1}"), q("sum:up{a:1}"), [{ samples: 2, part: 990, whole: 1000 }]);
      assert.deepEqual(series, [
        { metric: "down", tags: ["a:1"], values: [990, 990] },
        { metric: "up", tags: ["a:1"], values: [1000, 1000] },
      ]);
    });

    it("refuses a whole that cannot exceed its part", () => {
      assert.equal(partOfWhole(q("sum:m{a:1}"), q("sum:m{a:1}"), [{ samples: 1, part: 1, whole: 2 }]), undefined);
    });
  });

  describe("drill timing", () => {
    const rows: [number, number][] = [
      [600, 60],
      [3600, 60],
      [4 * 3600, 300],
      [6 * 3600, 300],
      [86400, 900],
      [75 * 60, 60],
    ];
    for (const [window, spacing] of rows) it(`a ${formatSpan(window)} window is sampled every ${spacing} s`, () => assert.equal(sampleSpacing(window), spacing));
    it("checks a healthy stretch at whole minutes, both ends included", () => {
      assert.deepEqual(checkTimes(900, 1140), [900, 960, 1020, 1080, 1140]);
      assert.deepEqual(checkTimes(930, 900), []);
    });
    it("a fault starting at t0 begins with the sample after the one stamped t0", () => {
      assert.equal(samplesBefore(3600, 60), 61);
      assert.equal(samplesBefore(3600, 300), 13);
    });
    const firstRows: [number, number, number, number][] = [
      // seconds of fault needed, spacing, delay -> first evaluation after the fault's start
      [259.2000000000002, 60, 0, 300], // 4.32 min: 5 samples
      [1800, 60, 0, 1860], // exactly 30 samples meets the threshold; 31 cross it
      [1296, 300, 0, 1500], // 21.6 min at 5-minute samples: 5 samples
      [1296, 300, 90, 1620], // plus a 90 s delay, rounded up to the minute
      [1799.9999999999998, 60, 0, 1860], // float noise below a whole sample counts as the sample
    ];
    for (const [seconds, interval, delay, after] of firstRows) {
      it(`more than ${seconds} s of fault at ${interval} s samples, delay ${delay} s: first seen ${after} s after it starts`, () => {
        assert.equal(firstEvaluationPast(7200, seconds, interval, delay) - 7200, after);
      });
    }
  });
});

function burnPlans(): BurnDrillPlan[] {
  return samples.flatMap((s) => s.plans).filter(isBurn);
}

function drillOfKind(kind: string): { plan: DrillPlan; monitors: ReadonlyMap<string, PlannedMonitor> } {
  for (const { integration, monitors, plans } of samples) {
    const mode = integration.failureModes.find((m) => m.detection.kind === kind && plans.some((p) => p.monitor === m.id));
    if (mode) return { plan: plans.find((p) => p.monitor === mode.id)!, monitors };
  }
  throw new Error(`the sample has no drilled ${kind} failure mode`);
}

function drillOfId(id: string): { plan: DrillPlan; monitors: ReadonlyMap<string, PlannedMonitor>; integration: Integration } {
  for (const { integration, monitors, plans } of samples) {
    const plan = plans.find((p) => p.monitor === id);
    if (plan) return { plan, monitors, integration };
  }
  throw new Error(`no drill for ${id}`);
}

function withMonitor(monitors: ReadonlyMap<string, PlannedMonitor>, ref: string, change: (m: SimulatedMonitor) => SimulatedMonitor): Map<string, PlannedMonitor> {
  const copy = new Map(monitors);
  const planned = copy.get(ref)!;
  copy.set(ref, { ...planned, monitor: change(planned.monitor) });
  return copy;
}

function withQuery(m: SimulatedMonitor, change: (q: MonitorQuery) => MonitorQuery): SimulatedMonitor {
  if (m.kind !== "metric") throw new Error(`${m.name} is not a metric monitor`);
  return { ...m, query: change(m.query) };
}

/** The errors and total queries of a planned error-rate monitor, `(E) / (T) * 100`. */
function ratioSides(m: SimulatedMonitor): { errors: MetricQuery; total: MetricQuery } {
  const expr: Expr = m.kind === "metric" ? m.query.expr : { kind: "number", value: 0, span: { start: 0, end: 0 } };
  const ratio = expr.kind === "binary" && expr.left.kind === "binary" ? expr.left : undefined;
  if (ratio?.op !== "/" || ratio.left.kind !== "metric" || ratio.right.kind !== "metric") throw new Error(`${m.name} is not an error-rate monitor`);
  return { errors: ratio.left, total: ratio.right };
}

/** Each sample drill is run once; the timing tests read the same timelines. */
const results = new Map<DrillPlan, AlertTestResult>();

function resultOf(plan: DrillPlan, monitors: ReadonlyMap<string, PlannedMonitor>): AlertTestResult {
  let result = results.get(plan);
  if (!result) results.set(plan, (result = runAlertTest(plan.test, monitors)));
  return result;
}

function firstFire(plan: DrillPlan): number {
  const { monitors } = samples.find((s) => s.plans.includes(plan))!;
  const timeline = resultOf(plan, monitors).timelines.get(plan.monitor)!;
  const at = firstTimeIn(timeline, ["ALERT"]);
  assert.ok(at !== undefined, `${plan.test.name} never fired`);
  return at;
}

function delayOf(plan: DrillPlan): number {
  const { monitors } = samples.find((s) => s.plans.includes(plan))!;
  return monitors.get(plan.monitor)!.monitor.options.evaluationDelay ?? 0;
}

function windowOf(text: string): number {
  return Number(text.slice(0, -1)) * { m: 60, h: 3600, d: 86400 }[text.slice(-1) as "m" | "h" | "d"];
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
