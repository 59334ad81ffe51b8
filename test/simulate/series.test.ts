/** promtool's expanding notation, with the Prometheus documentation's own examples, and positioned errors. */
import { strict as assert } from "node:assert";
import { MAX_SAMPLES, parseSeriesNotation } from "../../compiler/simulate/series";

const _ = undefined;

describe("simulate: series notation", () => {
  const expands: [string, (number | undefined)[]][] = [
    // The four examples of https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
    ["-2+4x3", [-2, 2, 6, 10]],
    [" 1-2x4", [1, -1, -3, -5, -7]],
    [" 1x4", [1, 1, 1, 1, 1]],
    ["1 _x3 5", [1, _, _, _, 5]],
    ["0.5 _ 2", [0.5, _, 2]],
    ["0+0.1x3", [0, 0.1, 0.2, 0.30000000000000004]],
    ["1e3", [1000]],
    // The largest finite run still expands: only a value that would be infinite is refused.
    ["1e308+3e307x2", [1e308, 1e308 + 3e307, 1e308 + 2 * 3e307]],
  ];
  for (const [text, values] of expands) {
    it(`expands ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseSeriesNotation(text), { ok: true, values });
    });
  }

  const errors: [string, number, RegExp][] = [
    ["1 2 abc", 4, /"abc" is not a value/],
    ["5 1+2", 2, /has a step but no count; write it as 1\+2xN/],
    ["1 stale", 2, /"stale" has no meaning for Datadog/],
    ["   ", 0, /the series is empty/],
    [`1x${MAX_SAMPLES}`, 0, /longer than 100000 samples/],
    [`_x${MAX_SAMPLES + 1}`, 0, /longer than 100000 samples/],
    // Non-finite values: a literal past the largest double, a step past it, a run that overflows.
    ["1 1e400", 2, /"1e400" is beyond the largest number a metric can hold/],
    ["-1e400x3", 0, /"-1e400x3" is beyond the largest number/],
    ["0 0+1e400x2", 2, /"0\+1e400x2" is beyond the largest number/],
    ["1 _ 1e308+1e308x2", 4, /"1e308\+1e308x2" grows beyond the largest number a metric can hold/],
  ];
  for (const [text, offset, message] of errors) {
    it(`refuses ${JSON.stringify(text.slice(0, 20))} at offset ${offset}`, () => {
      const r = parseSeriesNotation(text);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.offset, offset);
      assert.match(r.error.message, message);
    });
  }
});
