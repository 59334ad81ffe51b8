/**
 * What the simulator evaluates: metric series on a regular grid of intervals, the way Datadog
 * stores them after a flush (DogStatsD flushes every 10 s; the sample inventory's tests use one
 * point per minute). Sample `i` of every series is at `i * intervalSeconds` simulated seconds.
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

/** `last_5m` (a monitor window) or `5m` (a burn-rate window) in seconds. */
export function windowSeconds(text: string): number {
  const m = /^(?:last_)?([1-9][0-9]*)([smhdw])$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a window such as last_5m or 1h`);
  return Number(m[1]) * UNIT_SECONDS[m[2]!]!;
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
