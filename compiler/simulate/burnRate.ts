/**
 * SLO burn-rate alerts (`slo alert`), as Datadog documents them
 * (https://docs.datadoghq.com/service_management/service_level_objectives/burn_rate/):
 *
 *   error rate = 1 - good / total        (over a window)
 *   burn rate  = error rate / (1 - target)
 *
 * and the alert fires when the burn rate over the long window AND over the short window both
 * exceed the threshold; it recovers as soon as either falls back (the short window is what
 * makes it recover quickly, Google SRE workbook ch. 5, "multiwindow, multi-burn-rate alerts").
 * Only metric SLOs are simulated: good and total are the SLO's numerator and denominator
 * queries, each summed over the window ("the sum of the good events divided by the sum of
 * total events", https://docs.datadoghq.com/service_management/service_level_objectives/metric/).
 */
import type { BurnRateQuery, Expr, MetricQuery } from "../query/ast";
import { parseMetricExpression } from "../query/parse";
import { sumRange } from "./aggregate";
import type { Outcome, SimulatedMonitorOptions } from "./evaluate";
import { evaluateExpression } from "./expression";
import { evaluationWindow, type SeriesSet, type Window, windowSeconds } from "./input";
import { parseSimulatedQuery } from "./parseSimulatedQuery";
import { NotEvaluable, queryPoints, windowRange } from "./points";
import { rounded } from "./rounded";
import { crosses, type MonitorState } from "./states";

export interface SimulatedSlo {
  /** Good events (the provider's `query.numerator`). */
  readonly numerator: string;
  /** Total events (`query.denominator`). */
  readonly denominator: string;
  /** Target in percent, e.g. 99.5. */
  readonly target: number;
}

export interface BurnRateEvaluation {
  readonly long?: number;
  readonly short?: number;
  readonly outcome: Outcome;
  readonly why: string;
}

export function parseBurnRateAlert(query: string): BurnRateQuery {
  return parseSimulatedQuery(query, "burn_rate");
}

/** The burn rate over one window; undefined when the window has no total events. */
export function burnRate(slo: SimulatedSlo, input: SeriesSet, window: Window): number | undefined {
  // ASSUMPTION (no Datadog page says how a metric SLO treats a window without good events; the
  // metric SLO page only defines the SLI as "the sum of the good events divided by the sum of
  // total events"), stated because it decides whether a total outage is seen: good events
  // missing from a window where total events exist count as zero good events (an outage emits
  // no success counts); total events missing give no burn rate at all.
  const good = summedSide(slo.numerator, input, window, true);
  const total = summedSide(slo.denominator, input, window, false);
  if (total === undefined || total <= 0) return undefined;
  const errorRate = 1 - (good ?? 0) / total;
  // Rounded to 9 decimals so float noise (0.144 / 0.01 = 14.400000000000002) cannot decide
  // whether a burn exactly at a threshold crosses it.
  return rounded(errorRate / (1 - slo.target / 100), 9);
}

/** A side of the SLO summed over the window (exported for the test holding its two routes equal). */
export function summedSide(text: string, input: SeriesSet, window: Window, missingIsZero: boolean): number | undefined {
  const expr = sloExpression(text);
  return expr.kind === "metric" ? summedQuery(expr, input, window, missingIsZero) : summedByEvaluation(text, input, window, missingIsZero);
}

/**
 * The same sum for a side that is one query (every side the lowering writes), from the same
 * points, windows and sums: each group's finite window sum, the groups added in order, and with
 * none, 0 or no value as summedByEvaluation gives (a count query's groups evaluated as zero add
 * nothing). A burn-rate timeline sums four windows a minute, and the bookkeeping of a monitor
 * evaluation (points per group, last data, full windows: Maps made each time) was 70% of a
 * 1,000-integration simulation. test/simulate/sloSums.test.ts holds the two routes equal.
 */
