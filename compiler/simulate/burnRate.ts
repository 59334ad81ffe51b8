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
import type { BurnRateQuery } from "../query/ast";
import { parseMetricExpression, parseMonitorQuery } from "../query/parse";
import type { Outcome, SimulatedMonitorOptions } from "./evaluate";
import { evaluateExpression } from "./expression";
import { evaluationWindow, type SeriesSet, type Window, windowSeconds } from "./input";
import { NotEvaluable } from "./points";
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
  const parsed = parseMonitorQuery(query);
  if (!parsed.ok) throw new Error(`cannot simulate ${JSON.stringify(query)}: ${parsed.error.message} (character ${parsed.error.offset + 1})`);
  if (parsed.query.kind !== "burn_rate") throw new Error(`${JSON.stringify(query)} is a metric monitor; evaluate it with evaluateMetricMonitor`);
  return parsed.query;
}

/** The burn rate over one window; undefined when the window has no total events. */
export function burnRate(slo: SimulatedSlo, input: SeriesSet, window: Window): number | undefined {
  // Assumption, stated because it decides whether a total outage is seen: good events missing
  // from a window where total events exist count as zero good events (an outage emits no
  // success counts); total events missing give no burn rate at all.
  const good = summed(slo.numerator, input, window, true);
  const total = summed(slo.denominator, input, window, false);
  if (total === undefined || total <= 0) return undefined;
  const errorRate = 1 - (good ?? 0) / total;
  // Rounded to 9 decimals so float noise (0.144 / 0.01 = 14.400000000000002) cannot decide
  // whether a burn exactly at a threshold crosses it.
  return Math.round((errorRate / (1 - slo.target / 100)) * 1e9) / 1e9;
}

function summed(text: string, input: SeriesSet, window: Window, missingIsZero: boolean): number | undefined {
  const parsed = parseMetricExpression(text);
  if (!parsed.ok) throw new Error(`cannot simulate the SLO query ${JSON.stringify(text)}: ${parsed.error.message}`);
  const result = evaluateExpression(parsed.expr, "sum", input, window, { missingCountIsZero: missingIsZero });
  if (result.values.size === 0) return missingIsZero ? 0 : undefined;
  let sum = 0;
  for (const v of result.values.values()) sum += v;
  return sum;
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
  const rates = { ...(long !== undefined && { long }), ...(short !== undefined && { short }) };
  if (long === undefined || short === undefined) return { ...rates, outcome: "SKIPPED", why: "no total events in a window; the state stays as it was" };
  const both = (threshold: number) => crosses(long!, query.comparator, threshold) && crosses(short!, query.comparator, threshold);
  const warning = options.monitorThresholds?.warning;
  const words = `burn rate ${round(long)} over ${query.longWindow}, ${round(short)} over ${query.shortWindow ?? `${shortSecs / 60}m`}`;
  if (both(query.threshold)) return { ...rates, outcome: "ALERT", why: `${words}; both ${query.comparator} ${query.threshold}` };
  if (warning !== undefined && both(Number(warning))) return { ...rates, outcome: "WARN", why: `${words}; both ${query.comparator} ${warning}` };
  return { ...rates, outcome: "OK", why: `${words}; not both ${query.comparator} ${query.threshold}${previous === "OK" ? "" : " (recovered)"}` };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
