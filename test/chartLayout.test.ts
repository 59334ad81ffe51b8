/**
 * The report's charts read cleanly: every `<text>` of the SVG, measured from the SVG alone
 * (test/support/svgTextBoxes.ts), meets no other and stays on the canvas, for the committed
 * charts (golden files and README pictures), a synthetic worst case (long names, 0% and 100%,
 * no data, many SLOs) and generated reports; and every status is said in a symbol and a word,
 * not only in colour. Also the text measuring and fitting the layout rests on.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { IntegrationSection, QuarterRow, QuarterSummary, Report, SloRow } from "../ops/report/build";
import { weekChart } from "../ops/report/chart";
import { quarterChart } from "../ops/report/quarterChart";
import { truncate, wrap } from "../compiler/svg/fitText";
import { esc } from "../compiler/svg/svgText";
import { textWidth } from "../compiler/svg/textWidth";
import { layoutProblems, svgLayout } from "./support/svgTextBoxes";
import { REPO } from "./support/runCli";

const LONG_INTEGRATION = "server-side-conversions-from-the-checkout-service-to-every-ads-platform-we-buy-media-on";
const LONG_SLO = "purchase-events-accepted-by-the-ads-platform-within-ten-minutes-of-the-order-being-paid";
const NOT_FOUND = `not found in Datadog (no SLO tagged integration:${LONG_INTEGRATION}, slo:${LONG_SLO}, env:prod)`;

function slo(over: Partial<SloRow> = {}): SloRow {
  return { slo: "accepted", objective: 99.9, window: "30d", attainment: 99.95, consumed: 10, remaining: 50, burn: 0.5, previousBurn: 0.5, trend: "steady", ...over };
}

function integration(rank: number, id: string, slos: SloRow[]): IntegrationSection {
  return { id, name: id, rank, usdPerHour: 1000, slos };
}

const EMPTY_PAGES = { rotations: [], unmapped: [] };

/** Everything that ran into something else before, at once, and more of it. */
function worstCaseReport(): Report {
  const integrations = [
    integration(1, LONG_INTEGRATION, [
      slo({ slo: LONG_SLO, objective: 99.999, attainment: 0, remaining: -500 }),
      slo({ slo: "delivered-within-60s", objective: 99, attainment: 100, remaining: 100 }),
      slo({ slo: `${LONG_SLO}-again`, attainment: null, missing: NOT_FOUND, remaining: null }),
      slo({ slo: "no-data-this-week", attainment: null, missing: "no data in Datadog this week", remaining: 32 }),
      slo({ slo: "exactly-on-objective", objective: 99.99999, attainment: 99.99999, remaining: 0 }),
      slo({ slo: "overspent-last-window", attainment: 99.123, remaining: -0.1 }),
    ]),
    integration(2, "no-slo-at-all", []),
    ...Array.from({ length: 18 }, (_, k) =>
      integration(
        k + 3,
        `integration-${String(k + 3).padStart(4, "0")}`,
        [0, 1, 2].map((j) => slo({ slo: ["accepted", "delivered-within-5m", "lead-complete-in-salesforce"][j], attainment: 95 + ((k * 3 + j) % 5), remaining: 100 - ((k * 7 + j * 13) % 140) })),
      ),
    ),
  ];
  return { week: "2026-W53", from: "2026-12-28", to: "2027-01-04", environment: "prod", integrations, pages: EMPTY_PAGES, gaps: [] };
}

function quarterRow(over: Partial<QuarterRow>): QuarterRow {
  return { integration: "integration-0001", slo: "accepted", objective: 99.9, window: "30d", weekly: [], worst: null, consumed: null, weeksWithoutData: 0, ...over };
}

const WEEKS = Array.from({ length: 13 }, (_, i) => `2026-W${String(41 + i).padStart(2, "0")}`);

