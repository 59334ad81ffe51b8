/**
 * `check --cache` (issue 17): a warm cache gives the same output, only changed files are parsed
 * again, a cache file it cannot trust (corrupted, truncated, foreign, from another version) is
 * ignored and rewritten, cached files with diagnostics keep their exact positions, and no secret
 * reaches the cache file. On a copy of the valid fixture in a temporary folder.
 */
import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheFilePath, DEFAULT_CACHE_FILE } from "../compiler/cache/cacheLocation";
import { openCheckCache } from "../compiler/cache/checkCache";
import { computeToolVersion } from "../compiler/cache/toolVersion";
import { checkInventory, checkInventoryAndTransforms, type CheckOptions, type InventoryLocation } from "../compiler/checkInventory";
import { formatDiagnostic } from "../compiler/diagnostics";
import { parseInventoryFile } from "../compiler/validate/parseFile";
import { FAKE } from "./hostile/fakeSecrets";
import { runCli } from "./support/runCli";

const FIXTURE = join(__dirname, "fixtures", "valid");
const INT1 = "integrations/integration-0001.yaml";
const INT2 = "integrations/integration-0002.yaml";

interface Workspace {
  readonly root: string;
  readonly location: InventoryLocation;
  readonly cacheFile: string;
  /** Files parsed (not taken from the cache) by the runs since the last call, by path inside inventory/. */
  parsed(): string[];
  readonly options: CheckOptions;
  edit(file: string, from: string, to: string): void;
}

const roots: string[] = [];
function workspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), "check-cache-"));
  roots.push(root);
  cpSync(FIXTURE, root, { recursive: true });
  const location = { inventoryDir: join(root, "inventory"), runbooksDir: join(root, "runbooks") };
  const cacheFile = join(root, DEFAULT_CACHE_FILE);
  let parsed: string[] = [];
  const prefix = `${location.inventoryDir}/`;
  return {
    root,
    location,
    cacheFile,
    parsed: () => [parsed.sort(), (parsed = [])][0],
    options: { cacheFile, parseFile: (file, text) => (parsed.push(file.slice(prefix.length)), parseInventoryFile(file, text)) },
    edit(file, from, to) {
      const path = join(location.inventoryDir, file);
      const text = readFileSync(path, "utf8");
      assert.ok(text.includes(from), `${file} holds ${from}`);
      writeFileSync(path, text.replace(from, to));
    },
  };
}

