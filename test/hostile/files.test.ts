/**
 * Issue 11, classes 4, 5 and 6 and the file-level part of 7: what the repository can put on
 * disk or in a git revision (links to /dev/zero or out of the folder, FIFOs, folders named
 * x.yaml, link loops, 10 MB files, alias bombs, a BOM, bytes that are not UTF-8, a tree entry
 * named `..`) becomes one positioned diagnostic on that file while every other file is still
 * checked; nothing hangs, nothing is read past the 1 MiB cap, nothing is written outside.
 * Time and memory are bounded by construction (the cap, stat before open), not by timers.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { inventoryAtRef } from "../../cli/planBase";
import { checkInventory } from "../../compiler/checkInventory";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { decodeText, firstInvalidUtf8 } from "../../compiler/load/decodeText";
import { parseRunbook } from "../../compiler/load/runbook";
import { parseYamlFile } from "../../compiler/load/yamlFile";
import { REPO, runCli } from "../support/runCli";

const FIXTURE = join(REPO, "test", "fixtures", "valid");
const INT2 = "inventory/integrations/integration-0002.yaml";
const RB4 = "runbooks/integration-0004.md";

/** Diagnostics of `check` on the tree at `dir`, as printed, with paths relative to it. */
function check(dir: string): string[] {
  const result = checkInventory({ inventoryDir: join(dir, "inventory"), runbooksDir: join(dir, "runbooks") });
  return result.diagnostics.map((d) => formatDiagnostic({ ...d, file: relative(dir, d.file) }));
}

const OUTSIDE = (folder: string) => `this is a symbolic link to something outside the ${folder} folder; only files inside it are read, so copy the file here instead [unreadable-file]`;
const NOT_REGULAR = (kind: string) => `this is ${kind}, not a regular file, so it is not read [unreadable-file]`;
const TOO_LARGE = (size: string) => `this file is ${size}; inventory files and runbooks are read up to 1 MiB, so split or shorten it [file-too-large]`;
const LOOP = "this is a symbolic link that leads back to itself (a loop), so there is no file to read [unreadable-file]";
const BOMB_MESSAGE = 'YAML syntax error: its aliases (*name) expand to more than 100 copies, the way a "billion laughs" attack exhausts memory; write the values out instead [yaml-syntax]';

