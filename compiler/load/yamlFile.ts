/**
 * Load stage: one YAML file -> plain data plus a position for every node, so that later
 * stages can point any diagnostic at the YAML node it is about without keeping the
 * `yaml` Document (whose parse is the bulk of `check`'s time) around.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, YAMLParseError, type Alias, type Document, type Node, type YAMLError } from "yaml";
import type { Diagnostic, Position } from "../diagnostics";
import { pointer, type Path } from "../path";
import { stripBom } from "./decodeText";

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

/**
 * Never throws: whatever the `yaml` package throws on one file (an alias bomb, an alias to no
 * anchor, a nesting deeper than the stack) is a yaml-syntax diagnostic on that file, so
 * every other file is still checked.
 */
export function parseYamlFile(file: string, text: string): YamlFile {
  try {
    return parse(file, stripBom(text));
  } catch (e) {
    const message = `this file could not be read as YAML (${e instanceof Error ? e.name : "error"}); simplify it`;
    return { file, data: undefined, source: { values: new Map([["", ROOT]]), keys: new Map() }, diagnostics: [{ file, ...ROOT, severity: "error", message, rule: "yaml-syntax" }] };
  }
}

/** Most aliases one file may expand (yaml's toJS option): enough for any real inventory, too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

function parse(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  // uniqueKeys: false, because yaml's own check compares every key of a mapping with every other
  // (a 1 MiB file of 40,000 keys took minutes: a pull request could hang `check`); repeated keys
  // are found in one pass with a Set instead, and reported as the same error yaml would give.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length === 0) doc.errors.push(...repeatedKeyErrors(doc));
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const [severity, list] of [["error", doc.errors], ["warning", doc.warnings]] as const) {
    // Too deep a nesting can be reported once per level it could not enter: once is enough.
    const tooDeep = (e: YAMLError) => e.code === "RESOURCE_EXHAUSTION" || /call stack/i.test(e.message);
    for (const e of list.filter((e, i) => !tooDeep(e) || list.findIndex(tooDeep) === i)) {
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
  const broken = doc.errors.length > 0;
  // A broken file has no data, so nothing will ask where its nodes are (and its nesting may be too deep to walk).
  if (!broken) walk(doc.contents as Node | null, []);
  if (!values.has("")) values.set("", ROOT);
  const source = { values, keys, strings, text, lineStarts: lineCounter.lineStarts };
  if (broken) return { file, data: undefined, source, diagnostics };
  const aliases = findAliases(doc);
  const where = (node: Alias | undefined) => (node?.range ? at(node.range[0]) : ROOT);
  const aliasError = (node: Alias | undefined, why: string): YamlFile => ({
    file,
    data: undefined,
    source,
    diagnostics: [...diagnostics, { file, ...where(node), severity: "error", rule: "yaml-syntax", message: `YAML syntax error: ${why}` }],
  });
  if (aliases.unresolved) return aliasError(aliases.unresolved, "this alias (*name) refers to no anchor (&name) defined before it");
  try {
    return { file, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), source, diagnostics };
  } catch (e) {
    // yaml's toJS throws on a "billion laughs": aliases of aliases, each doubling the data.
    if (!aliases.first) throw e;
    return aliasError(aliases.first, `its aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, the way a "billion laughs" attack exhausts memory; write the values out instead`);
  }
}

/** Every key repeated within its mapping (after the first), as yaml's DUPLICATE_KEY errors; linear in the keys. */
function repeatedKeyErrors(doc: Document): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Scalar keys compare by value, as yaml's check does; a collection key is never equal to another.
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const at = (pair.key as Node | null)?.range ?? map.range ?? [0, 0];
          errors.push(new YAMLParseError([at[0], at[0] + 1], "DUPLICATE_KEY", "Map keys must be unique"));
        }
        seen.add(key);
      }
    },
  });
  return errors;
}

/** The first alias of the document, and the first one that refers to no anchor before it. */
function findAliases(doc: Document): { first?: Alias; unresolved?: Alias } {
  const found: { first?: Alias; unresolved?: Alias } = {};
  visit(doc, {
    Alias(_, node) {
      found.first ??= node;
      if (node.resolve(doc)) return undefined;
      found.unresolved = node;
      return visit.BREAK;
    },
  });
  return found;
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
