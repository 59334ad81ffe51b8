/** The repository's sample inventory, validated and lowered with a stack's settings (prod unless named). */
import { checkInventory } from "../../compiler/checkInventory";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { settingsFromConfig, type LowerSettings } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { readStackConfig } from "../../cli/stackConfig";
import { REPO } from "./runCli";
import { join } from "node:path";
import { memo } from "./memo";

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

/**
 * The prod sample, validated and lowered once and shared by the test files that only read it,
 * made inside the test that first needs it (memo.ts says why, and when it is made again). Frozen,
 * so a test that modifies it fails instead of changing what the next file sees.
 */
const sharedSettings = memo(() => deepFreeze(sampleSettings()));
const sharedInventory = memo(() => deepFreeze(sampleInventory()));
export const sharedSample = {
  settings: sharedSettings,
  inventory: sharedInventory,
  state: memo(() => deepFreeze(lowerInventory(sharedInventory(), sharedSettings()))),
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
