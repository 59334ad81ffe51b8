/**
 * A file the load stage refuses to parse: not a regular file inside its folder, larger than
 * the cap, or not plain UTF-8 text. It becomes one positioned diagnostic on that file, and
 * every other file is still checked.
 */
import { escapeControls, type Diagnostic, type Position, type RuleId } from "../diagnostics";

/**
 * Largest inventory file or runbook read: the biggest real one is a few KiB, and a file the
 * repository can make arbitrarily large (or endless, like /dev/zero) must not be parsed.
 */
export const FILE_SIZE_CAP = 1 << 20;
export const FILE_SIZE_CAP_TEXT = "1 MiB";

export type FileRule = Extract<RuleId, "unreadable-file" | "file-too-large" | "invalid-text">;

export interface FileProblem extends Position {
  readonly rule: FileRule;
  readonly message: string;
}

export interface UnreadableFile {
  /** The path as it appears in diagnostics (see displayName). */
  readonly file: string;
  readonly problem: FileProblem;
}

export const START: Position = { line: 1, column: 1 };

export function isUnreadable(x: object): x is UnreadableFile {
  return "problem" in x;
}

export function fileDiagnostic({ file, problem }: UnreadableFile): Diagnostic {
  const { rule, message, line, column } = problem;
  return { file: displayName(file), line, column, severity: "error", rule, message };
}

/** A path fit to print: control characters shown as \uXXXX escapes. */
export const displayName = escapeControls;

/** A file whose name holds a control character is not read: its name could forge lines of output. */
export function nameProblem(file: string): UnreadableFile | undefined {
  if (escapeControls(file) === file) return undefined;
  return { file, problem: { rule: "unreadable-file", ...START, message: "this file's name holds a control character (a line break, tab or escape), so it is not read; rename it" } };
}

export function formatSize(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

/** `size` as words: "10.0 MiB", or "more than 1 MiB" when only a bounded read could tell. */
export function tooLargeProblem(size: string): FileProblem {
  return { rule: "file-too-large", ...START, message: `this file is ${size}; inventory files and runbooks are read up to ${FILE_SIZE_CAP_TEXT}, so split or shorten it` };
}
