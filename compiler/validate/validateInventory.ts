/**
 * Validate stage entry point: every file, then every rule across files, all problems at
 * once, sorted. Returns the model only when there is no error.
 */
import { hasErrors, sortDiagnostics, type Diagnostic, type RuleId } from "../diagnostics";
import { textProblem } from "../load/decodeText";
import { fileDiagnostic, isUnreadable, type UnreadableFile } from "../load/fileProblem";
import type { Inventory } from "../model";
import { buildModel, runbookPath } from "./buildModel";
import { parseInventoryFile, type FileResult, type ParsedFile } from "./parseFile";
import { createReporters, indexFiles, type DraftRunbookCheck, type Rule, type RuleContext, type RunbookCheck, type RunbookReader } from "./ruleContext";
import { runbookGaps, runbookOwnGaps } from "./rules/runbookGaps";
import type { Runbook } from "../load/runbook";
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
import { transformSyntax } from "./rules/transforms";
import { messageInjection } from "./rules/messageInjection";
import { referenceSyntax } from "./rules/referenceSyntax";
import { runbookSecrets, runbookSecretsRule, runbooksRead } from "./rules/runbookSecrets";
import { maintenanceTimeZones } from "./rules/maintenanceTimeZones";
import { maintenanceWindowOrder } from "./rules/maintenanceWindowOrder";
import { maintenanceRecurrence } from "./rules/maintenanceRecurrence";
import { maintenancePast } from "./rules/maintenancePast";
import { maintenanceScope } from "./rules/maintenanceScope";
import { alertTestFile } from "./rules/alertTestFile";
import { alertTestDuplicateName } from "./rules/alertTestDuplicateName";
import { alertTestValues } from "./rules/alertTestValues";
import { alertTestSeries } from "./rules/alertTestSeries";
import { alertTestUnreadMetric } from "./rules/alertTestUnreadMetric";
import { alertTestAfterInput } from "./rules/alertTestAfterInput";
import { alertTestUnknownMonitor } from "./rules/alertTestUnknownMonitor";
import { alertTestNotCreated } from "./rules/alertTestNotCreated";
import { alertTestAnomaly } from "./rules/alertTestAnomaly";
import { alertTestContradiction } from "./rules/alertTestContradiction";
import { alertTestBudget } from "./rules/alertTestBudget";
import { freezeTimeZones } from "./rules/freezeTimeZones";
import { freezeWindow } from "./rules/freezeWindow";
import { freezeOverlap } from "./rules/freezeOverlap";
import { freezeScope } from "./rules/freezeScope";
import { freezeDuplicateIds } from "./rules/freezeDuplicateIds";
import { redactDiagnostics } from "./redactDiagnostics";

export interface TextSource {
  /** Path shown in diagnostics. */
  readonly file: string;
  readonly text: string;
}

/** An inventory file's text, or why it was not read (readInventory.ts). */
export type InventorySource = TextSource | UnreadableFile;

export interface ValidationResult {
  readonly inventory?: Inventory;
  readonly diagnostics: readonly Diagnostic[];
}

/** Alert tests' rules (README, "Alert tests"). */
const ALERT_TEST_RULES: readonly Rule[] = [alertTestFile, alertTestDuplicateName, alertTestValues, alertTestSeries, alertTestUnreadMetric, alertTestAfterInput, alertTestUnknownMonitor, alertTestNotCreated, alertTestAnomaly, alertTestContradiction, alertTestBudget];

/** Change freezes' rules (README, "Change freezes"). */
const FREEZE_RULES: readonly Rule[] = [freezeDuplicateIds, freezeTimeZones, freezeWindow, freezeOverlap, freezeScope];

const RULES: readonly Rule[] = [duplicateIds, references, timeZones, runbooks, forwarderRunbook, coverage, burnTiers, pagerdutyServiceName, afterHoursCoverage, monitorWindow, anomalyWindow, anomalySeasonality, runbookStaleReference, unknownResource, querySyntax, thresholdAggregation, sliStream, messageInjection, referenceSyntax, runbookSecretsRule, transformSyntax, maintenanceTimeZones, maintenanceWindowOrder, maintenanceRecurrence, maintenancePast, maintenanceScope, ...ALERT_TEST_RULES, ...FREEZE_RULES];

/**
 * Errors about the runbooks' prose rather than what is deployed. An inventory from an earlier
 * revision is compared (plan --base, budget-gate) despite them, since the rules may have
 * tightened since; the resources it lowers to do not depend on them.
 */
export const PROSE_RULES: ReadonlySet<RuleId> = new Set<RuleId>(["runbook-placeholder", "placeholder", "forwarder-runbook", "runbook-stale-reference"]);

export interface ValidateOptions {
  /** Rules whose errors still let the model be built (they are reported all the same). */
  readonly tolerate?: ReadonlySet<RuleId>;
  /** How each readable file is parsed and schema-checked: parseInventoryFile by default; a cache (compiler/cache/) or the `yaml` tier alone. */
  readonly parseFile?: (file: string, text: string) => FileResult;
}

