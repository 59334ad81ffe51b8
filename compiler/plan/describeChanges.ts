/**
 * The diff against a base in words: a count line, any blocking problem first and loud, then
 * one line per resource grouped by integration, highest revenue exposure first, then shared
 * resources. Sorted; no timestamps. The terminal text is rendered here; the PR comment
 * (ops/prComment) renders the same groups and entries as markdown.
 */
import type { Inventory } from "../model";
import { category, integrationTitle, owningIntegration, SHARED_TITLE, SHOWN_CATEGORIES } from "./classify";
import { describeFields } from "./describeFields";
import { describeResource } from "./describeResource";
import type { ResourceChange } from "./diffPlans";
import type { PlannedResource } from "./plannedResource";

export interface ChangeContext {
  /** The git ref as the user named it. */
  readonly ref: string;
  readonly inventory: Inventory;
  /** Finds the owners of removed resources whose integration is gone now. */
  readonly baseInventory?: Inventory;
  /** One sentence about a base that could not be planned (no inventory, or invalid). */
  readonly baseNote?: string;
}

export interface ChangeReport {
  readonly text: string;
  readonly blocking: boolean;
  /** What the text says, for the PR comment to render as markdown. */
  readonly groups: readonly ChangeGroup[];
  /** "0 added, 4 changed, 0 removed, 0 renamed" (resources, components not counted). */
  readonly counts: string;
}

type Kind = ResourceChange["kind"];
const MARKERS: Record<Kind, string> = { added: "+", changed: "~", removed: "-", renamed: "→" };
/** Components carry no settings of their own; the plan does not list them either. */

/** One resource's change in words. */
export interface ChangeEntry {
  readonly kind: Kind;
  /** Its logical name (at the base when removed), which says what in the inventory it comes from (lower/names.ts). */
  readonly name: string;
  /** The resource, as named or as the plan describes it. */
  readonly subject: string;
  /** For renamed: "from A to B (kept, not replaced)"; for a blocked removal: why. */
  readonly note?: string;
  readonly details: readonly string[];
  readonly blocking: boolean;
  /** Kind of resource, then logical name: the order the plan itself lists them in. */
  readonly sortKey: string;
}

export interface ChangeGroup {
  /** The integration id, "" for shared resources. */
  readonly owner: string;
  readonly title: string;
  readonly entries: ChangeEntry[];
}

export function describeChanges(changes: readonly ResourceChange[], ctx: ChangeContext): ChangeReport {
  const shown = changes.filter((c) => category(c.resource) !== "component");
  const groups = groupEntries(shown, ctx);
  const blockers = groups.flatMap((g) => g.entries.filter((e) => e.blocking));
  const counts = (["added", "changed", "removed", "renamed"] as const).map((k) => `${shown.filter((c) => c.kind === k).length} ${k}`).join(", ");
  return { text: renderText(groups, blockers, counts, ctx), blocking: blockers.length > 0, groups, counts };
}

function groupEntries(changes: readonly ResourceChange[], ctx: ChangeContext): ChangeGroup[] {
  const byOwner = new Map<string, ChangeEntry[]>();
  for (const c of changes) {
    const owner = owningIntegration(c.resource) ?? "";
    const list = byOwner.get(owner);
    if (list) list.push(describeChange(c));
    else byOwner.set(owner, [describeChange(c)]);
  }
  const current = new Set(ctx.inventory.integrations.map((i) => i.id));
  const gone = (ctx.baseInventory?.integrations ?? []).filter((i) => !current.has(i.id));
  const titled: [string, string][] = [
    ...ctx.inventory.integrations.map((i): [string, string] => [i.id, integrationTitle(i)]),
    ...gone.map((i): [string, string] => [i.id, `${i.id}: ${i.name} (no longer in the inventory)`]),
  ];
  // An owner neither inventory knows (should not happen) still gets its lines, by id.
  const stray = [...byOwner.keys()].filter((o) => o && !titled.some(([id]) => id === o)).sort();
  const all: [string, string][] = [...titled, ...stray.map((o): [string, string] => [o, o]), ["", SHARED_TITLE]];
  return all
    .map(([owner, title]) => ({ owner, title, entries: (byOwner.get(owner) ?? []).sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)) }))
    .filter((g) => g.entries.length);
}


export function describeChange(c: ResourceChange): ChangeEntry {
  const r = c.resource;
  const base = { kind: c.kind, name: r.name, details: [] as string[], blocking: false, sortKey: `${SHOWN_CATEGORIES.indexOf(category(r))}\u0000${r.name}\u0000${c.kind}` };
  switch (c.kind) {
    case "added":
      return { ...base, subject: summaryLine(r) };
    case "removed":
      if (c.blocking) return { ...base, subject: label(r), note: "removed without being retired first", blocking: true };
      return { ...base, subject: `${summaryLine(r)}${category(r) === "slo" ? " (was retired; its history is deleted)" : ""}` };
    case "changed":
      return { ...base, subject: label(r), details: describeFields(c.before, r, c.fields) };
    case "renamed":
      return { ...base, subject: label(r), note: `from ${c.before.name} to ${r.name} (kept, not replaced)`, details: describeFields(c.before, r, c.fields) };
  }
}

/** How a reviewer names a resource: its kind and its name in Datadog or PagerDuty. */
function label(r: PlannedResource): string {
  const name = String(r.inputs.name ?? r.name);
  switch (category(r)) {
    case "monitor":
      return `monitor "${name}"`;
    case "burn-alert":
      return `burn-rate alert "${name}"`;
    case "slo":
      return `SLO "${name}"`;
    default:
      return describeResource(r).replace(/ \(.*\)$/, "");
  }
}

/** An added or removed resource: what the plan says of it, with its kind in front. */
function summaryLine(r: PlannedResource): string {
  const kind = category(r);
  const prefix = kind === "monitor" ? "monitor " : kind === "burn-alert" ? "burn-rate alert " : kind === "slo" ? "SLO " : "";
  return `${prefix}${describeResource(r)}`;
}

/** Why a blocked entry blocks; `code` and `esc` render a value and prose (plain, or markdown.ts's codeSpan and inlineText). */
export function blockingSentence(e: Pick<ChangeEntry, "subject">, code: (s: string) => string, esc: (s: string) => string): string {
  return `${esc(e.subject)} is removed without being retired. SLOs are protected in Pulumi and deleting one loses its history: first mark it ${code("retired: { reason: ... }")} in the inventory in one change, then remove it in a later one.`;
}

function renderText(groups: readonly ChangeGroup[], blockers: readonly ChangeEntry[], counts: string, ctx: ChangeContext): string {
  const note = ctx.baseNote ? [`Note: ${ctx.baseNote}`] : [];
  if (!groups.length) return `${[`No changes against ${ctx.ref}.`, ...note].join("\n")}\n`;
  const lines = [`Changes against ${ctx.ref}: ${counts}`, ...note];
  if (blockers.length) lines.push("", ...blockers.map((b) => `BLOCKING: ${blockingSentence(b, (s) => s, (s) => s)}`));
  for (const g of groups) {
    lines.push("", g.title);
    for (const e of g.entries) {
      const head = `${MARKERS[e.kind]} ${e.subject}${e.blocking ? `: BLOCKED, ${e.note}` : e.note ? ` renamed ${e.note}` : ""}`;
      if (e.details.length === 1) lines.push(`  ${head}: ${e.details[0]}`);
      else lines.push(`  ${head}`, ...e.details.map((d) => `      ${d}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
