/** Load + validate from disk: what `check`, `plan` and the Pulumi program all start with. */
import { readInventory, runbookReader } from "./load/readInventory";
import { validateInventory, type ValidationResult } from "./validate/validateInventory";

export interface InventoryLocation {
  /** Folder of the inventory's YAML files. */
  readonly inventoryDir: string;
  /** Folder that runbook paths are relative to. */
  readonly runbooksDir: string;
}

export const DEFAULT_LOCATION: InventoryLocation = { inventoryDir: "inventory", runbooksDir: "runbooks" };

export function checkInventory(location: InventoryLocation = DEFAULT_LOCATION): ValidationResult {
  return validateInventory(readInventory(location.inventoryDir), runbookReader(location.runbooksDir));
}
