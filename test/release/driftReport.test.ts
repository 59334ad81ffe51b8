/**
 * The drift issue's body from each stack's preview: what counts as drift, as "not checked", and
 * that nothing from the cloud but resource and property names reaches the issue, all of it inert.
 * The JSON is Pulumi's `preview --json` PreviewDigest (sdk/go/common/display/json.go).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classifyPreview, codeBlock, DRIFT_MARKER, driftReport } from "../../ops/release/driftReport";
import { runCli } from "../support/runCli";

const URN = (type: string, name: string) => `urn:pulumi:prod::martech-reliability::martech:datadog:IntegrationMonitors$${type}::${name}`;
const SECRET_VALUE = "sk_live_51HdriftedSecretValue0123456789";

/** A drifted monitor whose message someone edited in Datadog's UI, and a deleted SLO correction. */
const DRIFT = JSON.stringify({
  config: { "martech-reliability:environment": "prod", "datadog:apiKey": "[secret]" },
  steps: [
    { op: "same", urn: URN("datadog:index/monitor:Monitor", "unchanged") },
    {
      op: "update",
      urn: URN("datadog:index/monitor:Monitor", "web-lead-form-to-crm-crm-field-deprecated"),
      oldState: { inputs: { message: `@here call me ${SECRET_VALUE}` } },
      newState: { inputs: { message: "the inventory's message" } },
      diffReasons: ["message"],
      detailedDiff: { message: { kind: "update", inputDiff: true }, "tags[2]": { kind: "delete" } },
    },
    { op: "create", urn: URN("datadog:index/sloCorrection:SloCorrection", "lead-delivered-within-5m-salesforce-weekly") },
  ],
  changeSummary: { same: 1, update: 1, create: 1 },
});

