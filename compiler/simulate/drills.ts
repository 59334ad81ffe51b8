/**
 * Generated drills: for every failure mode and every SLO burn-rate tier of an integration, an
 * alert test derived from the PLANNED monitor (its parsed query and options, exactly what Datadog
 * would receive) and from the detection the inventory wrote. Each drill holds healthy data long
 * enough to fill the monitor's window and expects quiet there, injects the fault the detection
 * describes and expects the monitor to fire by a stated deadline while the fault continues, then
 * (metric monitors) returns to healthy data and expects the alert to clear:
 *
 * | detection      | fault                           | fires by (after the fault starts) |
 * | -------------- | ------------------------------- | --------------------------------- |
 * | error-rate     | errors at twice `maxPercent`    | window + evaluation delay         |
 * | reconciliation | a drop of twice `maxDropPercent`| window + evaluation delay         |
 * | threshold      | the value 10% past the line     | window + evaluation delay         |
 * | heartbeat      | silence past `silentMinutes`    | `silentMinutes` + evaluation delay|
 * | anomaly        | none: not simulated             | (no drill)                        |
 *
 * Burn-rate drills are in burnDrills.ts. Anomaly monitors get no drill: their bands come from
 * Datadog's models over weeks of history, which the simulator does not reproduce. Every monitor
 * without a drill comes back in `notDrilled` with the reason, never dropped in silence: the
 * simulate command prints each, and counts one that is not an anomaly monitor as a failure (a
 * drill its detection implies could not be derived from the planned monitor).
 */
import type { FailureMode, Integration } from "../model";
import type { Binary, Expr, MetricQuery, MonitorQuery } from "../query/ast";
import { metricQueriesIn } from "../query/parse";
import type { AlertExpectation, AlertTest } from "./alertTest";
import { burnDrillPlans } from "./burnDrills";
import { checkTimes, evaluationAtOrAfter, formatNumber, formatSpan, roundUp, sampleSpacing, samplesBefore } from "./drillTiming";
import type { SimulatedMonitorOptions } from "./evaluate";
import { evaluateExpression } from "./expression";
import { evaluationWindow, type InputSeries, windowSeconds } from "./input";
import type { PlannedMonitor } from "./plannedMonitors";
import { crosses } from "./states";
import { partOfWhole, type Phase, seriesFor } from "./synthesizeSeries";

/** A drill with the times it was built around, for tests and explanations. */
export interface DrillPlan {
  readonly test: AlertTest;
  /** The monitor reference the drill exercises. */
  readonly monitor: string;
  /** Time of the first faulty sample (absent for a drill that only expects quiet). */
  readonly faultStartSeconds?: number;
  /** The evaluation by which the monitor must fire. */
  readonly deadlineSeconds?: number;
}

/** A failure mode or tier (or, for an SLO's quiet drill, the SLO) that got no drill, and why. */
export interface NotDrilled {
  /** The monitor reference (`<slo-id>` for an SLO's quiet drill). */
  readonly monitor: string;
  readonly reason: string;
  /**
   * `anomaly`: never drilled. `not-created`: the plan creates no monitor for it in this stack
   * (staging leaves out those over prod-only metrics), so there is nothing to drill.
   * `underivable`: a drill its detection implies could not be derived from the planned monitor.
   */
  readonly kind: "anomaly" | "not-created" | "underivable";
}

export interface IntegrationDrills {
  readonly plans: readonly DrillPlan[];
  readonly notDrilled: readonly NotDrilled[];
}

/** Why an anomaly monitor gets no drill, said as it is. */
export const ANOMALY_NOT_DRILLED = "an anomaly monitor: its band comes from Datadog's models over weeks of history, which the simulator does not reproduce, so no drill can say when it fires";

export function integrationDrills(integration: Integration, monitors: ReadonlyMap<string, PlannedMonitor>): IntegrationDrills {
  const plans: DrillPlan[] = [];
  const notDrilled: NotDrilled[] = [];
  for (const mode of integration.failureModes) {
    const planned = monitors.get(mode.id);
    if (!planned) notDrilled.push({ monitor: mode.id, reason: "the plan creates no monitor for it in this stack, so there is nothing to simulate", kind: "not-created" });
    else if (mode.detection.kind === "anomaly") notDrilled.push({ monitor: mode.id, reason: ANOMALY_NOT_DRILLED, kind: "anomaly" });
    else {
      const plan = planned.monitor.kind === "metric" ? failureModeDrill(mode, planned.monitor.query, planned.monitor.options) : "its planned monitor is not a metric monitor";
      if (typeof plan === "string") notDrilled.push({ monitor: mode.id, reason: plan, kind: "underivable" });
      else plans.push(plan);
    }
  }
  for (const slo of integration.slos) {
    const burn = burnDrillPlans(slo.id, monitors);
    plans.push(...burn.plans);
    notDrilled.push(...burn.notDrilled);
  }
  return { plans, notDrilled };
}

