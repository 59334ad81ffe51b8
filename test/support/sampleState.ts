/** The repository's sample inventory, validated and lowered with a stack's settings (prod unless named). */
import { checkInventory } from "../../compiler/checkInventory";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { settingsFromConfig, type LowerSettings } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { readStackConfig } from "../../cli/stackConfig";
import { REPO } from "./runCli";
import { join } from "node:path";

/**
 * The clock the sample is lowered at, fixed so the goldens do not move with the date: before the
 * sample's first maintenance occurrence, so its downtime starts as written (lower/maintenance.ts).
 */
export const SAMPLE_NOW = Date.parse("2026-11-30T00:00:00Z");

export function sampleSettings(stack = "prod", now = SAMPLE_NOW): LowerSettings {
  const config = readStackConfig(stack, REPO);
  return settingsFromConfig((k) => config[k] || undefined, now);
}

export function sampleInventory(): Inventory {
  const result = checkInventory({ inventoryDir: join(REPO, "inventory"), runbooksDir: join(REPO, "runbooks") });
  if (!result.inventory) throw new Error("the sample inventory should be valid");
  return result.inventory;
}

export function sampleState(stack = "prod") {
  return lowerInventory(sampleInventory(), sampleSettings(stack));
}
