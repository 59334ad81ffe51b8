/** The plan in words: grouped by integration, highest revenue exposure first. */
import type { Inventory } from "../model";
import { category, CATEGORY_LABELS, integrationTitle, owningIntegration, SHARED_TITLE, SHOWN_CATEGORIES } from "./classify";
import { describeResource } from "./describeResource";
import { htmlText, inlineText } from "./markdown";
import type { PlannedResource } from "./plannedResource";


export interface PlanSection {
  readonly title: string;
  readonly groups: { readonly label: string; readonly lines: string[] }[];
}

export function planSections(resources: readonly PlannedResource[], inventory: Inventory): PlanSection[] {
  const byOwner = new Map<string, PlannedResource[]>();
  for (const r of resources) {
    const owner = owningIntegration(r) ?? "";
    const list = byOwner.get(owner);
    if (list) list.push(r);
    else byOwner.set(owner, [r]);
  }
  const section = (title: string, list: readonly PlannedResource[]): PlanSection => ({
    title,
    groups: SHOWN_CATEGORIES.map((c) => ({ label: CATEGORY_LABELS[c], lines: list.filter((r) => category(r) === c).map(describeResource) })).filter((g) => g.lines.length),
  });
  const sections = inventory.integrations.map((i) =>
    section(integrationTitle(i), byOwner.get(i.id) ?? []),
  );
  return [...sections, section(SHARED_TITLE, byOwner.get("") ?? [])];
}

export function planSummary(resources: readonly PlannedResource[]): string {
  const counts = SHOWN_CATEGORIES.map((c) => [c, resources.filter((r) => category(r) === c).length] as const).filter(([, n]) => n);
  const custom = resources.filter((r) => category(r) !== "component").length;
  return `${custom} resources (${counts.map(([c, n]) => `${n} ${CATEGORY_LABELS[c]}`).join(", ")}) in ${resources.length - custom} components`;
}

export function renderText(resources: readonly PlannedResource[], inventory: Inventory): string {
  const lines = [`Plan: ${planSummary(resources)}`];
  for (const s of planSections(resources, inventory)) {
    lines.push("", s.title);
    for (const g of s.groups) lines.push(`  ${g.label} (${g.lines.length})`, ...g.lines.map((l) => `    + ${l}`));
  }
  return `${lines.join("\n")}\n`;
}

/** The plan without a base to compare with (`plan --markdown` without --base); with one, the PR comment is ops/prComment's. */
export function renderMarkdown(resources: readonly PlannedResource[], inventory: Inventory): string {
  return ["## Reliability plan", "", `**${planSummary(resources)}**`, "", ...sectionsMarkdown(planSections(resources, inventory))].join("\n");
}

/** Each integration's resources, collapsed: one `<details>` per section, ending in a blank line. */
export function sectionsMarkdown(sections: readonly PlanSection[]): string[] {
  const lines: string[] = [];
  for (const s of sections) {
    const n = s.groups.reduce((sum, g) => sum + g.lines.length, 0);
    // A raw HTML block: its text is not markdown, so the title is escaped as HTML (markdown.ts).
    lines.push(`<details><summary>${htmlText(s.title)}: ${n} resources</summary>`, "");
    for (const g of s.groups) lines.push(`**${g.label}**`, "", ...g.lines.map((l) => `- ${inlineText(l)}`), "");
    lines.push("</details>", "");
  }
  return lines;
}
