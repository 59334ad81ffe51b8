/**
 * What `openslo import` reports, in the shape `check` uses: `file:line:col: severity: message [id]`.
 * Its ids are its own (they are not inventory rules):
 * - `openslo-input`: the file or document cannot be read as OpenSLO v1 (YAML, size, apiVersion, kind, shape);
 * - `openslo-unsupported`: an SLO that cannot become an inventory SLO, and why;
 * - `openslo-not-imported`: a part the inventory does not hold, left out of an SLO that is imported.
 */
import { escapeControls, type Position } from "../diagnostics";
import type { Path } from "../path";
import type { SourceDocument } from "./readDocuments";

export type FindingId = "openslo-input" | "openslo-unsupported" | "openslo-not-imported";

export interface Finding extends Position {
  readonly file: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly id: FindingId;
}

export function formatFinding(f: Finding): string {
  return `${escapeControls(f.file)}:${f.line}:${f.column}: ${f.severity}: ${escapeControls(f.message)} [${f.id}]`;
}

/** By file, then position: the order a reader goes through the files in. Files keep the order they were given in. */
export function sortFindings(findings: readonly Finding[], files: readonly string[]): Finding[] {
  const order = new Map(files.map((f, i) => [f, i]));
  return [...findings].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** Something wrong or left out at `path` of a document (at its key with `key`), which the SLO reading it reports. */
export interface DocumentProblem {
  readonly doc: SourceDocument;
  readonly path: Path;
  readonly key?: boolean;
  readonly severity: "error" | "warning";
  readonly message: string;
}

/** Records a finding about the node at `path` of a document (at its key with `key`). */
export type Report = (at: { readonly file: string; at(path: readonly (string | number)[], key?: boolean): Position }, path: readonly (string | number)[], severity: Finding["severity"], id: FindingId, message: string, key?: boolean) => void;

export function reporterInto(findings: Finding[]): Report {
  return (doc, path, severity, id, message, key = false) => findings.push({ file: doc.file, ...doc.at(path, key), severity, message, id });
}
