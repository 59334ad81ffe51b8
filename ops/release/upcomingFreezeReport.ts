/**
 * `plan --base`'s section on change freezes, for the PR comment: the freezes in effect or
 * starting in the next DEFAULT_UPCOMING_DAYS that the change since the base would meet
 * (compiler/freeze/upcoming.ts). Nothing when the inventory declares no freeze, so the change
 * is not computed for nothing.
 */
import type { InventoryLocation } from "../../compiler/checkInventory";
import { renderUpcomingMarkdown, renderUpcomingText } from "../../compiler/freeze/render";
import { DEFAULT_UPCOMING_DAYS, upcomingFreezes } from "../../compiler/freeze/upcoming";
import type { LowerSettings } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { changeSince } from "../change/changeSince";

export function upcomingFreezeReport(base: string, location: InventoryLocation, settings: LowerSettings, inventory: Inventory, now: number): { readonly text: string; readonly markdown: string } | undefined {
  const declared = inventory.changeFreezes.length;
  if (!declared) return undefined;
  const upcoming = upcomingFreezes(inventory.changeFreezes, changeSince(base, location, settings, inventory), now, DEFAULT_UPCOMING_DAYS);
  return { text: renderUpcomingText(upcoming, DEFAULT_UPCOMING_DAYS, declared), markdown: renderUpcomingMarkdown(upcoming, DEFAULT_UPCOMING_DAYS, declared) };
}
