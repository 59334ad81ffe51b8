/** The gate's result as terminal text, the PR comment (markdown) and JSON; all deterministic. */
import { codeSpan, inlineText } from "../../compiler/plan/markdown";
import { stableJson } from "../../compiler/stableJson";
import type { BudgetChange } from "./changes";
import { percent, type Decision, type GateResult } from "./decide";
import type { SloStatus } from "./sloStatus";

const HEADLINE: Record<Decision, string> = {
  "no-relevant-change": "pass (nothing needs error budget)",
  pass: "pass",
  fail: "FAIL: error-budget freeze",
  overridden: "pass, freeze OVERRIDDEN by label",
  skipped: "not checked (no Datadog keys on this pull request)",
  error: "FAIL: error budgets unreadable",
};

/** A skipped gate starts with a GitHub Actions `::notice::` line, as the skipped preview does, so the run's summary shows it. */
export function renderText(r: GateResult): string {
  const lines = r.decision === "skipped" ? [actionsNotice("Error-budget gate skipped", r.reasons[r.reasons.length - 1])] : [];
  lines.push(`budget-gate against ${r.base}${r.scope ? ` (scope ${r.scope.mode})` : ""}: ${HEADLINE[r.decision]}`, ...r.reasons.map((x) => `  ${x}`));
  if (r.baseNote) lines.push(`  Note: ${r.baseNote}`);
  if (r.changes.length) lines.push("Changes that need error budget:", ...r.changes.map((c) => `  - ${changeLine(c)}`));
  if (r.slos.length) {
    lines.push("SLOs considered:");
    for (const s of r.slos) lines.push(`  ${s.state.padEnd(9)} ${s.integration} / ${s.slo}: ${percent(s.attainment)} vs ${s.objective}% over ${s.window}, budget remaining ${percent(s.budgetRemaining)}${s.note ? ` (${s.note})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(r: GateResult): string {
  const out = [`### Error-budget freeze: ${HEADLINE[r.decision]}`, "", ...r.reasons.map((x) => `- ${escape(x)}`)];
  if (r.baseNote) out.push(`- Note: ${escape(r.baseNote)}`);
  if (r.changes.length) out.push("", `**Changes that need error budget** (against ${codeSpan(r.base)})`, "", ...r.changes.map((c) => `- ${escape(changeLine(c))}`));
  if (r.slos.length) {
    out.push("", `**SLOs considered**${r.scope ? ` (scope ${r.scope.mode})` : ""}`, "", "| integration | SLO | status | attainment | objective | window | budget remaining |", "| --- | --- | --- | ---: | ---: | --- | ---: |");
    for (const s of r.slos) {
      out.push(`| ${escape(s.integration)} | ${escape(s.slo)} | ${escape(statusCell(s))} | ${percent(s.attainment)} | ${s.objective}% | ${s.window} | ${percent(s.budgetRemaining)} |`);
    }
  }
  return `${out.join("\n")}\n`;
}

export function renderJson(r: GateResult): string {
  return `${stableJson(r, 2)}\n`;
}

const statusCell = (s: SloStatus) => (s.state === "unknown" ? `unknown (does not block): ${s.note}` : s.state === "missing" ? `missing (blocks): ${s.note}` : s.state);

function changeLine(c: BudgetChange): string {
  return `${c.integration}${c.subject ? `, ${c.subject}` : ""}: ${c.detail}`;
}

/**
 * `::notice title=T::message`, escaped as the runner's workflow commands require (% and line
 * breaks in the message; also : and , in the title), so no text of ours can end the command
 * early or start another one: escapeData / escapeProperty of actions/toolkit
 * packages/core/src/command.ts (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 */
export function actionsNotice(title: string, message: string): string {
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `::notice title=${data(title).replace(/:/g, "%3A").replace(/,/g, "%2C")}::${data(message)}`;
}

/** Reasons, notes and ids come from the pull request (and Datadog): inert in list items and table cells (markdown.ts). */
const escape = inlineText;
