/**
 * One failure mode's detection -> a Datadog monitor query and the options that suit it.
 * Every kind is a metric `query alert`; what differs is the query and the options.
 */
import type { MonitorArgs } from "@pulumi/datadog/monitor";
import type { DetectionDoc } from "../validate/schema";
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
}

export function detectionQuery(d: DetectionDoc): DetectionQuery {
  const delay = d.evaluationDelaySeconds === undefined ? {} : { evaluationDelay: d.evaluationDelaySeconds };
  switch (d.kind) {
    case "threshold": {
      const [op, value, words] = d.above !== undefined ? [">", d.above, "above"] : ["<", d.below!, "below"];
      return {
        query: `${d.aggregation}(last_${d.window}):${d.query} ${op} ${value}`,
        options: { ...delay, monitorThresholds: { critical: String(value) } },
        describe: `${d.aggregation} over ${d.window} ${words} ${value}`,
      };
    }
    case "error-rate":
      return {
        query: `sum(last_${d.window}):(${d.errors}) / (${d.total}) * 100 > ${d.maxPercent}`,
        options: { ...delay, monitorThresholds: { critical: String(d.maxPercent) }, requireFullWindow: false },
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
      // Datadog compares the last `window` against a band learnt from a longer history.
      const history = formatDuration(durationSeconds(d.window) * 4);
      return {
        query: `avg(last_${history}):anomalies(${d.query}, '${d.algorithm}', ${d.deviations}, direction='${d.direction}', alert_window='last_${d.window}', interval=60, count_default_zero='true') >= 1`,
        options: { ...delay, monitorThresholds: { critical: "1" }, monitorThresholdWindows: { triggerWindow: `last_${d.window}`, recoveryWindow: `last_${d.window}` } },
        describe: `${d.direction === "both" ? "unusual" : `unusually ${d.direction === "above" ? "high" : "low"}`} volume over ${d.window} (${d.algorithm}, ${d.deviations} deviations)`,
      };
    }
    case "reconciliation":
      return {
        query: `sum(last_${d.window}):(${d.upstream.count} - ${d.downstream.count}) / ${d.upstream.count} * 100 > ${d.maxDropPercent}`,
        options: { ...delay, monitorThresholds: { critical: String(d.maxDropPercent) }, requireFullWindow: false },
        describe: `${d.downstream.system} count short of ${d.upstream.system} count by more than ${d.maxDropPercent}% over ${d.window}`,
      };
  }
}
