/**
 * Load stage: one YAML file -> plain data plus a position for every node, so that later
 * stages can point any diagnostic at the YAML node it is about without keeping the
 * `yaml` Document (whose parse is the bulk of `check`'s time) around.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Diagnostic, Position } from "../diagnostics";
import { pointer, type Path } from "../path";

export interface SourceMap {
  /** Where each value node starts, by `pointer(path)`. */
  readonly values: ReadonlyMap<string, Position>;
  /** Where each mapping key starts, by `pointer(path of its value)`. */
  readonly keys: ReadonlyMap<string, Position>;
  /** Source range and style of each string scalar, by `pointer(path)`: to point inside a string (see stringPosition.ts). */
  readonly strings?: ReadonlyMap<string, StringScalar>;
  /** The file's text and where each of its lines starts (offsets), for the same purpose. */
  readonly text?: string;
  readonly lineStarts?: readonly number[];
}

/** Where a string scalar's source is (offsets, end exclusive) and how it is written. */
export interface StringScalar {
  readonly start: number;
  readonly end: number;
  /** The `yaml` package's scalar type: PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  readonly type: string;
}

export interface YamlFile {
  readonly file: string;
  /** Undefined when the YAML itself is broken. */
  readonly data: unknown;
  readonly source: SourceMap;
  readonly diagnostics: Diagnostic[];
}

const ROOT: Position = { line: 1, column: 1 };

export function parseYamlFile(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const [severity, list] of [["error", doc.errors], ["warning", doc.warnings]] as const) {
    for (const e of list) {
      const message =
        e.code === "MULTIPLE_DOCS"
          ? "this file holds more than one YAML document (a line with ---); put each one in a file of its own"
          : `YAML ${severity === "error" ? "syntax error" : "warning"}: ${e.message.split("\n")[0]}`;
      diagnostics.push({ file, ...at(e.pos[0]), severity, message, rule: "yaml-syntax" });
    }
  }
  const values = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const strings = new Map<string, StringScalar>();
  const walk = (node: Node | null | undefined, path: Path): void => {
    if (!node) return;
    if (node.range) values.set(pointer(path), at(node.range[0]));
    if (isScalar(node)) {
      if (typeof node.value === "string" && node.range && node.type) strings.set(pointer(path), { start: node.range[0], end: node.range[1], type: node.type });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const childPath = [...path, key];
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) keys.set(pointer(childPath), at(keyNode.range[0]));
        walk(pair.value as Node | null, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, [...path, i]));
    }
  };
  walk(doc.contents as Node | null, []);
  if (!values.has("")) values.set("", ROOT);
  const broken = doc.errors.length > 0;
  return { file, data: broken ? undefined : doc.toJS({ maxAliasCount: 100 }), source: { values, keys, strings, text, lineStarts: lineCounter.lineStarts }, diagnostics };
}

/** Position of the node at `path`, or of its nearest existing parent. */
export function positionOf(source: SourceMap, path: Path, preferKey = false): Position {
  for (let n = path.length; n >= 0; n--) {
    const p = pointer(path.slice(0, n));
    const pos = (preferKey && n === path.length && source.keys.get(p)) || source.values.get(p) || source.keys.get(p);
    if (pos) return pos;
  }
  return ROOT;
}
