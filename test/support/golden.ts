/** The golden plan of the sample inventory: what `npm run golden` writes and test/plan.test.ts compares. */
import { join } from "node:path";
import { planJson, plannedResources } from "../../compiler/plan/plannedResource";
import { renderText } from "../../compiler/plan/renderPlan";
import { REPO } from "./runCli";
import { sampleInventory, sampleState } from "./sampleState";

export const GOLDEN_DIR = join(REPO, "test", "golden");

export function goldenFiles(): Record<string, string> {
  const resources = plannedResources(sampleState());
  return { "plan.json": planJson(resources), "plan.txt": renderText(resources, sampleInventory()) };
}
