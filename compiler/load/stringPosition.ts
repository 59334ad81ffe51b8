/**
 * Position of a character INSIDE a YAML string, so a diagnostic about a query can point at
 * the offending character rather than the start of the field.
 *
 * A string's value is not its source: quotes, escapes (`\"`, `\t`, `\x41`), doubled single
 * quotes, line folding and block indentation all sit between them. Each style is replayed
 * here the way YAML 1.2 reads it (https://yaml.org/spec/1.2.2/#73-flow-scalar-styles, #81
 * block scalar styles), recording where each value character comes from; when the replay
 * does not give back the parsed value exactly, the mapping is not trusted and the position
 * falls back to the start of the string.
 */
import type { Position } from "../diagnostics";
import { pointer, type Path } from "../path";
import { positionOf, type SourceMap } from "./yamlFile";

/**
 * Where in the file the character at `offset` of the string at `path` is (the end of the string
 * for `offset === value.length`). `value` is the string as the caller holds it: the YAML value,
 * or that value trimmed (the schema trims text fields).
 */
export function positionInString(source: SourceMap, path: Path, value: string, offset: number): Position {
  const scalar = source.strings?.get(pointer(path));
  const { text, lineStarts } = source;
  if (!scalar || text === undefined || !lineStarts) return positionOf(source, path);
  const replay = replayScalar(text.slice(scalar.start, scalar.end), scalar.type);
  const shift = replay && shiftOf(replay.chars.join(""), value);
  if (!replay || shift === undefined || replay.at.length === 0) return positionOf(source, path);
  const i = offset + shift;
  // Past the last mapped character (the end of the string, or a block scalar's final newline): just after it.
  const inside = i < replay.at.length ? replay.at[Math.max(0, i)] : replay.at[replay.at.length - 1] + 1;
  return lineAndColumn(lineStarts, scalar.start + inside);
}

/** How many replayed characters come before `value`'s first one; undefined when they are not the same string. */
function shiftOf(rebuilt: string, value: string): number | undefined {
  if (rebuilt === value || trimNewlines(rebuilt) === trimNewlines(value)) return 0;
  if (rebuilt.trim() === value) return rebuilt.length - rebuilt.trimStart().length;
  return undefined;
}

/** For each character of the scalar's value, its offset in `raw` (the scalar's source); undefined for a style not replayed. */
export function replayScalar(raw: string, type: string): Replay | undefined {
  switch (type) {
    case "PLAIN":
      return flow(raw, 0, raw.length, "plain");
    case "QUOTE_SINGLE":
      return flow(raw, 1, raw.length - 1, "single");
    case "QUOTE_DOUBLE":
      return flow(raw, 1, raw.length - 1, "double");
    case "BLOCK_LITERAL":
    case "BLOCK_FOLDED":
      return block(raw, type === "BLOCK_FOLDED");
    default:
      return undefined;
  }
}

export interface Replay {
  readonly chars: string[];
  readonly at: number[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Plain and quoted scalars: a line break folds to a space, or to n newlines after n empty lines. */
function flow(raw: string, from: number, to: number, style: "plain" | "single" | "double"): Replay | undefined {
  const chars: string[] = [];
  const at: number[] = [];
  const push = (c: string, i: number) => (chars.push(c), at.push(i));
  let trailingSpace = 0;
  let i = from;
  while (i < to) {
    const c = raw[i];
    if (c === "\n" || (c === "\r" && raw[i + 1] === "\n")) {
      // Spaces before a line break are dropped; empty lines become newlines.
      chars.length -= trailingSpace;
      at.length -= trailingSpace;
      trailingSpace = 0;
      let j = c === "\r" ? i + 2 : i + 1;
      const breaks: number[] = [];
      for (;;) {
        while (j < to && (raw[j] === " " || raw[j] === "\t")) j++;
        if (raw[j] === "\n") breaks.push(j++);
        else if (raw[j] === "\r" && raw[j + 1] === "\n") (breaks.push(j), (j += 2));
        else break;
      }
      if (breaks.length === 0) push(" ", i);
      else for (const b of breaks) push("\n", b);
      i = j;
      continue;
    }
    if (style === "single" && c === "'" && raw[i + 1] === "'") {
      push("'", i);
      i += 2;
      trailingSpace = 0;
      continue;
    }
    if (style === "double" && c === "\\") {
      const e = raw[i + 1];
      if (e === "\n" || e === "\r") {
        // An escaped line break joins the lines with nothing between them.
        let j = i + (e === "\r" ? 3 : 2);
        while (j < to && (raw[j] === " " || raw[j] === "\t")) j++;
        i = j;
        trailingSpace = 0;
        continue;
      }
      const hex = HEX_LENGTH[e];
      if (hex !== undefined) {
        const code = Number.parseInt(raw.slice(i + 2, i + 2 + hex), 16);
        if (!Number.isFinite(code)) return undefined;
        for (const unit of String.fromCodePoint(code)) for (let k = 0; k < unit.length; k++) push(unit[k], i);
        i += 2 + hex;
      } else {
        const decoded = SIMPLE_ESCAPES[e];
        if (decoded === undefined) return undefined;
        push(decoded, i);
        i += 2;
      }
      trailingSpace = 0;
      continue;
    }
    push(c, i);
    trailingSpace = c === " " || c === "\t" ? trailingSpace + 1 : 0;
    i++;
  }
  return { chars, at };
}

/** `|` keeps line breaks; `>` folds a break between two ordinary lines into a space. */
function block(raw: string, folded: boolean): Replay | undefined {
  const headerEnd = raw.indexOf("\n");
  if (headerEnd < 0) return { chars: [], at: [] };
  // An explicit indentation indicator counts from the parent's indentation, unknown here.
  if (/[1-9]/.test(raw.slice(0, headerEnd))) return undefined;
  const lines: { start: number; text: string }[] = [];
  for (let start = headerEnd + 1; start < raw.length; ) {
    const nl = raw.indexOf("\n", start);
    const end = nl < 0 ? raw.length : nl;
    lines.push({ start, text: raw.slice(start, end).replace(/\r$/, "") });
    start = end + 1;
  }
  const first = lines.find((l) => l.text.trim() !== "");
  if (!first) return { chars: [], at: [] };
  const indent = first.text.length - first.text.trimStart().length;
  const chars: string[] = [];
  const at: number[] = [];
  const push = (c: string, i: number) => (chars.push(c), at.push(i));
  let previous: "none" | "normal" | "more" = "none";
  let empty: number[] = [];
  let lastEnd = 0;
  for (const line of lines) {
    const content = line.text.slice(indent);
    const lineEnd = line.start + line.text.length;
    if (line.text.trim() === "") {
      empty.push(lineEnd);
      continue;
    }
    const kind = content[0] === " " || content[0] === "\t" ? "more" : "normal";
    if (previous !== "none") {
      if (folded && previous === "normal" && kind === "normal") {
        if (empty.length === 0) push(" ", lastEnd);
        else for (const e of empty) push("\n", e);
      } else {
        push("\n", lastEnd);
        for (const e of empty) push("\n", e);
      }
    } else for (const e of empty) push("\n", e);
    for (let k = 0; k < content.length; k++) push(content[k], line.start + indent + k);
    empty = [];
    previous = kind;
    lastEnd = lineEnd;
  }
  return { chars, at };
}

function trimNewlines(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === "\n") end--;
  return s.slice(0, end);
}

/** Line and column (1-based) of `offset` in a text whose lines start at `lineStarts`. */
export function lineAndColumn(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}
