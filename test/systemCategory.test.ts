/** A system's `category`, `other` included: accepted, carried to what reads it, listed in the README. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic } from "../compiler/diagnostics";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { names } from "../compiler/lower/names";
import { catalogEntity } from "../compiler/plan/describeCatalog";
import { plannedResources } from "../compiler/plan/plannedResource";
import { renderText } from "../compiler/plan/renderPlan";
import { SYSTEM_CATEGORIES } from "../compiler/validate/schema";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";
import { REPO } from "./support/runCli";
import { sampleSettings } from "./support/sampleState";

const SYSTEMS = "inventory/systems.yaml";

function withSalesforceCategory(category: string) {
  const f = loadFixture();
  f.files.set(SYSTEMS, replaceOnce(f.files.get(SYSTEMS)!, "category: crm", `category: ${category}`));
  return validateFixture(f);
}

describe("system category", () => {
  it("accepts other for a system no other category fits, and the plan shows it as the system's catalog type", () => {
    const result = withSalesforceCategory("other");
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    assert.equal(result.inventory!.systems.find((s) => s.id === "salesforce")!.category, "other");
    const resources = plannedResources(lowerInventory(result.inventory!, sampleSettings()));
    const entity = catalogEntity(resources.find((r) => r.name === names.catalogSystem("salesforce"))!);
    assert.equal(entity?.spec?.type, "other");
    assert.match(renderText(resources, result.inventory!), /^ {4}\+ catalog system salesforce "salesforce" \(other\)$/m);
  });

  it("rejects a category it does not know, listing every one it does, other last", () => {
    assert.deepEqual(withSalesforceCategory("misc").diagnostics.map(formatDiagnostic), [
      `${SYSTEMS}:13:15: error: system salesforce: category: "misc" is not allowed; expected one of: ${SYSTEM_CATEGORIES.join(", ")} [schema]`,
    ]);
    assert.equal(SYSTEM_CATEGORIES.at(-1), "other");
  });

  it("is listed in full in the README's inventory format", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const list = readme.match(/^A system's `category` is one of ([^.]*), for a system none of the others fits\./m)?.[1].replace(/\s+/g, " ");
    assert.deepEqual(list?.split(/, | and /).map((c) => c.replaceAll("`", "")), [...SYSTEM_CATEGORIES]);
  });
});
