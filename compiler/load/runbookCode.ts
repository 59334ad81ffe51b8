/**
 * The code in a runbook, where on call copies commands from: fenced and indented code blocks
 * (from marked's block tokens, at any depth inside lists and quotes) and inline code spans,
 * one line at a time with its position in the file.
 *
 * marked gives no offsets and strips list indentation from nested blocks, so each block is
 * found in the source by its first line, from where the previous one ended. Code spans are
 * read from the remaining text with CommonMark's rule (a run of N backticks up to the next
 * run of exactly N, within one paragraph), which is cheaper than marked's inline lexer.
 */
import type { Token } from "marked";
import type { Position } from "../diagnostics";

export interface CodeLine extends Position {
  /** The line's code, from `column` (leading indentation left out). */
  readonly text: string;
  readonly kind: "block" | "span";
}

/** A top-level block token and the 1-based line it starts on. */
export interface PlacedToken {
  readonly token: Token;
  readonly line: number;
}

const FENCE = /^(`{3,}|~{3,})/;
const CLOSING_FENCE = /^(`{3,}|~{3,})\s*$/;

export function findCode(text: string, blocks: readonly PlacedToken[]): CodeLine[] {
  const lines = text.split("\n");
  const taken = new Uint8Array(lines.length);
  const out: CodeLine[] = [];
  for (const { token, line } of blocks) visit(token, line - 1, lines, taken, out);
  // Not push(...spans): a 1 MiB runbook can hold more code spans than a call takes arguments.
  for (const span of codeSpans(lines, taken)) out.push(span);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Records `token`, which starts on line index `at`, and the code blocks nested in it. */
function visit(token: Token, at: number, lines: readonly string[], taken: Uint8Array, out: CodeLine[]): void {
  if (token.type === "code") {
    codeBlock(token.raw, at, lines, taken, out);
    return;
  }
  const children: Token[] = token.type === "list" ? (token as { items: Token[] }).items : ((token as { tokens?: Token[] }).tokens ?? []);
  let cursor = at;
  for (const child of children) {
    if (!hasBlocks(child)) continue;
    const start = locate(child.raw, cursor, lines);
    if (start === undefined) continue;
    visit(child, start, lines, taken, out);
    cursor = start + lineCount(child.raw);
  }
}

function hasBlocks(token: Token): boolean {
  return token.type === "code" || token.type === "list" || token.type === "list_item" || token.type === "blockquote";
}

/** The first line index from `from` whose text ends with the token's first non-blank line. */
function locate(raw: string, from: number, lines: readonly string[]): number | undefined {
  const rawLines = raw.split("\n");
  const skip = rawLines.findIndex((l) => l.trim() !== "");
  if (skip < 0) return undefined;
  const first = rawLines[skip].trim();
  for (let i = from + skip; i < lines.length; i++) if (lines[i].trimEnd().endsWith(first)) return i - skip;
  return undefined;
}

function lineCount(raw: string): number {
  return raw.replace(/\n+$/, "").split("\n").length;
}

function codeBlock(raw: string, at: number, lines: readonly string[], taken: Uint8Array, out: CodeLine[]): void {
  const rawLines = raw.replace(/\n+$/, "").split("\n");
  const fenced = FENCE.test(rawLines[0].trim());
  const closed = fenced && rawLines.length > 1 && CLOSING_FENCE.test(rawLines[rawLines.length - 1].trim());
  for (let i = 0; i < rawLines.length && at + i < lines.length; i++) {
    const index = at + i;
    taken[index] = 1;
    if (fenced && (i === 0 || (closed && i === rawLines.length - 1))) continue;
    const source = lines[index];
    const indent = source.length - source.trimStart().length;
    if (indent < source.length) out.push({ line: index + 1, column: indent + 1, text: source.slice(indent), kind: "block" });
  }
}

/** Inline code spans in the lines no code block took, paragraph by paragraph. */
function codeSpans(lines: readonly string[], taken: Uint8Array): CodeLine[] {
  const out: CodeLine[] = [];
  let start = 0;
  while (start < lines.length) {
    if (taken[start] || lines[start].trim() === "") {
      start++;
      continue;
    }
    let end = start;
    let ticks = false;
    while (end < lines.length && !taken[end] && lines[end].trim() !== "") ticks = lines[end++].includes("`") || ticks;
    if (ticks) spansIn(lines, start, end, out);
    start = end;
  }
  return out;
}

/**
 * Code spans of one paragraph: a run of n backticks opens a span that the next run of exactly
 * n backticks closes (CommonMark 0.31, "Code spans"); a backslash escapes a backtick outside
 * spans only. Linear: each closing run is found through a per-length cursor over the runs,
 * never by scanning the rest of the paragraph again for every opening that stays unclosed.
 */
function spansIn(lines: readonly string[], from: number, to: number, out: CodeLine[]): void {
  const text = lines.slice(from, to).join("\n");
  const lineStarts: number[] = [];
  for (let i = from, offset = 0; i < to; offset += lines[i].length + 1, i++) lineStarts.push(offset);
  const run = (i: number) => {
    let j = i;
    while (text[j] === "`") j++;
    return j - i;
  };
  // Start of every maximal backtick run, by run length, in order.
  const runsByLength = new Map<number, { readonly starts: number[]; next: number }>();
  for (let i = text.indexOf("`"); i !== -1; ) {
    const n = run(i);
    const runs = runsByLength.get(n) ?? runsByLength.set(n, { starts: [], next: 0 }).get(n)!;
    runs.starts.push(i);
    i = text.indexOf("`", i + n);
  }
  /** Start of the first run of exactly n backticks at or after `from`; queries come in increasing order. */
  const closing = (n: number, from: number): number => {
    const runs = runsByLength.get(n);
    if (!runs) return -1;
    while (runs.next < runs.starts.length && runs.starts[runs.next] < from) runs.next++;
    return runs.next < runs.starts.length ? runs.starts[runs.next] : -1;
  };
  const row = { at: 0 };
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text[i] !== "`") {
      i++;
      continue;
    }
    const n = run(i);
    // A closer is a whole run: one starting inside a longer run does not count.
    const close = closing(n, i + n);
    if (close < 0) {
      i += n;
      continue;
    }
    emitSpan(text, i + n, close, lineStarts, from, row, out);
    i = close + n;
  }
}

/** One CodeLine per source line the span `text[start, end)` covers. */
function emitSpan(text: string, start: number, end: number, lineStarts: readonly number[], firstLine: number, row: { at: number }, out: CodeLine[]): void {
  let offset = start;
  while (offset < end) {
    const newline = text.indexOf("\n", offset);
    const stop = newline < 0 || newline > end ? end : newline;
    // Spans come in order, so the row only moves forward (linear over the paragraph).
    while (row.at + 1 < lineStarts.length && lineStarts[row.at + 1] <= offset) row.at++;
    if (stop > offset) out.push({ line: firstLine + row.at + 1, column: offset - lineStarts[row.at] + 1, text: text.slice(offset, stop), kind: "span" });
    offset = stop + 1;
  }
}
