/**
 * One evaluation of a metric monitor (`query alert`) at a simulated time: the window its
 * options select, the value of its query per group, and the state that value gives.
 * Stateless but for the previous state, which only recovery thresholds and skipped
 * evaluations need (a skipped evaluation leaves the state as it was).
 */
import type { Expr, MonitorQuery } from "../query/ast";
import { evaluateExpression } from "./expression";
import { evaluationWindow, type SeriesSet, type Window, windowSeconds } from "./input";
import { parseSimulatedQuery } from "./parseSimulatedQuery";
import { NotEvaluable } from "./points";
import { rounded } from "./rounded";
import { type MonitorState, numericThresholds, stateFor } from "./states";

/** The monitor options the evaluation reads, named as the provider names them (node_modules/@pulumi/datadog/monitor.d.ts). */
export interface SimulatedMonitorOptions {
  readonly evaluationDelay?: number;
  readonly notifyNoData?: boolean;
  /** Minutes. */
  readonly noDataTimeframe?: number;
  readonly requireFullWindow?: boolean;
  readonly onMissingData?: string;
  readonly monitorThresholds?: Readonly<Record<string, string | number | undefined>>;
  /** Minutes. */
  readonly renotifyInterval?: number;
  readonly renotifyStatuses?: readonly string[];
}

export type Outcome = MonitorState | "SKIPPED";

export interface GroupEvaluation {
  readonly group: string;
  readonly value?: number;
  readonly outcome: Outcome;
  /** Plain words: why this outcome, for timelines and failure messages. */
  readonly why: string;
}

export type MonitorEvaluation =
  | { readonly kind: "evaluated"; readonly window: Window; readonly path: "as_count" | "classic"; readonly groups: readonly GroupEvaluation[] }
  | { readonly kind: "not-evaluated"; readonly reason: "anomaly" | "unsupported"; readonly message: string };

/** A metric monitor's query text, parsed; an SLO alert or a malformed query is a caller's bug. */
export function parseMetricMonitor(query: string): MonitorQuery {
  return parseSimulatedQuery(query, "monitor");
}

export function evaluateMetricMonitor(
  query: MonitorQuery,
  options: SimulatedMonitorOptions,
  input: SeriesSet,
  at: number,
  previous: ReadonlyMap<string, MonitorState> = new Map(),
): MonitorEvaluation {
  const windowSecs = windowSeconds(query.window);
  const window = evaluationWindow(at, windowSecs, options.evaluationDelay ?? 0);
  const thresholds = numericThresholds(options.monitorThresholds, query.threshold);
  // on_missing_data `default`: "For monitors using Count queries, an empty monitor evaluation is
  // treated as 0 and is compared to the threshold conditions" (provider docs of onMissingData,
  // from https://docs.datadoghq.com/monitors/configuration/#no-data). Without on_missing_data the
  // legacy notify_no_data options apply, and an empty evaluation is no data.
  const missingCountIsZero = options.onMissingData === "default";
  let result;
  try {
    result = evaluateExpression(query.expr, query.timeAggregator, input, window, { missingCountIsZero });
  } catch (e) {
    if (e instanceof NotEvaluable) return { kind: "not-evaluated", reason: e.reason, message: e.message };
    throw e;
  }
  // A simple monitor has one group, `*`, even before any data arrives
  // (https://docs.datadoghq.com/monitors/guide/troubleshooting-monitor-alerts/, "How status is tracked").
  const groups = new Set(result.groups.length ? result.groups : ["*"]);
  for (const g of previous.keys()) groups.add(g);
  const out: GroupEvaluation[] = [];
  const compared = comparedValue(query);
  for (const group of [...groups].sort()) {
    const value = result.values.get(group);
    const points = result.pointCounts.get(group) ?? 0;
    if (value === undefined) {
      out.push({ group, ...(points === 0 ? missingData(options, windowSecs, window, result.lastDataAt.get(group)) : { outcome: "SKIPPED", why: "the query gives no value (a division by zero or a side without points)" }) });
      continue;
    }
    // require_full_window: "whether this monitor needs a full window of data before it's
    // evaluated ... otherwise some evaluations are skipped" (provider docs, from
    // https://docs.datadoghq.com/monitors/guide/monitor_api_options/). Default false as the
    // API documents it; the plan sets it explicitly wherever it matters, and callers should
    // pass the plan's value.
    if (options.requireFullWindow && !(result.fullWindow.get(group) ?? false)) {
      out.push({ group, value, outcome: "SKIPPED", why: "require_full_window: the window is not full of points" });
      continue;
    }
    const outcome = stateFor(value, query.comparator, thresholds, previous.get(group));
    out.push({ group, value, outcome, why: `${compared.words} is ${rounded(value, 6)}${compared.unit}; ${query.comparator} ${thresholds.critical} alerts` });
  }
  return { kind: "evaluated", window, path: result.path, groups: out };
}

/**
 * An evaluation whose window holds no points. With notify_no_data the group goes to NO DATA once
 * data has been missing for no_data_timeframe minutes, by default twice the evaluation window
 * ("If omitted, 2x the evaluation timeframe is used for metric alerts",
 * https://docs.datadoghq.com/monitors/guide/monitor_api_options/). A group that never reported
 * counts from the start of the input. Otherwise the evaluation is skipped and the state stays
 * ("the monitor shows the last known status", provider docs of onMissingData), except where
 * on_missing_data says otherwise (https://docs.datadoghq.com/monitors/configuration/#no-data).
 */
function missingData(options: SimulatedMonitorOptions, windowSecs: number, window: Window, lastDataAt: number | undefined): { outcome: Outcome; why: string } {
  switch (options.onMissingData) {
    case "showNoData":
    case "showAndNotifyNoData":
      return { outcome: "NO DATA", why: `no points in the window (on_missing_data ${options.onMissingData})` };
    case "resolve":
      return { outcome: "OK", why: "no points in the window (on_missing_data resolve)" };
  }
  const since = lastDataAt ?? 0;
  const silentSeconds = window.to - since;
  if (options.notifyNoData) {
    const timeframe = (options.noDataTimeframe ?? (2 * windowSecs) / 60) * 60;
    if (silentSeconds >= timeframe) return { outcome: "NO DATA", why: `no data for ${silentSeconds / 60} minutes (no_data_timeframe ${timeframe / 60})` };
    return { outcome: "SKIPPED", why: `no points in the window; no data for ${silentSeconds / 60} of ${timeframe / 60} minutes` };
  }
  return { outcome: "SKIPPED", why: "no points in the window; the state stays as it was" };
}

/**
 * What the threshold is compared with, in words: a single query's time aggregate (`sum over
 * last_15m`), or the whole query for arithmetic (`the query over last_15m`), which on the
 * as_count path aggregates each metric before the arithmetic, so naming one aggregation would
 * misdescribe it. A ratio times 100 (the lowering's error rates and reconciliations) is a percentage.
 */
export function comparedValue(query: MonitorQuery): { readonly words: string; readonly unit: string } {
  if (query.expr.kind === "metric") return { words: `${query.timeAggregator} over ${query.window}`, unit: "" };
  return { words: `the query over ${query.window}`, unit: isPercentage(query.expr) ? "%" : "" };
}

function isPercentage(expr: Expr): boolean {
  if (expr.kind !== "binary" || expr.op !== "*") return false;
  const [hundred, ratio] = expr.right.kind === "number" ? [expr.right, expr.left] : [expr.left, expr.right];
  return hundred.kind === "number" && hundred.value === 100 && ratio.kind === "binary" && ratio.op === "/";
}
