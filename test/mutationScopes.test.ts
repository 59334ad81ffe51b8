/**
 * tools/mutationScopes.json and the score table (tools/mutationScore.ts): a group's parts must
 * cover each source file of its folders exactly once, or a file would go unmeasured (or be
 * counted twice in the group's sum); the table must count what Stryker's report says.
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { matchesGlob } from "../compiler/glob";
import { countMutants, mutationScore, scoreTable, validMutants } from "../tools/mutationScore";
import { REPO, runCli, runCliAsync } from "./support/runCli";

interface Scope {
  description: string;
  mutate?: string[];
  spec?: string[];
  folders?: string[];
  parts?: string[];
}
const scopes = JSON.parse(readFileSync(join(REPO, "tools", "mutationScopes.json"), "utf8")) as Record<string, Scope>;
const groups = Object.entries(scopes).filter(([, s]) => s.parts);

/** The parts whose `mutate` patterns take this file (`*` is any run of characters, as Stryker's globs here use it). */
const partsOf = (parts: readonly string[], file: string) => parts.filter((part) => scopes[part]!.mutate!.some((pattern) => matchesGlob(pattern, file)));

describe("mutation scopes (tools/mutationScopes.json)", () => {
  it("every scope is a leaf (files mutated, test files that exist) or a group of leaves over named folders", () => {
    for (const [name, scope] of Object.entries(scopes)) {
      if (scope.parts) {
        assert.ok(scope.folders && scope.folders.length > 0, `${name}: a group names its folders`);
        assert.equal(scope.mutate, undefined, `${name}: a group mutates through its parts only`);
        for (const part of scope.parts) assert.ok(scopes[part]?.mutate, `${name}: part ${part} is not a leaf scope`);
      } else {
        assert.ok(scope.mutate && scope.mutate.length > 0, `${name}: no files to mutate`);
        assert.ok(scope.spec && scope.spec.length > 0, `${name}: no test files`);
        for (const spec of scope.spec) assert.ok(existsSync(join(REPO, spec)), `${name}: test file ${spec} does not exist`);
      }
    }
    assert.deepEqual(groups.map(([name]) => name), ["lower", "validate"]);
  });

  it("a group's parts mutate each source file of its folders exactly once, and nothing outside them", () => {
    for (const [name, group] of groups) {
      const files = group.folders!.flatMap((folder) => readdirSync(join(REPO, folder)).filter((f) => f.endsWith(".ts")).map((f) => `${folder}/${f}`));
      assert.ok(files.length > 5, `${name}: its folders hold its sources`);
      const wrong = files.map((file) => ({ file, parts: partsOf(group.parts!, file) })).filter((f) => f.parts.length !== 1);
      assert.deepEqual(wrong, [], `${name}: each file must be in exactly one part`);
      for (const part of group.parts!) {
        for (const pattern of scopes[part]!.mutate!) {
          assert.ok(files.some((file) => matchesGlob(pattern, file)), `${part}: pattern ${pattern} matches no file of ${name}'s folders`);
        }
      }
    }
  });

  it("the partition check catches a file no part takes and a file two parts take", () => {
    const lower = scopes.lower!.parts!;
    assert.deepEqual(partsOf(lower, "compiler/lower/newThing.ts"), []);
    assert.deepEqual(partsOf([...lower, "lower-forwarder"], "compiler/lower/forwarder.ts"), ["lower-forwarder", "lower-forwarder"]);
  });
});

describe("mutation score table (tools/mutationScore.ts)", () => {
  const report = (...statuses: string[]) => ({ files: { "a.ts": { mutants: statuses.map((status) => ({ status })) } } });

  it("scores killed and timed out over valid mutants; ignored and erroring mutants are not valid", () => {
    const counts = countMutants(report("Killed", "Killed", "Timeout", "Survived", "NoCoverage", "Ignored", "CompileError", "RuntimeError"));
    assert.deepEqual(counts, { killed: 2, timedOut: 1, survived: 1, noCoverage: 1, ignored: 1, errors: 2 });
    assert.equal(validMutants(counts), 5);
    assert.equal(mutationScore(counts), 60);
  });

  it("refuses a status it does not know rather than leaving it out of the score", () => {
    assert.throws(() => countMutants(report("Killed", "Pending")), /unknown mutant status "Pending"/);
  });

  it("a group's total row adds its parts, and a part without a report leaves the total empty", () => {
    const a = countMutants(report("Killed", "Survived"));
    const b = countMutants(report("Killed", "Killed", "Killed", "NoCoverage"));
    const table = scoreTable([{ scope: "a", counts: a }, { scope: "b", counts: b }], "g").split("\n");
    assert.equal(table[2], "| a | 2 | 1 | 0 | 1 | 0 | 0 | 50.0% |");
    assert.equal(table[4], "| **g** (sum of parts) | 6 | 4 | 0 | 1 | 1 | 0 | 66.7% |");
    const missing = scoreTable([{ scope: "a", counts: a }, { scope: "b", counts: undefined }], "g").split("\n");
    assert.equal(missing[3], "| b | no report | | | | | | |");
    assert.equal(missing[4], "| **g** (sum of parts) | no report | | | | | | |");
  });
});

describe("npm run mutate (tools/mutate.ts) refuses before Stryker starts", () => {
  it("an unknown scope, and an unknown scope to score, with the usage and exit 2", () => {
    for (const args of [["lowr"], ["score", "lowr"]]) {
      const r = runCli("tools/mutate.ts", args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^unknown scope "lowr"\nusage: npm run mutate -- <scope>/);
    }
  });

  it("MUTATION_OUT with a group, whose parts would all write that one report folder", async () => {
    const r = await runCliAsync("tools/mutate.ts", ["lower"], { env: { ...process.env, MUTATION_OUT: "mine" } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^MUTATION_OUT names one report folder; run the parts of "lower" one by one instead\n/);
    assert.equal(existsSync(join(REPO, "reports", "mutation", "mine")), false);
  });
});