function worstCaseQuarter(): QuarterSummary {
  const rows = [
    quarterRow({ integration: LONG_INTEGRATION, slo: LONG_SLO, weekly: WEEKS.map((_, i) => (i % 2 ? 0 : 100)), worst: { week: WEEKS[1]!, attainment: 0 } }),
    quarterRow({ integration: LONG_INTEGRATION, slo: `${LONG_SLO}-again`, missing: NOT_FOUND, weekly: WEEKS.map(() => null) }),
    quarterRow({ slo: "one-week-only", weekly: WEEKS.map((_, i) => (i === 6 ? 99.95 : null)), worst: { week: WEEKS[6]!, attainment: 99.95 } }),
    quarterRow({ slo: "flat-at-objective", objective: 99.99999, weekly: WEEKS.map(() => 99.99999), worst: { week: WEEKS[0]!, attainment: 99.99999 } }),
    ...Array.from({ length: 30 }, (_, k) => quarterRow({ integration: `integration-${k}`, weekly: WEEKS.map((_, i) => 99.5 + ((k + i) % 6) / 10), worst: { week: WEEKS[0]!, attainment: 99.5 } })),
  ];
  return { weeks: WEEKS, rows, pages: EMPTY_PAGES };
}

const assertClean = (svg: string, what: string) => assert.deepEqual(layoutProblems(svg), [], `${what}: texts meet or leave the canvas`);

/** Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets), each its own string: lone surrogates must not pair up. */
const NOT_XML_CHARS = ["\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u000e", "\u001b", "\u001f", "\ufffe", "\uffff", "\ud800", "\udbff", "\udc00", "\udfff"];
const assertXmlChars = (svg: string) => assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/u, "a character XML 1.0 forbids");

describe("charts: no text meets another or leaves the canvas", () => {
  const committed = [
    ...["week", "quarter"].flatMap((kind) => readdirSync(join(REPO, "test", "golden", "report", kind)).filter((f) => f.endsWith(".svg")).map((f) => join("test", "golden", "report", kind, f))),
    ...readdirSync(join(REPO, "docs", "images")).filter((f) => f.endsWith(".svg")).map((f) => join("docs", "images", f)),
  ];
  for (const file of committed) it(`${file} (committed)`, () => assertClean(readFileSync(join(REPO, file), "utf8"), file));

  it("the week's chart, worst case: long names, 0% and 100%, no data, a long note, 20 integrations", () => {
    const svg = weekChart(worstCaseReport());
    assertClean(svg, "week");
    const texts = svgLayout(svg).texts.map((t) => t.text);
    assert.ok(texts.some((t) => t.startsWith("purchase-events-") && t.endsWith("\u2026")), "a long SLO name is cut with an ellipsis");
    assert.ok(texts.includes("0%") && texts.includes("100%"));
    assert.ok(texts.some((t) => t.startsWith("not found in Datadog")), "the note is shown, wrapped");
  });

  it("the quarter's chart, worst case", () => {
    assertClean(quarterChart(worstCaseQuarter(), `Weekly SLO attainment, ${WEEKS[0]} to ${WEEKS[12]}, for a title long enough to need a second line on any canvas`), "quarter");
  });

  it("any report: generated names, notes and values (fast-check)", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,90}$/);
    // With characters XML 1.0 forbids (notes come from Datadog's responses): each SVG must stay a readable document.
    const note = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789 :,-()<&>\"'/%|\u00e9\u4e2d", ...NOT_XML_CHARS), maxLength: 200 });
    const percent = fc.double({ min: 0, max: 100, noNaN: true });
    const row = fc.record({ slo: name, objective: fc.double({ min: 50, max: 99.999, noNaN: true }), attainment: fc.option(percent, { nil: null }), remaining: fc.option(fc.double({ min: -5000, max: 100, noNaN: true }), { nil: null }), missing: fc.option(note, { nil: undefined }) });
    const section = fc.record({ id: name, slos: fc.array(row, { maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 8 }), (sections) => {
        const integrations = sections.map((s, k) => integration(k + 1, s.id, s.slos.map(({ missing, ...r }) => slo({ ...r, ...(missing === undefined ? {} : { missing }) }))));
        const week = weekChart({ week: "2026-W47", from: "", to: "", environment: "prod", integrations, pages: EMPTY_PAGES, gaps: [] });
        assertClean(week, "week");
        assertXmlChars(week);
        const rows = integrations.flatMap((i) => i.slos.map((s) => quarterRow({ integration: i.id, slo: s.slo, objective: s.objective, weekly: WEEKS.map((_, w) => (w % 3 ? s.attainment : null)), ...(s.missing ? { missing: s.missing } : {}) })));
        const quarter = quarterChart({ weeks: WEEKS, rows, pages: EMPTY_PAGES }, "quarter");
        assertClean(quarter, "quarter");
        assertXmlChars(quarter);
      }),
      { seed: 15, numRuns: 40 },
    );
  });
});

