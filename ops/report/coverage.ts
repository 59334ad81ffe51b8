/**
 * Integrations the report flags: no live SLO, or a runbook the validator finds incomplete.
 * A valid inventory can still have an incomplete runbook: an empty section is a warning
 * (runbook-section-empty), so the validator's own diagnostics on the runbook file say what.
 */
import { join } from "node:path";
import type { Diagnostic } from "../../compiler/diagnostics";
import type { Inventory } from "../../compiler/model";

export interface CoverageGap {
  readonly integration: string;
  readonly name: string;
  /** e.g. `no SLO`, `runbook web.md: section "Diagnosis" is empty`. */
  readonly problems: readonly string[];
}

/** `runbooksDir` as given to checkInventory, so diagnostic file names compare equal. */
export function coverageGaps(inventory: Inventory, diagnostics: readonly Diagnostic[], runbooksDir: string): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  for (const integration of inventory.integrations) {
    const problems: string[] = [];
    if (!integration.slos.some((s) => !s.retired)) problems.push("no SLO");
    const file = join(runbooksDir, integration.runbook);
    for (const d of diagnostics) {
      // The advice after ";" is for the author; the report says what is missing.
      if (d.file === file) problems.push(`runbook ${integration.runbook}: ${d.message.split(";")[0]} [${d.rule}]`);
    }
    if (problems.length) gaps.push({ integration: integration.id, name: integration.name, problems });
  }
  return gaps;
}
