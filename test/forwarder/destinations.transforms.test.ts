/**
 * Every `transformTests` entry of the sample inventory runs here, in `npm test`, as `npm run check`
 * runs it (compiler/validate/rules/transforms.ts): the same jsonata runner the consumer uses. And
 * `check` itself, as a command, reports a failing one with its position and exit code 1.
 */
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listInventoryFiles } from "../../compiler/load/readInventory";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { transformTestDiagnostics } from "../../compiler/validate/rules/transforms";
import { REPO, runCli } from "../support/runCli";
import { sampleInventory } from "../support/sampleState";

describe("the sample inventory's transforms", function () {

  it("pass every transformTests entry (each target of the sample has a transform and tests)", async () => {
    const files = listInventoryFiles(join(REPO, "inventory")).map((file) => ({ file, text: readFileSync(file, "utf8") }));
    const diagnostics = await transformTestDiagnostics(files);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    const targets = sampleInventory().integrations.flatMap((i) => i.webhooks.flatMap((w) => w.forwardTo));
    assert.ok(targets.length >= 7);
    for (const t of targets) {
      assert.ok(t.transform !== undefined && (t.transformTests?.length ?? 0) > 0, `${t.system}: a transform with tests`);
      // The synthetic probe's sink, Datadog's Events API, answers 202 or an error status and nothing
      // in between: the generic kind's reading of the status is all it needs (README, "Synthetic webhook").
      if (t.system !== "datadog") assert.notEqual(t.kind, "generic", `${t.system}: a destination kind that reads its answers`);
    }
  });

  it("npm run check fails with the positioned transform-test-failed line when a test's output is wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "transforms-"));
    try {
      cpSync(join(REPO, "inventory"), join(dir, "inventory"), { recursive: true });
      cpSync(join(REPO, "runbooks"), join(dir, "runbooks"), { recursive: true });
      const file = join(dir, "inventory", "integrations", "shopify-orders-to-klaviyo.yaml");
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace("                    ItemCount: 3\n", "                    ItemCount: 4\n"));
      const line = text.slice(0, text.indexOf("                    ItemCount: 3\n")).split("\n").length;
      const r = runCli("cli/check.ts", ["--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks")], dir);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`shopify-orders-to-klaviyo\\.yaml:${line}:32: error: webhook shopify-order-events: forwardTo klaviyo: transformTests\\[0\\] \\(an order of two items\\): the transform's output differs from the expected output: data\\.attributes\\.properties\\.ItemCount is 3, expected 4 \\[transform-test-failed\\]`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
