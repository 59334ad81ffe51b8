/** A revision of the valid fixture as the budget gate reads one: its inventory and its files (ops/change/touched.ts). */
import { strict as assert } from "node:assert";
import { readStackConfig } from "../../cli/stackConfig";
import { settingsFromConfig } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import type { RevisionView } from "../../ops/change/touched";
import { loadFixture, memoryReader, validateFixture, type Fixture } from "./fixture";
import { REPO } from "./runCli";

/** The prod stack's lower settings, which the plans compared by `touchedIntegrations` are lowered with. */
export const PROD_SETTINGS = settingsFromConfig((k) => readStackConfig("prod", REPO)[k] || undefined);

export interface Revision {
  readonly inventory: Inventory;
  readonly view: RevisionView & { readonly inventory: Inventory };
}

/** The fixture after `edit` (which must leave it valid), with its files by path inside the inventory folder. */
export function revision(edit?: (f: Fixture) => void): Revision {
  const f = loadFixture();
  edit?.(f);
  const inventory = validateFixture(f).inventory;
  assert.ok(inventory, "the edited fixture should stay valid");
  const inventoryFiles = new Map([...f.files].map(([path, text]) => [path.replace(/^inventory\//, ""), { file: path, text }]));
  return { inventory, view: { inventory, inventoryFiles, readRunbook: memoryReader(f.runbooks) } };
}
