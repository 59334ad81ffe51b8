/** The words Datadog's metric query language knows, each set with the page that lists it. */

/**
 * Space aggregators. avg, sum, min, max for every metric type; distributions also offer
 * count and percentiles: "p50, p75, p90, p95, p99 or any percentile of your choosing with up
 * to two decimal points" (https://docs.datadoghq.com/metrics/distributions/ and
 * https://docs.datadoghq.com/metrics/#space-aggregation).
 */
export const SPACE_AGGREGATORS: ReadonlySet<string> = new Set(["avg", "sum", "min", "max", "count"]);
const PERCENTILE = /^p(100|[1-9]?[0-9])(\.[0-9]{1,2})?$/;

export function isSpaceAggregator(word: string): boolean {
  return SPACE_AGGREGATORS.has(word) || PERCENTILE.test(word);
}

/**
 * Time aggregators of a metric monitor, `time_aggr(time_window):...`: avg, sum, min, max
 * (https://docs.datadoghq.com/monitors/guide/monitor_aggregators/; the API's Create a monitor
 * page, "Metric Alert Query"). change/pct_change take a different shape and are not used here.
 */
export const TIME_AGGREGATORS: ReadonlySet<string> = new Set(["avg", "sum", "min", "max"]);

/** `last_5m`, `last_4h`, `last_1d`, `last_1w`: the monitor's evaluation window. */
export const MONITOR_WINDOW = /^last_[1-9][0-9]*[mhdw]$/;

/** `.rollup(<aggregator>[, <seconds>])`: https://docs.datadoghq.com/dashboards/functions/rollup/ */
export const ROLLUP_AGGREGATORS: ReadonlySet<string> = new Set(["avg", "sum", "min", "max", "count"]);

/** `.fill(<method>[, <seconds>])`: https://docs.datadoghq.com/dashboards/functions/interpolation/#fill */
export const FILL_METHODS: ReadonlySet<string> = new Set(["null", "zero", "linear", "last"]);

export const METHODS = ["as_count", "as_rate", "rollup", "fill"] as const;
export type MethodName = (typeof METHODS)[number];

/**
 * Functions, by the groups of https://docs.datadoghq.com/dashboards/functions/ (algorithmic,
 * arithmetic, count, exclusion, interpolation, rank, rate, regression, rollup, smoothing,
 * timeshift). A name outside the list is most likely a typo; add a function here when the
 * inventory needs one Datadog documents.
 */
export const FUNCTIONS: ReadonlySet<string> = new Set([
  // algorithms
  "anomalies", "outliers", "forecast",
  // arithmetic
  "abs", "pow", "log2", "log10", "cumsum", "integral",
  // count
  "count_nonzero", "count_not_null",
  // exclusion
  "exclude_null", "clamp_min", "clamp_max", "cutoff_min", "cutoff_max",
  // interpolation
  "default_zero",
  // rank
  "top",
  // rate
  "per_second", "per_minute", "per_hour", "dt", "diff", "monotonic_diff", "derivative",
  // regression
  "trend_line", "piecewise_constant", "robust_trend",
  // rollup
  "moving_rollup",
  // smoothing
  "autosmooth", "ewma_3", "ewma_5", "ewma_7", "ewma_10", "ewma_20", "median_3", "median_5", "median_7", "median_9", "weighted",
  // timeshift
  "timeshift", "hour_before", "day_before", "week_before", "month_before", "calendar_shift",
]);

/** `anomalies(<query>, '<algorithm>', <bounds>, ...)`: https://docs.datadoghq.com/monitors/types/anomaly/ */
export const ANOMALY_ALGORITHMS: ReadonlySet<string> = new Set(["basic", "agile", "robust"]);
export const ANOMALY_DIRECTIONS: ReadonlySet<string> = new Set(["both", "above", "below"]);

/** Words a boolean scope uses, upper or lower case (https://docs.datadoghq.com/metrics/advanced-filtering/). */
export const BOOLEAN_KEYWORDS: ReadonlySet<string> = new Set(["AND", "and", "OR", "or", "NOT", "not", "IN", "in"]);