/** The drills alone (see integrationDrills for those that could not be derived). */
export function drillPlansFor(integration: Integration, monitors: ReadonlyMap<string, PlannedMonitor>): DrillPlan[] {
  return [...integrationDrills(integration, monitors).plans];
}

/** Per-sample count of the whole (total events, upstream records) in ratio drills. */
const WHOLE_PER_SAMPLE = 1000;

/** The failure mode's drill, or why none can be derived from its monitor. */
function failureModeDrill(mode: FailureMode, query: MonitorQuery, options: SimulatedMonitorOptions): DrillPlan | string {
  const d = mode.detection;
  switch (d.kind) {
    case "error-rate": {
      const ratio = division(query.expr);
      if (ratio?.left.kind !== "metric" || ratio.right.kind !== "metric") return "its query is not errors / total of two metric queries, which the error-rate drill writes series for";
      const [errors, total] = [ratio.left, ratio.right];
      const faultPercent = Math.min(2 * d.maxPercent, 100);
      if (!(faultPercent > d.maxPercent)) return `its limit of ${formatNumber(d.maxPercent)}% errors leaves no error share beyond it to inject`;
      return metricDrill(mode.id, `errors at ${formatNumber(faultPercent)}%, twice its ${formatNumber(d.maxPercent)}% limit`, query, options, windowSeconds(query.window), (t) =>
        // Healthy errors at half the limit (a stronger check than none); after the fault none at
        // all, so the error side has no points, as the forwarder's has not while all is well.
        partOfWhole(errors, total, [
          { samples: t.healthy, part: percentOf(d.maxPercent / 2), whole: WHOLE_PER_SAMPLE },
          { samples: t.fault, part: percentOf(faultPercent), whole: WHOLE_PER_SAMPLE },
          { samples: t.recovery, part: 0, whole: WHOLE_PER_SAMPLE },
        ]),
      );
    }
    case "reconciliation": {
      const ratio = division(query.expr);
      const difference = ratio?.left;
      if (difference?.kind !== "binary" || difference.op !== "-" || difference.left.kind !== "metric" || difference.right.kind !== "metric")
        return "its query is not (upstream - downstream) / upstream of metric queries, which the reconciliation drill writes series for";
      const [upstream, downstream] = [difference.left, difference.right];
      const faultDrop = Math.min(2 * d.maxDropPercent, 100);
      if (!(faultDrop > d.maxDropPercent)) return `its limit of a ${formatNumber(d.maxDropPercent)}% drop leaves no bigger drop to inject`;
      const healthyDownstream = WHOLE_PER_SAMPLE - percentOf(d.maxDropPercent / 2);
      return metricDrill(mode.id, `drops ${formatNumber(faultDrop)}% of records, twice its ${formatNumber(d.maxDropPercent)}% limit`, query, options, windowSeconds(query.window), (t) =>
        partOfWhole(downstream, upstream, [
          { samples: t.healthy, part: healthyDownstream, whole: WHOLE_PER_SAMPLE },
          { samples: t.fault, part: WHOLE_PER_SAMPLE - percentOf(faultDrop), whole: WHOLE_PER_SAMPLE },
          { samples: t.recovery, part: healthyDownstream, whole: WHOLE_PER_SAMPLE },
        ]),
      );
    }
    case "threshold": {
      const queries = metricQueriesIn(query.expr);
      if (queries.length === 0) return NO_METRIC;
      const interval = sampleSpacing(windowSeconds(query.window));
      const line = query.threshold;
      const margin = line === 0 ? 0.1 : Math.abs(line) * 0.1;
      const beyond = crosses(line + 1, query.comparator, line) ? 1 : -1;
      const [fault, healthy] = [line + beyond * margin, line - beyond * margin];
      const perSample = calibrate(query, queries, interval);
      if (!perSample) return "its value did not move with the series the drill can write for its queries (read at two levels, it gave no finite, different values), so no input reaches its line";
      const [faultValue, healthyValue] = [perSample(fault), perSample(healthy)];
      return metricDrill(mode.id, `reads ${formatNumber(fault)}, 10% beyond its ${query.comparator} ${formatNumber(line)} line`, query, options, windowSeconds(query.window), (t) =>
        constantSeries(queries, [
          { samples: t.healthy, value: healthyValue },
          { samples: t.fault, value: faultValue },
          { samples: t.recovery, value: healthyValue },
        ]),
      );
    }
    case "heartbeat": {
      const queries = metricQueriesIn(query.expr);
      if (queries.length === 0) return NO_METRIC;
      const silence = d.silentMinutes * 60;
      // One event per sample while healthy; a gap (no point at all) while silent.
      return metricDrill(mode.id, `silent for longer than ${d.silentMinutes} minutes`, query, options, silence, (t) =>
        constantSeries(
          queries,
          [
            { samples: t.healthy, value: 1 },
            { samples: t.fault, value: 0 },
            { samples: t.recovery, value: 1 },
          ],
          true,
        ),
      );
    }
    case "anomaly":
      return ANOMALY_NOT_DRILLED;
  }
}

