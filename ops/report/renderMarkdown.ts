/**
 * The report as markdown, for GitHub: integrations in order of revenue exposure, the chart
 * linked by a relative path (so it resolves next to the committed file), missing data said
 * in words. Deterministic: no timestamps, so a re-run over the same data is byte-identical.
 */
import { codeSpan, inlineText } from "../../compiler/plan/markdown";
import type { IntegrationSection, QuarterSummary, Report, SloRow } from "./build";
import { budget, burn, formatUsdPerHour, sli, TREND_WORDS } from "./format";
import type { PageSummary } from "./pages";

export interface ChartFiles {
  /** File names next to the markdown, e.g. `2026-W47.svg`. */
  readonly week: string;
  readonly quarter?: string;
}

export function renderMarkdown(report: Report, charts: ChartFiles): string {
  const out = [
    `# Weekly reliability report ${report.week}`,
    "",
    `Monday ${report.from} 00:00 to Monday ${report.to} 00:00 UTC, environment ${codeSpan(report.environment)}. Integrations in order of revenue exposure.`,
    "",
    `![SLO attainment and error budget remaining, ${report.week}](${charts.week})`,
    "",
    "## SLOs",
    "",
    "| # | integration | revenue at risk | SLO | attainment this week | objective | budget consumed this week | budget remaining | burn trend |",
    "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ...report.integrations.flatMap(sloLines),
    "",
    "Budget consumed: the share of the SLO window's error budget this week spent (burn rate x 7 days / window, assuming steady traffic). " +
      "Budget remaining: over the window ending with this week. Burn trend: this week's burn rate against the previous week's; " +
      "steady when within 25%.",
    "",
    "## Pages per rotation",
    "",
    ...pagesTable(report.pages, false),
    "",
    "## Coverage gaps",
    "",
    ...(report.gaps.length
      ? report.gaps.map((g) => `- ${codeSpan(g.integration)} (${cell(g.name)}): ${g.problems.map(cell).join("; ")}`)
      : ["None: every integration has an SLO and a complete runbook."]),
  ];
  if (report.quarter && charts.quarter) out.push("", ...quarterSection(report.quarter, charts.quarter));
  return `${out.join("\n")}\n`;
}

function sloLines(i: IntegrationSection): string[] {
  const head = `| ${i.rank} | ${cell(i.name)} (${codeSpan(i.id)}) | ${formatUsdPerHour(i.usdPerHour)} |`;
  if (i.slos.length === 0) return [`${head} no SLO | | | | | |`];
  return i.slos.map((s, n) => `${n === 0 ? head : "| | | |"} ${sloCells(s)} |`);
}

function sloCells(s: SloRow): string {
  const name = `${cell(s.slo)} (${s.window})`;
  if (s.attainment === null) return `${name} | ${cell(s.missing ?? "no data")} | ${s.objective}% | no data | ${budget(s.remaining)} | no trend`;
  const verdict = s.attainment >= s.objective ? "met" : "**below**";
  const remaining = s.remaining !== null && s.remaining <= 0 ? `**${budget(s.remaining)}** (exhausted)` : budget(s.remaining);
  const trend = s.trend === "unknown" ? `no trend (burn ${burn(s.burn)}, previous week no data)` : `${TREND_WORDS[s.trend]} (${burn(s.burn)} vs ${burn(s.previousBurn)})`;
  return `${name} | ${sli(s.attainment)} ${verdict} | ${s.objective}% | ${budget(s.consumed)} | ${remaining} | ${trend}`;
}

function pagesTable(p: PageSummary, perWeek: boolean): string[] {
  const lines = [
    `| rotation | pages | high urgency | ${perWeek ? "per week, oldest first" : "by integration"} |`,
    "| --- | ---: | ---: | --- |",
    ...p.rotations.map((r) => {
      const detail = perWeek ? r.perWeek.join(" ") : r.byIntegration.map((b) => `${cell(b.integration)} ${b.pages}`).join(", ") || "none";
      return `| ${cell(r.name)} (${codeSpan(r.rotation)}) | ${r.pages} | ${r.highUrgency} | ${detail} |`;
    }),
  ];
  if (p.unmapped.length) lines.push("", `Pages on services outside the inventory: ${p.unmapped.map((u) => `${cell(u.service)} ${u.pages}`).join(", ")}.`);
  return lines;
}

function quarterSection(q: QuarterSummary, chart: string): string[] {
  const short = q.weeks.map((w) => w.slice(5));
  return [
    `## Quarter: ${q.weeks[0]} to ${q.weeks[q.weeks.length - 1]}`,
    "",
    `![Weekly SLO attainment over the quarter ${q.weeks[0]} to ${q.weeks[q.weeks.length - 1]}](${chart})`,
    "",
    `| integration | SLO | objective | ${short.join(" | ")} | worst week | budget consumed |`,
    `| --- | --- | ---: | ${short.map(() => "---:").join(" | ")} | --- | ---: |`,
    ...q.rows.map((r) => {
      const weeks = r.weekly.length ? r.weekly.map((a) => (a === null ? "-" : a < r.objective ? `**${sli(a)}**` : sli(a))) : short.map(() => "-");
      const worst = r.worst ? `${r.worst.week.slice(5)} ${sli(r.worst.attainment)}` : cell(r.missing ?? "no data");
      const consumed = r.consumed === null ? "no data" : `${budget(r.consumed)} of one ${r.window} budget${r.weeksWithoutData ? ` (${r.weeksWithoutData} week(s) without data)` : ""}`;
      return `| ${codeSpan(r.integration)} | ${cell(r.slo)} | ${r.objective}% | ${weeks.join(" | ")} | ${worst} | ${consumed} |`;
    }),
    "",
    "Bold: weeks under the objective. `-`: no data that week. Budget consumed: the weeks' burn summed, as a share of one window's error budget (over 100% means more than a whole window's budget was spent in the quarter).",
    "",
    "### Pages per rotation over the quarter",
    "",
    ...pagesTable(q.pages, true),
  ];
}

/** Names, notes and problems come from the inventory and PagerDuty: inert in table cells and list items (markdown.ts). */
const cell = inlineText;