describe("charts: status in a symbol and a word, not only in colour", () => {
  it("the week's chart says ✓ met, ✗ missed or – no data for every SLO, in order, and the budget's state beside it", () => {
    const report = worstCaseReport();
    const texts = svgLayout(weekChart(report)).texts.map((t) => t.text);
    const rows: (SloRow | null)[] = report.integrations.flatMap((i): (SloRow | null)[] => (i.slos.length ? [...i.slos] : [null]));
    const expected = rows.map((s) => (s === null || s.attainment === null ? "\u2013 no data" : s.attainment >= s.objective ? "\u2713 met" : "\u2717 missed"));
    // In document order: each row's status, then "– no data" again in the budget column when that is unknown too.
    assert.deepEqual(
      texts.filter((t) => ["\u2713 met", "\u2717 missed", "\u2013 no data"].includes(t)),
      rows.flatMap((s, n) => (s === null || s.remaining === null ? [expected[n]!, "\u2013 no data"] : [expected[n]!])),
    );
    const budgets = texts.filter((t) => /^[\u2713\u2717] -?[\d.]+% (left|exhausted)$/.test(t));
    assert.deepEqual(
      budgets,
      rows.flatMap((s) => (s && s.remaining !== null ? [s.remaining > 0 ? `\u2713 ${Number(s.remaining.toFixed(1))}% left` : `\u2717 ${Number(s.remaining.toFixed(1))}% exhausted`] : [])),
    );
    assert.deepEqual(expected.slice(0, 6), ["\u2717 missed", "\u2713 met", "\u2013 no data", "\u2013 no data", "\u2713 met", "\u2717 missed"], "0% missed, 100% met, on the objective met");
  });

  it("the week's legend names each status's symbol, word and colour", () => {
    const legend = svgLayout(weekChart(worstCaseReport())).texts.map((t) => t.text).join(" ");
    for (const words of ["\u2713 met", "\u2717 missed", "\u2013 no data", "\u2713 left", "\u2717 exhausted", "green", "red"]) assert.ok(legend.includes(words), words);
  });

  it("the quarter's chart counts the weeks missed in words, and marks them with a cross", () => {
    const svg = quarterChart(worstCaseQuarter(), "q");
    const texts = svgLayout(svg).texts.map((t) => t.text);
    assert.deepEqual(texts.filter((t) => /^[\u2713\u2717\u2013] /.test(t)).slice(0, 4), ["\u2717 missed 6 weeks", "\u2013 no data", "\u2713 met every week", "\u2713 met every week"]);
    assert.equal((svg.match(/<path d="M/g) ?? []).length, 6 + 30 * 13 - worstCaseQuarter().rows.slice(4).reduce((n, row) => n + row.weekly.filter((v) => v !== null && v >= 99.9).length, 0));
    assert.ok(texts.join(" ").includes("\u2717 red cross: a week under the objective"));
  });
});

describe("charts: the layout checker", () => {
  const svg = (texts: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="980" height="528" viewBox="0 0 980 528" font-size="12">${texts}</svg>`;
  it("finds the overlaps of the chart as it was before issue 15 (headers and a note running into their neighbours)", () => {
    const before = svg(
      [
        `<text x="330" y="44" font-weight="bold">Attainment this week (axis 98% to 100%, | objective)</text>`,
        `<text x="630" y="44" font-weight="bold">Error budget remaining (window)</text>`,
        `<text x="336" y="437" fill="#8c959f">not found in Datadog (no SLO tagged integration:integration-0003, slo:accepted, env:prod)</text>`,
        `<text x="636" y="437" fill="#8c959f">no data</text>`,
      ].join("\n"),
    );
    assert.deepEqual(
      layoutProblems(before).map((p) => p.replace(/ at .*? overlaps /, " overlaps ").replace(/ at .*$/, "")),
      ['"Attainment this week (axis 98% to 100%, | objective)" overlaps "Error budget remaining (window)"', '"not found in Datadog (no SLO tagged integration:integration-0003, slo:accepted, env:prod)" overlaps "no data"'],
    );
  });

  it("finds a text leaving the canvas, with anchors and inherited sizes", () => {
    assert.match(layoutProblems(svg(`<text x="975" y="20">wide</text>`))[0]!, /leaves the 980x528 canvas/);
    assert.match(layoutProblems(svg(`<text x="5" y="20" text-anchor="middle">wide</text>`))[0]!, /leaves/);
    assert.match(layoutProblems(svg(`<text x="10" y="5" font-size="40">tall</text>`))[0]!, /leaves/);
    assert.deepEqual(layoutProblems(svg(`<text x="970" y="20" text-anchor="end">fits</text><text x="10" y="20">also</text>`)), []);
  });

  it("escapes the XML specials and shows characters XML forbids as U+FFFD, one for one, so widths stay as measured", () => {
    assert.equal(esc(`<a href="x">&'</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    for (const ch of NOT_XML_CHARS) assert.equal(esc(`a${ch}b`), "a\ufffdb", JSON.stringify(ch));
    assert.equal(esc("tab\tline\ncr\r \ud83d\ude00 \u00e9"), "tab\tline\ncr\r \ud83d\ude00 \u00e9", "allowed: tab, line breaks, a surrogate pair");
    assert.equal(esc("\ud83d\ud83d\ude00"), "\ufffd\ud83d\ude00", "a high surrogate before a pair is lone");
    for (const ch of NOT_XML_CHARS) assert.equal(textWidth(ch, { size: 12 }), textWidth("\ufffd", { size: 12 }), JSON.stringify(ch));
  });

  it("refuses markup it would measure wrongly", () => {
    assert.throws(() => svgLayout(svg(`<text x="1" y="20"><tspan>a</tspan></text>`)), /tspan/);
    assert.throws(() => svgLayout(svg(`<text x="1" y="20" transform="rotate(90)">a</text>`)), /transform/);
  });
});

describe("text widths and fitting", () => {
  // Helvetica.afm and Helvetica-Bold.afm (Adobe Core 14), WX of U+0020..U+007E: the table may be wider, never narrower.
  const HELVETICA = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ];
  const HELVETICA_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
  ];
  it("is at least Helvetica's advance width for every ASCII character, regular and bold", () => {
    for (let i = 0; i < 95; i++) {
      const ch = String.fromCharCode(0x20 + i);
      assert.ok(textWidth(ch, { size: 1000 }) >= HELVETICA[i]!, ch);
      assert.ok(textWidth(ch, { size: 1000, bold: true }) >= HELVETICA_BOLD[i]!, `${ch} bold`);
    }
  });

  it("scales with the size, adds up, and counts an unknown character one em", () => {
    assert.equal(textWidth("", { size: 12 }), 0);
    assert.equal(textWidth("ab", { size: 10 }), textWidth("a", { size: 10 }) + textWidth("b", { size: 10 }));
    assert.equal(textWidth("m", { size: 24 }), 2 * textWidth("m", { size: 12 }));
    assert.equal(textWidth("\u4e2d", { size: 12 }), 12);
    assert.equal(textWidth("\ud83d\ude00", { size: 12 }), 12, "an astral character is one character");
  });

  it("cuts with an ellipsis only when needed, and never beyond the width", () => {
    const font = { size: 12 };
    assert.equal(truncate("accepted", 200, font), "accepted");
    const cut = truncate(LONG_SLO, 100, font);
    assert.ok(cut.endsWith("\u2026") && textWidth(cut, font) <= 100 && LONG_SLO.startsWith(cut.slice(0, -1)), cut);
    assert.equal(truncate("abc", 1, font), "");
  });

  it("wraps at spaces, cuts a word wider than the line, and ends a cut-short last line with an ellipsis", () => {
    const font = { size: 12 };
    for (const width of [40, 90, 200]) {
      const lines = wrap(NOT_FOUND, width, font);
      assert.ok(lines.every((l) => textWidth(l, font) <= width + 1e-6), `${width}: ${JSON.stringify(lines)}`);
      assert.equal(lines.join("").replace(/\s/g, ""), NOT_FOUND.replace(/\s/g, ""), "nothing lost");
    }
    const two = wrap(NOT_FOUND, 200, font, 2);
    assert.equal(two.length, 2);
    assert.ok(two[1]!.endsWith("\u2026") && textWidth(two[1]!, font) <= 200);
    assert.deepEqual(wrap("  ", 100, font), []);
  });
});
