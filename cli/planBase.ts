/** `plan --base REF`: placeholder until the diff lands. */
import type { InventoryLocation } from "../compiler/checkInventory";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";
import type { PlannedResource } from "../compiler/plan/plannedResource";

export interface BaseComparison {
  readonly text: string;
  readonly markdown: string;
  /** True when the change must not land as is (an SLO removed without retirement). */
  readonly blocking: boolean;
}

export function planAgainstBase(_ref: string, _location: InventoryLocation, _settings: LowerSettings, _resources: readonly PlannedResource[], _inventory: Inventory): BaseComparison {
  throw new Error("--base is not implemented yet");
}
