/** `npm run plan`: the golden plan, both engines agreeing, and the failure paths. */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GOLDEN_DIR } from "./support/golden";
import { syntheticInventory } from "./support/syntheticInventory";
import { runCli } from "./support/runCli";
import { SAMPLE_NOW } from "./support/sampleState";

describe("plan", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "plan-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs both engines on one inventory and returns their --json files. */
  function bothEngines(args: string[]): [string, string] {
    const out = ["spec", "mock"].map((engine) => {
      const file = join(dir, `${engine}-${args.length}.json`);
      const r = runCli("cli/plan.ts", ["--engine", engine, "--json", file, ...args]);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      return readFileSync(file, "utf8");
    });
    return [out[0], out[1]];
  }

  it("gives exactly the same resources on the spec path and under the mock engine (sample inventory)", () => {
    const [spec, mock] = bothEngines([]);
    // 190 resources in 33 components: the plan summary of test/golden/plan.txt.
    assert.equal(JSON.parse(spec).resources.length, 223);
    assert.equal(mock, spec);
  });

  it("gives exactly the same resources on both paths for a synthetic inventory", () => {
    const synthetic = syntheticInventory(25, join(dir, "inventory"));
    for (const s of synthetic.sources) {
      mkdirSync(join(s.file, ".."), { recursive: true });
      writeFileSync(s.file, s.text);
    }
    mkdirSync(join(dir, "runbooks"));
    for (const [name, text] of synthetic.runbooks) writeFileSync(join(dir, "runbooks", name), text);
    const [spec, mock] = bothEngines(["--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks")]);
    assert.ok(JSON.parse(spec).resources.length > 25 * 10);
    assert.equal(mock, spec);
  });

  it("plans for --now on both engines: a maintenance start that has passed moves to the next occurrence", () => {
    const later = ["--now", "2027-03-01T00:00:00Z"];
    const [spec, mock] = bothEngines(later);
    assert.equal(mock, spec);
    const downtimes = (json: string) =>
      (JSON.parse(json) as { resources: { type: string; inputs: { recurringSchedule?: { recurrences?: { start?: string }[] } } }[] }).resources
        .filter((r) => r.type === "datadog:index/downtimeSchedule:DowntimeSchedule")
        .map((r) => r.inputs.recurringSchedule?.recurrences?.[0]?.start);
    const [today] = bothEngines(["--now", new Date(SAMPLE_NOW).toISOString(), "--stack", "prod"]);
    assert.ok(downtimes(spec).length > 0);
    for (const start of downtimes(spec)) assert.ok(start && start >= "2027-03-01", `a downtime starts at ${start}, before --now`);
    for (const start of downtimes(today)) assert.ok(start && start < "2027-03-01", `the sample's downtime starts at ${start} when planned on ${new Date(SAMPLE_NOW).toISOString()}`);
  });

  it("writes a PR comment with --markdown", () => {
    const file = join(dir, "plan.md");
    const r = runCli("cli/plan.ts", ["--markdown", file]);
    assert.equal(r.status, 0, r.stderr);
    const md = readFileSync(file, "utf8");
    // The counts are the golden plan's, so an intended change to the sample updates them with `npm run golden`.
    const golden = readFileSync(join(GOLDEN_DIR, "plan.txt"), "utf8");
    const summary = /^Plan: (.*)$/m.exec(golden)![1]!;
    const first = golden.split("\n#2 ")[0]!.split("\n#1 ")[1]!;
    const firstCount = first.split("\n").filter((l) => l.startsWith("    + ")).length;
    assert.ok(md.startsWith(`## Reliability plan\n\n**${summary}**`), md.slice(0, 200));
    assert.ok(md.includes(`<details><summary><code>#1</code> web-lead-form-to-crm: Web lead forms to HubSpot and Salesforce ($5,900/h, tier 1, owner growth-engineering): ${firstCount} resources</summary>`), md.slice(0, 600));
  });

  it("fails on an invalid inventory with the same lines as check, on both engines", () => {
    const inv = join(dir, "bad");
    mkdirSync(join(inv, "integrations"), { recursive: true });
    for (const f of ["teams.yaml", "rotations.yaml", "systems.yaml"]) writeFileSync(join(inv, f), readFileSync(join(__dirname, "..", "inventory", f), "utf8"));
    const lead = readFileSync(join(__dirname, "..", "inventory", "integrations", "web-lead-form-to-crm.yaml"), "utf8");
    writeFileSync(join(inv, "integrations", "web-lead-form-to-crm.yaml"), lead.replace("objective: 99.5", "objective: 100"));
    const check = runCli("cli/check.ts", ["--inventory", inv]);
    assert.equal(check.status, 1);
    const errors = check.stdout.split("\n").filter((l) => l.includes(": error: "));
    assert.ok(errors.some((l) => l.endsWith("[objective-range]")));
    for (const engine of ["spec", "mock"]) {
      const r = runCli("cli/plan.ts", ["--engine", engine, "--inventory", inv]);
      assert.equal(r.status, 1);
      assert.deepEqual(r.stdout.split("\n").filter((l) => l.includes(": error: ")), errors);
      assert.match(r.stdout, /plan: the inventory is invalid; nothing was planned\n$/);
    }
  });

  it("explains bad flags and a missing stack in one line", () => {
    const engine = runCli("cli/plan.ts", ["--engine", "real"]);
    assert.equal(engine.status, 2);
    assert.match(engine.stderr, /^plan: unknown engine "real"\nusage: npm run plan/);
    const stack = runCli("cli/plan.ts", ["--stack", "qa"]);
    assert.equal(stack.status, 1);
    assert.equal(stack.stderr, "plan: no Pulumi.qa.yaml: name an existing stack with --stack\n");
  });
});
