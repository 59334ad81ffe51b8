/**
 * The window sums the simulator reads every minute come from running sums where those are exact;
 * they must equal the sum added point by point in time order to the last bit, or a burn rate at
 * a threshold could cross it on one path and not on the other.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { sumRange } from "../../compiler/simulate/aggregate";

/** The reference: the window's points added in time order, as a reduce would. */
function addedInOrder(values: readonly number[], start: number, end: number): number {
  let total = 0;
  for (let i = start; i < end; i++) total += values[i]!;
  return total;
}

/** An array and a window `[start, end)` inside it. */
const arrayAndWindow = (value: fc.Arbitrary<number>) =>
  fc
    .array(value, { minLength: 1, maxLength: 400 })
    .chain((values) => fc.tuple(fc.constant(values), fc.nat(values.length), fc.nat(values.length)))
    .map(([values, a, b]) => ({ values, start: Math.min(a, b), end: Math.max(a, b) }));

describe("simulate: window sums", () => {
  it("equal the in-order sum exactly for integer counts, read again and again (running sums)", () => {
    fc.assert(
      fc.property(arrayAndWindow(fc.integer({ min: -1_000_000, max: 1_000_000 })), ({ values, start, end }) => {
        assert.equal(sumRange(values, start, end), addedInOrder(values, start, end));
        assert.equal(sumRange(values, start, end), addedInOrder(values, start, end), "the cached running sums give the same");
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it("equal the in-order sum exactly for fractional values (added point by point)", () => {
    fc.assert(
      fc.property(arrayAndWindow(fc.double({ min: -1e6, max: 1e6, noNaN: true })), ({ values, start, end }) => {
        assert.equal(sumRange(values, start, end), addedInOrder(values, start, end));
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it("add point by point where running sums would round: magnitudes past 2^53", () => {
    const big = 2 ** 52;
    const values = [big, big, 1, -big, 3, ...Array.from({ length: 40 }, (_, i) => i)];
    for (const [start, end] of [
      [1, 30],
      [2, 45],
      [0, 20],
    ] as const) {
      assert.equal(sumRange(values, start, end), addedInOrder(values, start, end));
    }
  });

  it("reads an empty window as 0", () => {
    assert.equal(sumRange([1, 2, 3], 2, 2), 0);
  });
});
