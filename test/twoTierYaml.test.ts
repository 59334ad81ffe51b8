/**
 * Two-tier loading (issue 17): the fast tier (js-yaml events) and the `yaml` tier must give the
 * same data, the same diagnostics at the same positions and the same model. Differential
 * properties over fast-check-generated documents (dumped in every style both libraries write)
 * and over mutated inventories (text edits, and YAML the screen must send to the `yaml` tier);
 * then the screen's rows, and the claim that only files with a diagnostic are parsed twice.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { dump as jsYamlDump } from "js-yaml";
import { stringify, type ToStringOptions } from "yaml";
import { readFastYaml } from "../compiler/load/fastYaml";
import { listInventoryFiles } from "../compiler/load/readInventory";
import { readYamlFile } from "../compiler/load/twoTierYaml";
import { parseYamlFile, type SourceMap, type YamlFile } from "../compiler/load/yamlFile";
import { parseInventoryFile, type FileResult } from "../compiler/validate/parseFile";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";

const SEED = 17;
const REPO = join(__dirname, "..");
const base = loadFixture();
const fixtureFiles = [...base.files.keys()];
const yamlOnly = (file: string, text: string) => parseInventoryFile(file, text, parseYamlFile);
const lineOf = (f: Fixture, file: string, words: string) => f.files.get(file)!.split("\n").findIndex((l) => l.includes(words)) + 1;

/** The parts of a SourceMap that positions come from, as plain data. */
function positions(source: SourceMap) {
  return { values: [...source.values], keys: [...source.keys], strings: [...(source.strings ?? [])], text: source.text, lineStarts: source.lineStarts };
}

/** A FileResult without its source maps (compared apart, through `positions`). */
function comparable(r: FileResult) {
  const { parsed, draft, ...rest } = r;
  const strip = <T extends { source: SourceMap }>(x: T | undefined) => (x === undefined ? undefined : { ...x, source: undefined });
  return { ...rest, parsed: strip(parsed), draft: strip(draft) };
}

function assertSameYaml(text: string): void {
  const slow = parseYamlFile("f.yaml", text);
  const fast = readYamlFile("f.yaml", text);
  assert.deepStrictEqual(fast.data, slow.data, `data of ${JSON.stringify(text)}`);
  assert.deepStrictEqual(fast.diagnostics, slow.diagnostics, `diagnostics of ${JSON.stringify(text)}`);
  if (slow.data !== undefined) assert.deepStrictEqual(positions(fast.source), positions(slow.source), `positions in ${JSON.stringify(text)}`);
}

function assertSameFile(file: string, text: string): void {
  const slow = yamlOnly(file, text);
  const fast = parseInventoryFile(file, text);
  assert.deepStrictEqual(comparable(fast), comparable(slow), `${file}: ${JSON.stringify(text)}`);
  if (slow.parsed) assert.deepStrictEqual(positions(fast.parsed!.source), positions(slow.parsed.source));
}

// ---- Generated documents, written by both libraries in their styles --------------------------

/** Characters that make YAML scalars interesting: indicators, quotes, escapes, breaks, non-ASCII. */
const CHARS = [..."ab zZ09-_:#'\"\\\n\t,[]{}&*!|>%@`?~.+=/é😀", "\r\n", "\u2028", "\u0085", "\u00a0"];
const text = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 24 });
const word = fc.oneof(
  fc.constantFrom("yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "TRUE", "null", "Null", "~", "", "0o17", "017", "0x1F", "1_000", "1:30", "09:00", "1e400", ".inf", "-.inf", ".NaN", "-0", "+1", "1.", ".5", "12345678901234567890", "2025-01-15", "2001-12-14t21:59:43.10-05:00", "<<", "__proto__", "5m", "30d", "99.5", "- x", "? x", "a: b", "#c", "---", "..."),
  text,
);
const scalar = fc.oneof(word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const key = fc.oneof(fc.constantFrom("id", "kind", "name", "window", "1", "true", "null", "<<", "a b", "a:b", "-x", "é"), text);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
})).value;

const yamlOptions: fc.Arbitrary<ToStringOptions> = fc.record({
  defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED"),
  defaultKeyType: fc.constantFrom(null, "PLAIN", "QUOTE_DOUBLE"),
  collectionStyle: fc.constantFrom("any", "block", "flow"),
  lineWidth: fc.constantFrom(0, 12, 40, 80),
  minContentWidth: fc.constantFrom(0, 5, 20),
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  doubleQuotedAsJSON: fc.boolean(),
}) as fc.Arbitrary<ToStringOptions>;

const dumped = fc.oneof(
  fc.tuple(json, yamlOptions).map(([value, options]) => stringify(value, options)),
  fc.tuple(json, fc.constantFrom(-1, 10, 40), fc.boolean(), fc.constantFrom<"single" | "double">("single", "double")).map(([value, lineWidth, forceQuotes, quoteStyle]) => {
    try {
      return jsYamlDump(value, { lineWidth, forceQuotes, quoteStyle });
    } catch {
      return "a: 1\n";
    }
  }),
);

