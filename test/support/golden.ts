/** The golden plans of the sample inventory (prod, and staging's in words): what `npm run golden` writes and test/plan.test.ts compares. */
import { join } from "node:path";
import { planJson, plannedResources } from "../../compiler/plan/plannedResource";
import { renderText } from "../../compiler/plan/renderPlan";
import { REPO } from "./runCli";
import { sampleInventory, sampleState } from "./sampleState";

export const GOLDEN_DIR = join(REPO, "test", "golden");

export function goldenFiles(): Record<string, string> {
  const resources = plannedResources(sampleState());
  const staging = plannedResources(sampleState("staging"));
  return { "plan.json": planJson(resources), "plan.txt": renderText(resources, sampleInventory()), "plan.staging.txt": renderText(staging, sampleInventory()) };
}