const NO_METRIC = "its query reads no metric the drill could write series for";

/** Sample counts of a drill's three phases. */
interface Phases {
  readonly healthy: number;
  readonly fault: number;
  readonly recovery: number;
}

/**
 * The common shape of a failure-mode drill. Healthy data fills the window (plus the evaluation
 * delay) and then some, and every few minutes of that stretch must be quiet; the fault starts at
 * `t0` and lasts past the deadline `t0 + detection + delay` (rounded up to the evaluation grain),
 * where the monitor must be firing; healthy data then returns for a whole window, after which
 * the monitor must be quiet again.
 */
function metricDrill(
  id: string,
  what: string,
  query: MonitorQuery,
  options: SimulatedMonitorOptions,
  detectionSeconds: number,
  series: (phases: Phases) => InputSeries[] | undefined,
): DrillPlan | string {
  const window = windowSeconds(query.window);
  const delay = options.evaluationDelay ?? 0;
  const interval = sampleSpacing(window);
  const full = window + delay;
  const t0 = roundUp(full + Math.max(window / 4, 300), interval);
  const deadline = evaluationAtOrAfter(t0 + detectionSeconds + delay);
  // The fault's samples run through the deadline, so it is still going on when checked.
  const recoveryStart = roundUp(deadline + 1, interval);
  const cleared = evaluationAtOrAfter(recoveryStart + full);
  const phases = { healthy: samplesBefore(t0, interval), fault: (recoveryStart - t0) / interval, recovery: Math.floor((cleared - recoveryStart) / interval) + 1 };
  const input = series(phases);
  if (!input) return UNSOLVABLE_SCOPES;
  const expect: AlertExpectation[] = [
    ...checkTimes(full, t0 - 60).map((at) => quiet(at, id)),
    { atSeconds: deadline, firing: [id], warning: [], quiet: [] },
    quiet(cleared, id),
  ];
  return {
    test: { name: `drill: ${id} ${what}, fires within ${formatSpan(deadline - t0)}`, intervalSeconds: interval, input, expect },
    monitor: id,
    faultStartSeconds: t0,
    deadlineSeconds: deadline,
  };
}

/** Why synthesizeSeries gave up (see partOfWhole and seriesFor). */
export const UNSOLVABLE_SCOPES = "no series tags satisfy its queries' scopes as the drill needs (each query selecting its own series, or the part's series also counted by an additive whole)";

function quiet(atSeconds: number, ref: string): AlertExpectation {
  return { atSeconds, firing: [], warning: [], quiet: [ref] };
}

function percentOf(percent: number): number {
  return (WHOLE_PER_SAMPLE * percent) / 100;
}

/** The first division in the expression (the ratio of an error-rate or reconciliation query). */
function division(expr: Expr): Binary | undefined {
  if (expr.kind !== "binary") return undefined;
  if (expr.op === "/") return expr;
  return division(expr.left) ?? division(expr.right);
}

/**
 * One series per metric query of the expression (each selected by its own query only, where the
 * scopes allow): the first query's series holds the phases, the others a steady 1.
 */
function constantSeries(queries: readonly MetricQuery[], phases: readonly Phase[], counts = false): InputSeries[] | undefined {
  const samples = phases.reduce((n, p) => n + p.samples, 0);
  const out: InputSeries[] = [];
  for (const [i, q] of queries.entries()) {
    const s = seriesFor(q, queries.filter((o) => o !== q), i === 0 ? phases : [{ samples, value: 1 }], counts);
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

/**
 * The per-sample value of the first metric query that makes the monitor read `target`. A monitor
 * over a constant series reads an affine function of it (a sum over the window is the value
 * times the samples in it, an average the value itself, `100 - x` is affine too), so two
 * evaluations at 1 and 2 give its slope and offset. Undefined when the value does not depend on
 * the series (the drill could not move it).
 */
function calibrate(query: MonitorQuery, queries: readonly MetricQuery[], interval: number): ((target: number) => number) | undefined {
  const window = windowSeconds(query.window);
  const samples = window / interval + 2;
  const read = (value: number): number | undefined => {
    const series = constantSeries(queries, [{ samples, value }]);
    if (!series) return undefined;
    const at = (samples - 1) * interval;
    const result = evaluateExpression(query.expr, query.timeAggregator, { intervalSeconds: interval, series }, evaluationWindow(at, window));
    return [...result.values.values()][0];
  };
  const [one, two] = [read(1), read(2)];
  if (one === undefined || two === undefined) return undefined;
  const slope = two - one;
  if (!Number.isFinite(slope) || slope === 0) return undefined;
  const offset = one - slope;
  return (target) => (target - offset) / slope;
}

