/**
 * Input series in promtool's expanding notation, so alert tests read like Prometheus rule tests
 * (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/, "series"):
 *
 *   `a+bxn` -> a, a+b, a+2b ... a+nb   (n + 1 values)
 *   `a-bxn` -> a, a-b ... a-nb         (n + 1 values)
 *   `axn`   -> a repeated n + 1 times  (shorthand for `a+0xn`)
 *   `_`     -> one missing sample; `_xn` -> n missing samples (a gap cannot increment)
 *   `a`     -> one value
 *
 * Values are separated by spaces. promtool's `stale` has no Datadog meaning (Datadog has no
 * staleness markers; a metric that stops reporting just has no points), so it is refused.
 */

/** One value per interval, or `undefined` for no point in that interval. */
export type Sample = number | undefined;

export interface SeriesNotationError {
  /** Offset in the notation text of the token at fault. */
  readonly offset: number;
  readonly message: string;
}

export type SeriesNotationResult = { ok: true; values: Sample[] } | { ok: false; error: SeriesNotationError };

/** Generous for a test (a week of minutes is 10,080) and small enough that a typo cannot exhaust memory. */
export const MAX_SAMPLES = 100_000;

const NUMBER = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
const UNSIGNED = "(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
const VALUE_TOKEN = new RegExp(`^(${NUMBER})(?:([+-])(${UNSIGNED}))?(?:x(\\d+))?$`);
const GAP_TOKEN = /^_(?:x(\d+))?$/;

export function parseSeriesNotation(text: string): SeriesNotationResult {
  const values: Sample[] = [];
  const token = /\S+/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const word = m[0];
    const offset = m.index;
    const fail = (message: string): SeriesNotationResult => ({ ok: false, error: { offset, message } });
    const gap = GAP_TOKEN.exec(word);
    if (gap) {
      const n = gap[1] === undefined ? 1 : Number(gap[1]);
      if (values.length + n > MAX_SAMPLES) return fail(`"${word}" makes the series longer than ${MAX_SAMPLES} samples`);
      for (let i = 0; i < n; i++) values.push(undefined);
      continue;
    }
    if (word === "stale") return fail(`"stale" has no meaning for Datadog, which has no staleness markers; write _ for an interval without a point`);
    const v = VALUE_TOKEN.exec(word);
    if (!v) {
      return fail(`"${word}" is not a value; write a number (5), a run such as 0+10x60 or 100-5x10, a repeat such as 3x20, or _ for a gap`);
    }
    const [, start, sign, step, times] = v;
    if (sign !== undefined && times === undefined) return fail(`"${word}" has a step but no count; write it as ${word}xN, for N further samples`);
    const n = times === undefined ? 0 : Number(times);
    if (values.length + n + 1 > MAX_SAMPLES) return fail(`"${word}" makes the series longer than ${MAX_SAMPLES} samples`);
    const a = Number(start);
    const b = step === undefined ? 0 : Number(step) * (sign === "-" ? -1 : 1);
    // `1e400` reads as Infinity, and a long enough run overflows; Datadog stores 64-bit floats,
    // and no monitor can compare an infinite value. The run is linear in i, so if both ends are
    // finite every value between is.
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(a + n * b)) {
      return fail(`"${word}" ${Number.isFinite(a) && Number.isFinite(b) ? "grows" : "is"} beyond the largest number a metric can hold (about 1.8e308)`);
    }
    // a + i*b rather than repeated addition, so long runs do not accumulate rounding error.
    for (let i = 0; i <= n; i++) values.push(a + i * b);
  }
  if (values.length === 0) return { ok: false, error: { offset: 0, message: "the series is empty; give at least one value or _" } };
  return { ok: true, values };
}