/** Nine copies at each of eight levels: 9^8 = 43 million strings if expanded. */
const ALIAS_BOMB = ["version: reliability/v1", "a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 7 }, (_, i) => {
  const [name, prev] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
  return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`;
})].join("\n");

const mkfifo = (path: string) => execFileSync("mkfifo", [path]);
const withBytes = (text: string, at: string, bytes: number[]): Buffer => {
  const i = text.indexOf(at) + at.length;
  if (i < at.length) throw new Error(`"${at}" is not in the file`);
  return Buffer.concat([Buffer.from(text.slice(0, i)), Buffer.from(bytes), Buffer.from(text.slice(i))]);
};

describe("hostile files: check reads only regular text files inside their folder, up to 1 MiB", () => {
  let dir: string;
  const at = (path: string) => join(dir, path);
  const read = (path: string) => readFileSync(at(path), "utf8");
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hostile-files-"));
    cpSync(FIXTURE, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Each row: the tree's change, and every diagnostic `check` must then print (a RegExp where the column depends on the stack). */
  const ROWS: { name: string; setup: () => void; expect: (string | RegExp)[] }[] = [
    { name: "an inventory file linked to /dev/zero", setup: () => symlinkSync("/dev/zero", at("inventory/zero.yaml")), expect: [`inventory/zero.yaml:1:1: error: ${OUTSIDE("inventory")}`] },
    {
      name: "a runbook linked to /dev/zero (not runbook-missing as well)",
      setup: () => (rmSync(at(RB4)), symlinkSync("/dev/zero", at(RB4))),
      expect: [`${RB4}:1:1: error: ${OUTSIDE("runbooks")}`],
    },
    {
      name: "a runbook linked to a file outside the runbooks folder (it passed before)",
      setup: () => (renameSync(at(RB4), at("outside.md")), symlinkSync("../outside.md", at(RB4))),
      expect: [`${RB4}:1:1: error: ${OUTSIDE("runbooks")}`],
    },
    {
      name: "an inventory file linked through a linked folder that leaves the inventory",
      setup: () => (mkdirSync(at("elsewhere")), writeFileSync(at("elsewhere/x.yaml"), "version: reliability/v1\n"), symlinkSync("../../elsewhere", at("inventory/integrations/more")), symlinkSync("integrations/more/x.yaml", at("inventory/x.yaml"))),
      expect: [`inventory/x.yaml:1:1: error: ${OUTSIDE("inventory")}`],
    },
    {
      name: "links that stay inside their folder are followed",
      setup: () => {
        mkdirSync(at("runbooks/shared"));
        renameSync(at(RB4), at("runbooks/shared/integration-0004.md"));
        symlinkSync("shared/integration-0004.md", at(RB4));
        renameSync(at("inventory/teams.yaml"), at("inventory/teams.data"));
        symlinkSync("teams.data", at("inventory/teams.yaml"));
      },
      expect: [],
    },
    { name: "a FIFO named like an inventory file (never opened, so check does not hang)", setup: () => mkfifo(at("inventory/pipe.yaml")), expect: [`inventory/pipe.yaml:1:1: error: ${NOT_REGULAR("a named pipe (FIFO)")}`] },
    { name: "a FIFO as a runbook", setup: () => (rmSync(at(RB4)), mkfifo(at(RB4))), expect: [`${RB4}:1:1: error: ${NOT_REGULAR("a named pipe (FIFO)")}`] },
    { name: "a folder named x.yaml", setup: () => mkdirSync(at("inventory/x.yaml")), expect: [`inventory/x.yaml:1:1: error: ${NOT_REGULAR("a folder")}`] },
    { name: "a runbook path naming a folder", setup: () => (rmSync(at(RB4)), mkdirSync(at(RB4))), expect: [`${RB4}:1:1: error: ${NOT_REGULAR("a folder")}`] },
    { name: "a symbolic link loop", setup: () => symlinkSync("loop.yaml", at("inventory/loop.yaml")), expect: [`inventory/loop.yaml:1:1: error: ${LOOP}`] },
    { name: "a link to nothing", setup: () => symlinkSync("gone.yaml", at("inventory/dangling.yaml")), expect: ["inventory/dangling.yaml:1:1: error: this is a symbolic link to a file that does not exist [unreadable-file]"] },
    { name: "a 10 MB inventory file, refused by its size before it is read", setup: () => writeFileSync(at("inventory/big.yaml"), Buffer.alloc(10 << 20, "a: 1\n")), expect: [`inventory/big.yaml:1:1: error: ${TOO_LARGE("10.0 MiB")}`] },
    { name: "a 2 MB runbook", setup: () => writeFileSync(at(RB4), read(RB4) + "x".repeat(2 << 20)), expect: [`${RB4}:1:1: error: ${TOO_LARGE("2.0 MiB")}`] },
    { name: "an alias bomb", setup: () => writeFileSync(at("inventory/bomb.yaml"), ALIAS_BOMB), expect: [`inventory/bomb.yaml:3:8: error: ${BOMB_MESSAGE}`] },
    {
      name: "an alias to no anchor",
      setup: () => writeFileSync(at("inventory/alias.yaml"), "version: reliability/v1\nkind: *nope\n"),
      expect: ["inventory/alias.yaml:2:7: error: YAML syntax error: this alias (*name) refers to no anchor (&name) defined before it [yaml-syntax]"],
    },
    {
      name: "nesting deeper than the parser's stack: one diagnostic, not one per level",
      setup: () => writeFileSync(at("inventory/deep.yaml"), `version: reliability/v1\nkind: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`),
      expect: [/^inventory\/deep\.yaml:2:\d+: error: YAML syntax error: Maximum call stack size exceeded \[yaml-syntax\]$/],
    },
    {
      name: "bytes that are not UTF-8, at the offending byte",
      setup: () => writeFileSync(at(INT2), withBytes(read(INT2), "tier: 3", [0xc3, 0x28])),
      expect: [`${INT2}:7:8: error: this file is not UTF-8 text: byte 0xc3 at byte offset ${readFileSync(join(FIXTURE, INT2), "utf8").indexOf("tier: 3") + 7} is not valid UTF-8; save it as UTF-8 [invalid-text]`],
    },
    { name: "a NUL byte in a runbook", setup: () => writeFileSync(at(RB4), withBytes(read(RB4), "# integration-0004", [0])), expect: [`${RB4}:1:19: error: this file holds a NUL character (U+0000), which is not text; remove it [invalid-text]`] },
    {
      name: "a terminal escape sequence in an inventory value",
      setup: () => writeFileSync(at(INT2), read(INT2).replace("tier: 3", "tier: 3 # \u001b[2J")),
      expect: [`${INT2}:7:11: error: this file holds the control character U+001B, which is not text; remove it [invalid-text]`],
    },
    {
      name: "a control character in a file name, escaped in the diagnostic",
      setup: () => writeFileSync(at("inventory/x\n1:1: error: forged.yaml"), "version: reliability/v1\n"),
      expect: ["inventory/x\\u000a1:1: error: forged.yaml:1:1: error: this file's name holds a control character (a line break, tab or escape), so it is not read; rename it [unreadable-file]"],
    },
    {
      name: "a runbook nesting lists 1,000 deep (minutes of parsing) is refused at the first line too deep",
      setup: () => writeFileSync(at(RB4), `${read(RB4)}\n${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i * 2)}- a`).join("\n")}\n`),
      expect: [`${RB4}:${readFileSync(join(FIXTURE, RB4), "utf8").split("\n").length + 33}:1: error: this line starts with 66 columns of indentation and list or quote markers; nesting deeper than 64 columns is not read, as the markdown parser slows to a crawl on it; flatten it [unreadable-file]`],
    },
    {
      name: "a runbook nesting 5,000 quotes (a stack overflow in the parser) is refused, and the run goes on",
      setup: () => writeFileSync(at(RB4), `${">".repeat(5000)} x\n${read(RB4)}`),
      expect: [`${RB4}:1:1: error: this line starts with 5001 columns of indentation and list or quote markers; nesting deeper than 64 columns is not read, as the markdown parser slows to a crawl on it; flatten it [unreadable-file]`],
    },
    {
      name: "a query nesting 100,000 parentheses (a stack overflow in the query parser) is one query-syntax error",
      setup: () => writeFileSync(at(INT2), read(INT2).replace("query: count:martech.forwarder.received{integration:integration-0002}", `query: ${"(".repeat(100_000)}count:m{a:b}${")".repeat(100_000)}`)),
      expect: [`${INT2}:59:78: error: failure mode silent: detection.query: Datadog cannot read this query: this query nests parentheses, functions or NOT more than 64 levels deep; simplify it [query-syntax]`],
    },
    {
      name: "a byte-order mark on every file: positions and the first heading unchanged",
      setup: () => {
        for (const f of [INT2, "inventory/teams.yaml", RB4, "runbooks/webhook-forwarder.md"]) writeFileSync(at(f), `\uFEFF${read(f)}`);
        writeFileSync(at(INT2), read(INT2).replace("version: reliability/v1", "version: reliability/v0"));
      },
      expect: [`${INT2}:2:10: error: this file has version "reliability/v0"; this tool reads "version: reliability/v1" [inventory-version]`],
    },
  ];

  for (const row of ROWS) {
    it(row.name, () => {
      row.setup();
      const found = check(dir);
      assert.equal(found.length, row.expect.length, found.join("\n"));
      row.expect.forEach((e, i) => (typeof e === "string" ? assert.equal(found[i], e) : assert.match(found[i], e)));
    });
  }

  it("a socket named like an inventory file", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(at("inventory/s.yaml"), resolve));
    try {
      assert.deepEqual(check(dir), [`inventory/s.yaml:1:1: error: ${NOT_REGULAR("a socket")}`]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reports every bad file at once and still checks the others, in text and in JSON, without a stack trace", () => {
    symlinkSync("/dev/zero", at("inventory/zero.yaml"));
    mkfifo(at("inventory/pipe.yaml"));
    mkdirSync(at("inventory/x.yaml"));
    symlinkSync("loop.yaml", at("inventory/loop.yaml"));
    writeFileSync(at("inventory/bomb.yaml"), ALIAS_BOMB);
    writeFileSync(at("inventory/big.yaml"), Buffer.alloc(10 << 20, "a: 1\n"));
    rmSync(at(RB4));
    symlinkSync("/dev/zero", at(RB4));
    // And an ordinary error in an ordinary file, which must still be found.
    writeFileSync(at(INT2), read(INT2).replace("tier: 3", "tier: 7"));
    const expected = [
      `inventory/big.yaml:1:1: error: ${TOO_LARGE("10.0 MiB")}`,
      `inventory/bomb.yaml:3:8: error: ${BOMB_MESSAGE}`,
      `${INT2}:7:7: error: tier: must be 1, 2 or 3 [schema]`,
      // With integration-0002 invalid, integration-0004 ranks fifth, and its runbook was not read.
      "inventory/integrations/integration-0004.yaml:11:15: error: integration integration-0004 is #5 by revenue exposure ($1,776/h), one of the top 5, so its runbook must be complete; it has none [top-revenue-coverage]",
      `inventory/loop.yaml:1:1: error: ${LOOP}`,
      `inventory/pipe.yaml:1:1: error: ${NOT_REGULAR("a named pipe (FIFO)")}`,
      `inventory/x.yaml:1:1: error: ${NOT_REGULAR("a folder")}`,
      `inventory/zero.yaml:1:1: error: ${OUTSIDE("inventory")}`,
      `${RB4}:1:1: error: ${OUTSIDE("runbooks")}`,
    ];
    const text = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.deepEqual([text.status, text.stderr], [1, ""]);
    assert.equal(text.stdout, `${expected.join("\n")}\n${expected.length} error(s), 0 warning(s)\n`);
    const json = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks", "--format", "json"], dir);
    assert.deepEqual([json.status, json.stderr], [1, ""]);
    const parsed = JSON.parse(json.stdout) as { diagnostics: { file: string; line: number; column: number; rule: string }[]; errors: number };
    assert.equal(parsed.errors, expected.length);
    assert.deepEqual(parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`), expected.map((e) => `${e.slice(0, e.indexOf(": error"))} ${e.slice(e.lastIndexOf("[") + 1, -1)}`));
  });
});

describe("hostile files: bytes to text", () => {
  it("finds the first byte that is not UTF-8 (overlong, surrogate, truncated, out of range)", () => {
    const rows: [number[], number][] = [
      [[0x61, 0xc3, 0xa9], -1],
      [[0xf0, 0x9f, 0x98, 0x80], -1],
      [[0x61, 0xc0, 0xaf], 1],
      [[0xed, 0xa0, 0x80], 0],
      [[0x61, 0x62, 0xe2, 0x82], 2],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0x80], 0],
    ];
    for (const [bytes, offset] of rows) assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), offset, bytes.join(","));
  });

  it("drops a byte-order mark, so line 1's columns and a runbook's first heading are right", () => {
    assert.deepEqual(decodeText("f.yaml", Buffer.from("\uFEFFa: 1\n")), { text: "a: 1\n" });
    assert.deepEqual(parseYamlFile("f.yaml", "\uFEFFa: [1\n").diagnostics.map((d) => `${d.line}:${d.column}`), parseYamlFile("f.yaml", "a: [1\n").diagnostics.map((d) => `${d.line}:${d.column}`));
    assert.deepEqual(parseRunbook("r.md", "\uFEFF## Diagnosis\n\ntext\n").headings.map((h) => `${h.line} ${h.anchor}`), ["1 diagnosis"]);
  });

  it("parses adversarial runbooks in one pass: 250,000 code spans, unclosed backtick runs, a 400 KB heading", () => {
    // Each used to be a crash (a spread of 250,000 arguments) or quadratic (a rescan per unclosed run, marked's inline lexer).
    assert.equal(parseRunbook("r.md", "`a` ".repeat(250_000)).code.length, 250_000);
    assert.equal(parseRunbook("r.md", "``a`b`c ".repeat(100_000)).code.length, 100_000);
    assert.equal(parseRunbook("r.md", `# ${"_a".repeat(200_000)}\n`).headings.length, 1);
  });

  it("finds repeated keys in one pass: a mapping of 40,000 keys with one repeated (yaml's own check compares every pair)", () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join("\n");
    const at = (text: string) => parseYamlFile("f.yaml", text).diagnostics.map((d) => `${d.line}:${d.column} ${d.message} [${d.rule}]`);
    assert.deepEqual(at(`${keys}\nk5: again\n`), ["40001:1 YAML syntax error: Map keys must be unique [yaml-syntax]"]);
    assert.deepEqual(at("a:\n  b: 1\n  c: 2\n  b: 3\nd: 4\n"), ["4:3 YAML syntax error: Map keys must be unique [yaml-syntax]"]);
    assert.deepEqual(at("a: 1\nb: {a: 1}\n"), [], "the same key in different mappings is fine");
    assert.equal(parseYamlFile("f.yaml", `${keys}\nk5: again\n`).data, undefined, "a file with a repeated key has no data, as before");
  });

  it("refuses more than 1 MiB of decoded text too (a source handed over in memory)", () => {
    const r = decodeText("f.yaml", Buffer.alloc((1 << 20) + 1, "a"));
    assert.ok("problem" in r && r.problem.rule === "file-too-large");
  });
});

