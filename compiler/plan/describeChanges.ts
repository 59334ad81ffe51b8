/**
 * The diff against a base in words, for the terminal and for a PR comment: a count line,
 * any blocking problem first and loud, then one line per resource grouped by integration,
 * highest revenue exposure first, then shared resources. Sorted; no timestamps.
 */
import type { Inventory } from "../model";
import { category, integrationTitle, owningIntegration, SHARED_TITLE, SHOWN_CATEGORIES } from "./classify";
import { describeFields } from "./describeFields";
import { describeResource } from "./describeResource";
import type { ResourceChange } from "./diffPlans";
import { codeSpan, inlineText } from "./markdown";
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
  readonly markdown: string;
  readonly blocking: boolean;
}

type Kind = ResourceChange["kind"];
const MARKERS: Record<Kind, string> = { added: "+", changed: "~", removed: "-", renamed: "→" };
const WORDS: Record<Kind, string> = { added: "added", changed: "changed", removed: "removed", renamed: "renamed" };
/** Components carry no settings of their own; the plan does not list them either. */

interface Entry {
  readonly kind: Kind;
  /** The resource, as named or as the plan describes it. */
  readonly subject: string;
  /** For renamed: "from A to B (kept, not replaced)"; for a blocked removal: why. */
  readonly note?: string;
  readonly details: readonly string[];
  readonly blocking: boolean;
  /** Kind of resource, then logical name: the order the plan itself lists them in. */
  readonly sortKey: string;
}

interface Group {
  readonly title: string;
  readonly entries: Entry[];
}

export function describeChanges(changes: readonly ResourceChange[], ctx: ChangeContext): ChangeReport {
  const shown = changes.filter((c) => category(c.resource) !== "component");
  const groups = groupEntries(shown, ctx);
  const blockers = groups.flatMap((g) => g.entries.filter((e) => e.blocking));
  const counts = (["added", "changed", "removed", "renamed"] as const).map((k) => `${shown.filter((c) => c.kind === k).length} ${k}`).join(", ");
  return {
    text: renderText(groups, blockers, counts, ctx),
    markdown: renderMarkdown(groups, blockers, counts, ctx),
    blocking: blockers.length > 0,
  };
}

function groupEntries(changes: readonly ResourceChange[], ctx: ChangeContext): Group[] {
  const byOwner = new Map<string, Entry[]>();
  for (const c of changes) {
    const owner = owningIntegration(c.resource) ?? "";
    const list = byOwner.get(owner);
    if (list) list.push(entry(c));
    else byOwner.set(owner, [entry(c)]);
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
    .map(([owner, title]) => ({ title, entries: (byOwner.get(owner) ?? []).sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)) }))
    .filter((g) => g.entries.length);
}


function entry(c: ResourceChange): Entry {
  const r = c.resource;
  const base = { kind: c.kind, details: [] as string[], blocking: false, sortKey: `${SHOWN_CATEGORIES.indexOf(category(r))}\u0000${r.name}\u0000${c.kind}` };
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

function blockingSentence(e: Entry, code: (s: string) => string, esc: (s: string) => string): string {
  return `${esc(e.subject)} is removed without being retired. SLOs are protected in Pulumi and deleting one loses its history: first mark it ${code("retired: { reason: ... }")} in the inventory in one change, then remove it in a later one.`;
}

function renderText(groups: readonly Group[], blockers: readonly Entry[], counts: string, ctx: ChangeContext): string {
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

function renderMarkdown(groups: readonly Group[], blockers: readonly Entry[], counts: string, ctx: ChangeContext): string {
  const ref = inlineText(ctx.ref);
  const lines = [`### Changes against ${ref}`, ""];
  const note = ctx.baseNote ? ["", `Note: ${inlineText(ctx.baseNote)}`] : [];
  if (!groups.length) return [...lines, `No changes against ${ref}.`, ...note].join("\n");
  if (blockers.length) {
    lines.push("> [!CAUTION]", `> **This change cannot be applied as is.**`);
    for (const b of blockers) lines.push(">", `> ${blockingSentence(b, codeSpan, inlineText)}`);
    lines.push("");
  }
  lines.push(`**${counts}**`, ...note);
  for (const g of groups) {
    lines.push("", `**${inlineText(g.title)}**`, "");
    for (const e of g.entries) {
      const head = `${e.blocking ? "❌ **blocked**" : `**${WORDS[e.kind]}**`} ${inlineText(e.subject)}${e.note ? `${e.blocking ? ":" : ""} ${inlineText(e.note)}` : ""}`;
      if (e.details.length === 1) lines.push(`- ${head}: ${inlineText(e.details[0])}`);
      else lines.push(`- ${head}`, ...e.details.map((d) => `  - ${inlineText(d)}`));
    }
  }
  return lines.join("\n");
}
