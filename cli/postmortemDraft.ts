/**
 * A postmortem draft: postmortems/TEMPLATE.md with its {{placeholders}} filled from the
 * validated inventory and the SLO budgets looked up (or not) by ./sloBudgets. Pure: no I/O.
 */
import { detectionQuery } from "../compiler/lower/monitorQuery";
import { monitorInputs } from "../compiler/lower/monitors";
import { runbookUrl } from "../compiler/lower/notify";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Integration, Inventory } from "../compiler/model";
import { codeSpan, inlineText, tableCell } from "../compiler/plan/markdown";
import { formatUsdPerHour } from "../compiler/revenueRank";
import type { SloBudget } from "./sloBudgets";

export interface DraftInput {
  readonly template: string;
  readonly inventory: Inventory;
  readonly integration: Integration;
  /** YYYY-MM-DD, UTC. */
  readonly date: string;
  readonly settings: LowerSettings;
  /** How the runbooks folder is named in the repository, e.g. `runbooks`. */
  readonly runbooksDir: string;
  /** One per SLO of the integration, in inventory order. */
  readonly budgets: readonly SloBudget[];
}

export function renderPostmortem(input: DraftInput): string {
  const values = placeholders(input);
  // The template's leading comment explains the template itself, not this incident.
  const body = input.template.replace(/^\s*<!--[\s\S]*?-->\s*/, "");
  return body.replace(/\{\{([\w.]+)\}\}/g, (_, key: string) => {
    const value = values[key];
    // A placeholder the CLI does not know would otherwise reach the document verbatim.
    if (value === undefined) throw new Error(`postmortems template has an unknown placeholder {{${key}}}`);
    return value;
  });
}

function placeholders({ inventory, integration, date, settings, runbooksDir, budgets }: DraftInput): Record<string, string> {
  const team = inventory.teams.find((t) => t.id === integration.owner)!;
  const rotation = inventory.rotations.find((r) => r.id === integration.rotation)!;
  const person = (email: string) => {
    const member = team.members.find((m) => m.email === email) ?? inventory.teams.flatMap((t) => t.members).find((m) => m.email === email);
    return member ? `${member.name} <${email}>` : email;
  };
  const system = (id: string) => inventory.systems.find((s) => s.id === id)?.name ?? id;
  return {
    date,
    "integration.id": integration.id,
    "integration.name": cell(integration.name),
    "integration.tier": `${integration.tier} (${TIER_WORDS[integration.tier]})`,
    team: `${cell(team.name)} (${codeSpan(team.id)}), channel ${codeSpan(team.chatChannel)}`,
    rotation: `${cell(rotation.name)} (${codeSpan(rotation.id)}), ${cell(`${rotation.timeZone}, business hours ${rotation.businessHours.start}-${rotation.businessHours.end}`)}`,
    escalation: cell(`${person(rotation.escalation.owner)}, after ${rotation.escalation.afterMinutes} minutes unacknowledged`),
    "revenue.usdPerHour": formatUsdPerHour(integration.revenue.usdPerHour),
    "revenue.basis": cell(integration.revenue.basis ?? "not recorded in the inventory"),
    upstream: cell(integration.upstream.map(system).join(", ")),
    downstream: cell(integration.downstream.map(system).join(", ")),
    runbook: `${runbooksDir.replace(/\/+$/, "")}/${integration.runbook}`,
    slos: sloTable(integration, date, budgets),
    failureModes: failureModeTable(inventory, integration, settings),
  };
}

const TIER_WORDS = { 1: "revenue-critical", 2: "important", 3: "supporting" } as const;

function sloTable(integration: Integration, date: string, budgets: readonly SloBudget[]): string {
  if (!integration.slos.length) return "This integration has no SLO in the inventory.";
  const rows = integration.slos.map((slo) => {
    const budget = budgets.find((b) => b.sloId === slo.id);
    const remaining = !budget ? "not available: not looked up" : budget.kind === "value" ? `${round(budget.errorBudgetRemaining)}%` : `not available: ${tableCell(budget.reason)}`;
    const sli = budget?.kind === "value" && budget.sliValue !== null ? `${round(budget.sliValue)}%` : "";
    const retired = slo.retired ? " (retired)" : "";
    return `| \`${slo.id}\`${retired} | ${cell(slo.description)} | ${slo.objective}% | ${slo.window} | ${sli} | ${remaining} |`;
  });
  return [`| SLO | what it measures | objective | window | SLI over the window ending ${date} | error budget remaining |`, "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function failureModeTable(inventory: Inventory, integration: Integration, settings: LowerSettings): string {
  const rows = integration.failureModes.map((mode) => {
    const monitor = monitorInputs(inventory, integration, mode, settings).name as string;
    const link = `[${integration.runbook}#${mode.runbookAnchor}](${runbookUrl(settings, integration, mode.runbookAnchor)})`;
    const slo = mode.slo ? ` burns \`${mode.slo}\`` : "";
    return `| ${mode.rank} | ${cell(mode.title)} | ${mode.frequency} | ${mode.response}${slo} | ${cell(`${mode.detection.kind}: ${detectionQuery(mode.detection).describe}`)} | ${cell(monitor)} | ${link} |`;
  });
  return ["| # | failure mode | frequency | response | detection | monitor | runbook |", "| --- | --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

const round = (n: number) => String(Math.round(n * 100) / 100);
/** Inventory text made inert in markdown (no headings, HTML, links or mentions) and safe inside a table cell (compiler/plan/markdown.ts). */
const cell = inlineText;
