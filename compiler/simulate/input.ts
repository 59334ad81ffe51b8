/**
 * What the simulator evaluates: metric series on a regular grid of intervals, the way Datadog
 * stores them after a flush (DogStatsD flushes every 10 s; the sample inventory's tests use one
 * point per minute). Sample `i` of every series is at `i * intervalSeconds` simulated seconds.
 *
 * WHEN A SAMPLE HAPPENED. Sample `i` holds what was recorded in the interval ENDING at
 * `i * intervalSeconds`: with 1-minute intervals, a webhook at 7:15 is in the sample at 8:00. An
 * evaluation at `t` reads the samples stamped at or before `t` (a window is `(from, to]`), so a
 * monitor never sees an event before it happened. Datadog stamps a flushed point with its
 * interval's START ("all data received ... between 10:00:00 and 10:00:10 is rolled up in a single
 * datapoint that gets 10:00:00 as timestamp",
 * https://docs.datadoghq.com/extend/dogstatsd/data_aggregation/), but that point exists only once
 * the interval is over; stamping the end is the earliest time a monitor could have read it. Sample
 * 0 is the interval ending at 0, before anything a capture records. Rollup buckets are stamped
 * the same way (points.ts).
 *
 * A count metric's sample is the count in its interval: that is what `.as_count()` reads
 * (https://docs.datadoghq.com/metrics/custom_metrics/type_modifiers/), and what `count:` reads
 * for a distribution, whose sample is then the number of values recorded in the interval.
 */
import { parseSeriesNotation, type Sample } from "./series";

export interface InputSeries {
  readonly metric: string;
  /** Tags as Datadog writes them, `key:value` (or a bare `key`). */
  readonly tags: readonly string[];
  readonly values: readonly Sample[];
}

export interface SeriesSet {
  readonly intervalSeconds: number;
  readonly series: readonly InputSeries[];
}

/** A time range `(from, to]` in simulated seconds: the points a window of `last_W` ending at `to` holds. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Windows already read: every evaluation of a timeline asks again, a minute apart. */
const windowCache = new Map<string, number>();

/** `last_5m` (a monitor window) or `5m` (a burn-rate window) in seconds. */
export function windowSeconds(text: string): number {
  const known = windowCache.get(text);
  if (known !== undefined) return known;
  const m = /^(?:last_)?([1-9][0-9]*)([smhdw])$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a window such as last_5m or 1h`);
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  windowCache.set(text, seconds);
  return seconds;
}

/**
 * The window a monitor evaluated at `at` reads. With an evaluation delay the window ends that
 * many seconds earlier: "if the value is set to 300 (5min), the timeframe is set to last_5m and
 * the time is 7:00, the monitor evaluates data from 6:50 to 6:55"
 * (https://docs.datadoghq.com/monitors/guide/monitor_api_options/, evaluation_delay).
 */
export function evaluationWindow(at: number, windowSecs: number, delaySeconds = 0): Window {
  const to = at - delaySeconds;
  return { from: to - windowSecs, to };
}

export function inWindow(t: number, w: Window): boolean {
  return t > w.from && t <= w.to;
}

/** A series from promtool notation, for tests and drills; a notation error is the caller's bug here (`check` reports it with positions). */
export function seriesFromNotation(metric: string, tags: readonly string[], notation: string): InputSeries {
  const parsed = parseSeriesNotation(notation);
  if (!parsed.ok) throw new Error(`${metric}: bad series ${JSON.stringify(notation)} at character ${parsed.error.offset + 1}: ${parsed.error.message}`);
  return { metric, tags, values: parsed.values };
}
