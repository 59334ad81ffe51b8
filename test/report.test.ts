/**
 * The weekly report's pure half: ISO week arithmetic, pages per rotation, coverage gaps,
 * burn trends, ordering by revenue, and golden files of the rendering (data -> markdown and
 * SVG) in test/golden/report/. After an intended change to the rendering, rewrite them with
 *   UPDATE_GOLDEN=1 npx mocha test/report.test.ts
 * and review their diff.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../compiler/diagnostics";
import type { Inventory } from "../compiler/model";
import { tableCell } from "../compiler/plan/markdown";
import type { SloHistory } from "../ops/datadog/types";
import type { PagerDutyIncident } from "../ops/pagerduty/types";
import { buildReport, trend } from "../ops/report/build";
import { esc } from "../ops/report/chart";
import type { Collected } from "../ops/report/collect";
import { coverageGaps } from "../ops/report/coverage";
import { addWeeks, formatIsoWeek, isoWeekOf, parseIsoWeek, weekEnd, weeksEndingWith, weeksInYear, weekStart } from "../ops/report/isoWeek";
import { pagesPerRotation } from "../ops/report/pages";
import { renderFiles } from "../ops/report/report";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";
import { REPO } from "./support/runCli";

const GOLDEN = join(REPO, "test", "golden", "report");
const iso = (d: Date) => d.toISOString();

describe("report: ISO weeks", () => {
  const ROWS: [week: string, monday: string][] = [
    ["2026-W47", "2026-11-16"],
    ["2026-W01", "2025-12-29"], // week 1 starts in the previous calendar year
    ["2021-W01", "2021-01-04"], // ...or after New Year's Day
    ["2020-W53", "2020-12-28"], // 2020: leap year starting on a Wednesday, 53 weeks
    ["2026-W53", "2026-12-28"], // 2026 starts on a Thursday, 53 weeks
    ["2015-W53", "2015-12-28"],
    ["2024-W52", "2024-12-23"],
  ];
  for (const [week, monday] of ROWS) {
    it(`${week} runs from Monday ${monday} 00:00 UTC to the next Monday`, () => {
      const w = parseIsoWeek(week);
      assert.equal(iso(weekStart(w)), `${monday}T00:00:00.000Z`);
      assert.equal(weekEnd(w).getTime() - weekStart(w).getTime(), 7 * 86_400_000);
      assert.equal(formatIsoWeek(isoWeekOf(weekStart(w))), week);
      assert.equal(formatIsoWeek(isoWeekOf(new Date(weekEnd(w).getTime() - 1))), week, "Sunday 23:59:59.999 is still in the week");
    });
  }

  it("counts 52 and 53-week years", () => {
    assert.deepEqual([2015, 2019, 2020, 2021, 2024, 2025, 2026, 2027, 2032].map(weeksInYear), [53, 52, 53, 52, 52, 52, 53, 52, 53]);
  });

  it("finds the week of dates around New Year", () => {
    assert.equal(formatIsoWeek(isoWeekOf(new Date("2025-12-29T00:00:00Z"))), "2026-W01");
    assert.equal(formatIsoWeek(isoWeekOf(new Date("2021-01-03T23:59:59Z"))), "2020-W53");
    assert.equal(formatIsoWeek(isoWeekOf(new Date("2027-01-03T12:00:00Z"))), "2026-W53");
    assert.equal(formatIsoWeek(isoWeekOf(new Date("2027-01-04T00:00:00Z"))), "2027-W01");
  });

  it("steps across year ends, 53-week years included", () => {
    assert.equal(formatIsoWeek(addWeeks(parseIsoWeek("2021-W01"), -1)), "2020-W53");
    assert.equal(formatIsoWeek(addWeeks(parseIsoWeek("2026-W53"), 1)), "2027-W01");
    assert.equal(formatIsoWeek(addWeeks(parseIsoWeek("2025-W52"), 1)), "2026-W01");
    assert.deepEqual(weeksEndingWith(parseIsoWeek("2027-W02"), 13).map(formatIsoWeek).slice(8), ["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
  });

  it("rejects weeks that do not exist, in one sentence", () => {
    assert.throws(() => parseIsoWeek("2027-W53"), /^Error: week "2027-W53" does not exist: 2027 has weeks W01 to W52$/);
    assert.throws(() => parseIsoWeek("2026-W00"), /does not exist/);
    assert.throws(() => parseIsoWeek("2026-47"), /^Error: week "2026-47" is not an ISO week such as 2026-W47$/);
    assert.throws(() => parseIsoWeek("2026-W7"), /is not an ISO week/);
  });
});

/** The valid fixture: six integrations whose files are not in revenue order. */
function fixture(edit?: (files: Map<string, string>, runbooks: Map<string, string>) => void): { inventory: Inventory; diagnostics: readonly Diagnostic[] } {
  const f = loadFixture();
  edit?.(f.files, f.runbooks);
  const result = validateFixture(f);
  assert.ok(result.inventory, result.diagnostics.map((d) => d.message).join("; "));
  return { inventory: result.inventory, diagnostics: result.diagnostics };
}
const W47 = parseIsoWeek("2026-W47");
const REVENUE_ORDER = ["integration-0005", "integration-0001", "integration-0006", "integration-0002", "integration-0003", "integration-0004"];