describe("drift report", () => {
  it("a successful expect-no-changes preview is no drift", () => {
    assert.deepEqual(classifyPreview({ stack: "prod", outcome: "success" }), { stack: "prod", kind: "clean" });
  });

  it("lists each drifted resource's operation, type, name and the names of the differing properties, never a value", () => {
    const d = classifyPreview({ stack: "prod", outcome: "failure", json: DRIFT });
    assert.equal(d.kind, "drift");
    assert.deepEqual(d.kind === "drift" && d.counts, { create: 1, update: 1 });
    assert.deepEqual(d.kind === "drift" && d.lines, [
      "update   datadog:index/monitor:Monitor  web-lead-form-to-crm-crm-field-deprecated  (message, tags[2])",
      "create   datadog:index/sloCorrection:SloCorrection  lead-delivered-within-5m-salesforce-weekly",
    ]);
    const body = driftReport([{ stack: "staging", kind: "clean" }, d], { runUrl: "https://github.com/acme/r/actions/runs/9", commit: "0123456789abcdef" }).markdown;
    assert.ok(body.startsWith(`${DRIFT_MARKER}\n## The Pulumi stacks differ from what is deployed`));
    assert.match(body, /### staging: no drift\n/);
    assert.match(body, /### prod: 2 resource\(s\) differ \(1 create, 1 update\)\n\n```text\nupdate /);
    assert.ok(!body.includes(SECRET_VALUE) && !body.includes("@here") && !body.includes("[secret]"), "no value from the preview reaches the issue");
  });

  const NOT_CHECKED: [string, Parameters<typeof classifyPreview>[0], RegExp][] = [
    ["no JSON preview", { stack: "prod", outcome: "failure" }, /printed nothing/],
    ["a JSON preview that is not JSON", { stack: "prod", outcome: "failure", json: "error: could not log in" }, /is not JSON/],
    ["a preview with error diagnostics", { stack: "prod", outcome: "failure", json: JSON.stringify({ diagnostics: [{ severity: "error", message: "AccessDenied" }] }) }, /reported 1 error/],
    ["a failed preview whose JSON shows no change", { stack: "prod", outcome: "failure", json: JSON.stringify({ steps: [{ op: "same", urn: URN("t", "n") }] }) }, /shows no change/],
    ["a cancelled preview", { stack: "prod", outcome: "cancelled" }, /was cancelled/],
  ];
  for (const [name, input, why] of NOT_CHECKED) {
    it(`${name} is "not checked", never drift and never "no drift"`, () => {
      const d = classifyPreview(input);
      assert.equal(d.kind, "error");
      assert.match(d.kind === "error" ? d.why : "", why);
      const report = driftReport([d]);
      assert.deepEqual([report.drifted, report.complete], [false, false]);
    });
  }

  it("a stack without a last-good tag is not checked (nothing deployed to preview), and does not keep the issue open", () => {
    const d = classifyPreview({ stack: "staging", outcome: "undeployed" });
    assert.equal(d.kind, "undeployed");
    const report = driftReport([d, classifyPreview({ stack: "prod", outcome: "success" })]);
    assert.deepEqual([report.drifted, report.complete], [false, true]);
    assert.match(report.markdown, /### staging: not checked\n\nThe stack has no last-good tag: no deploy of it has been verified yet/);
  });

  it("names that could format, mention or break out of the block stay inert", () => {
    const hostile = JSON.stringify({
      steps: [{ op: "update", urn: URN("datadog:index/monitor:Monitor", "x```\n## @org/team [click](https://evil.example)\u001b[31m"), diffReasons: ["a`b"] }],
    });
    const d = classifyPreview({ stack: "prod", outcome: "failure", json: hostile });
    const body = driftReport([d]).markdown;
    const block = body.slice(body.indexOf("### prod"));
    // The fence is longer than the longest backtick run inside, and the name stays on its line.
    assert.match(block, /\n````text\nupdate {3}datadog:index\/monitor:Monitor {2}x``` ## @org\/team \[click\]\(https:\/\/evil\.example\) \[31m {2}\(a`b\)\n````\n/);
    assert.equal(codeBlock("plain"), "```text\nplain\n```");
  });

  it("stays within what GitHub accepts in an issue, each stack keeping its share", () => {
    const steps = Array.from({ length: 1000 }, (_, i) => ({ op: "update", urn: URN("datadog:index/monitor:Monitor", `m-${i}-${"n".repeat(250)}`), diffReasons: ["message"] }));
    const big = classifyPreview({ stack: "prod", outcome: "failure", json: JSON.stringify({ steps }) });
    const body = driftReport([big, classifyPreview({ stack: "staging", outcome: "failure", json: JSON.stringify({ steps }) })]).markdown;
    assert.ok(body.length < 65_536, String(body.length));
    assert.match(body, /### prod: 1000 resource\(s\) differ \(1000 update\)/);
    assert.match(body, /### staging: 1000 resource\(s\) differ/);
    assert.match(body, /\.\.\. and \d+ more\n```/);
  });

  describe("npm run drift-report", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "drift-report-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("writes drifted, complete and the body as step outputs, and exits 0 on drift", () => {
      writeFileSync(join(dir, "prod.json"), DRIFT);
      const r = runCli("cli/driftReport.ts", ["--stack", "staging=success", "--stack", "prod=failure", "--previews", dir, "--output", join(dir, "out"), "--markdown", join(dir, "body.md")]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "drift-report: staging: no drift\ndrift-report: prod: drift (2 resource(s))\n");
      const out = readFileSync(join(dir, "out"), "utf8");
      const m = /^drifted=true\ncomplete=true\nbody<<(DRIFT_[0-9a-f]{32})\n([\s\S]*)\n\1\n$/.exec(out);
      assert.ok(m, out.slice(0, 200));
      assert.equal(m[2], readFileSync(join(dir, "body.md"), "utf8"));
    });

    it("exits 1 when a stack could not be checked, and 2 on a malformed --stack", () => {
      const r = runCli("cli/driftReport.ts", ["--stack", "prod=failure", "--previews", dir, "--output", join(dir, "out")]);
      assert.equal(r.status, 1);
      assert.match(readFileSync(join(dir, "out"), "utf8"), /^drifted=false\ncomplete=false\n/);
      const bad = runCli("cli/driftReport.ts", ["--stack", "prod"]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--stack prod: expected NAME=OUTCOME/);
    });
  });
});
