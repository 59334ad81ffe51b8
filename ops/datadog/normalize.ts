/**
 * Datadog wire shapes (snake_case, documented in the v1 API reference) -> ./types.ts.
 * Only the fields we use are read, and each is checked, so a surprise in a response is one
 * "unexpected shape" sentence rather than a TypeError three calls later.
 */
import { budgetRemainingPercent } from "../budget/budgetMath";
import { ShapeReader, type Json } from "../http/shape";
import type { DatadogMonitor, DatadogSlo, SloHistory } from "./types";

/**
 * GET /api/v1/slo -> `{ data: SLO[], errors?: string[], metadata?: { page?: { total_count, total_filtered_count } } }`.
 * Each SLO: `{ id, name, type: "metric"|"monitor"|"time_slice", tags: string[],
 * thresholds: [{ timeframe: "7d"|"30d"|"90d"|..., target: 99.5, target_display?, warning? }], description,
 * query?: { numerator, denominator }, created_at: epoch s, modified_at: epoch s, ... }` -> DatadogSlo with the
 * same id, name, type, tags, thresholds reduced to `{ timeframe, target }` (target stays a percent), and
 * createdAt <- created_at ("Creation timestamp (UNIX time in seconds)", ServiceLevelObjective in
 * https://docs.datadoghq.com/api/latest/service-level-objectives/get-all-slos and
 * https://datadoghq.dev/datadog-api-client-typescript/classes/v1.ServiceLevelObjective.html).
 */
export function sloListPage(body: unknown, r: ShapeReader): { slos: DatadogSlo[]; total?: number } {
  const doc = r.object(body, "the body");
  const slos = r.array(doc.data, "data").map((raw, i) => {
    const slo = r.object(raw, `data[${i}]`);
    const createdAt = r.numberOrNull(slo.created_at, `data[${i}].created_at`);
    return {
      id: r.string(slo.id, `data[${i}].id`),
      name: r.string(slo.name, `data[${i}].name`),
      type: r.string(slo.type, `data[${i}].type`),
      tags: r.strings(slo.tags, `data[${i}].tags`),
      thresholds: r.array(slo.thresholds ?? [], `data[${i}].thresholds`).map((t, j) => {
        const threshold = r.object(t, `data[${i}].thresholds[${j}]`);
        return { timeframe: r.string(threshold.timeframe, `data[${i}].thresholds[${j}].timeframe`), target: r.number(threshold.target, `data[${i}].thresholds[${j}].target`) };
      }),
      ...(createdAt === null ? {} : { createdAt }),
    };
  });
  const page = (doc.metadata as Json | undefined)?.page as Json | undefined;
  const total = page?.total_filtered_count ?? page?.total_count;
  return typeof total === "number" ? { slos, total } : { slos };
}

/**
 * GET /api/v1/slo/{slo_id}/history -> `{ data: { from_ts, to_ts, type, type_id,
 *   thresholds: { "<timeframe>": { timeframe, target, target_display } },
 *   overall: { sli_value, span_precision, precision: { "<timeframe>": n }, error_budget_remaining?: { "<timeframe>" | "custom": percent } },
 *   series?: { numerator: { sum, count, values[] }, denominator: { sum, count, values[] }, times: epoch ms[], interval, query, res_type, resp_version } },
 *   errors: null | [{ error }] }`.
 * Mapping:
 * - sliValue <- data.overall.sli_value (percent over the queried period; absent or null without data).
 * - errorBudgetRemaining <- data.overall.error_budget_remaining, keyed by timeframe: "custom" when a
 *   target was passed, else the SLO's own threshold timeframe (first key of data.thresholds). When
 *   Datadog leaves it out but gives sli_value and a target, it is computed the way Datadog defines it:
 *   100 * (sli - target) / (100 - target) (budgetRemainingPercent), negative once the budget is overspent.
 * - goodEvents / totalEvents <- series.numerator.sum / series.denominator.sum (metric SLOs only).
 * - series <- times converted from epoch ms to epoch s; good / total from numerator / denominator
 *   values, a null point (no data in that interval) counted as 0 events.
 */
export function sloHistory(body: unknown, r: ShapeReader, target?: number): SloHistory {
  const data = r.object(r.object(body, "the body").data, "data");
  const overall = data.overall === undefined || data.overall === null ? {} : r.object(data.overall, "data.overall");
  const sliValue = r.numberOrNull(overall.sli_value, "data.overall.sli_value");
  const thresholds = data.thresholds === undefined || data.thresholds === null ? {} : r.object(data.thresholds, "data.thresholds");
  const timeframe = Object.keys(thresholds)[0];
  const remaining = overall.error_budget_remaining === undefined || overall.error_budget_remaining === null ? {} : r.object(overall.error_budget_remaining, "data.overall.error_budget_remaining");
  const key = target !== undefined ? "custom" : (timeframe ?? Object.keys(remaining)[0]);
  let errorBudgetRemaining = key === undefined ? null : r.numberOrNull(remaining[key], `data.overall.error_budget_remaining.${key}`);
  const targetPercent = target ?? (timeframe ? (thresholds[timeframe] as Json | undefined)?.target : undefined);
  if (errorBudgetRemaining === null && sliValue !== null && typeof targetPercent === "number" && targetPercent < 100) {
    errorBudgetRemaining = budgetRemainingPercent(sliValue, targetPercent);
  }
  const history: SloHistory = { sliValue, errorBudgetRemaining };
  if (data.series === undefined || data.series === null) return history;
  const series = r.object(data.series, "data.series");
  const numerator = r.object(series.numerator, "data.series.numerator");
  const denominator = r.object(series.denominator, "data.series.denominator");
  const points = (values: unknown, what: string) => r.array(values, what).map((v, i) => (v === null ? 0 : r.number(v, `${what}[${i}]`)));
  const times = r.numbers(series.times, "data.series.times").map((ms) => Math.round(ms / 1000));
  const good = points(numerator.values, "data.series.numerator.values");
  const total = points(denominator.values, "data.series.denominator.values");
  if (good.length !== times.length || total.length !== times.length) r.fail("data.series values and times differ in length");
  return {
    ...history,
    goodEvents: r.number(numerator.sum, "data.series.numerator.sum"),
    totalEvents: r.number(denominator.sum, "data.series.denominator.sum"),
    series: { times, good, total },
  };
}

/**
 * GET /api/v1/monitor -> a bare array of monitors: `[{ id: number, name, type: "query alert"|"slo alert"|...,
 * query, message, tags: string[], priority: 1..5 | null, options, overall_state, created, modified, ... }]`
 * -> DatadogMonitor with the same id, name, type, query, message, tags, priority (absent message or query -> "").
 */
export function monitorListPage(body: unknown, r: ShapeReader): DatadogMonitor[] {
  return r.array(body, "the body").map((raw, i) => {
    const monitor = r.object(raw, `[${i}]`);
    return {
      id: r.number(monitor.id, `[${i}].id`),
      name: r.string(monitor.name, `[${i}].name`),
      type: r.string(monitor.type, `[${i}].type`),
      query: monitor.query === undefined || monitor.query === null ? "" : r.string(monitor.query, `[${i}].query`),
      message: monitor.message === undefined || monitor.message === null ? "" : r.string(monitor.message, `[${i}].message`),
      tags: r.strings(monitor.tags, `[${i}].tags`),
      priority: r.numberOrNull(monitor.priority, `[${i}].priority`),
    };
  });
}
