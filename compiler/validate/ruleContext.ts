/**
 * What semantic rules see: every shape-valid file, indexes of what each defines, and a
 * `report` that turns a path into a positioned diagnostic.
 */
import type { Diagnostic, Position, RuleId, Severity } from "../diagnostics";
import type { UnreadableFile } from "../load/fileProblem";
import type { Runbook } from "../load/runbook";
import { positionOf, type SourceMap } from "../load/yamlFile";
import type { Path } from "../path";
import type { IntegrationDraft } from "./integrationDraft";
import type { ParsedFile } from "./parseFile";
import type { ForwarderRunbookCheck } from "./rules/forwarderRunbook";
import type { RunbookGap } from "./rules/runbookGaps";
import type { AlertTestsDoc, IntegrationDoc, RotationDoc, SystemDoc, TeamDoc } from "./schema";

/** Where a definition lives: its file and the path of its node. */
export interface Located<T> {
  readonly value: T;
  readonly file: ParsedFile;
  readonly path: Path;
}

/**
 * Reads and parses a runbook by its path inside the runbooks folder; undefined when there is
 * none, an UnreadableFile when there is one that is not read (validateInventory reports it).
 */
export type RunbookReader = (relativePath: string) => Runbook | UnreadableFile | undefined;

/** The runbook of an integration whose YAML is not valid yet, and what it lacks on its own (runbookOwnGaps). */
export interface DraftRunbookCheck {
  readonly draft: IntegrationDraft;
  readonly runbook: Runbook;
  readonly gaps: readonly RunbookGap[];
}

/** An integration's runbook and what it lacks, for the first definition of each integration id. */
export interface RunbookCheck {
  readonly integration: Located<IntegrationDoc>;
  readonly runbook: Runbook;
  readonly gaps: readonly RunbookGap[];
}

export interface RuleContext {
  readonly files: readonly ParsedFile[];
  /** Every definition of each kind, duplicates included, in file order. */
  readonly integrations: readonly Located<IntegrationDoc>[];
  readonly teams: readonly Located<TeamDoc>[];
  readonly rotations: readonly Located<RotationDoc>[];
  readonly systems: readonly Located<SystemDoc>[];
  /** Every `kind: AlertTests` file, in file order (alertTestSources.ts joins them to their integration). */
  readonly alertTestFiles: readonly Located<AlertTestsDoc>[];
  /** The first definition of each id. */
  readonly teamById: ReadonlyMap<string, Located<TeamDoc>>;
  readonly rotationById: ReadonlyMap<string, Located<RotationDoc>>;
  readonly systemById: ReadonlyMap<string, Located<SystemDoc>>;
  /** `kind:id` of definitions in files whose shape is invalid: references to them are not reported. */
  readonly declaredInBrokenFiles: ReadonlySet<string>;
  /** Runbook and its gaps per integration id (absent when the runbook is missing). */
  readonly runbooks: ReadonlyMap<string, RunbookCheck>;
  /** Runbooks of integrations whose file is shape-invalid (by id, when no valid file has that id), so their TODOs are reported in the same round. */
  readonly draftRunbooks: ReadonlyMap<string, DraftRunbookCheck>;
  /** The webhook forwarder's runbook; absent when no integration declares webhooks. */
  readonly forwarderRunbook?: ForwarderRunbookCheck;
  /** Report at the YAML node at `path` (or its nearest existing parent). */
  report(where: { file: string; source: SourceMap }, path: Path, rule: RuleId, message: string, severity?: Severity): void;
  /** Report at a position in a file that is not YAML (a runbook). */
  reportAt(file: string, at: Position, rule: RuleId, message: string, severity?: Severity): void;
}

export type Rule = (ctx: RuleContext) => void;

export function createReporters(out: Diagnostic[]): Pick<RuleContext, "report" | "reportAt"> {
  const reportAt: RuleContext["reportAt"] = (file, at, rule, message, severity = "error") =>
    out.push({ file, line: at.line, column: at.column, severity, rule, message });
  return {
    reportAt,
    report: (where, path, rule, message, severity) => reportAt(where.file, positionOf(where.source, path), rule, message, severity),
  };
}

export function indexFiles(files: readonly ParsedFile[]) {
  const integrations: Located<IntegrationDoc>[] = [];
  const teams: Located<TeamDoc>[] = [];
  const rotations: Located<RotationDoc>[] = [];
  const systems: Located<SystemDoc>[] = [];
  const alertTestFiles: Located<AlertTestsDoc>[] = [];
  for (const file of files) {
    if (file.kind === "Integration") integrations.push({ value: file.doc, file, path: [] });
    if (file.kind === "Teams") file.doc.teams.forEach((value, i) => teams.push({ value, file, path: ["teams", i] }));
    if (file.kind === "Rotations") file.doc.rotations.forEach((value, i) => rotations.push({ value, file, path: ["rotations", i] }));
    if (file.kind === "Systems") file.doc.systems.forEach((value, i) => systems.push({ value, file, path: ["systems", i] }));
    if (file.kind === "AlertTests") alertTestFiles.push({ value: file.doc, file, path: [] });
  }
  return {
    integrations,
    teams,
    rotations,
    systems,
    alertTestFiles,
    teamById: firstById(teams),
    rotationById: firstById(rotations),
    systemById: firstById(systems),
  };
}

function firstById<T extends { id: string }>(list: readonly Located<T>[]): Map<string, Located<T>> {
  const map = new Map<string, Located<T>>();
  for (const item of list) if (!map.has(item.value.id)) map.set(item.value.id, item);
  return map;
}
