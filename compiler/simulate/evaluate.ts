/**
 * One evaluation of a metric monitor (`query alert`) at a simulated time: the window its
 * options select, the value of its query per group, and the state that value gives.
 * Stateless but for the previous state, which only recovery thresholds and skipped
 * evaluations need (a skipped evaluation leaves the state as it was).
 */
import type { MonitorQuery } from "../query/ast";
import { parseMonitorQuery } from "../query/parse";
import { evaluateExpression } from "./expression";
import { evaluationWindow, type SeriesSet, type Window, windowSeconds } from "./input";
import { NotEvaluable } from "./points";
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
  const parsed = parseMonitorQuery(query);
  if (!parsed.ok) throw new Error(`cannot simulate ${JSON.stringify(query)}: ${parsed.error.message} (character ${parsed.error.offset + 1})`);
  if (parsed.query.kind !== "monitor") throw new Error(`${JSON.stringify(query)} is an SLO burn-rate alert; evaluate it with evaluateBurnRateAlert`);
  return parsed.query;
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
    out.push({ group, value, outcome, why: `${query.timeAggregator} over ${query.window} is ${round(value)}; ${query.comparator} ${thresholds.critical} alerts` });
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

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
