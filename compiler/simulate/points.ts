/**
 * A metric query's points over the whole input, by group: the scope selects series, each
 * series gets its modifiers (`.as_rate()`, `.rollup()`), then the space aggregator combines the
 * series of a group at each timestamp. Datadog applies time aggregation (rollup) per series
 * before space aggregation (https://docs.datadoghq.com/metrics/#time-aggregation and
 * #space-aggregation). Points are sorted by time so a window is two binary searches.
 */
import type { MetricQuery } from "../query/ast";
import { aggregationNamed } from "./aggregate";
import type { InputSeries, SeriesSet, Window } from "./input";
import { groupOf, matchesScope } from "./scope";

export interface Points {
  readonly times: readonly number[];
  readonly values: readonly number[];
}

export type Grouped = ReadonlyMap<string, Points>;

/** A query the simulator cannot evaluate faithfully: said plainly, never guessed. */
export class NotEvaluable extends Error {
  constructor(
    readonly reason: "anomaly" | "unsupported",
    message: string,
  ) {
    super(message);
  }
}

const cache = new WeakMap<SeriesSet, Map<MetricQuery, Grouped>>();

export function queryPoints(query: MetricQuery, input: SeriesSet): Grouped {
  let byQuery = cache.get(input);
  if (!byQuery) cache.set(input, (byQuery = new Map()));
  let grouped = byQuery.get(query);
  if (!grouped) byQuery.set(query, (grouped = computePoints(query, input)));
  return grouped;
}

function computePoints(query: MetricQuery, input: SeriesSet): Grouped {
  const aggregate = spaceAggregator(query.aggregator);
  const byGroup = new Map<string, Map<number, number[]>>();
  for (const s of input.series) {
    if (s.metric !== query.metric || !matchesScope(query, s.tags)) continue;
    const group = groupOf(query.groupBy, s.tags);
    let at = byGroup.get(group);
    if (!at) byGroup.set(group, (at = new Map()));
    for (const [t, v] of seriesPoints(query, s, input.intervalSeconds)) {
      const list = at.get(t);
      if (list) list.push(v);
      else at.set(t, [v]);
    }
  }
  const out = new Map<string, Points>();
  for (const [group, at] of byGroup) {
    const times = [...at.keys()].sort((a, b) => a - b);
    out.set(group, { times, values: times.map((t) => aggregate(at.get(t)!)) });
  }
  return out;
}

/** One series' points after its modifiers, in time order. */
function seriesPoints(query: MetricQuery, s: InputSeries, interval: number): [number, number][] {
  let points: [number, number][] = [];
  s.values.forEach((v, i) => {
    if (v !== undefined) points.push([i * interval, v]);
  });
  for (const m of query.methods) {
    if (m.name === "as_rate") {
      // A count "as a rate" is per second: the interval's count divided by its length
      // (https://docs.datadoghq.com/metrics/custom_metrics/type_modifiers/).
      points = points.map(([t, v]) => [t, v / interval]);
    } else if (m.name === "rollup") {
      points = rollup(points, m.args);
    } else if (m.name === "fill") {
      // Fill modifiers interpolate across gaps (https://docs.datadoghq.com/metrics/#fill); the
      // lowering never emits them, and guessing their limits would make tests lie.
      if (m.args[0] !== "null") throw new NotEvaluable("unsupported", `.fill(${m.args.join(", ")}) is not simulated`);
    }
    // .as_count() reads the sample as the count of its interval: nothing to change.
  }
  return points;
}

/**
 * `.rollup(method, seconds)`: one point per bucket of `seconds`
 * (https://docs.datadoghq.com/dashboards/functions/rollup/). Datadog stamps a bucket with its
 * start; here, as every sample is (input.ts), with its END, the first time all of it is known:
 * the bucket stamped t holds the samples stamped in (t - seconds, t], so an evaluation at t never
 * reads a bucket still filling. `.rollup(method)` alone only changes how Datadog rolls points up
 * for display; the input already holds one point per interval.
 */
function rollup(points: [number, number][], args: readonly (string | number)[]): [number, number][] {
  const [method, seconds] = args;
  if (seconds === undefined) return points;
  if (typeof method !== "string" || typeof seconds !== "number") throw new NotEvaluable("unsupported", `.rollup(${args.join(", ")}) is not simulated`);
  const aggregate = spaceAggregator(method);
  const buckets = new Map<number, number[]>();
  for (const [t, v] of points) {
    const end = Math.ceil(t / seconds) * seconds;
    const list = buckets.get(end);
    if (list) list.push(v);
    else buckets.set(end, [v]);
  }
  return [...buckets].sort((a, b) => a[0] - b[0]).map(([t, vs]) => [t, method === "count" ? vs.length : aggregate(vs)]);
}

/**
 * `count:` is for distributions, where it counts values (https://docs.datadoghq.com/metrics/distributions/);
 * a simulated distribution sample is already the number of values in its interval, so
 * counts add up across series like `sum:`. Percentiles need the raw values: not simulated.
 */
function spaceAggregator(name: string): (values: readonly number[]) => number {
  const aggregate = aggregationNamed(name === "count" ? "sum" : name);
  if (!aggregate) throw new NotEvaluable("unsupported", `the ${name}: aggregator is not simulated (percentiles need raw distribution values)`);
  // Never undefined: a group has at least one value at each of its timestamps.
  return (vs) => aggregate(vs)!;
}

/** Index of the first time greater than `t`. */
function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The points in `(from, to]`. */
export function sliceWindow(p: Points, w: Window): Points {
  const { start, end } = windowRange(p, w);
  return { times: p.times.slice(start, end), values: p.values.slice(start, end) };
}

/** Indices `[start, end)` of the points in `(from, to]`, without copying them (evaluations run every minute). */
export function windowRange(p: Points, w: Window): { readonly start: number; readonly end: number } {
  return { start: upperBound(p.times, w.from), end: upperBound(p.times, w.to) };
}

/** Time of the last point at or before `t`. */
export function lastPointAt(p: Points, t: number): number | undefined {
  const i = upperBound(p.times, t) - 1;
  return i >= 0 ? p.times[i] : undefined;
}