function summedQuery(query: MetricQuery, input: SeriesSet, window: Window, missingIsZero: boolean): number | undefined {
  const sums: number[] = [];
  for (const points of queryPoints(query, input).values()) {
    const { start, end } = windowRange(points, window);
    if (end === start) continue;
    const sum = sumRange(points.values, start, end);
    if (Number.isFinite(sum)) sums.push(sum);
  }
  if (sums.length === 0) return missingIsZero ? 0 : undefined;
  return sumRange(sums);
}

/**
 * A side of the SLO summed through the monitor evaluation, whatever its shape: the expression's
 * "sum" time aggregate per group (expression.ts, the same evaluation a monitor gets), then the
 * groups added up. Exported as the reference summedQuery is held to.
 */
export function summedByEvaluation(text: string, input: SeriesSet, window: Window, missingIsZero: boolean): number | undefined {
  const result = evaluateExpression(sloExpression(text), "sum", input, window, { missingCountIsZero: missingIsZero });
  if (result.values.size === 0) return missingIsZero ? 0 : undefined;
  return sumRange([...result.values.values()]);
}

/**
 * An SLO query, parsed once: a timeline evaluates it twice a minute, and the points a parsed
 * query selects are cached per query object (points.ts), so re-parsing would recompute them.
 */
const parsedSloQueries = new Map<string, Expr>();

function sloExpression(text: string): Expr {
  let expr = parsedSloQueries.get(text);
  if (!expr) {
    const parsed = parseMetricExpression(text);
    if (!parsed.ok) throw new Error(`cannot simulate the SLO query ${JSON.stringify(text)}: ${parsed.error.message}`);
    parsedSloQueries.set(text, (expr = parsed.expr));
  }
  return expr;
}

export function evaluateBurnRateAlert(
  query: BurnRateQuery,
  slo: SimulatedSlo,
  options: SimulatedMonitorOptions,
  input: SeriesSet,
  at: number,
  previous: MonitorState = "OK",
): BurnRateEvaluation {
  const longSecs = windowSeconds(query.longWindow);
  // Without short_window, 1/12 of the long window: the workbook's guideline and Datadog's
  // default (burn-rate page above); unconfirmed offline, and the plan always sets it.
  const shortSecs = query.shortWindow === undefined ? longSecs / 12 : windowSeconds(query.shortWindow);
  const delay = options.evaluationDelay ?? 0;
  let long: number | undefined;
  let short: number | undefined;
  try {
    long = burnRate(slo, input, evaluationWindow(at, longSecs, delay));
    short = burnRate(slo, input, evaluationWindow(at, shortSecs, delay));
  } catch (e) {
    if (e instanceof NotEvaluable) return { outcome: "SKIPPED", why: e.message };
    throw e;
  }
  if (long === undefined || short === undefined) return evaluation(long, short, "SKIPPED", "no total events in a window; the state stays as it was");
  const warning = options.monitorThresholds?.warning;
  const words = `burn rate ${rounded(long, 3)} over ${query.longWindow}, ${rounded(short, 3)} over ${query.shortWindow ?? `${shortSecs / 60}m`}`;
  if (bothCross(long, short, query.comparator, query.threshold)) return evaluation(long, short, "ALERT", `${words}; both ${query.comparator} ${query.threshold}`);
  if (warning !== undefined && bothCross(long, short, query.comparator, Number(warning))) return evaluation(long, short, "WARN", `${words}; both ${query.comparator} ${warning}`);
  return evaluation(long, short, "OK", `${words}; not both ${query.comparator} ${query.threshold}${previous === "OK" ? "" : " (recovered)"}`);
}

function bothCross(long: number, short: number, comparator: BurnRateQuery["comparator"], threshold: number): boolean {
  return crosses(long, comparator, threshold) && crosses(short, comparator, threshold);
}

/**
 * The evaluation with each burn rate present only when known. Plain object literals rather than
 * conditional spreads: a timeline makes one per minute, and V8 copies a spread slowly.
 */
function evaluation(long: number | undefined, short: number | undefined, outcome: Outcome, why: string): BurnRateEvaluation {
  if (long !== undefined && short !== undefined) return { long, short, outcome, why };
  if (long !== undefined) return { long, outcome, why };
  if (short !== undefined) return { short, outcome, why };
  return { outcome, why };
}