/** A few characters overwritten or inserted somewhere: indentation, indicators, quotes, breaks. */
const garbled = (source: fc.Arbitrary<string>) =>
  fc.tuple(source, fc.nat(), fc.string({ unit: fc.constantFrom(...CHARS, " ", "  ", "\n  ", "- ", ": "), maxLength: 4 }), fc.boolean()).map(([t, n, s, insert]) => {
    const at = t.length ? n % t.length : 0;
    return t.slice(0, at) + s + t.slice(insert ? at : at + s.length);
  });

// ---- Inventory files, mutated ---------------------------------------------------------------

/** Values the screen must weigh, put in place of one value of a fixture file. */
const TRICKY = ["yes", "off", "0o17", "017", "1e400", "1_000", "1:30", ".inf", "~", "Null", "TRUE", "-0", "2025-01-15", "&a x", "*a", "!!str 1", "!custom x", "|2\n   x", ">-\n  a\n  b", "|\n  a\n\n  b\n", "'it''s'", '"\\x41\\u00e9"', "[a, b]", "{a: 1}", "[a,\n  b\n]", "x\n  y", "99.5", "12345678901234567890", "TODO", "sk_live_51Hx8FakeFakeFakeFakeFake00"];
/** Lines the screen must weigh, inserted between two lines of a fixture file. */
const LINES = ["---", "...", "%YAML 1.2", "# comment", "<<: {a: 1}", "x: &a 1", "y: *a", "tier: 3", "k" + "x".repeat(1030) + ": 1", "\tz: 1", "1: one", "? [a]\n: b", "'quoted key': v", "__proto__: {a: 1}", "- item"];

