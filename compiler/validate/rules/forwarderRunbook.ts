/**
 * forwarder-runbook: every `webhooks:` source goes through the one shared webhook forwarder,
 * whose monitors link to one runbook (compiler/forwarderRunbook.ts). As soon as any integration
 * declares webhooks, that file must exist with the six sections and the forwarder's four
 * failure-mode headings. Each gap is reported once, not once per integration with webhooks.
 * A TODO or an empty section in it is reported like in any runbook (same rules, same words).
 */
import type { Position } from "../../diagnostics";
import { FORWARDER_RUNBOOK, FORWARDER_SECTIONS, type ForwarderSection } from "../../forwarderRunbook";
import { failureModeHeadings, findSections, headingSlug, type Runbook, type RunbookHeading } from "../../load/runbook";
import { isUnreadable } from "../../load/fileProblem";
import { positionOf } from "../../load/yamlFile";
import { RUNBOOK_SECTIONS } from "../../runbookSections";
import type { Located, Rule, RunbookReader } from "../ruleContext";
import type { IntegrationDoc } from "../schema";

/** What the rule and the model need, read once per validation. */
export interface ForwarderRunbookCheck {
  /** The first integration (in file order) that declares webhooks: where a missing file is reported. */
  readonly requiredBy: Located<IntegrationDoc>;
  /** Distinct integration ids with webhooks. */
  readonly integrationCount: number;
  /** Absent when the runbooks folder has no such file. */
  readonly runbook?: Runbook;
}

/** Undefined when no integration declares webhooks: then nothing is required. */
export function forwarderRunbookCheck(integrations: readonly Located<IntegrationDoc>[], readRunbook: RunbookReader): ForwarderRunbookCheck | undefined {
  const withWebhooks = integrations.filter((i) => i.value.webhooks.length > 0);
  if (withWebhooks.length === 0) return undefined;
  const runbook = readRunbook(FORWARDER_RUNBOOK);
  // A file that is there but not read is reported on itself (unreadable-file and the like).
  if (runbook && isUnreadable(runbook)) return undefined;
  return { requiredBy: withWebhooks[0], integrationCount: new Set(withWebhooks.map((i) => i.value.id)).size, ...(runbook && { runbook }) };
}

const FAILURE_MODES_HEADING = RUNBOOK_SECTIONS.find((s) => s.key === "failureModes")!.heading;
const KEYS = Object.keys(FORWARDER_SECTIONS) as ForwarderSection[];
const HEADING_LIST = KEYS.map((k) => `"### ${FORWARDER_SECTIONS[k]}"`).join(", ");

/** The heading of each forwarder failure mode inside "Failure modes ranked by frequency", when there. */
export function forwarderHeadings(runbook: Runbook): Partial<Record<ForwarderSection, RunbookHeading>> {
  const section = findSections(runbook).get("failureModes");
  // Stryker disable next-line ArrayDeclaration: the list is only searched for a heading by slug; a string element has no slug, so it matches nothing, as the empty list.
  const headings = section ? failureModeHeadings(runbook, section) : [];
  const found: Partial<Record<ForwarderSection, RunbookHeading>> = {};
  for (const key of KEYS) {
    const heading = headings.find((h) => h.slug === headingSlug(FORWARDER_SECTIONS[key]));
    if (heading) found[key] = heading;
  }
  return found;
}

export const forwarderRunbook: Rule = (ctx) => {
  const check = ctx.forwarderRunbook;
  if (!check) return;
  const { requiredBy, integrationCount, runbook } = check;
  if (!runbook) {
    const others = integrationCount - 1;
    const who = others === 0 ? "this integration receives" : `this integration and ${others} other${others === 1 ? "" : "s"} receive`;
    ctx.reportAt(
      requiredBy.file.file,
      positionOf(requiredBy.file.source, ["webhooks"], true),
      "forwarder-runbook",
      `${who} vendor webhooks through the shared webhook forwarder, but the runbooks folder has no ${FORWARDER_RUNBOOK}; the forwarder's alerts link to it, so create it with the six sections every runbook has and the headings ${HEADING_LIST} under "## ${FAILURE_MODES_HEADING}"`,
    );
    return;
  }
  const sections = findSections(runbook);
  // A missing section is reported where it belongs: at the next required section present (or the last heading).
  const whereMissing = (index: number): Position => {
    const next = RUNBOOK_SECTIONS.slice(index + 1).map((s) => sections.get(s.key)).find((h) => h !== undefined);
    const line = next?.line ?? runbook.headings.at(-1)?.line ?? 1;
    return { line, column: 1 };
  };
  RUNBOOK_SECTIONS.forEach((section, index) => {
    const heading = sections.get(section.key);
    if (!heading) {
      ctx.reportAt(runbook.file, whereMissing(index), "forwarder-runbook", `the webhook forwarder's runbook has no "## ${section.heading}" section; every runbook answers the same six questions (see the README)`);
    } else if (!heading.hasContent) {
      ctx.reportAt(runbook.file, { line: heading.line, column: 1 }, "runbook-section-empty", `section "${section.heading}" is empty; write what the person on call needs here`, "warning");
    }
  });
  const modesSection = sections.get("failureModes");
  const modesAt = modesSection ? { line: modesSection.line, column: 1 } : whereMissing(RUNBOOK_SECTIONS.findIndex((s) => s.key === "failureModes"));
  const found = forwarderHeadings(runbook);
  for (const key of KEYS) {
    if (found[key]) continue;
    const title = FORWARDER_SECTIONS[key];
    ctx.reportAt(runbook.file, modesAt, "forwarder-runbook", `the webhook forwarder's runbook has no "### ${title}" heading under "## ${FAILURE_MODES_HEADING}", and the forwarder's "${title}" alert links there`);
  }
  for (const at of runbook.placeholders) {
    ctx.reportAt(runbook.file, at, "runbook-placeholder", "the scaffold's placeholder TODO is still here; replace it with the real content");
  }
};

/** The model's anchors: only called once the rule has passed, so every heading is there. */
/** The anchors of the four headings, or undefined while one is missing (the rule reports it). */
export function forwarderAnchors(runbook: Runbook): Record<ForwarderSection, string> | undefined {
  const found = forwarderHeadings(runbook);
  const anchors = {} as Record<ForwarderSection, string>;
  for (const key of KEYS) {
    const heading = found[key];
    if (!heading) return undefined;
    anchors[key] = heading.anchor;
  }
  return anchors;
}
