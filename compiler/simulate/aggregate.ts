/**
 * The four aggregations Datadog applies both across the series of a group at each timestamp
 * (space aggregation) and over a monitor's window (time aggregation): sum, avg, min and max
 * (https://docs.datadoghq.com/metrics/#time-aggregation, #space-aggregation). One implementation
 * for both, over a range `values[start, end)` so a window is read without copying it.
 */

export type Aggregation = "sum" | "avg" | "min" | "max";

/** The aggregate of `values[start, end)`; undefined when the range is empty. */
export type RangeAggregate = (values: readonly number[], start?: number, end?: number) => number | undefined;

/** Shorter ranges are added directly: running sums pay off for windows read again and again. */
const RUNNING_SUMS_FROM = 16;

/**
 * Running sums of an array of points, where they are exact: every value an integer and the sum
 * of their magnitudes a safe integer. Then any range's sum is one subtraction and equals the sum
 * added in order to the last bit (every partial sum is an exact integer either way); otherwise
 * null, and ranges are added point by point. A burn-rate timeline sums a day's window twice a
 * minute for days of simulated time. Points are never changed once built (points.ts).
 */
const runningSums = new WeakMap<readonly number[], Float64Array | null>();

function exactRunningSums(values: readonly number[]): Float64Array | null {
  let sums = runningSums.get(values);
  if (sums !== undefined) return sums;
  sums = new Float64Array(values.length + 1);
  let magnitude = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    magnitude += Math.abs(v);
    if (!Number.isInteger(v) || magnitude > Number.MAX_SAFE_INTEGER) {
      sums = null;
      break;
    }
    sums[i + 1] = sums[i]! + v;
  }
  runningSums.set(values, sums);
  return sums;
}

/** The sum of `values[start, end)`, added in order (or its exact equal); 0 for an empty range. */
export function sumRange(values: readonly number[], start = 0, end = values.length): number {
  // A part of a long array (a window of a query's points) may be read again a minute later;
  // the whole of one (a group's values at one time, a one-off series) is added once.
  if (end - start >= RUNNING_SUMS_FROM && (start > 0 || end < values.length)) {
    const sums = exactRunningSums(values);
    if (sums) return sums[end]! - sums[start]!;
  }
  let total = 0;
  for (let i = start; i < end; i++) total += values[i]!;
  return total;
}

const AGGREGATES: Readonly<Record<Aggregation, RangeAggregate>> = {
  sum: (vs, start = 0, end = vs.length) => (end > start ? sumRange(vs, start, end) : undefined),
  avg: (vs, start = 0, end = vs.length) => (end > start ? sumRange(vs, start, end) / (end - start) : undefined),
  min: (vs, start = 0, end = vs.length) => {
    if (end <= start) return undefined;
    let m = Infinity;
    for (let i = start; i < end; i++) m = Math.min(m, vs[i]!);
    return m;
  },
  max: (vs, start = 0, end = vs.length) => {
    if (end <= start) return undefined;
    let m = -Infinity;
    for (let i = start; i < end; i++) m = Math.max(m, vs[i]!);
    return m;
  },
};

/** The aggregation of that name, or undefined for any other (percentiles, `count`...): each caller says what it does then. */
export function aggregationNamed(name: string): RangeAggregate | undefined {
  return Object.hasOwn(AGGREGATES, name) ? AGGREGATES[name as Aggregation] : undefined;
}