function incident(id: string, createdAt: string, serviceName: string, urgency = "high"): PagerDutyIncident {
  return { id, title: id, createdAt, urgency, serviceId: `S${id}`, serviceName, escalationPolicyId: "EP", escalationPolicyName: "whatever escalation" };
}

describe("report: pages per rotation", () => {
  const { inventory } = fixture();
  it("maps incidents to rotations by the integration's service name, per week, and keeps others apart", () => {
    const weeks = [addWeeks(W47, -1), W47];
    const p = pagesPerRotation(
      inventory,
      [
        incident("a", "2026-11-16T00:00:00Z", "[martech] Synthetic integration 5"),
        incident("b", "2026-11-22T23:59:59Z", "[martech] Synthetic integration 1", "low"),
        incident("c", "2026-11-10T08:00:00Z", "[martech] Synthetic integration 6"),
        incident("d", "2026-11-23T00:00:00Z", "[martech] Synthetic integration 6"), // the next week: not counted
        incident("e", "2026-11-18T00:00:00Z", "[other] CMS"),
        incident("f", "2026-11-19T00:00:00Z", "[martech] Synthetic integration 5"),
      ],
      weeks,
    );
    assert.deepEqual(p.rotations, [
      { rotation: "growth-engineering-primary", name: "growth-engineering primary", pages: 1, highUrgency: 1, perWeek: [1, 0], byIntegration: [{ integration: "integration-0006", pages: 1 }] },
      {
        rotation: "revenue-operations-primary",
        name: "revenue-operations primary",
        pages: 3,
        highUrgency: 2,
        perWeek: [0, 3],
        byIntegration: [
          { integration: "integration-0005", pages: 2 },
          { integration: "integration-0001", pages: 1 },
        ],
      },
    ]);
    assert.deepEqual(p.unmapped, [{ service: "[other] CMS", pages: 1 }]);
  });
});

/** integration-0004 (#6 by revenue, so still valid) with both SLOs retired and an empty runbook section. */
const withGaps = () =>
  fixture((files, runbooks) => {
    const INT4 = "inventory/integrations/integration-0004.yaml";
    let text = files.get(INT4)!;
    text = replaceOnce(text, "    objective: 99.5\n", "    objective: 99.5\n    retired: { reason: moved }\n");
    text = replaceOnce(text, "    objective: 99.9\n", "    objective: 99.9\n    retired: { reason: moved }\n");
    files.set(INT4, text);
    const rb = runbooks.get("integration-0004.md")!;
    const diagnosis = rb.slice(rb.indexOf("## Diagnosis\n") + "## Diagnosis\n".length, rb.indexOf("## Who may mitigate"));
    runbooks.set("integration-0004.md", replaceOnce(rb, `## Diagnosis\n${diagnosis}`, "## Diagnosis\n\n"));
  });

