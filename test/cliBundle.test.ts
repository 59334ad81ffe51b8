/**
 * The commands' esbuild bundles (tools/cli.js, tools/cliBundle/): what `npm run check`, `npm run plan`
 * and the other commands run. The bundles equal a fresh build of today's sources whenever the
 * launcher takes them as fresh; a changed, added or removed source makes the launcher rebuild; the
 * bundled check prints what the in-process check finds; Pulumi loads only under the mock engine.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkInventoryAndTransforms } from "../compiler/checkInventory";
import { formatDiagnostic, summarize } from "../compiler/diagnostics";
import { buildBundles, writeBundles } from "../tools/cliBundle/build";
import { cacheFileOf } from "../tools/cliBundle/codeCache";
import { bundlePath, bundleState, readHeader, type BundleHeader } from "../tools/cliBundle/inputs";
import { scriptCommands } from "../tools/cliBundle/prepare";
import { REPO } from "./support/runCli";

const LAUNCHER = join(REPO, "tools", "cli.js");
const FIXTURE = join(REPO, "test", "fixtures", "valid");

function launch(root: string, args: readonly string[], options: { cwd?: string; nodeOptions?: readonly string[]; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [...(options.nodeOptions ?? []), join(root, "tools", "cli.js"), ...args], { cwd: options.cwd ?? root, encoding: "utf8", env: options.env ?? process.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A header without mtimes: what a bundle was built from, whenever its files were last touched. */
const contentOf = (header: BundleHeader | undefined) => header && { ...header, inputs: header.inputs.map(([rel, size, , hash]) => [rel, size, hash]) };
const codeOf = (text: string) => text.slice(text.indexOf("\n") + 1);

