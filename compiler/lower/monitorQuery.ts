/**
 * One failure mode's detection -> a Datadog monitor query and the options that suit it.
 * Every kind is a metric `query alert`; what differs is the query and the options.
 */
import type { MonitorArgs } from "@pulumi/datadog/monitor";
import type { DetectionDoc } from "../validate/schema";
import { DEFAULT_ROLLUP_SECONDS, MAX_WINDOW_SECONDS, seasonalityOf } from "../monitorLimits";
import { isCountQuery } from "../query/countQuery";
import { metricQueriesIn, parseMetricExpression } from "../query/parse";
import { durationSeconds, formatDuration } from "./durations";

export type MonitorOptions = Pick<
  MonitorArgs,
  "evaluationDelay" | "notifyNoData" | "noDataTimeframe" | "requireFullWindow" | "monitorThresholds" | "monitorThresholdWindows" | "onMissingData"
>;

export interface DetectionQuery {
  readonly query: string;
  readonly options: { [K in keyof MonitorOptions]: Exclude<MonitorOptions[K], Promise<unknown>> };
  /** Plain words for messages and the plan. */
  readonly describe: string;
  /** Plain words for the warning condition: present exactly when `options.monitorThresholds.warning` is. */
  readonly warning?: string;
}

/**
 * Anomaly thresholds are the fraction of the trigger window that must be anomalous
 * (https://docs.datadoghq.com/monitors/types/anomaly/#options). `critical: 1` would need every
 * point of the window outside the band, so one point of noise back inside it holds the alert
 * off for a whole window; four fifths alerts on a sustained anomaly and still ignores a blip.
 * The query's threshold must equal `critical` (same page).
 */
export const ANOMALY_CRITICAL = 0.8;
/**
 * Recovers once at most half the recovery window is anomalous: well below `critical`, so a share
 * hovering near 0.8 does not flap, and with the recovery window equal to the trigger window (as
 * Datadog recommends) alert and recovery can never hold at once, which Datadog refuses to save
 * (https://docs.datadoghq.com/monitors/guide/anomaly-monitor/).
 */
export const ANOMALY_CRITICAL_RECOVERY = 0.5;

/**
 * Ratio monitors (error rate, reconciliation) evaluate an empty count as zero: on_missing_data
 * `default`, "Evaluate as zero", where for `Count` queries "an empty monitor evaluation is treated
 * as 0 and is compared to the threshold conditions" (provider docs of onMissingData;
 * https://docs.datadoghq.com/monitors/configuration/#no-data). The error side of a ratio is
 * sparse: the forwarder emits no `!outcome:forwarded` point while all is well, so without this a
 * window with totals but no errors gives no value, the evaluation is skipped and a monitor stays
 * in ALERT after the errors stop ("If the evaluation window includes many null buckets the
 * evaluations will be skipped", https://docs.datadoghq.com/monitors/guide/monitor-arithmetic-and-sparse-metrics/).
 * Datadog's migration guide names this case: "When measuring the number of bad events, like
 * errors, Monitors should reflect an OK when no data is detected"
 * (https://docs.datadoghq.com/monitors/guide/on_missing_data/). `default_zero()` is not the fix:
 * its page says "Avoid using this function for error rate monitors with as_count() queries" and
 * "If the evaluation window doesn't contain any points of data, default_zero() has no effect"
 * (https://docs.datadoghq.com/dashboards/functions/interpolation/#default-zero).
 * Unconfirmed offline: whether Datadog zeroes one empty side of the arithmetic (what the
 * simulator does, as COUNT metrics queried as_count() "are always aligned as 0", same page) or
 * only a whole empty result; both read an error side with no points as a 0% error rate.
 */
export const COUNT_MISSING_DATA = "default";

/**
 * Whether every metric a query reads is counted (compiler/query/countQuery.ts, the predicate the
 * simulator applies too): a "Count query" in the sense of on_missing_data `default` above. A threshold on event counts (signature rejections,
 * dead letters) is as sparse as an error side: without the option the monitor never recovers once
 * the events stop and the window empties, and a `below` threshold on a count never fires on
 * total silence. Gauges (`min:`/`avg:` of a rate-limit header) keep the last known status.
 */
function countsEvents(query: string): boolean {
  const parsed = parseMetricExpression(query);
  if (!parsed.ok) return false;
  const metrics = metricQueriesIn(parsed.expr);
  return metrics.length > 0 && metrics.every(isCountQuery);
}

