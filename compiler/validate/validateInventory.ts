/**
 * Validate stage entry point: every file, then every rule across files, all problems at
 * once, sorted. Returns the model only when there is no error.
 */
import { hasErrors, sortDiagnostics, type Diagnostic, type RuleId } from "../diagnostics";
import type { Inventory } from "../model";
import { buildModel, runbookPath } from "./buildModel";
import { parseInventoryFile, type FileResult, type ParsedFile } from "./parseFile";
import { createReporters, indexFiles, type Rule, type RuleContext, type RunbookCheck, type RunbookReader } from "./ruleContext";
import { runbookGaps } from "./rules/runbookGaps";
import { burnTiers } from "./rules/burnTiers";
import { coverage } from "./rules/coverage";
import { duplicateIds } from "./rules/duplicateIds";
import { forwarderRunbook, forwarderRunbookCheck } from "./rules/forwarderRunbook";
import { references } from "./rules/references";
import { runbooks } from "./rules/runbooks";
import { timeZones } from "./rules/timeZones";
import { querySyntax } from "./rules/querySyntax";
import { thresholdAggregation } from "./rules/thresholdAggregation";
import { pagerdutyServiceName } from "./rules/pagerdutyServiceName";
import { afterHoursCoverage } from "./rules/afterHoursCoverage";
import { anomalySeasonality } from "./rules/anomalySeasonality";
import { anomalyWindow } from "./rules/anomalyWindow";
import { monitorWindow } from "./rules/monitorWindow";
import { runbookStaleReference } from "./rules/runbookStaleReference";
import { unknownResource } from "./rules/unknownResource";
import { sliStream } from "./rules/sliStream";

export interface InventorySource {
  /** Path shown in diagnostics. */
  readonly file: string;
  readonly text: string;
}

export interface ValidationResult {
  readonly inventory?: Inventory;
  readonly diagnostics: readonly Diagnostic[];
}

const RULES: readonly Rule[] = [duplicateIds, references, timeZones, runbooks, forwarderRunbook, coverage, burnTiers, pagerdutyServiceName, afterHoursCoverage, monitorWindow, anomalyWindow, anomalySeasonality, runbookStaleReference, unknownResource, querySyntax, thresholdAggregation, sliStream];

/**
 * Errors about the runbooks' prose rather than what is deployed. An inventory from an earlier
 * revision is compared (plan --base, budget-gate) despite them, since the rules may have
 * tightened since; the resources it lowers to do not depend on them.
 */
export const PROSE_RULES: ReadonlySet<RuleId> = new Set<RuleId>(["runbook-placeholder", "placeholder", "forwarder-runbook", "runbook-stale-reference"]);

export interface ValidateOptions {
  /** Rules whose errors still let the model be built (they are reported all the same). */
  readonly tolerate?: ReadonlySet<RuleId>;
}

export function validateInventory(sources: readonly InventorySource[], readRunbook: RunbookReader, options: ValidateOptions = {}): ValidationResult {
  return validateParsed([...sources].sort((a, b) => (a.file < b.file ? -1 : 1)).map((s) => parseInventoryFile(s.file, s.text)), readRunbook, options.tolerate ?? new Set());
}

/** The cross-file half, once every file is parsed. */
function validateParsed(results: readonly FileResult[], readRunbook: RunbookReader, tolerate: ReadonlySet<RuleId>): ValidationResult {
  const diagnostics: Diagnostic[] = results.flatMap((r) => r.diagnostics);
  const files = results.map((r) => r.parsed).filter((f): f is ParsedFile => f !== undefined).sort((a, b) => (a.file < b.file ? -1 : 1));
  const index = indexFiles(files);
  const reporters = createReporters(diagnostics);
  const runbookById = new Map<string, RunbookCheck>();
  const seen = new Set<string>();
  for (const integration of index.integrations) {
    const { value, file } = integration;
    if (seen.has(value.id)) continue;
    seen.add(value.id);
    const path = runbookPath(value);
    const node = value.runbook === undefined ? ["id"] : ["runbook"];
    const runbook = isInsideFolder(path) ? readRunbook(path) : undefined;
    if (runbook) runbookById.set(value.id, { integration, runbook, gaps: runbookGaps(runbook, value) });
    else {
      const why = isInsideFolder(path) ? `there is no runbook ${path} in the runbooks folder` : `runbook path ${path} must be a relative path inside the runbooks folder`;
      reporters.report(file, node, "runbook-missing", `${why}; create it with "npm run new-integration -- ${value.id}" or fix the path`);
    }
  }
  const declaredInBrokenFiles = new Set(results.flatMap((r) => r.declared ?? []));
  const forwarder = forwarderRunbookCheck(index.integrations, readRunbook);
  const ctx: RuleContext = { files, ...index, runbooks: runbookById, ...(forwarder && { forwarderRunbook: forwarder }), declaredInBrokenFiles, ...reporters };
  for (const rule of RULES) rule(ctx);
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted.filter((d) => !tolerate.has(d.rule))) ? { diagnostics: sorted } : { diagnostics: sorted, inventory: buildModel(ctx) };
}

function isInsideFolder(path: string): boolean {
  return !path.startsWith("/") && !path.split(/[\\/]/).includes("..");
}
