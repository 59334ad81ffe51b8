/**
 * An earlier revision is compared (plan --base, budget-gate) even when today's rules find
 * gaps in its runbook prose: the model is built, and the gaps are still reported.
 */
import { strict as assert } from "node:assert";
import { PROSE_RULES } from "../compiler/validate/validateInventory";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";

describe("validating a base revision", () => {
  it("builds the model of an inventory whose only errors are about runbook prose, and still reports them", () => {
    const f = loadFixture();
    f.runbooks.delete("webhook-forwarder.md");
    f.runbooks.set("integration-0004.md", replaceOnce(f.runbooks.get("integration-0004.md")!, "## Diagnosis\n", "## Diagnosis\n\nTODO\n"));
    const strict = validateFixture(f);
    assert.equal(strict.inventory, undefined, "check itself still fails");
    const base = validateFixture(f, { tolerate: PROSE_RULES });
    assert.ok(base.inventory, "the base can be compared");
    assert.equal(base.inventory.forwarderRunbook, undefined, "no forwarder runbook, so no anchors from it");
    assert.deepEqual([...new Set(base.diagnostics.filter((d) => d.severity === "error").map((d) => d.rule))].sort(), ["forwarder-runbook", "runbook-placeholder"]);
  });

  it("does not build one whose errors are about what is deployed", () => {
    const f = loadFixture();
    const file = "inventory/integrations/integration-0001.yaml";
    f.files.set(file, replaceOnce(f.files.get(file)!, "owner: revenue-operations", "owner: revenue-ops"));
    assert.equal(validateFixture(f, { tolerate: PROSE_RULES }).inventory, undefined);
  });

  it("leaves the forwarder's anchors out of the model while a heading is missing", () => {
    const f = loadFixture();
    f.runbooks.set("webhook-forwarder.md", replaceOnce(f.runbooks.get("webhook-forwarder.md")!, "### Deliveries dead-lettered", "### Dead letters"));
    const base = validateFixture(f, { tolerate: PROSE_RULES });
    assert.ok(base.inventory);
    assert.equal(base.inventory.forwarderRunbook, undefined);
  });
});
