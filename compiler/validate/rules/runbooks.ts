/**
 * runbook-section-missing, runbook-section-empty, runbook-placeholder and
 * failure-mode-heading-missing: every monitor links to a runbook section, so it must exist.
 */
import { RUNBOOK_SECTIONS } from "../../runbookSections";
import type { Rule } from "../ruleContext";

const FAILURE_MODES_HEADING = RUNBOOK_SECTIONS.find((s) => s.key === "failureModes")!.heading;

export const runbooks: Rule = (ctx) => {
  for (const { integration: { value: integration, file }, runbook, gaps } of ctx.runbooks.values()) {
    const runbookNode = integration.runbook === undefined ? ["id"] : ["runbook"];
    for (const gap of gaps) {
      switch (gap.kind) {
        case "section-missing":
          ctx.report(file, runbookNode, "runbook-section-missing", `runbook ${runbook.file} has no "## ${gap.heading}" section; every runbook answers the same six questions (see the README)`);
          break;
        case "section-empty":
          ctx.reportAt(runbook.file, gap.at, "runbook-section-empty", `section "${gap.heading}" is empty; write what the person on call needs here`, "warning");
          break;
        case "placeholder":
          ctx.reportAt(runbook.file, gap.at, "runbook-placeholder", "the scaffold's placeholder TODO is still here; replace it with the real content");
          break;
        case "failure-mode-heading-missing": {
          const mode = integration.failureModes[gap.index];
          ctx.report(file, ["failureModes", gap.index, "title"], "failure-mode-heading-missing", `failure mode ${mode.id}: runbook ${runbook.file} has no "### ${mode.title}" heading under "## ${FAILURE_MODES_HEADING}", and its monitor links there`);
          break;
        }
      }
    }
  }
};
