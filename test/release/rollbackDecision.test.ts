/** When a failed deploy job redeploys the last good commit: one row per case, then the CLI the workflow runs. */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decideRollback, type DeployOutcome, type StepOutcome } from "../../ops/release/rollbackDecision";
import { runCli } from "../support/runCli";

const DEPLOYED = "a".repeat(40);
const GOOD = "b".repeat(40);

describe("rollback decision", () => {
  const base: DeployOutcome = { stack: "prod", deployed: DEPLOYED, lastGood: GOOD, up: "success", verify: "success", synthetic: "success" };
  const ROWS: [name: string, over: Partial<DeployOutcome>, rollback: boolean, reason: RegExp][] = [
    ["verify-deploy failed after a successful up", { verify: "failure", synthetic: "skipped" }, true, /^Verify-deploy failed \(a monitor or SLO is missing or wrong in Datadog\) after deploying a{40} to prod; rolling back to the last good commit b{40}\.$/],
    ["the synthetic webhook was not delivered", { synthetic: "failure" }, true, /^The synthetic webhook was not delivered through the forwarder after deploying/],
    ["both checks failed", { verify: "failure", synthetic: "failure" }, true, /^Verify-deploy failed .*, and the synthetic webhook was not delivered/],
    ["pulumi up itself failed", { up: "failure", verify: "skipped", synthetic: "skipped" }, false, /^pulumi up failed on prod, so nothing new is live to roll back; .* a manual pulumi up of the last good commit b{40}\.$/],
    ["nothing was deployed (check failed before up)", { up: "skipped", verify: "skipped", synthetic: "skipped" }, false, /^pulumi up did not run on prod \(skipped\): nothing was deployed\.$/],
    ["a check was cancelled", { verify: "cancelled", synthetic: "skipped" }, false, /^verify was cancelled on prod: whoever stopped the run decides/],
    ["no last good commit recorded yet", { verify: "failure", lastGood: undefined }, false, /prod has no last good commit recorded \(its first verified deploy records one\), so it stays as deployed\.$/],
    ["the last good commit is this commit", { synthetic: "failure", lastGood: DEPLOYED }, false, /that commit is the last good one \(verified before\), so the cause is outside the change/],
    ["everything passed", {}, false, /passed its checks/],
  ];
  for (const [name, over, rollback, reason] of ROWS) {
    it(name, () => {
      const d = decideRollback({ ...base, ...over });
      assert.equal(d.rollback, rollback);
      assert.match(d.reason, reason);
      if (d.rollback) assert.equal(d.to, GOOD);
    });
  }

  describe("npm run rollback-plan", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "rollback-plan-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const run = (outcomes: Record<"up" | "verify" | "synthetic", StepOutcome>, lastGood = GOOD) =>
      runCli("cli/rollbackPlan.ts", ["--stack", "prod", "--deployed", DEPLOYED, "--last-good", lastGood, "--up", outcomes.up, "--verify", outcomes.verify, "--synthetic", outcomes.synthetic, "--output", join(dir, "out"), "--summary", join(dir, "summary")]);

    it("writes the decision as step outputs and a summary paragraph", () => {
      const r = run({ up: "success", verify: "success", synthetic: "failure" });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^rollback-plan: roll back: The synthetic webhook was not delivered/);
      const out = readFileSync(join(dir, "out"), "utf8").split("\n");
      assert.deepEqual(out.slice(0, 2), ["rollback=true", `ref=${GOOD}`]);
      assert.match(out[2]!, /^reason=The synthetic webhook was not delivered .* rolling back to the last good commit b{40}\.$/);
      assert.match(readFileSync(join(dir, "summary"), "utf8"), /^### Rolling back prod to bbbbbbb\n\nThe synthetic webhook/);
    });

    it("an empty --last-good (the tag is not set) means none: no rollback, and no ref", () => {
      const r = run({ up: "success", verify: "failure", synthetic: "skipped" }, "");
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(readFileSync(join(dir, "out"), "utf8").split("\n").slice(0, 2), ["rollback=false", "ref="]);
    });

    it("refuses an outcome or a commit it does not know, with exit 2", () => {
      const bad = run({ up: "success", verify: "failed" as StepOutcome, synthetic: "skipped" });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--verify must be one of success, failure, cancelled, skipped, not "failed"/);
      const short = run({ up: "success", verify: "failure", synthetic: "skipped" }, "abc123");
      assert.equal(short.status, 2);
      assert.match(short.stderr, /--last-good must be a full 40-character commit SHA/);
    });
  });
});
