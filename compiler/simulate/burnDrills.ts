/**
 * Burn-rate drills: every tier of an SLO's multiwindow, multi-burn-rate alert must detect a
 * total outage and a burn at twice its own rate within the detection time the Google SRE
 * workbook gives (ch. 5, "Alerting on SLOs"), and no tier may fire at 0.9 times the budget rate.
 *
 * Detection time. With error ratio e, SLO budget b = 1 - target, threshold B and long window W,
 * the long window's burn rate after the fault has run for t (from no errors) is (e / b) * t / W,
 * which exceeds B once t = B * b * W / e. The short window (W / 12) crosses sooner, in
 * B * b * W_short / e, so the long window decides:
 *
 * - total outage, e = 1: t = b * B * W, the tier's share of the error budget spent at full burn
 *   (2%, 5%, 10% of a 30-day budget for the fast, medium and slow tiers);
 * - twice its rate, e = 2 * B * b: t = W / 2. An error ratio cannot pass 1, so for a low target
 *   (2 * B * b > 1) the drill is a total outage at the SLO's highest burn rate, 1 / b, and its
 *   name says so.
 *
 * The deadline is the first sample holding more than that time of the fault, plus the evaluation
 * delay, rounded up to the next whole-minute evaluation (drillTiming.ts, firstEvaluationPast). A
 * drill's fault starts only once the long window holds nothing but healthy data.
 */
import { parseMetricExpression } from "../query/parse";
import type { BurnRateQuery, MetricQuery } from "../query/ast";
import { BURN_TIER_IDS, type AlertExpectation } from "./alertTest";
import type { BurnTierId } from "../lower/burnRate";
import { UNSOLVABLE_SCOPES, type DrillPlan, type NotDrilled } from "./drills";
import { checkTimes, evaluationAtOrAfter, firstEvaluationPast, formatNumber, formatSpan, roundUp, samplesBefore } from "./drillTiming";
import type { SimulatedMonitorOptions } from "./evaluate";
import { windowSeconds } from "./input";
import type { PlannedMonitor } from "./plannedMonitors";
import { partOfWhole } from "./synthesizeSeries";

export interface BurnDrillPlan extends DrillPlan {
  readonly tier: BurnTierId;
  /** Share of events failing during the fault. */
  readonly errorRatio: number;
  /** The workbook's detection time for that error ratio: B * b * W / e. */
  readonly detectionSeconds: number;
  /** Spacing of the drill's samples. */
  readonly intervalSeconds: number;
}

/** Total events per sample. */
const TOTAL_PER_SAMPLE = 1000;
/** The steady burn, as a multiple of the budget rate, that no tier may fire on. */
export const QUIET_BURN = 0.9;

/** The workbook's detection time of a tier for an error ratio (see the file comment). */
export function workbookDetectionSeconds(tier: { readonly threshold: number; readonly longWindowSeconds: number }, targetPercent: number, errorRatio: number): number {
  const budget = 1 - targetPercent / 100;
  return (tier.threshold * budget * tier.longWindowSeconds) / errorRatio;
}

/** A day-long window at one sample a minute is 1,440 samples per evaluation; five minutes keep the short window's 24. */
export function burnSampleSpacing(longWindowSeconds: number): number {
  return longWindowSeconds >= 86400 ? 300 : 60;
}

/**
 * Outage and twice-the-rate drills per tier the plan creates (a tier set to off or dropped has
 * no monitor to drill), then one quiet drill naming every tier; each drill that cannot be
 * derived is in `notDrilled`, with why.
 */
export function burnDrillPlans(sloId: string, monitors: ReadonlyMap<string, PlannedMonitor>): { plans: (BurnDrillPlan | DrillPlan)[]; notDrilled: NotDrilled[] } {
  const tiers = BURN_TIER_IDS.flatMap((tier) => {
    const planned = monitors.get(`${sloId}/${tier}`);
    return planned?.monitor.kind === "burn_rate" ? [{ tier, ref: `${sloId}/${tier}`, query: planned.monitor.query, options: planned.monitor.options, slo: planned.monitor.slo }] : [];
  });
  if (tiers.length === 0) return { plans: [], notDrilled: [] };
  const slo = tiers[0]!.slo;
  const good = metricQuery(slo.numerator);
  const total = metricQuery(slo.denominator);
  if (!good || !total) {
    const reason = `its SLI's ${good ? "total" : "good"} events are not one metric query, which the burn drills write series for`;
    return { plans: [], notDrilled: [...tiers.map((t) => ({ monitor: t.ref, reason, kind: "underivable" as const })), { monitor: sloId, reason, kind: "underivable" as const }] };
  }
  const budget = 1 - slo.target / 100;
  const plans: (BurnDrillPlan | DrillPlan)[] = [];
  const notDrilled: NotDrilled[] = [];
  const unsolvable = (monitor: string, what: string) => notDrilled.push({ monitor, reason: `${what}: ${UNSOLVABLE_SCOPES}`, kind: "underivable" });
  for (const t of tiers) {
    for (const [errorRatio, what] of [
      [1, "total outage"],
      [Math.min(1, 2 * t.query.threshold * budget), twiceItsRate(t.query.threshold, budget)],
    ] as const) {
      const plan = tierDrill(t.ref, t.tier, t.query, t.options, good, total, slo.target, errorRatio, what);
      if (plan) plans.push(plan);
      else unsolvable(t.ref, `the ${what} drill`);
    }
  }
  const quiet = quietDrill(sloId, tiers, good, total, budget);
  if (quiet) plans.push(quiet);
  else unsolvable(sloId, `the drill at ${QUIET_BURN}x its budget rate`);
  return { plans, notDrilled };
}