describe("report: coverage gaps", () => {
  it("flags an integration without a live SLO and a runbook the validator finds incomplete", () => {
    const { inventory, diagnostics } = withGaps();
    assert.deepEqual(coverageGaps(inventory, diagnostics, "runbooks"), [
      { integration: "integration-0004", name: "Synthetic integration 4", problems: ["no SLO", 'runbook integration-0004.md: section "Diagnosis" is empty [runbook-section-empty]'] },
    ]);
  });

  it("reports nothing when every integration is covered", () => {
    const { inventory, diagnostics } = fixture();
    assert.deepEqual(coverageGaps(inventory, diagnostics, "runbooks"), []);
  });
});

describe("markdown table cells (report, budget gate, postmortem)", () => {
  const ROWS: [string, string][] = [
    ["Website | CMS", "Website \\| CMS"],
    ["two\n  lines", "two lines"],
    ["  padded\r\n", "padded"],
    ["`code` and *emphasis* stay markdown", "`code` and *emphasis* stay markdown"],
  ];
  for (const [text, expected] of ROWS) it(JSON.stringify(text), () => assert.equal(tableCell(text), expected));
});

describe("report: burn trend", () => {
  const ROWS: [number | null, number | null, string][] = [
    [2, 1, "faster"],
    [1, 2, "slower"],
    [1.2, 1, "steady"],
    [0.8, 1, "steady"],
    [0.01, 0, "steady"],
    [0.5, 0, "faster"],
    [null, 1, "unknown"],
    [1, null, "unknown"],
  ];
  for (const [burn, previous, expected] of ROWS) it(`${burn} after ${previous} is ${expected}`, () => assert.equal(trend(burn, previous), expected));
});

/**
 * Deterministic collected data for the golden report: SLI from a formula per SLO and week,
 * with the cases the report must show: a missing SLO, a week without data, an exhausted budget.
 */
function goldenCollected(inventory: Inventory, weeks: number): Collected {
  const slos = inventory.integrations.flatMap((integration, k) =>
    integration.slos.map((slo, j) => {
      if (integration.id === "integration-0003" && slo.id === "accepted") return { integration: integration.id, slo: slo.id, problem: "not found in Datadog (no SLO tagged integration:integration-0003, slo:accepted, env:prod)", weeks: [] };
      const history = (n: number): SloHistory => {
        if (integration.id === "integration-0003" && slo.id === "delivered-within-60s" && n === weeks - 1) return { sliValue: null, errorBudgetRemaining: null };
        const burn = ((k * 7 + n * 3 + j * 5) % 13) / 10;
        return { sliValue: 100 - (100 - slo.objective) * burn, errorBudgetRemaining: null };
      };
      const remaining = integration.id === "integration-0002" && slo.id === "accepted" ? -35 : 60 - k * 7;
      return { integration: integration.id, slo: slo.id, weeks: Array.from({ length: weeks }, (_, n) => history(n)), window: { sliValue: null, errorBudgetRemaining: remaining } };
    }),
  );
  const incidents = [
    incident("P1", "2026-11-16T14:00:00Z", "[martech] Synthetic integration 5"),
    incident("P2", "2026-11-18T03:00:00Z", "[martech] Synthetic integration 5", "low"),
    incident("P3", "2026-11-19T15:00:00Z", "[martech] Synthetic integration 6"),
    incident("P4", "2026-11-20T09:00:00Z", "[other] Website | CMS"),
    incident("P5", "2026-09-01T10:00:00Z", "[martech] Synthetic integration 1"),
    incident("P6", "2026-10-06T10:00:00Z", "[martech] Synthetic integration 6", "low"),
  ];
  return { slos, incidents };
}

