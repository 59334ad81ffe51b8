/** What a runbook lacks for an integration; shared by the runbook rules and the coverage rule. */
import type { Position } from "../../diagnostics";
import { failureModeHeadings, findSections, headingSlug, type Runbook } from "../../load/runbook";
import { RUNBOOK_SECTIONS } from "../../runbookSections";
import type { IntegrationDoc } from "../schema";

export type RunbookGap =
  | { readonly kind: "section-missing"; readonly heading: string }
  | { readonly kind: "section-empty"; readonly heading: string; readonly at: Position }
  | { readonly kind: "placeholder"; readonly at: Position }
  | { readonly kind: "failure-mode-heading-missing"; readonly index: number };

export function runbookGaps(runbook: Runbook, integration: IntegrationDoc): RunbookGap[] {
  const sections = findSections(runbook);
  const gaps = ownGaps(runbook, sections);
  const modesSection = sections.get("failureModes");
  // Stryker disable next-line ArrayDeclaration: the set is only asked for headingSlug() results, lower-case and hyphenated, never a string with capitals and spaces such as Stryker's.
  const modeSlugs = new Set(modesSection ? failureModeHeadings(runbook, modesSection).map((h) => h.slug) : []);
  integration.failureModes.forEach((mode, index) => {
    if (!modeSlugs.has(headingSlug(mode.title))) gaps.push({ kind: "failure-mode-heading-missing", index });
  });
  return gaps;
}

/** What a runbook lacks whatever the integration says: sections and leftover TODOs (also checked for an integration whose YAML is not yet valid). */
export const runbookOwnGaps = (runbook: Runbook): RunbookGap[] => ownGaps(runbook, findSections(runbook));

function ownGaps(runbook: Runbook, sections: ReturnType<typeof findSections>): RunbookGap[] {
  const gaps: RunbookGap[] = [];
  for (const section of RUNBOOK_SECTIONS) {
    const heading = sections.get(section.key);
    if (!heading) gaps.push({ kind: "section-missing", heading: section.heading });
    else if (!heading.hasContent) gaps.push({ kind: "section-empty", heading: section.heading, at: { line: heading.line, column: 1 } });
  }
  for (const at of runbook.placeholders) gaps.push({ kind: "placeholder", at });
  return gaps;
}
