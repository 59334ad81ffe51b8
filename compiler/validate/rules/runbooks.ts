/**
 * runbook-section-missing, runbook-section-empty, runbook-placeholder and
 * failure-mode-heading-missing: every monitor links to a runbook section, so it must exist.
 * The runbook of an integration whose YAML is not valid yet is checked too, for all but the
 * failure-mode headings (they need its titles), so a scaffold's TODOs come in one round.
 */
import type { SourceMap } from "../../load/yamlFile";
import type { Runbook } from "../../load/runbook";
import { RUNBOOK_SECTIONS } from "../../runbookSections";
import type { RuleContext, Rule } from "../ruleContext";
import type { RunbookGap } from "./runbookGaps";
import type { IntegrationDoc } from "../schema";

const FAILURE_MODES_HEADING = RUNBOOK_SECTIONS.find((s) => s.key === "failureModes")!.heading;

/** Where an integration's diagnostics go: its YAML file, and whether it names its runbook itself. */
interface Owner {
  readonly where: { readonly file: string; readonly source: SourceMap };
  readonly runbook?: string;
  /** Absent for an integration whose YAML is not valid yet. */
  readonly failureModes?: IntegrationDoc["failureModes"];
}

export const runbooks: Rule = (ctx) => {
  for (const { integration: { value, file }, runbook, gaps } of ctx.runbooks.values()) reportGaps(ctx, { where: file, runbook: value.runbook, failureModes: value.failureModes }, runbook, gaps);
  for (const { draft, runbook, gaps } of ctx.draftRunbooks.values()) reportGaps(ctx, { where: draft, runbook: draft.runbook }, runbook, gaps);
};

function reportGaps(ctx: RuleContext, owner: Owner, runbook: Runbook, gaps: readonly RunbookGap[]): void {
  const runbookNode = owner.runbook === undefined ? ["id"] : ["runbook"];
  for (const gap of gaps) {
    switch (gap.kind) {
      case "section-missing":
        ctx.report(owner.where, runbookNode, "runbook-section-missing", `runbook ${runbook.file} has no "## ${gap.heading}" section; every runbook answers the same six questions (see the README)`);
        break;
      case "section-empty":
        ctx.reportAt(runbook.file, gap.at, "runbook-section-empty", `section "${gap.heading}" is empty; write what the person on call needs here`, "warning");
        break;
      case "placeholder":
        ctx.reportAt(runbook.file, gap.at, "runbook-placeholder", "the scaffold's placeholder TODO is still here; replace it with the real content");
        break;
      case "failure-mode-heading-missing": {
        const mode = owner.failureModes![gap.index];
        ctx.report(owner.where, ["failureModes", gap.index, "title"], "failure-mode-heading-missing", `failure mode ${mode.id}: runbook ${runbook.file} has no "### ${mode.title}" heading under "## ${FAILURE_MODES_HEADING}", and its monitor links there`);
        break;
      }
    }
  }
}
