/**
 * README's picture of the PR comment is drawn from markdown by tools/pictures/commentSvg.ts:
 * what a reader sees on GitHub (no markup, collapsed details, alert titles, tables), laid out
 * with measured widths so that no two texts meet and none leaves the canvas, whatever the text
 * (test/support/svgTextBoxes.ts reads the boxes back from the SVG alone).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { codeSpan, inlineText } from "../compiler/plan/markdown";
import { commentSvg } from "../tools/pictures/commentSvg";
import { layoutProblems, svgLayout } from "./support/svgTextBoxes";

const FRAME = { title: "a comment", author: "github-actions", action: "bot commented" };
const draw = (md: string) => commentSvg(md, FRAME);
/** Every text drawn, in document order, after the comment's header. */
const texts = (md: string) => svgLayout(draw(md)).texts.slice(2);
const words = (md: string) => texts(md).map((t) => t.text);

function assertClean(svg: string, what: string) {
  assert.deepEqual(layoutProblems(svg), [], what);
}

describe("PR comment picture: markdown drawn as GitHub shows it", () => {
  it("draws the text without its markup: bold and code spans as styles, escapes undone, the hidden marker not at all", () => {
    const md = "<!-- martech-plan -->\n**Plan:** ✅ valid · **Gate:** ❌ blocked\n\n### Changes against `main`\n\n- \\[web\\] objective 99.9 → 99.5 \\<b\\> &amp;\n";
    const drawn = texts(md);
    assert.deepEqual(
      drawn.map((t) => [t.text, !!t.font.bold]),
      [
        ["Plan:", true],
        ["✅ valid ·", false],
        ["Gate:", true],
        ["❌ blocked", false],
        ["Changes against", true],
        ["main", true],
        ["[web] objective 99.9 → 99.5 <b> &", false],
      ],
    );
    assert.equal(drawn[4]!.font.size, 17.5, "a level-3 heading is 1.25em");
    assert.ok(!draw(md).includes("martech-plan"), "the HTML comment is hidden, as on GitHub");
  });

  it("shades code spans, and gives a segment that another follows on its line its measured width", () => {
    const svg = draw(`the base ${codeSpan("main")} is read`);
    assert.match(svg, /<rect [^>]*fill="#eff1f3"\/>\n<text textLength="[\d.]+" x="[\d.]+" y="[\d.]+" fill="#1f2328">main<\/text>/);
    assert.match(svg, /<text x="[\d.]+" y="[\d.]+" fill="#1f2328">is read<\/text>/, "the line's last segment keeps its natural width");
  });

  it("shows a <details> collapsed: its summary after a triangle, entities decoded, what it holds not drawn", () => {
    const md = "<details><summary><code>#1</code> web-leads ($5,900/h &amp; more): 3 resources</summary>\n\n**monitors**\n\n- hidden line\n\n</details>\n\nafter\n";
    assert.deepEqual(words(md), ["#1", "web-leads ($5,900/h & more): 3 resources", "after"]);
    assert.equal((draw(md).match(/<polygon /g) ?? []).length, 1);
  });

  it("shows an open <details> with what it holds", () => {
    assert.deepEqual(words("<details open><summary>the plan</summary>\n\n- shown line\n\n</details>\n"), ["the plan", "shown line"]);
  });

  it("turns a GitHub alert's [!WARNING] into its title, in the alert's colour", () => {
    const drawn = texts("> [!WARNING]\n> **The base main could not be read.** The error:\n>\n> inventory/a.yaml:8:8: error: owner \\[unknown-reference\\]\n");
    assert.deepEqual(drawn.map((t) => t.text), ["Warning", "The base main could not be read.", "The error:", "inventory/a.yaml:8:8: error: owner [unknown-reference]"]);
    assert.equal(drawn[0]!.fill, "#9a6700");
  });

  it("draws a table with a bold header, right-aligned cells anchored at their end, and wraps a wide column inside the comment", () => {
    const long = "unknown (does not block): Datadog has no data for it over the last 30d ".repeat(4).trim();
    const md = `| integration | status | budget remaining |\n| --- | --- | ---: |\n| web-lead-form-to-crm | ${long} | 42.02% |\n`;
    const drawn = texts(md);
    assert.ok(drawn.filter((t) => ["integration", "status", "budget remaining"].includes(t.text)).every((t) => t.font.bold));
    const cell = drawn.find((t) => t.text === "42.02%")!;
    assert.equal(cell.anchor, "end");
    assert.ok(drawn.filter((t) => long.includes(t.text)).length > 2, "the long cell wraps");
    assertClean(draw(md), "table");
    // Words too wide for any column layout: the columns share the comment, the words are cut.
    assertClean(draw(`| a | b |\n| --- | --- |\n| ${"y".repeat(120)} | ${"z".repeat(90)} |\n`), "unbreakable cells");
  });

  it("cuts a word wider than the comment across lines, and breaks long ids after a hyphen", () => {
    const word = "x".repeat(400);
    const ids = `see ${"server-side-conversions-to-ads-".repeat(12)}end`;
    const md = `${word}\n\n${ids}`;
    const drawn = words(md);
    const cut = drawn.filter((t) => /^x+$/.test(t));
    assert.ok(cut.length > 1 && cut.join("") === word, "the word, cut, on lines of its own");
    const wrapped = drawn.slice(cut.length);
    assert.ok(wrapped.length > 1 && wrapped.join("") === ids, wrapped.join(" | "));
    assert.ok(wrapped.slice(0, -1).every((line) => line.endsWith("-")), "each line ends after a hyphen");
    assertClean(draw(md), "long words");
  });

  it("any comment: generated prose, code spans, lists, tables and details keep their texts apart and on the canvas (fast-check)", () => {
    const prose = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789 :,-()<&>\"'/%|*_`[]#@\u00e9\u2192\u2026\u2705\u26a0\ufe0f"), maxLength: 160 });
    const inline = fc.array(fc.oneof(prose.map(inlineText), prose.map((s) => `**${inlineText(s)}**`), prose.filter((s) => s.trim() !== "").map(codeSpan)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(" "));
    const list = fc.array(fc.tuple(inline, fc.array(inline, { maxLength: 3 })), { minLength: 1, maxLength: 4 }).map((items) => items.map(([item, nested]) => [`- ${item}`, ...nested.map((n) => `  - ${n}`)].join("\n")).join("\n"));
    const table = fc.array(fc.tuple(inline, inline, inline), { minLength: 1, maxLength: 4 }).map((rows) => ["| a | b | c |", "| --- | --- | ---: |", ...rows.map((row) => `| ${row.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`)].join("\n"));
    const block = fc.oneof(inline, inline.map((s) => `### ${s}`), list, table, inline.map((s) => `> [!NOTE]\n> ${s}`), prose.map((s) => `<details><summary>${s.replace(/[<&>]/g, "")}</summary>\n\n- x\n\n</details>`));
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        assertClean(draw(blocks.join("\n\n")), blocks.join("\n\n"));
      }),
      { seed: 15, numRuns: 60 },
    );
  });
});
