/**
 * `*` wildcards (compiler/glob.ts), shared by the simulator's scopes and the stack's names: the
 * pattern that made the old regular expression backtrack exponentially, table cases at the
 * edges, and a property against a plain dynamic-programming matcher.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { matchesGlob } from "../compiler/glob";
import { parseMetricExpression } from "../compiler/query/parse";
import { matchesScope } from "../compiler/simulate/scope";
import { matchesName } from "../compiler/stackNames";

/** Whether `pattern` matches all of `text`, by the textbook table: slow, obviously right. */
function reference(pattern: string, text: string): boolean {
  // can[i][j]: the first i characters of the pattern match the first j of the text.
  const can = Array.from({ length: pattern.length + 1 }, () => new Array<boolean>(text.length + 1).fill(false));
  can[0]![0] = true;
  for (let i = 1; i <= pattern.length; i++) {
    const p = pattern[i - 1];
    for (let j = 0; j <= text.length; j++) {
      can[i]![j] = p === "*" ? can[i - 1]![j]! || (j > 0 && can[i]![j - 1]!) : j > 0 && can[i - 1]![j - 1]! && p === text[j - 1];
    }
  }
  return can[pattern.length]![text.length]!;
}

describe("glob: * wildcards in tag values and names", () => {
  const hostile = `${"e*".repeat(10)}x`;
  const es = "e".repeat(64);

  it("answers a pattern that backtracks exponentially as a regular expression (e*e*...e*x against 64 e's)", () => {
    assert.equal(matchesGlob(hostile, es), false);
    assert.equal(matchesGlob(hostile, `${es}x`), true);
  });

  it("the simulator's scope and the stack's names use it: the same pattern refused through both", () => {
    const parsed = parseMetricExpression(`sum:m{plan:${hostile}}`);
    assert.ok(parsed.ok && parsed.expr.kind === "metric");
    assert.equal(matchesScope(parsed.expr, [`plan:${es}`]), false);
    assert.equal(matchesScope(parsed.expr, [`plan:${es}x`]), true);
    assert.equal(matchesName(`martech-${hostile}`, `martech-${es}`), false);
  });

  const rows: [string, string, boolean][] = [
    ["abc", "abc", true],
    ["abc", "abcd", false],
    ["", "", true],
    ["*", "", true],
    ["*", "anything", true],
    ["a*", "a", true],
    ["*a", "ba", true],
    ["*a", "ab", false],
    ["a*a", "a", false], // first and last pieces may not share the one character
    ["a*a", "aa", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["a*b*b", "ab", false], // the middle b has no room before the last
    ["a*b*b", "abab", true],
    ["a*b*b", "abb", true],
    ["**", "x", true],
    ["martech-prod-webhook-*", "martech-prod-webhook-ingress", true],
    ["martech-prod-webhook-*", "martech-prod-webhooks", false],
    ["web.*", "webhook", false], // `.` is a character, not a regular-expression wildcard
  ];
  for (const [pattern, text, expected] of rows) {
    it(`${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(text)}`, () => {
      assert.equal(matchesGlob(pattern, text), expected);
      assert.equal(reference(pattern, text), expected, "the reference agrees with the table");
    });
  }

  it("agrees with the reference on small patterns and texts", () => {
    const pattern = fc.string({ unit: fc.constantFrom("a", "b", "*"), maxLength: 8 });
    const text = fc.string({ unit: fc.constantFrom("a", "b"), maxLength: 10 });
    fc.assert(
      fc.property(pattern, text, (p, t) => matchesGlob(p, t) === reference(p, t)),
      { seed: 13, numRuns: 2000 },
    );
  });
});