/**
 * The twice-the-rate drill named from the error ratio it injects: `fails 7.2% of events, a burn
 * rate of 28.8x (twice its 14.4x)`; when twice the threshold would need more than every event
 * failing, the ratio is capped at 100% and the name says it is the highest burn the SLO allows.
 */
export function twiceItsRate(threshold: number, budget: number): string {
  const wished = 2 * threshold * budget;
  const ratio = Math.min(1, wished);
  const head = `fails ${formatNumber(ratio * 100)}% of events, a burn rate of ${formatNumber(ratio / budget)}x`;
  return wished <= 1
    ? `${head} (twice its ${formatNumber(threshold)}x)`
    : `${head}, the highest its ${formatNumber(budget * 100)}% budget allows (capped: twice its ${formatNumber(threshold)}x would need ${formatNumber(wished * 100)}% of events failing)`;
}

function tierDrill(
  ref: string,
  tier: BurnTierId,
  query: BurnRateQuery,
  options: SimulatedMonitorOptions,
  good: MetricQuery,
  total: MetricQuery,
  target: number,
  errorRatio: number,
  what: string,
): BurnDrillPlan | undefined {
  const long = windowSeconds(query.longWindow);
  const delay = options.evaluationDelay ?? 0;
  const interval = burnSampleSpacing(long);
  // Healthy data (no errors) fills the long window before the fault starts.
  const t0 = roundUp(long + delay + 600, interval);
  const detection = workbookDetectionSeconds({ threshold: query.threshold, longWindowSeconds: long }, target, errorRatio);
  const deadline = firstEvaluationPast(t0, detection, interval, delay);
  const input = partOfWhole(good, total, [
    { samples: samplesBefore(t0, interval), part: TOTAL_PER_SAMPLE, whole: TOTAL_PER_SAMPLE },
    { samples: Math.floor((deadline - t0) / interval) + 1, part: TOTAL_PER_SAMPLE * (1 - errorRatio), whole: TOTAL_PER_SAMPLE },
  ]);
  if (!input) return undefined;
  const expect: AlertExpectation[] = [
    ...checkTimes(long + delay, t0 - 60, 3).map((at) => ({ atSeconds: at, firing: [], warning: [], quiet: [ref] })),
    { atSeconds: deadline, firing: [ref], warning: [], quiet: [] },
  ];
  return {
    test: { name: `drill: ${ref} ${what}, fires within ${formatSpan(deadline - t0)}`, intervalSeconds: interval, input, expect },
    monitor: ref,
    tier,
    errorRatio,
    detectionSeconds: detection,
    intervalSeconds: interval,
    faultStartSeconds: t0,
    deadlineSeconds: deadline,
  };
}

/** Errors at 0.9 times the budget rate for longer than the longest window plus its short one: every tier stays quiet throughout. */
function quietDrill(
  sloId: string,
  tiers: readonly { readonly ref: string; readonly query: BurnRateQuery; readonly options: SimulatedMonitorOptions }[],
  good: MetricQuery,
  total: MetricQuery,
  budget: number,
): DrillPlan | undefined {
  const long = Math.max(...tiers.map((t) => windowSeconds(t.query.longWindow)));
  const delay = Math.max(...tiers.map((t) => t.options.evaluationDelay ?? 0));
  const interval = burnSampleSpacing(long);
  const last = evaluationAtOrAfter(long + delay + long / 12);
  const errorRatio = QUIET_BURN * budget;
  const input = partOfWhole(good, total, [{ samples: last / interval + 1, part: TOTAL_PER_SAMPLE * (1 - errorRatio), whole: TOTAL_PER_SAMPLE }]);
  if (!input) return undefined;
  const refs = tiers.map((t) => t.ref);
  return {
    test: {
      name: `drill: ${sloId} burns at ${QUIET_BURN}x its budget rate, no tier fires`,
      intervalSeconds: interval,
      input,
      expect: checkTimes(interval + delay, last, 8).map((at) => ({ atSeconds: at, firing: [], warning: [], quiet: refs })),
    },
    monitor: sloId,
  };
}

/** An SLI side the drills can feed: a single metric query. */
function metricQuery(text: string): MetricQuery | undefined {
  const parsed = parseMetricExpression(text);
  return parsed.ok && parsed.expr.kind === "metric" ? parsed.expr : undefined;
}
