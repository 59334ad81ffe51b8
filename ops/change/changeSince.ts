/**
 * What a change touches, for the freeze gate, the PR comment's upcoming freezes and the deploy
 * notifications (compiler/freeze/freezeChange.ts): the integrations ./touched.ts finds touched
 * (inventory file, alert tests, runbook, planned resources, added, removed), each with its
 * owning teams on both sides, and "everything" when a shared file of the deployment changed
 * (compiler/freeze/sharedPaths.ts) or a side cannot be read: a gate that cannot tell what
 * changed treats it all as changed.
 * - changeSince: from a git ref to the working tree (what this checkout deploys);
 * - changeBetween: from one commit to another (one pull request's share of a deploy).
 */
import type { InventoryLocation } from "../../compiler/checkInventory";
import { describeSharedPaths, sharedDeployPaths } from "../../compiler/freeze/sharedPaths";
import type { FreezeChange } from "../../compiler/freeze/freezeChange";
import type { LowerSettings } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { inventoryAtRef } from "../../cli/planBase";
import { changedPaths, type ChangedPaths } from "./changedPaths";
import { touchedIntegrations, type RevisionView } from "./touched";
import { workingTreeView } from "./workingTree";

export function changeSince(ref: string, location: InventoryLocation, settings: LowerSettings, inventory: Inventory): FreezeChange {
  let base: ReturnType<typeof inventoryAtRef>;
  let changed: ChangedPaths;
  try {
    base = inventoryAtRef(ref, location);
    changed = changedPaths(ref, location.inventoryDir);
  } catch (e) {
    return { integrations: [], everything: `the base ${ref} could not be read: ${(e as Error).message}` };
  }
  return describeChange({ inventory: base.inventory, ...base.sources }, workingTreeView(location, inventory), changed, location, settings);
}

export function changeBetween(from: string, to: string, location: InventoryLocation, settings: LowerSettings): FreezeChange {
  let before: ReturnType<typeof inventoryAtRef>;
  let after: ReturnType<typeof inventoryAtRef>;
  let changed: ChangedPaths;
  try {
    before = inventoryAtRef(from, location);
    after = inventoryAtRef(to, location);
    changed = changedPaths(from, location.inventoryDir, to);
  } catch (e) {
    return { integrations: [], everything: `${from}..${to} could not be read: ${(e as Error).message}` };
  }
  // An invalid inventory at `to` deploys nothing anyone can name: everything.
  if (!after.inventory) return { integrations: [], everything: `the inventory at ${to} is invalid` };
  return describeChange({ inventory: before.inventory, ...before.sources }, { inventory: after.inventory, ...after.sources }, changed, location, settings);
}

function describeChange(base: RevisionView, now: RevisionView & { readonly inventory: Inventory }, changed: ChangedPaths, location: InventoryLocation, settings: LowerSettings): FreezeChange {
  const touched = touchedIntegrations(base, now, settings);
  const integrations = touched.map(({ integration: id }) => {
    const current = now.inventory.integrations.find((i) => i.id === id);
    const before = base.inventory?.integrations.find((b) => b.id === id || current?.previousIds.includes(b.id));
    return { id, teams: [...new Set([current?.owner, before?.owner].filter((t): t is string => t !== undefined))] };
  });
  const shared = sharedDeployPaths(changed.paths, [changed.inRepo(location.inventoryDir), changed.inRepo(location.runbooksDir)]);
  return shared.length ? { integrations, everything: describeSharedPaths(shared) } : { integrations };
}