describe("command bundles: every bundle the launcher takes as fresh is what today's sources build", function () {
  const scripts = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts as Record<string, string>;
  const commands = scriptCommands(scripts);

  it("package.json runs check, plan and every other cli/ command through tools/cli.js, and prepare builds them", () => {
    for (const name of ["check", "plan", "newIntegration", "simulate", "budgetGate"]) assert.ok(commands.includes(name), name);
    assert.equal(scripts.check, "node tools/cli.js check");
    assert.equal(scripts.plan, "node tools/cli.js plan");
    assert.equal(scripts.prepare, "node tools/cliBundle/prepare.js");
    for (const name of commands) assert.ok(existsSync(join(REPO, "cli", `${name}.ts`)), `cli/${name}.ts`);
    assert.ok(!Object.values(scripts).some((s) => /^tsx cli\//.test(s)), "no command of cli/ left under tsx");
  });

  it("each bundle equals a fresh in-memory build when fresh, and is rebuilt to equal one when not", async () => {
    const stale = commands.filter((name) => !bundleState(REPO, bundlePath(REPO, name), `cli/${name}.ts`).fresh);
    // What the launcher would do at those commands' next start.
    if (stale.length) await writeBundles(REPO, stale);
    const fresh = await buildBundles(REPO, commands);
    for (const built of fresh) {
      const onDisk = readFileSync(built.file, "utf8");
      assert.ok(bundleState(REPO, built.file, `cli/${built.name}.ts`).fresh, `${built.name} is fresh`);
      assert.ok(codeOf(onDisk) === codeOf(built.text), `dist/cli/${built.name}.js differs from a fresh build of its sources`);
      assert.deepEqual(contentOf(readHeader(built.file)), contentOf(readHeader(writeTemp(built.text))), `${built.name}'s inputs`);
    }
  });

  it("a bundle lists its sources, the build's own settings and the inlined packages, and leaves Pulumi outside", async () => {
    const [plan] = await buildBundles(REPO, ["plan"]);
    const header = readHeader(writeTemp(plan!.text))!;
    const paths = header.inputs.map(([rel]) => rel);
    for (const rel of ["cli/plan.ts", "cli/mockEngine.ts", "index.ts", "compiler/checkInventory.ts", "tools/cliBundle/build.js", "tsconfig.json", "node_modules/esbuild/package.json", "node_modules/zod/package.json"]) assert.ok(paths.includes(rel), rel);
    assert.ok(!paths.some((rel) => rel.includes("node_modules/@pulumi/")), "Pulumi stays in node_modules");
    for (const [rel, size, , hash] of header.inputs) {
      assert.equal(size, statSync(join(REPO, rel)).size, rel);
      assert.match(hash, /^[0-9a-f]{64}$/, rel);
    }
    assert.match(codeOf(plan!.text), /require\("@pulumi\/pulumi"\)/);
  });
});

let temporaries: string[] = [];
function writeTemp(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cli-bundle-"));
  temporaries.push(dir);
  const file = join(dir, "bundle.js");
  writeFileSync(file, text);
  return file;
}
after(() => {
  for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
  temporaries = [];
});

describe("command bundles: the launcher rebuilds a bundle whose inputs changed", () => {
  let root: string;
  const file = (rel: string) => join(root, rel);
  const write = (rel: string, text: string) => {
    mkdirSync(join(file(rel), ".."), { recursive: true });
    writeFileSync(file(rel), text);
  };
  const state = () => bundleState(root, bundlePath(root, "hello"), "cli/hello.ts");
  const inputsOf = () => readHeader(bundlePath(root, "hello"))!.inputs.map(([rel]) => rel);

  beforeEach(() => {
    // A project of its own: the launcher and its build, a command importing a library, esbuild from this repository.
    root = mkdtempSync(join(tmpdir(), "cli-launcher-"));
    cpSync(LAUNCHER, file("tools/cli.js"));
    for (const f of ["build.js", "inputs.js", "codeCache.js"]) cpSync(join(REPO, "tools", "cliBundle", f), file(`tools/cliBundle/${f}`));
    cpSync(join(REPO, "tsconfig.json"), file("tsconfig.json"));
    symlinkSync(join(REPO, "node_modules"), file("node_modules"), "dir");
    write("lib/greeting.ts", 'export const greeting = "hello 1";\n');
    write("cli/hello.ts", 'import { greeting } from "../lib/greeting";\nconsole.log(`${greeting} ${process.argv.slice(2).join(" ")} from ${require("node:path").relative(process.cwd(), __dirname)}`);\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("builds on first use, then runs the bundle as built, with each source's own __dirname and the command's arguments", () => {
    assert.deepEqual(state(), { fresh: false, reason: "not built yet" });
    const first = launch(root, ["hello", "--flag", "x"]);
    assert.deepEqual(first, { status: 0, stdout: "hello 1 --flag x from cli\n", stderr: "" });
    assert.deepEqual(state(), { fresh: true, touched: [] });
    assert.deepEqual(inputsOf(), ["cli/hello.ts", "lib/greeting.ts", "node_modules/esbuild/package.json", "tools/cliBundle/build.js", "tools/cliBundle/inputs.js", "tsconfig.json"]);
    const built = statSync(bundlePath(root, "hello")).mtimeMs;
    assert.deepEqual(launch(root, ["hello"]), { status: 0, stdout: "hello 1  from cli\n", stderr: "" });
    assert.equal(statSync(bundlePath(root, "hello")).mtimeMs, built, "a fresh bundle is not rebuilt");
  });

  it("rebuilds when a source changes, even keeping its size", () => {
    launch(root, ["hello"]);
    write("lib/greeting.ts", 'export const greeting = "hello 2";\n');
    assert.deepEqual(state(), { fresh: false, reason: "lib/greeting.ts changed" });
    assert.equal(launch(root, ["hello"]).stdout, "hello 2  from cli\n");
    assert.equal(state().fresh, true);
  });

  it("rebuilds when an import is added (the new file becomes an input) or an input is removed", () => {
    launch(root, ["hello"]);
    write("lib/name.ts", 'export const name = "world";\n');
    write("lib/greeting.ts", 'import { name } from "./name";\nexport const greeting = `hello ${name}`;\n');
    assert.equal(launch(root, ["hello"]).stdout, "hello world  from cli\n");
    assert.ok(inputsOf().includes("lib/name.ts"));
    rmSync(file("lib/name.ts"));
    assert.deepEqual(state(), { fresh: false, reason: "lib/name.ts is gone" });
    const r = launch(root, ["hello"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^cli: cli\/hello\.ts did not build: lib\/greeting\.ts:1:\d+: Could not resolve "\.\/name"/);
  });

  it("rebuilds when the build itself changes: its code or tsconfig.json (esbuild's package.json is an input too)", () => {
    for (const rel of ["tsconfig.json", "tools/cliBundle/build.js"]) {
      launch(root, ["hello"]);
      writeFileSync(file(rel), `${readFileSync(file(rel), "utf8")}\n`);
      assert.deepEqual(state(), { fresh: false, reason: `${rel} changed` });
    }
  });

  it("a source touched without change is hashed once, then its new mtime is recorded (no rebuild)", () => {
    launch(root, ["hello"]);
    const code = codeOf(readFileSync(bundlePath(root, "hello"), "utf8"));
    const later = new Date(Date.now() + 60_000);
    utimesSync(file("lib/greeting.ts"), later, later);
    const touched = state();
    assert.ok(touched.fresh && touched.touched.length === 1 && touched.touched[0]![0] === "lib/greeting.ts");
    assert.equal(launch(root, ["hello"]).stdout, "hello 1  from cli\n");
    assert.deepEqual(state(), { fresh: true, touched: [] });
    assert.equal(codeOf(readFileSync(bundlePath(root, "hello"), "utf8")), code);
  });

  it("a bundle from another entry or with an unreadable first line is rebuilt, never run", () => {
    launch(root, ["hello"]);
    const bundle = bundlePath(root, "hello");
    writeFileSync(bundle, `// cli-bundle inputs: {not json\nconsole.log("stale")\n`);
    assert.deepEqual(state(), { fresh: false, reason: "not built yet" });
    assert.equal(launch(root, ["hello"]).stdout, "hello 1  from cli\n");
    assert.deepEqual(bundleState(root, bundle, "cli/other.ts"), { fresh: false, reason: "built from cli/hello.ts" });
  });

  it("a command that is not a file of cli/ is refused with the usage, exit 2", () => {
    for (const name of ["nope", "../tools/cli", ""]) {
      const r = launch(root, name ? [name] : []);
      assert.equal(r.status, 2, name);
      assert.match(r.stderr, /^cli: no command cli\/.*\.ts\nusage: node tools\/cli\.js NAME/);
      assert.equal(r.stdout, "");
    }
  });

  it("the V8 code cache is used on the next start, and dropped when the bundle changes", () => {
    const run = () => spawnSync(process.execPath, ["-e", `process.stdout.write(String(require(${JSON.stringify(file("tools/cliBundle/codeCache.js"))}).runWithCodeCache(${JSON.stringify(file("script.js"))})) + "\\n")`], { encoding: "utf8" }).stdout;
    writeFileSync(file("script.js"), 'process.stdout.write("one ");\n');
    assert.equal(run(), "one false\n");
    assert.ok(existsSync(cacheFileOf(file("script.js"))));
    assert.equal(run(), "one true\n");
    // Same length, other code: V8 alone would take the old cache (it checks the length); the key refuses it.
    writeFileSync(file("script.js"), 'process.stdout.write("two ");\n');
    utimesSync(file("script.js"), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    assert.equal(run(), "two false\n");
    assert.equal(run(), "two true\n");
  });
});

describe("command bundles: check and plan from their bundles", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cli-bundle-check-"));
    cpSync(FIXTURE, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** What cli/check.ts prints, computed in this process. */
  async function inProcessCheck(): Promise<string> {
    const result = await checkInventoryAndTransforms({ inventoryDir: "inventory", runbooksDir: "runbooks" });
    const { errors, warnings } = summarize(result.diagnostics);
    const integrations = result.inventory ? `, ${result.inventory.integrations.length} integrations` : "";
    return [...result.diagnostics.map(formatDiagnostic), `${errors} error(s), ${warnings} warning(s)${integrations}`, ""].join("\n");
  }

  async function inDir<T>(fn: () => Promise<T>): Promise<T> {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      return await fn();
    } finally {
      process.chdir(cwd);
    }
  }

  it("check passes the fixture (exit 0) and prints what the in-process check does", async () => {
    const r = launch(REPO, ["check", "--inventory", "inventory", "--runbooks", "runbooks"], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, await inDir(inProcessCheck));
    assert.match(r.stdout, /^0 error\(s\), 0 warning\(s\), \d+ integrations\n$/);
  });

  it("check on a broken copy exits 1 with the same positioned lines as the in-process check", async () => {
    const edit = (name: string, from: string, to: string) => {
      const f = join(dir, "inventory", "integrations", name);
      writeFileSync(f, readFileSync(f, "utf8").replace(from, to));
    };
    edit("integration-0002.yaml", "owner: growth-engineering", "owner: growth-engneering");
    edit("integration-0003.yaml", "window: 7d", "window: 14d");
    const r = launch(REPO, ["check", "--inventory", "inventory", "--runbooks", "runbooks"], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "");
    const expected = await inDir(inProcessCheck);
    assert.equal(r.stdout, expected);
    assert.match(expected, /^inventory\/integrations\/integration-0002\.yaml:8:8: error: there is no team "growth-engneering"/);
  });

  it("plan's spec path loads no Pulumi module; --engine mock loads Pulumi and plans the same resources", () => {
    const probe = join(dir, "probe.js");
    writeFileSync(probe, `process.on("exit", () => require("node:fs").writeFileSync(process.env.PROBE_OUT, String(Object.keys(require.cache).filter((f) => f.includes("/node_modules/@pulumi/")).length)));\n`);
    const planWith = (engine: string) => {
      const out = join(dir, `${engine}.count`);
      const json = join(dir, `${engine}.json`);
      const r = launch(REPO, ["plan", "--engine", engine, "--json", json, "--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks")], { cwd: REPO, nodeOptions: ["--require", probe], env: { ...process.env, PROBE_OUT: out } });
      assert.equal(r.status, 0, r.stderr);
      return { pulumiModules: Number(readFileSync(out, "utf8")), resources: readFileSync(json, "utf8") };
    };
    const spec = planWith("spec");
    assert.equal(spec.pulumiModules, 0, "the spec path never loads Pulumi");
    const mock = planWith("mock");
    assert.ok(mock.pulumiModules > 0, "the mock engine runs the Pulumi program");
    assert.equal(mock.resources, spec.resources);
  });
});