const fixtureEdit = fc.oneof(
  // A value replaced: the first `key: value` at or after a random line.
  fc.tuple(fc.constantFrom(...fixtureFiles), fc.nat(), fc.constantFrom(...TRICKY)).map(([file, n, value]) => {
    const lines = base.files.get(file)!.split("\n");
    const i = [...lines.keys()].map((k) => (k + n) % lines.length).find((k) => /^\s*(- )?[A-Za-z]+: [^{[\s]/.test(lines[k]));
    if (i !== undefined) lines[i] = lines[i].replace(/: .*$/, `: ${value}`);
    return { file, text: lines.join("\n") };
  }),
  // A line inserted, at the indentation of the line before it or at none.
  fc.tuple(fc.constantFrom(...fixtureFiles), fc.nat(), fc.constantFrom(...LINES), fc.boolean()).map(([file, n, line, indent]) => {
    const lines = base.files.get(file)!.split("\n");
    const at = n % lines.length;
    const pad = indent ? /^\s*/.exec(lines[at])![0] : "";
    lines.splice(at + 1, 0, line.split("\n").map((l) => pad + l).join("\n"));
    return { file, text: lines.join("\n") };
  }),
  // Characters overwritten or inserted.
  fc.constantFrom(...fixtureFiles).chain((file) => garbled(fc.constant(base.files.get(file)!)).map((text) => ({ file, text }))),
);

describe("two-tier YAML loading", () => {
  it("reads generated documents exactly as the yaml tier does, in every style both libraries write", () => {
    fc.assert(fc.property(fc.oneof(dumped, garbled(dumped)), assertSameYaml), { seed: SEED, numRuns: 1500 });
  });

  it("gives mutated inventory files the same diagnostics, positions and documents", () => {
    fc.assert(fc.property(fixtureEdit, ({ file, text }) => assertSameFile(file, text)), { seed: SEED, numRuns: 600 });
  });

  it("gives mutated inventories the same diagnostics and the same model", () => {
    fc.assert(
      fc.property(fc.array(fixtureEdit, { minLength: 1, maxLength: 2 }), (edits) => {
        const fixture: Fixture = { files: new Map(base.files), runbooks: base.runbooks };
        for (const { file, text } of edits) fixture.files.set(file, text);
        const fast = validateFixture(fixture);
        const slow = validateFixture(fixture, { parseFile: yamlOnly });
        assert.deepStrictEqual(fast.diagnostics, slow.diagnostics);
        assert.deepStrictEqual(fast.inventory, slow.inventory);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("gives the sample inventory the same model and diagnostics, every file read by the fast tier", () => {
    const files = listInventoryFiles(join(REPO, "inventory"));
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      assert.ok(readFastYaml(text.replace(/^\uFEFF/, "")), `${file} should be read by the fast tier`);
      assertSameFile(file, text);
    }
    assert.deepStrictEqual(validateFixture(base), validateFixture(base, { parseFile: yamlOnly }));
  });

  // Each row: YAML the fast tier must leave to the `yaml` tier, and why.
  const TO_YAML_TIER: readonly (readonly [string, string])[] = [
    ["...\na: 1\n", "a leading document end marker (yaml: two documents; js-yaml: one)"],
    ["---\na: 1\n", "a document start marker"],
    ["%YAML 1.2\n---\na: 1\n", "a directive"],
    ["a: 1\n---\nb: 2\n", "several documents"],
    ["a: 1e400\n", "an overflowing number (yaml: Infinity; js-yaml: a string)"],
    ["a: 0o17\n", "a YAML 1.2 octal"],
    ["a: 017\n", "a leading zero"],
    ["a: 1_000\n", "a YAML 1.1 integer"],
    ["a: 1:30\n", "a YAML 1.1 sexagesimal"],
    ["a: .inf\n", "infinity"],
    ["a: 12345678901234567890\n", "an integer past 2^53"],
    ["a: -0\n", "negative zero"],
    ["a: >2\n   x\n", "a block scalar indentation indicator"],
    ["a: |1-\n  x\n", "a block scalar indentation indicator with chomping"],
    ["a: &x 1\nb: *x\n", "an anchor and an alias"],
    ["a: !!str 1\n", "a tag"],
    ["a: !custom 1\n", "a local tag"],
    ["<<: {a: 1}\n", "a merge key"],
    ["1: one\n", "a number as a key"],
    ["null: x\n", "null as a key"],
    ["? [a]\n: b\n", "a list as a key"],
    ["a: 1\na: 2\n", "a duplicate key"],
    ["__proto__: {a: 1}\n", "a __proto__ key"],
    ["k" + "x".repeat(1030) + ": 1\n", "an implicit key over 1024 characters (yaml refuses it)"],
    ["a:\n  b: [x,\n    y\n  ]\n", "a flow collection closed at its parent's indentation (a yaml warning)"],
    ["\uFEFFa: 1\n", "a second byte-order mark"],
    ["\ttrue\n", "a tab as indentation (js-yaml reads it; yaml refuses it)"],
    ["", "no document"],
    ["a: [1\n", "broken YAML"],
  ];
  for (const [text, why] of TO_YAML_TIER) {
    it(`leaves ${why} to the yaml tier`, () => {
      assert.equal(readFastYaml(text), undefined);
      assertSameYaml(text);
    });
  }

  // Each row: YAML both parsers read alike, which stays in the fast tier.
  const FAST: readonly (readonly [string, unknown])[] = [
    ["alerting: { slow: off }\n", { alerting: { slow: "off" } }],
    ["a: [yes, no, on, Y, n]\n", { a: ["yes", "no", "on", "Y", "n"] }],
    ["a: [~, null, Null, NULL, true, True, FALSE, ]\n", { a: [null, null, null, null, true, true, false] }],
    ["metricSince: 2025-01-15\n", { metricSince: "2025-01-15" }],
    ["objective: 99.5\nusdPerHour: 5900\nw: 30d\nn: -12\n", { objective: 99.5, usdPerHour: 5900, w: "30d", n: -12 }],
    ["time: \"09:00\"\n", { time: "09:00" }],
    ["t: |\n  a\n\n  b\nf: >-\n  c\n  d\n", { t: "a\n\nb\n", f: "c d" }],
    ["q: 'it''s'\nd: \"\\x41\\u00e9\\t\"\n", { q: "it's", d: "Aé\t" }],
    ["# yaml-language-server: $schema=../schema.json\na: 1 # one\n", { a: 1 }],
    ["'1': quoted number key\n", { "1": "quoted number key" }],
  ];
  for (const [text, data] of FAST) {
    it(`reads ${JSON.stringify(text).slice(0, 40)} in the fast tier`, () => {
      assert.deepStrictEqual(readFastYaml(text), { data });
      assertSameYaml(text);
    });
  }

  it("parses a file with the yaml tier only when one of its diagnostics asks for a position", () => {
    const reparsed: string[] = [];
    const counting = (file: string, t: string): YamlFile => (reparsed.push(file), parseYamlFile(file, t));
    const parseFile = (file: string, t: string) => parseInventoryFile(file, t, (f, x) => readYamlFile(f, x, counting));
    const INT1 = "inventory/integrations/integration-0001.yaml";
    const INT2 = "inventory/integrations/integration-0002.yaml";
    const clean = validateFixture(base, { parseFile });
    assert.ok(clean.inventory);
    assert.deepStrictEqual(reparsed, [], "a valid inventory is read by the fast tier alone");

    // A schema error in one file, a semantic one (an unknown team) in another: those two only.
    const broken: Fixture = { files: new Map(base.files), runbooks: base.runbooks };
    broken.files.set(INT1, replaceOnce(base.files.get(INT1)!, "tier: 2", "tier: high"));
    broken.files.set(INT2, replaceOnce(base.files.get(INT2)!, "owner: growth-engineering", "owner: growth-engineerin"));
    const result = validateFixture(broken, { parseFile });
    assert.deepStrictEqual([...new Set(reparsed)].sort(), [INT1, INT2]);
    assert.equal(reparsed.length, 2, "each file is parsed again once, however many positions it is asked for");
    assert.deepStrictEqual(result.diagnostics, validateFixture(broken, { parseFile: yamlOnly }).diagnostics);
    assert.deepStrictEqual(
      result.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`),
      [`${INT1}:${lineOf(broken, INT1, "tier: high")} schema`, `${INT2}:${lineOf(broken, INT2, "owner:")} unresolved-reference`],
    );
  });
});
