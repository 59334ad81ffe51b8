/**
 * The golden plan of the sample inventory, made in this process: every field of every resource
 * the sample lowers to (prod as JSON and in words, staging in words), so any change to what the
 * lowering emits shows here as a diff to review. In its own file, apart from test/plan.test.ts's
 * CLI runs, so the mutation-testing parts of compiler/lower/ run it cheaply (README, "Mutation testing").
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIR, goldenFiles } from "./support/golden";

describe("golden plan", () => {
  it("matches the golden plan of the sample inventory (update with npm run golden)", () => {
    for (const [name, text] of Object.entries(goldenFiles())) {
      assert.equal(text, readFileSync(join(GOLDEN_DIR, name), "utf8"), `test/golden/${name} is out of date: run npm run golden and review the diff`);
    }
  });
});
