/**
 * Whether a metric query is a "Count query" in the sense of on_missing_data `default`, which
 * Datadog's migration guide lists as `"on_missing_data": "default" if using sum or count
 * aggregation` -> "If data is missing Evaluate as 0 (or other default value)", and for all other
 * aggregation types "Show last known status"
 * (https://docs.datadoghq.com/monitors/guide/on_missing_data/); the API puts it as "for monitors
 * using Count queries, an empty monitor evaluation is treated as 0"
 * (https://docs.datadoghq.com/api/latest/monitors/, OnMissingDataOption).
 *
 * A query counts when its space aggregator is `sum` or `count` (a distribution's "count values",
 * https://docs.datadoghq.com/metrics/distributions/), or when it reads a count with `.as_count()`
 * (https://docs.datadoghq.com/metrics/custom_metrics/type_modifiers/). One predicate, so the
 * lowering (which sets on_missing_data where it applies) and the simulator (which reads an empty
 * window as 0 under it) cannot disagree about which queries it covers.
 */
import type { MetricQuery } from "./ast";

export function isCountQuery(m: MetricQuery): boolean {
  return m.aggregator === "sum" || m.aggregator === "count" || m.methods.some((x) => x.name === "as_count");
}