export function detectionQuery(d: DetectionDoc): DetectionQuery {
  const delay = d.evaluationDelaySeconds === undefined ? {} : { evaluationDelay: d.evaluationDelaySeconds };
  switch (d.kind) {
    case "threshold": {
      const [op, value, words] = d.above !== undefined ? [">", d.above, "above"] : ["<", d.below!, "below"];
      return {
        query: `${d.aggregation}(last_${d.window}):${d.query} ${op} ${value}`,
        options: { ...delay, monitorThresholds: { critical: String(value) }, ...(countsEvents(d.query) && { onMissingData: COUNT_MISSING_DATA }) },
        describe: `${d.aggregation} over ${d.window} ${words} ${value}`,
      };
    }
    case "error-rate":
      return {
        query: `sum(last_${d.window}):(${counted(d.errors)}) / (${counted(d.total)}) * 100 > ${d.maxPercent}`,
        options: { ...delay, monitorThresholds: { critical: String(d.maxPercent) }, requireFullWindow: false, onMissingData: COUNT_MISSING_DATA },
        describe: `error rate over ${d.window} above ${d.maxPercent}%`,
      };
    case "heartbeat": {
      // Evaluate over half the silence, so Datadog's no-data timeframe (which must be at
      // least twice the evaluation window) is exactly the silence the inventory names.
      const window = formatDuration(Math.max(60, Math.floor(d.silentMinutes / 2) * 60));
      return {
        query: `sum(last_${window}):${d.query} < 1`,
        options: { ...delay, monitorThresholds: { critical: "1" }, notifyNoData: true, noDataTimeframe: d.silentMinutes, requireFullWindow: false },
        describe: `no data for ${d.silentMinutes} minutes`,
      };
    }
    case "anomaly": {
      // Query format, per https://docs.datadoghq.com/monitors/types/anomaly/#query: the query
      // window (what notification graphs show) "around five times the alert_window" and at least
      // as long as it, kept within the longest custom window; the rollup `interval` in seconds;
      // `count_default_zero='true'` "for most monitors"; `seasonality` for agile and robust only.
      const alert = durationSeconds(d.window);
      const history = formatDuration(Math.max(alert, Math.min(alert * 5, MAX_WINDOW_SECONDS)));
      const seasonality = seasonalityOf(d);
      const interval = d.rollupSeconds ?? DEFAULT_ROLLUP_SECONDS;
      const season = seasonality === undefined ? "" : `, seasonality='${seasonality}'`;
      const window = `last_${d.window}`;
      return {
        query: `avg(last_${history}):anomalies(${d.query}, '${d.algorithm}', ${d.deviations}, direction='${d.direction}', alert_window='${window}', interval=${interval}, count_default_zero='true'${season}) >= ${ANOMALY_CRITICAL}`,
        // The trigger window must match alert_window; the recovery window is recommended equal to it (same page).
        options: { ...delay, monitorThresholds: { critical: String(ANOMALY_CRITICAL), criticalRecovery: String(ANOMALY_CRITICAL_RECOVERY) }, monitorThresholdWindows: { triggerWindow: window, recoveryWindow: window } },
        describe: `${d.direction === "both" ? "unusual" : `unusually ${d.direction === "above" ? "high" : "low"}`} volume over ${d.window}; ${d.algorithm}${seasonality ? `, ${seasonality} seasonality` : ""}, ${d.deviations} deviations`,
      };
    }
    case "reconciliation":
      return {
        query: `sum(last_${d.window}):(${counted(d.upstream.count)} - ${counted(d.downstream.count)}) / ${counted(d.upstream.count)} * 100 > ${d.maxDropPercent}`,
        options: { ...delay, monitorThresholds: { critical: String(d.maxDropPercent) }, requireFullWindow: false, onMissingData: COUNT_MISSING_DATA },
        describe: `${d.downstream.system} count short of ${d.upstream.system} count by more than ${d.maxDropPercent}% over ${d.window}`,
      };
  }
}

/**
 * A ratio monitor's metric queries, each with `.as_count()`. Datadog evaluates "monitors
 * involving arithmetic and at least 1 as_count() modifier" on a separate path
 * (https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/): `sum(last_W)` of
 * `errors / total` is then sum(errors) / sum(total) over the window (the guide's 0.3), where the
 * classic path sums the ratio of each point (its 1.5): a steady 0.5% error rate over fifteen
 * one-minute points would read 7.5%. So every counting query (`sum:`, or `count:` on a
 * distribution) without `.as_count()` or `.as_rate()` gets `.as_count()` before its other
 * modifiers, placed by the parser's spans. Other aggregators are left as written: the
 * query-syntax rule refuses `.as_count()` on them, and the plan's contract test reports such a
 * ratio. SLIs keep `count:` as written (SLOs count distributions with "count values").
 * `count:...as_count()` on a distribution is unconfirmed offline (Datadog's examples pair
 * .as_count() with sum); it is the form that puts the ratio on the as_count path.
 */
export function counted(query: string): string {
  const parsed = parseMetricExpression(query);
  if (!parsed.ok) throw new Error(`cannot lower the metric query ${JSON.stringify(query)}: ${parsed.error.message}`);
  const inserts = metricQueriesIn(parsed.expr)
    .filter((m) => (m.aggregator === "sum" || m.aggregator === "count") && !m.methods.some((x) => x.name === "as_count" || x.name === "as_rate"))
    .map((m) => m.methods[0]?.span.start ?? m.span.end)
    .sort((a, b) => b - a);
  return inserts.reduce((text, at) => `${text.slice(0, at)}.as_count()${text.slice(at)}`, query);
}

/**
 * Staging has no steady traffic: a heartbeat's no-data notification there would tell the team's
 * chat every quiet hour that nothing came. So in staging no detection notifies on no data (the
 * monitor still exists, mirroring prod's, and alerts on data that crosses its threshold); prod
 * keeps `notifyNoData` as lowered. README, "Staging".
 */
export function withoutNoDataInStaging(detection: DetectionQuery, settings: { readonly staging: boolean }): DetectionQuery {
  if (!settings.staging || !detection.options.notifyNoData) return detection;
  const { notifyNoData: _notify, noDataTimeframe: _timeframe, ...options } = detection.options;
  return { ...detection, options, describe: `${detection.describe} (staging: no-data notifications off)` };
}