export function validateInventory(sources: readonly InventorySource[], readRunbook: RunbookReader, options: ValidateOptions = {}): ValidationResult {
  const parse = options.parseFile ?? parseInventoryFile;
  return validateParsed([...sources].sort((a, b) => (a.file < b.file ? -1 : 1)).map((s) => parseSource(s, parse)), readRunbook, options.tolerate ?? new Set());
}

/** One file's diagnostics: a file that is not read, or not text, is one diagnostic and nothing more. */
function parseSource(source: InventorySource, parse: NonNullable<ValidateOptions["parseFile"]>): FileResult {
  if (isUnreadable(source)) return { diagnostics: [fileDiagnostic(source)] };
  const unreadable = textProblem(source.file, source.text);
  return unreadable ? { diagnostics: [fileDiagnostic(unreadable)] } : parse(source.file, source.text);
}

/** The cross-file half, once every file is parsed. */
function validateParsed(results: readonly FileResult[], readFile: RunbookReader, tolerate: ReadonlySet<RuleId>): ValidationResult {
  const diagnostics: Diagnostic[] = results.flatMap((r) => r.diagnostics);
  // A runbook that is there but not read is reported on itself, once however often it is asked for.
  const readRunbook: RunbookReader = (path) => {
    const read = readFile(path);
    if (read && isUnreadable(read)) diagnostics.push(fileDiagnostic(read));
    return read;
  };
  // In file order already: validateInventory sorts the sources, and each parsed file is named by its source.
  const files = results.map((r) => r.parsed).filter((f): f is ParsedFile => f !== undefined);
  const index = indexFiles(files);
  const reporters = createReporters(diagnostics);
  const runbookById = new Map<string, RunbookCheck>();
  const draftRunbooks = new Map<string, DraftRunbookCheck>();
  const seen = new Set<string>();
  /** The runbook of the first integration with this id (runbook-missing when there is none); undefined when not read. */
  const ownRunbook = (id: string, runbook: string | undefined, where: Parameters<typeof reporters.report>[0]): Runbook | undefined => {
    if (seen.has(id)) return undefined;
    seen.add(id);
    const path = runbookPath({ id, runbook });
    const found = isInsideFolder(path) ? readRunbook(path) : undefined;
    if (found && isUnreadable(found)) return undefined;
    if (!found) {
      const why = isInsideFolder(path) ? `there is no runbook ${path} in the runbooks folder` : `runbook path ${path} must be a relative path inside the runbooks folder`;
      reporters.report(where, runbook === undefined ? ["id"] : ["runbook"], "runbook-missing", `${why}; create it with "npm run new-integration -- ${id}" or fix the path`);
    }
    return found;
  };
  for (const integration of index.integrations) {
    const { value, file } = integration;
    const runbook = ownRunbook(value.id, value.runbook, file);
    if (runbook) runbookById.set(value.id, { integration, runbook, gaps: runbookGaps(runbook, value) });
  }
  // A file still failing its schema (a fresh scaffold's TODOs) has its runbook checked in the same round.
  for (const draft of results.flatMap((r) => r.draft ?? [])) {
    const runbook = ownRunbook(draft.id, draft.runbook, draft);
    if (runbook) draftRunbooks.set(draft.id, { draft, runbook, gaps: runbookOwnGaps(runbook) });
  }
  // Stryker disable next-line ArrayDeclaration: rules look up only `kind:id` strings, which a fallback entry without a colon never equals.
  const declaredInBrokenFiles = new Set(results.flatMap((r) => r.declared ?? []));
  const forwarder = forwarderRunbookCheck(index.integrations, readRunbook);
  const ctx: RuleContext = { files, ...index, runbooks: runbookById, draftRunbooks, ...(forwarder && { forwarderRunbook: forwarder }), declaredInBrokenFiles, ...reporters };
  for (const rule of RULES) rule(ctx);
  // No message repeats a flagged secret, whichever rule wrote it (an id, a reference, a did-you-mean).
  // Stryker disable next-line ArrayDeclaration: the fallback stands for a file not read, which flags nothing; an entry put there changes only a message quoting that exact text.
  const fileSecrets = results.flatMap((r) => r.secrets ?? []);
  const secrets = [...fileSecrets, ...runbooksRead(ctx).flatMap((r) => runbookSecrets(r).map((s) => s.value))];
  const sorted = sortDiagnostics(redactDiagnostics(diagnostics, secrets));
  return hasErrors(sorted.filter((d) => !tolerate.has(d.rule))) ? { diagnostics: sorted } : { diagnostics: sorted, inventory: buildModel(ctx) };
}

function isInsideFolder(path: string): boolean {
  return !path.startsWith("/") && !path.split(/[\\/]/).includes("..");
}
