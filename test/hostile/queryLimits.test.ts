/**
 * Hostile metric queries (they arrive in pull requests): a query that would select everything
 * once scoped to an environment, and an arithmetic chain long enough to overflow the stack of the
 * checks that walk its tree. Each must be refused with its position, never crash check.
 */
import { strict as assert } from "node:assert";
import { parseMetricExpression } from "../../compiler/query/parse";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { loadFixture, replaceOnce, validateFixture } from "../support/fixture";

const refused = (text: string) => {
  const parsed = parseMetricExpression(text);
  assert.equal(parsed.ok, false, `${text.slice(0, 60)} should be refused`);
  return parsed.ok ? undefined : { offset: parsed.error.offset, message: parsed.error.message };
};

describe("hostile input: metric queries", () => {
  it("refuses * under NOT at the *, as it refuses !*: scoped to an environment it would select every source", () => {
    assert.deepEqual(refused("sum:x{NOT *}"), { offset: 10, message: "NOT * would exclude every source" });
    assert.deepEqual(refused("sum:x{NOT (a OR *)}"), { offset: 16, message: "NOT * would exclude every source" });
    assert.deepEqual(refused("sum:x{a AND NOT NOT *}"), { offset: 20, message: "NOT * would exclude every source" });
    // * itself, and NOT over other tags, stay valid.
    assert.equal(parseMetricExpression("sum:x{*}").ok, true);
    assert.equal(parseMetricExpression("sum:x{NOT a AND b}").ok, true);
  });

  it("takes 256 arithmetic operators and refuses the 257th at its position", () => {
    const chain = (n: number, op: string) => ["sum:x{*}", ...Array.from({ length: n }, () => "1")].join(` ${op} `);
    for (const op of ["+", "-", "*", "/"]) {
      assert.equal(parseMetricExpression(chain(256, op)).ok, true, op);
      const text = chain(257, op);
      assert.deepEqual(refused(text), { offset: text.lastIndexOf(op), message: "this query has more than 256 arithmetic operators; split it or simplify it" });
    }
  });

  it("a 30,000-term chain in an SLI is a positioned check error, not a stack overflow", () => {
    const fixture = loadFixture();
    const file = "inventory/integrations/integration-0001.yaml";
    const text = fixture.files.get(file)!;
    const good = /good: (.+)\n/.exec(text)!;
    fixture.files.set(file, replaceOnce(text, good[0], `good: ${good[1]}${" + 1".repeat(30_000)}\n`));
    const result = validateFixture(fixture);
    const lines = result.diagnostics.filter((d) => d.rule === "query-syntax").map(formatDiagnostic);
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0]!, /integration-0001\.yaml:\d+:\d+: error: .*more than 256 arithmetic operators/);
  });
});
