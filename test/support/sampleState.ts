/** The repository's sample inventory, validated and lowered with the prod stack's settings. */
import { checkInventory } from "../../compiler/checkInventory";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { settingsFromConfig, type LowerSettings } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { readStackConfig } from "../../cli/stackConfig";
import { REPO } from "./runCli";
import { join } from "node:path";

export function sampleSettings(): LowerSettings {
  const config = readStackConfig("prod", REPO);
  return settingsFromConfig((k) => config[k] || undefined);
}

export function sampleInventory(): Inventory {
  const result = checkInventory({ inventoryDir: join(REPO, "inventory"), runbooksDir: join(REPO, "runbooks") });
  if (!result.inventory) throw new Error("the sample inventory should be valid");
  return result.inventory;
}

export function sampleState() {
  return lowerInventory(sampleInventory(), sampleSettings());
}
