/**
 * An OpenSLO file as untrusted input: one YAML stream of documents, each kept with its `yaml`
 * Document so any finding can point at the node it is about (LineCounter positions, as
 * compiler/load/yamlFile.ts does for inventory files).
 *
 * Safety, since the file may come from anywhere: the bytes are read and decoded by the load
 * stage's own readers (regular files only, at most FILE_SIZE_CAP, strict UTF-8 without control
 * characters); at most MAX_DOCUMENTS documents, composed one at a time; flow brackets nested at
 * most MAX_FLOW_DEPTH deep (the parser recurses per level); no explicit tags (`!!binary`,
 * `!foo`: nothing OpenSLO needs, and the only way YAML builds anything but maps, lists and
 * scalars); no key twice in a mapping; aliases expand to at most MAX_ALIAS_COUNT copies, the
 * bound compiler/load/yamlFile.ts puts on inventory files against a "billion laughs"; and
 * anything the `yaml` package still throws is a finding on that file. Nothing in the file is
 * ever evaluated.
 */
import { Composer, isMap, isPair, isScalar, LineCounter, Parser, visit, type Document, type Node } from "yaml";
import type { Position } from "../diagnostics";
import { stripBom } from "../load/decodeText";
import type { Path } from "../path";
import type { Finding } from "./findings";

/** Documents one file may hold: far more than any real OpenSLO file, few enough to stay fast. */
export const MAX_DOCUMENTS = 1000;

/** Copies aliases may expand to in one document: the inventory loader's bound (compiler/load/yamlFile.ts). */
export const MAX_ALIAS_COUNT = 100;

export interface SourceDocument {
  readonly file: string;
  /** 0-based index in the stream. */
  readonly index: number;
  /** The document as plain data (maps are plain objects). */
  readonly data: unknown;
  /** Where the node at `path` starts (its key's start with `key`), or its nearest existing parent. */
  at(path: Path, key?: boolean): Position;
}

const START: Position = { line: 1, column: 1 };

export function readDocuments(file: string, text: string): { documents: SourceDocument[]; findings: Finding[] } {
  try {
    return parse(file, stripBom(text));
  } catch (e) {
    const message = `this file could not be read as YAML (${e instanceof Error ? e.name : "error"}); simplify it`;
    return { documents: [], findings: [{ file, ...START, severity: "error", message, id: "openslo-input" }] };
  }
}

function parse(file: string, text: string): { documents: SourceDocument[]; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const findings: Finding[] = [];
  const fail = (offset: number, message: string) => findings.push({ file, ...position(offset), severity: "error", message, id: "openslo-input" });
  const deep = tooDeep(text);
  if (deep !== undefined) {
    // Nothing is parsed, so the position is counted here rather than by the LineCounter.
    const line = text.slice(0, deep).split("\n").length;
    const message = `this file nests brackets more than ${MAX_FLOW_DEPTH} levels deep; no OpenSLO document needs that, so simplify it`;
    return { documents: [], findings: [{ file, line, column: deep - text.lastIndexOf("\n", deep - 1), severity: "error", message, id: "openslo-input" }] };
  }
  // Composed one document at a time, so a stream of a million `---` stops at MAX_DOCUMENTS + 1.
  // uniqueKeys: false because yaml's own check compares every key of a mapping with every other
  // (40,000 keys took minutes); duplicates are found below, with a Set.
  const stream: Document.Parsed[] = [];
  for (const doc of new Composer({ uniqueKeys: false, prettyErrors: false, keepSourceTokens: false }).compose(new Parser(lineCounter.addNewLine).parse(text))) {
    stream.push(doc);
    if (stream.length > MAX_DOCUMENTS) {
      fail(doc.range[0], `this file holds more than ${MAX_DOCUMENTS} YAML documents; at most ${MAX_DOCUMENTS} are read from one file, so split it`);
      return { documents: [], findings };
    }
  }
  const documents: SourceDocument[] = [];
  stream.forEach((doc, index) => {
    const errors = doc.errors.filter((e, i) => e.code !== "RESOURCE_EXHAUSTION" || doc.errors.findIndex((x) => x.code === e.code) === i);
    for (const e of errors) fail(e.pos[0], `YAML syntax error: ${e.message.split("\n")[0]}`);
    if (errors.length) return;
    const odd = firstOddNode(doc);
    if (odd?.tagged) {
      const at = tagOffset(text, odd.tagged.range?.[0] ?? doc.range[0]);
      return void fail(at.offset, `the YAML tag ${at.written ?? odd.tagged.tag} is not read in OpenSLO files: write a plain value instead`);
    }
    if (odd?.repeated) return void fail(odd.repeated.offset, `the key ${odd.repeated.key} appears twice in this mapping; keys must be unique`);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      // yaml's toJS throws when aliases expand past maxAliasCount, or refer to no anchor.
      return void fail(doc.range[0], `this document's aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, or refer to no anchor (&name); write the values out instead`);
    }
    documents.push({ file, index, data, at: (path, key = false) => locate(doc, path, key, position) ?? position(doc.contents?.range?.[0] ?? doc.range[0]) });
  });
  return { documents, findings };
}

/**
 * The first node written with an explicit tag (`!!binary`, `!foo`; plain scalars, maps and lists
 * have none), or the first key repeated within its mapping.
 */
function firstOddNode(doc: Document): { tagged?: Node; repeated?: { key: string; offset: number } } | undefined {
  let found: { tagged?: Node; repeated?: { key: string; offset: number } } | undefined;
  visit(doc, {
    Node(_, node) {
      if (node.tag) {
        found = { tagged: node };
        return visit.BREAK;
      }
      if (!isMap(node)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        found = { repeated: { key: String(key), offset: (pair.key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0 } };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Flow nesting (`[` and `{`) allowed: the `yaml` parser recurses once per level. */
export const MAX_FLOW_DEPTH = 100;

/**
 * Offset of the bracket that first nests past MAX_FLOW_DEPTH, counted over the raw text: an
 * upper bound (brackets inside quoted strings count too), which no OpenSLO document comes near.
 */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

/** Where the tag before a node's value is written, and how (`!!binary`): the node's range starts after it. */
function tagOffset(text: string, valueStart: number): { offset: number; written?: string } {
  let end = valueStart;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  const word = text.slice(start, end);
  return word.startsWith("!") ? { offset: start, written: word } : { offset: valueStart };
}

function locate(doc: Document, path: Path, key: boolean, position: (offset: number) => Position): Position | undefined {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    if (key && n === path.length && n > 0) {
      const parent = doc.getIn(prefix.slice(0, -1), true) as Node | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(prefix[n - 1]));
        const range = (pair?.key as Node | undefined)?.range;
        if (range) return position(range[0]);
      }
    }
    const node = n === 0 ? (doc.contents as Node | null) : (doc.getIn(prefix, true) as Node | undefined);
    if (node?.range) return position(node.range[0]);
  }
  return undefined;
}
