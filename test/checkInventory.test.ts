/** The hand-over that spares the mock plan a second validation: one use, same location only. */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { checkInventory, handOverCheck } from "../compiler/checkInventory";
import type { ValidationResult } from "../compiler/validate/validateInventory";
import { REPO } from "./support/runCli";

describe("checkInventory hand-over", () => {
  const location = { inventoryDir: join(REPO, "test/fixtures/valid/inventory"), runbooksDir: join(REPO, "test/fixtures/valid/runbooks") };
  const marker: ValidationResult = { diagnostics: [] };

  it("returns the handed-over result once for the same folders, however they are spelt, then reads the files again", () => {
    handOverCheck(location, marker);
    const relative = { inventoryDir: "test/fixtures/valid/inventory", runbooksDir: "test/fixtures/valid/runbooks" };
    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      assert.equal(checkInventory(relative), marker);
    } finally {
      process.chdir(cwd);
    }
    const again = checkInventory(location);
    assert.notEqual(again, marker);
    assert.ok(again.inventory, "validated from disk");
  });

  it("ignores a hand-over for other folders", () => {
    const other = { ...location, runbooksDir: join(REPO, "runbooks") };
    handOverCheck(other, marker);
    assert.notEqual(checkInventory(location), marker);
    assert.equal(checkInventory(other), marker, "still waiting for its own folders");
  });
});
