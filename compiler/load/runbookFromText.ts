/**
 * A runbook's text -> its parsed form, for runbooks read from the repository (disk or a git
 * revision). marked's block lexer slows down more than linearly with nesting depth (a
 * 1,000-level list in 1 MiB would take minutes) and recurses per level (5,000 nested quotes
 * overflow the stack), so deep nesting is refused before parsing, and anything the parser
 * still throws becomes a diagnostic on this runbook rather than the end of the run.
 */
import { START, type UnreadableFile } from "./fileProblem";
import { parseRunbook, type Runbook } from "./runbook";

/**
 * Widest run of indentation, quote markers and list markers a line may start with: 32 levels
 * of "- " lists or 64 of ">" quotes, against 9 columns in the deepest runbook here. Within
 * 1 MiB this keeps the worst case to seconds.
 */
export const MAX_NESTING_COLUMNS = 64;

const CONTAINER_PREFIX = /^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;

export function runbookFromText(file: string, text: string): Runbook | UnreadableFile {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const prefix = CONTAINER_PREFIX.exec(lines[i])![0];
    // A line of nothing but spaces nests nothing.
    if (prefix.length > MAX_NESTING_COLUMNS && lines[i].trim() !== "") {
      return {
        file,
        problem: {
          rule: "unreadable-file",
          line: i + 1,
          column: 1,
          message: `this line starts with ${prefix.length} columns of indentation and list or quote markers; nesting deeper than ${MAX_NESTING_COLUMNS} columns is not read, as the markdown parser slows to a crawl on it; flatten it`,
        },
      };
    }
  }
  try {
    return parseRunbook(file, text);
  } catch (e) {
    const why = e instanceof RangeError ? "it is nested too deeply" : `${e instanceof Error ? e.name : "error"}`;
    return { file, problem: { rule: "unreadable-file", ...START, message: `the markdown parser gave up on this runbook (${why}), so it is not read` } };
  }
}
