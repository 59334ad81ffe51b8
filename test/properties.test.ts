/**
 * Properties over the valid fixture: random mutations only ever produce structured
 * diagnostics (never a crash, never a model with a dangling reference), and reordering
 * files or mapping keys yields the same model.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { isMap, isSeq, parseDocument, visit, type Document } from "yaml";
import { RULES } from "../compiler/diagnostics";
import type { Inventory } from "../compiler/model";
import { parseRunbook } from "../compiler/load/runbook";
import type { Path } from "../compiler/path";
import { loadFixture, validateFixture, type Fixture } from "./support/fixture";

const base = loadFixture();
const files = [...base.files.keys()];
const docs = new Map(files.map((f) => [f, parseDocument(base.files.get(f)!)]));

/** Every path to a node in a document, root excluded. */
function allPaths(doc: Document): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, String((pair.key as { value: unknown }).value)]);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    if (path.length) out.push(path);
  };
  walk(doc.contents, []);
  return out;
}
const pathsByFile = new Map(files.map((f) => [f, allPaths(docs.get(f)!)]));
const ids = ["growth-engineering", "revenue-operations-primary", "salesforce", "hubspot", "accepted", "integration-0002", "nope", "growth-engineering-1@example.com"];

const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...ids),
  fc.integer({ min: -5, max: 200 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom(...ids), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom("id", "kind", "extra", "window"), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

type Mutation = (f: Fixture) => void;
const setNode = fc.tuple(fc.constantFrom(...files), fc.nat(), value).map(([file, n, v]): Mutation => (f) => {
  if (!f.files.has(file)) return;
  const doc = docs.get(file)!.clone();
  const paths = pathsByFile.get(file)!;
  doc.setIn(paths[n % paths.length], v);
  f.files.set(file, doc.toString());
});
const deleteNode = fc.tuple(fc.constantFrom(...files), fc.nat()).map(([file, n]): Mutation => (f) => {
  if (!f.files.has(file)) return;
  const doc = docs.get(file)!.clone();
  const paths = pathsByFile.get(file)!;
  doc.deleteIn(paths[n % paths.length]);
  f.files.set(file, doc.toString());
});
const garble = fc.tuple(fc.constantFrom(...files), fc.nat(), fc.string({ maxLength: 6 })).map(([file, n, s]): Mutation => (f) => {
  const text = f.files.get(file);
  if (text === undefined) return;
  const at = n % text.length;
  f.files.set(file, text.slice(0, at) + s + text.slice(at + s.length));
});
const dropFile = fc.constantFrom(...files).map((file): Mutation => (f) => f.files.delete(file));
const copyFile = fc.constantFrom(...files).map((file): Mutation => (f) => {
  const text = f.files.get(file);
  if (text !== undefined) f.files.set(file.replace(".yaml", "-copy.yaml"), text);
});
const dropRunbook = fc.constantFrom(...base.runbooks.keys()).map((name): Mutation => (f) => f.runbooks.delete(name));
const editRunbook = fc.tuple(fc.constantFrom(...base.runbooks.keys()), fc.nat(), fc.string({ maxLength: 8 })).map(([name, n, s]): Mutation => (f) => {
  const text = f.runbooks.get(name);
  if (text === undefined) return;
  const at = n % text.length;
  f.runbooks.set(name, text.slice(0, at) + s + text.slice(at + 2));
});
const mutation = fc.oneof(setNode, setNode, deleteNode, garble, dropFile, copyFile, dropRunbook, editRunbook);

function copy(f: Fixture): Fixture {
  return { files: new Map(f.files), runbooks: new Map(f.runbooks) };
}

/** Checks a model's references independently of the validator's own code. */
function assertReferencesResolve(inv: Inventory, fixture: Fixture): void {
  const teams = new Set(inv.teams.map((t) => t.id));
  const rotations = new Set(inv.rotations.map((r) => r.id));
  const systems = new Set(inv.systems.map((s) => s.id));
  assert.equal(new Set(inv.integrations.map((i) => i.id)).size, inv.integrations.length, "integration ids unique");
  for (const i of inv.integrations) {
    assert.ok(teams.has(i.owner), `owner ${i.owner}`);
    assert.ok(rotations.has(i.rotation), `rotation ${i.rotation}`);
    for (const s of [...i.upstream, ...i.downstream]) assert.ok(systems.has(s), `system ${s}`);
    const slos = new Set(i.slos.map((s) => s.id));
    assert.equal(slos.size, i.slos.length, "slo ids unique");
    for (const s of i.slos) assert.ok(s.objective > 0 && s.objective < 100 && ["7d", "30d", "90d"].includes(s.window));
    const anchors = new Set(parseRunbook(i.runbook, fixture.runbooks.get(i.runbook)!).headings.map((h) => h.anchor));
    for (const m of i.failureModes) {
      if (m.slo) assert.ok(slos.has(m.slo), `slo ${m.slo}`);
      assert.ok(anchors.has(m.runbookAnchor), `anchor ${m.runbookAnchor}`);
    }
  }
}

describe("properties", () => {
  it("random mutations only ever produce structured diagnostics or a fully resolved model", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const fixture = copy(base);
        for (const m of mutations) m(fixture);
        const known = new Set([...fixture.files.keys(), ...[...base.runbooks.keys()].map((n) => `runbooks/${n}`)]);
        const result = validateFixture(fixture);
        for (const d of result.diagnostics) {
          assert.ok(known.has(d.file), `unknown file ${d.file}`);
          assert.ok(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1, `position ${d.line}:${d.column}`);
          assert.ok((RULES as readonly string[]).includes(d.rule), `rule ${d.rule}`);
          assert.ok(d.severity === "error" || d.severity === "warning");
          assert.ok(d.message.length > 0 && !/undefined|\[object Object\]/.test(d.message), `message ${d.message}`);
        }
        const hasError = result.diagnostics.some((d) => d.severity === "error");
        assert.equal(result.inventory === undefined, hasError);
        if (result.inventory) assertReferencesResolve(result.inventory, fixture);
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it("reordering files or mapping keys yields the same model", () => {
    const expected = validateFixture(base).inventory;
    assert.ok(expected);
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 64, maxLength: 64 }), fc.integer(), (keys, seed) => {
        let i = 0;
        const rank = new Map<unknown, number>();
        const next = () => keys[i++ % keys.length] ^ (seed + i);
        const shuffled: Fixture = { files: new Map(), runbooks: base.runbooks };
        const order = [...base.files.keys()].sort((a, b) => (rank.get(a) ?? rank.set(a, next()).get(a)!) - (rank.get(b) ?? rank.set(b, next()).get(b)!));
        for (const file of order) {
          const doc = docs.get(file)!.clone();
          visit(doc, { Map: (_, map) => void map.items.sort((a, b) => (rank.get(a) ?? rank.set(a, next()).get(a)!) - (rank.get(b) ?? rank.set(b, next()).get(b)!)) });
          shuffled.files.set(file, doc.toString());
        }
        assert.deepStrictEqual(validateFixture(shuffled).inventory, expected);
      }),
      { numRuns: 50, seed: 17 },
    );
  });
});