describe("hostile files: a crafted base revision (plan --base, budget-gate --base)", () => {
  let repo: string;
  const escaped = `escaped-${randomBytes(6).toString("hex")}.yaml`;
  const git = (args: string[], input?: Buffer) => execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd: repo, input, stdio: "pipe" }).toString().trim();
  const blob = (content: string | Buffer) => git(["hash-object", "-w", "--stdin"], Buffer.from(content));
  const tree = (entries: string[]) => git(["mktree", "-z"], Buffer.from(entries.map((e) => `${e}\0`).join("")));
  const location = () => ({ inventoryDir: join(repo, "inventory"), runbooksDir: join(repo, "runbooks") });
  /** A commit of HEAD's tree whose inventory (and runbooks) folder also holds `inventory` (`runbooks`) entries. */
  const craft = (tag: string, extra: { inventory?: string[]; runbooks?: string[] }) => {
    const entries = (path: string) => git(["ls-tree", "-z", `HEAD:${path}`]).split("\0").filter(Boolean);
    const drop = (list: string[], names: string[]) => list.filter((e) => !names.includes(e.slice(e.indexOf("\t") + 1)));
    const rbNames = (extra.runbooks ?? []).map((e) => e.slice(e.indexOf("\t") + 1));
    const top = drop(entries(""), ["inventory", "runbooks"]);
    const inventory = tree([...entries("inventory"), ...(extra.inventory ?? [])]);
    const runbooks = tree([...drop(entries("runbooks"), rbNames), ...(extra.runbooks ?? [])]);
    git(["tag", tag, git(["commit-tree", tree([...top, `040000 tree ${inventory}\tinventory`, `040000 tree ${runbooks}\trunbooks`]), "-m", tag])]);
  };

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "hostile-base-"));
    git(["init", "-q"]);
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) copyFileSync(join(REPO, f), join(repo, f));
    for (const d of ["inventory", "runbooks"]) cpSync(join(FIXTURE, d), join(repo, d), { recursive: true });
    git(["add", "-A"]);
    git(["commit", "-qm", "valid"]);
    // inventory/../../<escaped>: written out under a temporary folder, this lands beside it.
    const evil = blob("version: reliability/v1\nkind: Teams\nteams: []\n");
    const dotdot = tree([`040000 tree ${tree([`100644 blob ${evil}\t${escaped}`])}\t..`]);
    craft("crafted", {
      inventory: [`040000 tree ${dotdot}\t..`, `120000 blob ${blob("/etc/passwd")}\tlink.yaml`],
      runbooks: [`120000 blob ${blob("/dev/zero")}\tintegration-0004.md`],
    });
    craft("large", { inventory: [`100644 blob ${blob(Buffer.alloc(2 << 20, "a"))}\tbig.yaml`] });
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it("reads the base from git objects: the `..` entry and the links are diagnostics, nothing is written outside", () => {
    const base = inventoryAtRef("crafted", location());
    assert.equal(
      base.note,
      `the inventory at crafted is invalid: inventory/../../${escaped}:1:1: error: this path has an empty, \`.\` or \`..\` part, which git itself refuses to check out, so it is not read [unreadable-file] (and 2 more error(s)); compared against nothing, so everything is added.`,
    );
    for (const d of [tmpdir(), dirname(tmpdir()), repo, dirname(repo), join(repo, "inventory"), process.cwd()]) assert.equal(existsSync(join(d, escaped)), false, d);
  });

  it("does not follow a symbolic link blob, nor read a blob over the cap", () => {
    const large = inventoryAtRef("large", location());
    assert.match(large.note ?? "", /is invalid: inventory\/big\.yaml:1:1: error: this file is 2\.0 MiB; inventory files and runbooks are read up to 1 MiB, so split or shorten it \[file-too-large\]/);
    assert.ok(inventoryAtRef("HEAD", location()).inventory, "the untouched base still compares");
  });

  it("plan --base on the crafted commit: exit 0, one sentence, no stack trace", () => {
    const r = runCli("cli/plan.ts", ["--base", "crafted", "--inventory", "inventory", "--runbooks", "runbooks"], repo);
    assert.deepEqual([r.status, r.stderr], [0, ""]);
    assert.match(r.stdout, /\nNote: the inventory at crafted is invalid: inventory\/\.\.\/\.\.\/escaped-[0-9a-f]+\.yaml:1:1: error: this path has/);
    assert.equal(existsSync(join(tmpdir(), escaped)), false);
  });

  it("an empty --base= is a usage error, not a comparison with nothing", () => {
    const plan = runCli("cli/plan.ts", ["--base="]);
    assert.equal(plan.status, 2);
    assert.match(plan.stderr, /^plan: --base needs a git ref \(e\.g\. origin\/main\); it was empty\nusage: npm run plan/);
    const gate = runCli("cli/budgetGate.ts", ["--base="]);
    assert.equal(gate.status, 2);
    assert.match(gate.stderr, /^budget-gate: --base is required and must not be empty/);
  });
});