function goldenReport(quarter: boolean) {
  // integration-0004 without SLOs: its row says so, and it is listed under coverage gaps.
  const { inventory, diagnostics } = withGaps();
  const weeks = weeksEndingWith(W47, quarter ? 13 : 2);
  const gaps = coverageGaps(inventory, diagnostics, "runbooks");
  return buildReport({ inventory, collected: goldenCollected(inventory, weeks.length), gaps, environment: "prod", weeks, quarter });
}

describe("report: rendering (golden files in test/golden/report/)", () => {
  for (const kind of ["week", "quarter"] as const) {
    it(`renders the ${kind} report byte for byte`, () => {
      const files = renderFiles(goldenReport(kind === "quarter"));
      const dir = join(GOLDEN, kind);
      if (process.env.UPDATE_GOLDEN === "1") {
        mkdirSync(dir, { recursive: true });
        for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      }
      assert.deepEqual(Object.keys(files).sort(), readdirSync(dir).sort(), "the same files");
      for (const [name, text] of Object.entries(files)) assert.equal(text, readFileSync(join(dir, name), "utf8"), `${kind}/${name} differs: run UPDATE_GOLDEN=1 npx mocha test/report.test.ts after an intended change`);
    });
  }

  it("orders integrations by revenue exposure, not by file, in the table and the chart", () => {
    const files = renderFiles(goldenReport(false));
    const md = files["2026-W47.md"];
    const svg = files["2026-W47.svg"];
    const at = (text: string, id: string) => text.indexOf(id);
    for (let i = 1; i < REVENUE_ORDER.length; i++) {
      assert.ok(at(md, `\`${REVENUE_ORDER[i - 1]}\``) < at(md, `\`${REVENUE_ORDER[i]}\``), `${REVENUE_ORDER[i - 1]} before ${REVENUE_ORDER[i]} in the markdown`);
      assert.ok(at(svg, `${i}. ${REVENUE_ORDER[i - 1]}`) < at(svg, `${i + 1}. ${REVENUE_ORDER[i]}`), "and in the chart");
    }
  });

  it("says what is missing instead of inventing numbers, and links the chart by a relative path", () => {
    const md = renderFiles(goldenReport(false))["2026-W47.md"];
    assert.ok(md.includes("![SLO attainment and error budget remaining, 2026-W47](2026-W47.svg)"));
    assert.match(md, /\| accepted \(7d\) \| not found in Datadog \(no SLO tagged integration:integration-0003, slo:accepted, env:prod\) \| 99\.9% \| no data \| no data \| no trend \|/);
    assert.ok(md.includes("| 6 | Synthetic integration 4 (`integration-0004`) | $1,776/h | no SLO | | | | | |"));
    assert.ok(md.includes("- `integration-0004` (Synthetic integration 4): no SLO; runbook integration-0004.md: section \"Diagnosis\" is empty \\[runbook-section-empty\\]"));
    assert.match(md, /\| delivered-within-60s \(30d\) \| no data in Datadog this week \| 99\.5% \| no data \| /);
    assert.match(md, /\*\*-35%\*\* \(exhausted\)/);
    assert.ok(md.includes("Pages on services outside the inventory: \\[other\\] Website \\| CMS 1."), "a pipe in a name does not break the table");
  });

  it("writes SVG that is well-formed for an image viewer: one root, escaped text, no script", () => {
    for (const [name, svg] of Object.entries(renderFiles(goldenReport(true))).filter(([n]) => n.endsWith(".svg"))) {
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/, name);
      assert.equal(svg.match(/<svg /g)!.length, 1);
      assert.ok(svg.trimEnd().endsWith("</svg>"));
      assert.ok(!/<script|<style|<foreignObject/.test(svg));
      // Every text is closed, and no raw "<" or "&" sits inside one.
      for (const t of svg.match(/<text[^>]*>[^]*?<\/text>/g)!) assert.ok(!/[<&](?!\/text>|amp;|lt;|gt;|quot;|apos;)/.test(t.replace(/^<text[^>]*>/, "")), t);
    }
    assert.equal(esc(`a<b & "c"`), "a&lt;b &amp; &quot;c&quot;");
  });
});
