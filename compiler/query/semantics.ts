/**
 * Checks after the parse: what the words of a syntactically sound query mean to Datadog.
 * One function per node kind; each returns the first problem, with its offset in the query.
 */
import type { BurnRateQuery, Call, Expr, MetricMethod, MetricQuery, MonitorQuery, QueryError } from "./ast";
import { metricNameProblem } from "./names";
import { ANOMALY_ALGORITHMS, ANOMALY_DIRECTIONS, FILL_METHODS, FUNCTIONS, isSpaceAggregator, MONITOR_WINDOW, ROLLUP_AGGREGATORS, TIME_AGGREGATORS } from "./vocabulary";

type Problem = QueryError | undefined;

const SLO_TIMEFRAMES: ReadonlySet<string> = new Set(["7d", "30d", "90d"]);
/** Space aggregators whose result is a count, which `.as_count()` may follow (see checkMetric). */
const AS_COUNT_AGGREGATORS: ReadonlySet<string> = new Set(["sum", "count"]);
const BURN_WINDOW = /^[1-9][0-9]*[mhd]$/;

export function checkExpr(expr: Expr): Problem {
  switch (expr.kind) {
    case "metric":
      return checkMetric(expr);
    // Stryker disable next-line StringLiteral: a number has nothing to check, and with no case it leaves the switch with undefined alike.
    case "number":
      return undefined;
    case "binary":
      return checkExpr(expr.left) ?? checkExpr(expr.right);
    case "call":
      return checkCall(expr);
  }
}

export function checkMonitor(query: MonitorQuery | BurnRateQuery): Problem {
  if (query.kind === "burn_rate") return checkBurnRate(query);
  if (!TIME_AGGREGATORS.has(query.timeAggregator)) {
    return { offset: query.span.start, message: `unknown time aggregation "${query.timeAggregator}"; a metric monitor evaluates avg, sum, min or max over its window` };
  }
  if (!MONITOR_WINDOW.test(query.window)) {
    return { offset: query.timeAggregator.length + 1 + query.span.start, message: `"${query.window}" is not an evaluation window; write last_ and a duration, such as last_5m, last_1h or last_1d` };
  }
  return checkExpr(query.expr);
}

/** https://docs.datadoghq.com/service_level_objectives/burn_rate/: the SLO's timeframe, then windows such as 1h and 5m. */
function checkBurnRate(query: BurnRateQuery): Problem {
  if (!SLO_TIMEFRAMES.has(query.over)) return { offset: query.span.start, message: `burn_rate(...).over("${query.over}"): an SLO's timeframe is 7d, 30d or 90d` };
  for (const [name, value] of [["long_window", query.longWindow], ["short_window", query.shortWindow]] as const) {
    if (value !== undefined && !BURN_WINDOW.test(value)) return { offset: query.span.start, message: `burn_rate(...).${name}("${value}") is not a window such as 1h or 5m` };
  }
  return undefined;
}

function checkMetric(m: MetricQuery): Problem {
  if (!isSpaceAggregator(m.aggregator)) {
    return {
      offset: m.span.start,
      message: `unknown space aggregator "${m.aggregator}"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)`,
    };
  }
  const nameProblem = metricNameProblem(m.metric);
  if (nameProblem) return { offset: m.metricSpan.start + nameProblem.at, message: nameProblem.message };
  const seen = new Set<string>();
  for (const method of m.methods) {
    if (seen.has(method.name)) return { offset: method.span.start, message: `.${method.name}() is given twice` };
    seen.add(method.name);
    const problem = checkMethod(method);
    if (problem) return problem;
  }
  if (seen.has("as_count") && seen.has("as_rate")) {
    return { offset: m.methods.find((x) => x.name === "as_rate")!.span.start, message: "a query is either .as_count() or .as_rate(), not both" };
  }
  if (seen.has("as_count") && !AS_COUNT_AGGREGATORS.has(m.aggregator)) {
    // .as_count() turns the metric into event counts, and counts from several sources only
    // add up. Datadog allows only sum for the count queries of metric SLOs ("Datadog only
    // allows the sum by aggregator to be used because this will sum up all request counts
    // instead of averaging them or taking the max or min", API reference,
    // ServiceLevelObjectiveQuery). For monitors Datadog states it of the time aggregation
    // ("Aggregation methods other than sum (shown as in total in-app) cannot be used with
    // .as_count()", https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/),
    // which the threshold-aggregation rule enforces; an avg/min/max of counts across sources is
    // not a count of anything either, so this tool requires a counting aggregator in space too.
    // `count:` on a distribution is already a count of values ("count values",
    // https://docs.datadoghq.com/metrics/distributions/), which adds up like sum; a ratio monitor
    // over it needs .as_count() to take the guide's as_count evaluation path (sum of errors over
    // sum of total) instead of summing per-point ratios, so count is accepted as well (Datadog's
    // pages show .as_count() after sum only: count: with it is unconfirmed offline).
    return {
      offset: m.span.start,
      message: `.as_count() counts events, and counts only add up: use the sum aggregator (sum:${m.metric}{...}.as_count()), or count: for a distribution, instead of ${m.aggregator}`,
    };
  }
  return undefined;
}