const lines = (r: { diagnostics: readonly Parameters<typeof formatDiagnostic>[0][] }) => r.diagnostics.map(formatDiagnostic);
const ALL = readdirSync(join(FIXTURE, "inventory"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml")).sort();

describe("check --cache", () => {
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it("gives the same result warm as cold and as without a cache, parsing nothing again", async () => {
    const w = workspace();
    const uncached = await checkInventoryAndTransforms(w.location);
    const cold = await checkInventoryAndTransforms(w.location, w.options);
    assert.deepStrictEqual(w.parsed(), ALL);
    assert.ok(existsSync(w.cacheFile));
    const warm = await checkInventoryAndTransforms(w.location, w.options);
    assert.deepStrictEqual(w.parsed(), []);
    assert.deepStrictEqual(lines(warm), lines(cold));
    assert.deepStrictEqual(warm.inventory, uncached.inventory);
    assert.deepStrictEqual(cold, uncached);
    assert.ok(warm.inventory);
  });

  it("parses again only the file that changed, and runs the rules across files on the cached rest", () => {
    const w = workspace();
    checkInventory(w.location, w.options);
    w.parsed();
    // A reference that breaks only across files: the team exists in teams.yaml, unchanged and cached.
    w.edit(INT2, "owner: growth-engineering", "owner: growth-engineerin");
    const result = checkInventory(w.location, w.options);
    assert.deepStrictEqual(w.parsed(), [INT2]);
    assert.deepStrictEqual(lines(result), lines(checkInventory(w.location)));
    assert.ok(result.diagnostics.some((d) => d.rule === "unresolved-reference" && d.file.endsWith(INT2)));
  });

  it("keeps the exact positions of diagnostics of cached files, schema and semantic alike", async () => {
    const w = workspace();
    w.edit(INT1, "tier: 2", "tier: high");
    w.edit(INT2, "owner: growth-engineering", "owner: growth-engineerin");
    const cold = await checkInventoryAndTransforms(w.location, w.options);
    w.parsed();
    const warm = await checkInventoryAndTransforms(w.location, w.options);
    assert.deepStrictEqual(w.parsed(), [], "both broken files come from the cache");
    assert.deepStrictEqual(lines(warm), lines(cold));
    const lineOf = (file: string, words: string) => readFileSync(join(w.location.inventoryDir, file), "utf8").split("\n").findIndex((l) => l.includes(words)) + 1;
    assert.deepStrictEqual(
      warm.diagnostics.map((d) => `${d.file.slice(w.location.inventoryDir.length + 1)}:${d.line}:${d.column} ${d.rule}`),
      [`${INT1}:${lineOf(INT1, "tier: high")}:7 schema`, `${INT2}:${lineOf(INT2, "owner:")}:8 unresolved-reference`],
    );
  });

  const untrusted: readonly (readonly [string, (file: string) => void])[] = [
    ["corrupted", (file) => {
      const bytes = readFileSync(file);
      bytes[bytes.length - 10] ^= 0xff;
      writeFileSync(file, bytes);
    }],
    ["truncated", (file) => writeFileSync(file, readFileSync(file).subarray(0, 100))],
    ["blank", (file) => writeFileSync(file, "")],
    ["foreign (an ESLint cache)", (file) => writeFileSync(file, JSON.stringify([{ "/src/a.js": "1" }, { size: 1, mtime: 1, hash: "x" }]))],
  ];
  for (const [what, spoil] of untrusted) {
    it(`ignores a ${what} cache file and rewrites it`, () => {
      const w = workspace();
      const expected = lines(checkInventory(w.location, w.options));
      w.parsed();
      spoil(w.cacheFile);
      assert.deepStrictEqual(lines(checkInventory(w.location, w.options)), expected);
      assert.deepStrictEqual(w.parsed(), ALL, "every file parsed again");
      checkInventory(w.location, w.options);
      assert.deepStrictEqual(w.parsed(), [], "the rewritten cache is used");
    });
  }

  it("never uses entries written by another version of the tool", () => {
    const w = workspace();
    const other = openCheckCache(w.cacheFile, { version: "other code" });
    for (const file of ALL) other.parseFile(join(w.location.inventoryDir, file), "version: reliability/v1\nkind: Teams\nteams: []\n");
    other.save();
    const result = checkInventory(w.location, w.options);
    assert.deepStrictEqual(w.parsed(), ALL);
    assert.ok(result.inventory, "the other version's (empty) results were not used");
  });

  it("drops the entries of files no longer there", () => {
    const w = workspace();
    checkInventory(w.location, w.options);
    const before = readFileSync(w.cacheFile).length;
    rmSync(join(w.location.inventoryDir, "integrations", "integration-0006.yaml"));
    checkInventory(w.location, w.options);
    assert.ok(readFileSync(w.cacheFile).length < before);
  });

  it("never writes a secret to the cache file, and leaves no temporary file", async () => {
    const w = workspace();
    w.edit(INT1, "Leads per hour", `Leads per hour ${FAKE.stripeSecretKey}`);
    writeFileSync(join(w.location.runbooksDir, "integration-0002.md"), `${readFileSync(join(w.location.runbooksDir, "integration-0002.md"), "utf8")}\nUse ${FAKE.githubToken} to call it.\n`);
    const cold = await checkInventoryAndTransforms(w.location, w.options);
    assert.ok(cold.diagnostics.filter((d) => d.rule === "literal-secret").length >= 2);
    const stored = readFileSync(w.cacheFile).toString("latin1");
    for (const secret of [FAKE.stripeSecretKey, FAKE.githubToken]) assert.ok(!stored.includes(secret), "secret in the cache file");
    assert.ok(stored.includes("integration-0003"), "the other files are cached");
    assert.deepStrictEqual(readdirSync(w.root).filter((f) => f.endsWith(".tmp")), []);
    // The files with secrets are checked afresh each run, with the same words.
    w.parsed();
    assert.deepStrictEqual(lines(await checkInventoryAndTransforms(w.location, w.options)), lines(cold));
    assert.deepStrictEqual(w.parsed(), [INT1]);
  });

  it("keeps its file where --cache-location says, as ESLint does", () => {
    const cwd = mkdtempSync(join(tmpdir(), "check-cache-cwd-"));
    roots.push(cwd);
    mkdirSync(join(cwd, "existing"));
    assert.equal(cacheFilePath(undefined, cwd), join(cwd, ".checkcache"));
    assert.equal(cacheFilePath("my-cache", cwd), join(cwd, "my-cache"));
    assert.match(cacheFilePath("existing", cwd), new RegExp(`^${join(cwd, "existing")}/\\.checkcache_[0-9a-f]{16}$`));
    assert.match(cacheFilePath("new-folder/", cwd), new RegExp(`^${join(cwd, "new-folder")}/\\.checkcache_[0-9a-f]{16}$`));
  });

  it("keys the cache by the code that computed it", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-cache-code-"));
    roots.push(dir);
    const file = join(dir, "rule.ts");
    writeFileSync(file, "export const a = 1;\n");
    const before = computeToolVersion([file]);
    assert.equal(computeToolVersion([file]), before);
    writeFileSync(file, "export const a = 2;\n");
    assert.notEqual(computeToolVersion([file]), before);
    assert.notEqual(computeToolVersion([join(dir, "missing.ts")]), computeToolVersion([join(dir, "missing.ts")]), "unreadable code matches nothing");
  });

  it("npm run check -- --cache prints the same twice; --cache-location alone is a usage error", () => {
    const w = workspace();
    const args = ["--inventory", w.location.inventoryDir, "--runbooks", w.location.runbooksDir, "--cache", "--cache-location", join(w.root, "cache-dir/")];
    const cold = runCli("cli/check.ts", args);
    const warm = runCli("cli/check.ts", args);
    assert.equal(cold.status, 0, cold.stderr);
    assert.equal(warm.stdout, cold.stdout);
    assert.equal(readdirSync(join(w.root, "cache-dir")).filter((f) => f.startsWith(".checkcache_")).length, 1);
    const alone = runCli("cli/check.ts", ["--cache-location", "x"]);
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /^check: --cache-location needs --cache\nusage: npm run check/);
  });

  it("npm run plan -- --cache plans the same from a cold and a warm cache", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-cache-"));
    roots.push(dir);
    const args = ["--cache", "--cache-location", `${dir}/`];
    const cold = runCli("cli/plan.ts", args);
    const warm = runCli("cli/plan.ts", args);
    assert.equal(cold.status, 0, cold.stderr);
    assert.equal(warm.status, 0, warm.stderr);
    assert.equal(warm.stdout, cold.stdout);
    assert.equal(readdirSync(dir).filter((f) => f.startsWith(".checkcache_")).length, 1);
    const alone = runCli("cli/plan.ts", ["--cache-location", dir]);
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /^plan: --cache-location needs --cache\nusage: npm run plan/);
  });
});
