import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, runCli } from "./support/runCli";

const FIXTURE = join(REPO, "test", "fixtures", "valid");

/** A fresh copy of the valid fixture on disk for each test; returns a getter for its folder. */
function fixtureCopyPerTest(): () => string {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fixture-"));
    cpSync(FIXTURE, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

describe("check CLI", () => {
  const fixtureDir = fixtureCopyPerTest();
  let dir: string;
  beforeEach(() => (dir = fixtureDir()));

  it("passes the sample inventory in the repository", () => {
    const r = runCli("cli/check.ts", []);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^0 error\(s\), \d+ warning\(s\), \d+ integrations$/m);
  });

  it("prints file:line:col: severity: message [rule] for each problem and exits 1", () => {
    const edit = (name: string, from: string, to: string) => {
      const file = join(dir, "inventory", "integrations", name);
      writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
    };
    edit("integration-0002.yaml", "owner: growth-engineering", "owner: growth-engneering");
    edit("integration-0003.yaml", "window: 7d", "window: 14d");
    const r = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      [
        'inventory/integrations/integration-0002.yaml:8:8: error: there is no team "growth-engneering"; did you mean "growth-engineering"? [unresolved-reference]',
        'inventory/integrations/integration-0003.yaml:26:13: error: slo accepted: window: "14d" is not a window Datadog SLOs support; use one of: 7d, 30d, 90d [slo-window]',
        "2 error(s), 0 warning(s)",
        "",
      ].join("\n"),
    );
    assert.equal(r.stderr, "");
  });

  it("writes the same diagnostics as JSON with --format json", () => {
    const file = join(dir, "inventory", "teams.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("chatChannel:", "chatChanel:"));
    const r = runCli("cli/check.ts", ["--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks"), "--format", "json"]);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.errors, out.diagnostics.filter((d: { severity: string }) => d.severity === "error").length);
    assert.deepEqual(
      out.diagnostics.find((d: { rule: string }) => d.rule === "unknown-key"),
      { file: join(dir, "inventory", "teams.yaml"), line: 7, column: 5, severity: "error", rule: "unknown-key", message: 'team growth-engineering: unknown field "chatChanel"; did you mean "chatChannel"?' },
    );
  });

  it("explains a missing folder or a bad flag in one line, without a stack trace", () => {
    const missing = runCli("cli/check.ts", ["--inventory", join(dir, "nope")]);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, `check: inventory folder ${join(dir, "nope")} does not exist\n`);
    const flag = runCli("cli/check.ts", ["--format", "xml"]);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /^check: unknown format "xml"\nusage: npm run check/);
    for (const r of [missing, flag]) assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
  });
});

describe("new-integration CLI", () => {
  const fixtureDir = fixtureCopyPerTest();
  let dir: string;
  beforeEach(() => (dir = fixtureDir()));

  it("scaffolds an inventory file and runbook that fail check until filled in", () => {
    const made = runCli("cli/newIntegration.ts", ["webinar-signups", "--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /created inventory\/integrations\/webinar-signups.yaml\ncreated runbooks\/webinar-signups.md/);
    const check = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(check.status, 1);
    const rules = new Set(check.stdout.split("\n").filter((l) => l.includes("webinar-signups")).map((l) => l.match(/\[([a-z-]+)\]$/)?.[1]));
    // The runbook's TODOs come in the same round as the YAML's (test/newIntegration.test.ts).
    assert.deepEqual([...rules], ["placeholder", "runbook-placeholder"]);
    assert.match(check.stdout, /inventory\/integrations\/webinar-signups.yaml:11:8: error: owner: still holds the placeholder TODO/);
  });

  it("refuses to overwrite an existing integration and rejects a bad id", () => {
    const runbook = join(dir, "runbooks", "integration-0001.md");
    const before = readFileSync(runbook, "utf8");
    const again = runCli("cli/newIntegration.ts", ["integration-0001", "--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exist\(s\); nothing was written/);
    assert.equal(readFileSync(runbook, "utf8"), before);
    const bad = runCli("cli/newIntegration.ts", ["Webinar_Signups"], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /"Webinar_Signups" is not a valid id: use kebab-case/);
  });
});
