/** The gate's result as terminal text, the PR comment (markdown) and JSON; all deterministic. */
import { codeSpan, inlineText } from "../../compiler/plan/markdown";
import { stableJson } from "../../compiler/stableJson";
import type { BudgetChange } from "./changes";
import { percent, type Decision, type GateResult } from "./decide";

const HEADLINE: Record<Decision, string> = {
  "no-relevant-change": "pass (nothing needs error budget)",
  pass: "pass",
  fail: "FAIL: error-budget freeze",
  overridden: "pass, freeze OVERRIDDEN by label",
  error: "FAIL: error budgets unreadable",
};

export function renderText(r: GateResult): string {
  const lines = [`budget-gate against ${r.base}: ${HEADLINE[r.decision]}`, ...r.reasons.map((x) => `  ${x}`)];
  if (r.baseNote) lines.push(`  Note: ${r.baseNote}`);
  if (r.changes.length) lines.push("Changes that need error budget:", ...r.changes.map((c) => `  - ${changeLine(c)}`));
  if (r.slos.length) {
    lines.push("SLOs:");
    for (const s of r.slos) lines.push(`  ${s.state.padEnd(9)} ${s.integration} / ${s.slo}: ${percent(s.attainment)} vs ${s.objective}% over ${s.window}, budget remaining ${percent(s.budgetRemaining)}${s.note ? ` (${s.note})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(r: GateResult): string {
  const out = [`### Error-budget freeze: ${HEADLINE[r.decision]}`, "", ...r.reasons.map((x) => `- ${escape(x)}`)];
  if (r.baseNote) out.push(`- Note: ${escape(r.baseNote)}`);
  if (r.changes.length) out.push("", `**Changes that need error budget** (against ${codeSpan(r.base)})`, "", ...r.changes.map((c) => `- ${escape(changeLine(c))}`));
  if (r.slos.length) {
    out.push("", "| integration | SLO | status | attainment | objective | window | budget remaining |", "| --- | --- | --- | ---: | ---: | --- | ---: |");
    for (const s of r.slos) {
      const status = s.state === "unknown" ? `unknown: ${s.note}` : s.state;
      out.push(`| ${escape(s.integration)} | ${escape(s.slo)} | ${escape(status)} | ${percent(s.attainment)} | ${s.objective}% | ${s.window} | ${percent(s.budgetRemaining)} |`);
    }
  }
  return `${out.join("\n")}\n`;
}

export function renderJson(r: GateResult): string {
  return `${stableJson(r, 2)}\n`;
}

function changeLine(c: BudgetChange): string {
  return `${c.integration}${c.subject ? `, ${c.subject}` : ""}: ${c.detail}`;
}

/** Reasons, notes and ids come from the pull request (and Datadog): inert in list items and table cells (markdown.ts). */
const escape = inlineText;
