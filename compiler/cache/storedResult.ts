/**
 * Per-file results as the cache stores them: without source maps (positions come back lazily
 * from the file's text, lazySourceMap.ts) and never with a secret. A result that flagged a
 * literal secret, or any of whose messages holds something secret-shaped, is not stored: the
 * file is checked afresh each run instead, so no secret ever reaches the cache file.
 */
import type { Diagnostic } from "../diagnostics";
import { isUnreadable, type UnreadableFile } from "../load/fileProblem";
import { runbookText, type Runbook } from "../load/runbook";
import type { SourceMap } from "../load/yamlFile";
import { redactor } from "../redact";
import type { IntegrationDraft } from "../validate/integrationDraft";
import type { FileResult, ParsedFile } from "../validate/parseFile";
import { findSecrets } from "../validate/secretPatterns";

type WithoutSource<T> = T extends unknown ? Omit<T, "source"> : never;

export type StoredFileResult = Omit<FileResult, "parsed" | "draft"> & {
  readonly parsed?: WithoutSource<ParsedFile>;
  readonly draft?: Omit<IntegrationDraft, "source">;
};

const redactShapes = redactor([]);

/** Whether diagnostics can be written down: none repeats anything secret-shaped. */
export function diagnosticsStorable(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every((d) => redactShapes(d.message) === d.message && redactShapes(d.file) === d.file);
}

/** The result to store, or undefined when it must not be (a secret in it). */
export function storeFileResult(result: FileResult): StoredFileResult | undefined {
  if (result.secrets?.length || !diagnosticsStorable(result.diagnostics)) return undefined;
  const { parsed, draft, ...rest } = result;
  return {
    ...rest,
    ...(parsed && { parsed: withoutSource(parsed) as WithoutSource<ParsedFile> }),
    ...(draft && { draft: withoutSource(draft) }),
  };
}

/** The stored result with `source` (one lazy map of the file's current text) put back. */
export function restoreFileResult(stored: StoredFileResult, source: SourceMap): FileResult {
  const { parsed, draft, ...rest } = stored;
  return { ...rest, ...(parsed && { parsed: { ...parsed, source } as ParsedFile }), ...(draft && { draft: { ...draft, source } }) };
}

export type StoredRunbook = Omit<Runbook, "text"> | UnreadableFile;

/** A runbook's parse to store, without its text (the file has it), or undefined when the text holds something secret-shaped (runbook-secrets reports it). */
export function storeRunbook(read: Runbook | UnreadableFile, text: string): StoredRunbook | undefined {
  if (findSecrets(text).length) return undefined;
  if (isUnreadable(read)) return read;
  const { text: _text, ...rest } = read;
  return rest;
}

/** The stored parse with the runbook's text, as parseRunbook keeps it, put back. */
export function restoreRunbook(stored: StoredRunbook, text: string): Runbook | UnreadableFile {
  return isUnreadable(stored) ? stored : { ...stored, text: runbookText(text) };
}

function withoutSource<T extends { readonly source: SourceMap }>(x: T): Omit<T, "source"> {
  const { source: _source, ...rest } = x;
  return rest;
}
