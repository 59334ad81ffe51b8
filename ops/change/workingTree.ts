/**
 * The working tree as a revision for ./touched.ts: the inventory `check` validated, its YAML
 * files by their "/"-separated path inside the inventory folder (as cli/planBase.ts names a
 * git revision's), and the runbooks on disk. Shared by budget-gate, freeze-gate and notify-deploy.
 */
import { relative, sep } from "node:path";
import type { InventoryLocation } from "../../compiler/checkInventory";
import { readInventory, runbookReader } from "../../compiler/load/readInventory";
import type { Inventory } from "../../compiler/model";
import type { RevisionView } from "./touched";

export function workingTreeView(location: InventoryLocation, inventory: Inventory): RevisionView & { readonly inventory: Inventory } {
  return {
    inventory,
    inventoryFiles: new Map(readInventory(location.inventoryDir).map((f) => [relative(location.inventoryDir, f.file).split(sep).join("/"), f])),
    readRunbook: runbookReader(location.runbooksDir),
  };
}
