/**
 * Which integrations a change touches, for the error-budget gate's scope: those whose
 * inventory file, alert tests file (`tests/<id>.yaml`) or runbook differs between the two
 * revisions, whose planned resources differ (compiler/plan/diffPlans.ts, so an edit of a
 * shared file such as teams.yaml touches the integrations whose monitors it changes), and
 * those added or removed. Pure: two revisions in, a list out.
 *
 * Ids are reported as they are now (a rename through `previousIds` is one integration); a
 * removed integration keeps its base id.
 */
import { parseAllDocuments } from "yaml";
import { isUnreadable } from "../../compiler/load/fileProblem";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import type { LowerSettings } from "../../compiler/lower/settings";
import type { Integration, Inventory } from "../../compiler/model";
import { owningIntegration } from "../../compiler/plan/classify";
import { diffPlans, resourceKey } from "../../compiler/plan/diffPlans";
import { plannedResources } from "../../compiler/plan/plannedResource";
import type { RunbookReader } from "../../compiler/validate/ruleContext";
import type { InventorySource } from "../../compiler/validate/validateInventory";

/** One revision as the gate reads it (cli/planBase.ts builds the base's from git, budgetGate.ts the working tree's). */
export interface RevisionView {
  /** Undefined when the revision has no valid inventory. */
  readonly inventory?: Inventory;
  /** Inventory YAML files by their "/"-separated path inside the inventory folder. */
  readonly inventoryFiles: ReadonlyMap<string, InventorySource>;
  readonly readRunbook: RunbookReader;
}

/** In the order they are listed. */
export const TOUCH_REASONS = ["added", "removed", "inventory file", "alert tests", "runbook", "planned resources"] as const;
export type TouchReason = (typeof TOUCH_REASONS)[number];

export interface TouchedIntegration {
  readonly integration: string;
  readonly reasons: readonly TouchReason[];
}

/** A reason as the gate's sentences say it. */
export const REASON_WORDS: Readonly<Record<TouchReason, string>> = {
  added: "added",
  removed: "removed",
  "inventory file": "its inventory file changed",
  "alert tests": "its alert tests changed",
  runbook: "its runbook changed",
  "planned resources": "its planned resources change",
};

/** `tests/<id>.yaml` beside the integration files holds that integration's alert tests (compiler/simulate/alertTest.ts). */
const TESTS_FILE = /(?:^|\/)tests\/([^/]+)\.ya?ml$/;

export function touchedIntegrations(base: RevisionView, now: RevisionView & { readonly inventory: Inventory }, settings: LowerSettings): TouchedIntegration[] {
  const reasons = new Map<string, Set<TouchReason>>();
  const current = (id: string) => now.inventory.integrations.find((i) => i.id === id || i.previousIds.includes(id))?.id ?? id;
  const touch = (id: string, reason: TouchReason) => {
    const key = current(id);
    if (!reasons.has(key)) reasons.set(key, new Set());
    reasons.get(key)!.add(reason);
  };

  const baseIntegrations = base.inventory?.integrations ?? [];
  const counterpart = (i: Integration) => baseIntegrations.find((b) => b.id === i.id || i.previousIds.includes(b.id));
  for (const i of now.inventory.integrations) if (!counterpart(i)) touch(i.id, "added");
  for (const b of baseIntegrations) if (!now.inventory.integrations.some((i) => counterpart(i) === b)) touch(b.id, "removed");

  for (const path of new Set([...base.inventoryFiles.keys(), ...now.inventoryFiles.keys()])) {
    const [before, after] = [base.inventoryFiles.get(path), now.inventoryFiles.get(path)];
    if (content(before) === content(after)) continue;
    const testsOf = TESTS_FILE.exec(path)?.[1];
    if (testsOf !== undefined) touch(testsOf, "alert tests");
    else for (const id of new Set([...integrationIdsIn(before), ...integrationIdsIn(after)])) touch(id, "inventory file");
  }

  for (const i of now.inventory.integrations) {
    const b = counterpart(i);
    if (b && runbookContent(base.readRunbook, b.runbook) !== runbookContent(now.readRunbook, i.runbook)) touch(i.id, "runbook");
  }

  // Without a base inventory every integration is added already; otherwise the plans say what else changes.
  if (base.inventory) {
    const state = lowerInventory(now.inventory, settings);
    const aliases = new Map(state.resources.filter((s) => s.aliases?.length).map((s) => [resourceKey(s.type, s.name), s.aliases!]));
    for (const change of diffPlans(plannedResources(lowerInventory(base.inventory, settings)), plannedResources(state), { aliases })) {
      for (const r of "before" in change ? [change.before, change.resource] : [change.resource]) {
        const id = owningIntegration(r);
        if (id !== undefined) touch(id, "planned resources");
      }
    }
  }

  const order = [...now.inventory.integrations.map((i) => i.id), ...baseIntegrations.map((b) => b.id)];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...reasons]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([integration, set]) => ({ integration, reasons: TOUCH_REASONS.filter((r) => set.has(r)) }));
}

/** What a file holds, for comparison: its text, or why it could not be read; undefined when absent. */
function content(f: InventorySource | undefined): string | undefined {
  if (f === undefined) return undefined;
  return isUnreadable(f) ? `\u0000unreadable: ${f.problem.message}` : f.text;
}

function runbookContent(read: RunbookReader, path: string): string | undefined {
  const r = read(path);
  if (r === undefined) return undefined;
  return isUnreadable(r) ? `\u0000unreadable: ${r.problem.message}` : r.text;
}

/** The ids of the `kind: Integration` documents in a file; none when it is unreadable or not YAML. */
function integrationIdsIn(f: InventorySource | undefined): string[] {
  if (f === undefined || isUnreadable(f)) return [];
  const ids: string[] = [];
  for (const doc of parseAllDocuments(f.text)) {
    // A document that does not parse names nothing here; `check` reports it with its position.
    if (doc.errors.length) continue;
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value && typeof value === "object" && (value as Record<string, unknown>).kind === "Integration" && typeof (value as Record<string, unknown>).id === "string") ids.push((value as { id: string }).id);
  }
  return ids;
}