/** https://docs.datadoghq.com/metrics/custom_metrics/type_modifiers/, .../functions/rollup/, .../functions/interpolation/ */
function checkMethod(method: MetricMethod): Problem {
  const { name, args, span } = method;
  const at = span.start;
  switch (name) {
    case "as_count":
    case "as_rate":
      return args.length === 0 ? undefined : { offset: at, message: `.${name}() takes no arguments` };
    case "rollup": {
      const [aggregator, interval, ...rest] = args;
      // A number or nothing is no aggregator: the set holds strings only.
      if (!ROLLUP_AGGREGATORS.has(aggregator as string) || rest.length > 0) {
        return { offset: at, message: `.rollup() takes an aggregator (avg, sum, min, max or count) and optionally an interval in seconds, such as .rollup(sum, 60)` };
      }
      return interval === undefined || isWholeSeconds(interval) ? undefined : { offset: at, message: `the .rollup() interval must be a whole number of seconds, such as 60` };
    }
    case "fill": {
      const [how, limit, ...rest] = args;
      if (!FILL_METHODS.has(how as string) || rest.length > 0) {
        return { offset: at, message: `.fill() takes null, zero, linear or last, and optionally a limit in seconds, such as .fill(zero, 300)` };
      }
      return limit === undefined || isWholeSeconds(limit) ? undefined : { offset: at, message: `the .fill() limit must be a whole number of seconds, such as 300` };
    }
  }
}

/** Number.isInteger is false for every string, so only a positive whole number passes. */
function isWholeSeconds(value: string | number): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

function checkCall(call: Call): Problem {
  if (!FUNCTIONS.has(call.name)) {
    return { offset: call.span.start, message: `unknown function ${call.name}(); see Datadog's functions at https://docs.datadoghq.com/dashboards/functions/` };
  }
  const queries = call.args.filter((a): a is Expr => a.kind !== "string");
  if (queries.length === 0) return { offset: call.span.start, message: `${call.name}() needs a metric query to work on` };
  for (const a of queries) {
    const problem = checkExpr(a);
    if (problem) return problem;
  }
  return call.name === "anomalies" ? checkAnomalies(call) : undefined;
}

/** `anomalies(<query>, '<algorithm>', <bounds>, direction='both', ...)`: https://docs.datadoghq.com/monitors/types/anomaly/ */
function checkAnomalies(call: Call): Problem {
  const [, algorithm, bounds] = call.args;
  if (algorithm?.kind !== "string" || !ANOMALY_ALGORITHMS.has(algorithm.value)) {
    return { offset: algorithm?.span.start ?? call.span.start, message: `anomalies() takes the algorithm second: 'basic', 'agile' or 'robust'` };
  }
  if (bounds?.kind !== "number" || bounds.value <= 0) {
    return { offset: bounds?.span.start ?? call.span.start, message: `anomalies() takes the number of deviations third, such as 2` };
  }
  const direction = call.named.direction;
  if (direction !== undefined && !ANOMALY_DIRECTIONS.has(String(direction))) {
    return { offset: call.span.start, message: `anomalies() direction must be 'both', 'above' or 'below'` };
  }
  return undefined;
}
