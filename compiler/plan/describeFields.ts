/**
 * Field-level changes of one resource in plain words: "query threshold 5 → 3",
 * "tags: added team:a, removed team:b", an SLO target with its error budget before and after.
 * Fields derived from one another are said once (an SLO's three target fields, a monitor's
 * query threshold and its critical threshold).
 */
import { errorBudgetMinutes } from "../lower/burnRate";
import { resolveRefsInString } from "../lower/spec";
import { isSloWindow } from "../validate/schema";
import { category } from "./classify";
import { catalogFieldChanges } from "./describeCatalog";
import { deepEqual, isRecord, type FieldChange, type FieldPath } from "./diffPlans";
import { describeOnCallChanges } from "./describeOnCall";
import type { PlannedResource } from "./plannedResource";

/** Datadog and PagerDuty field names that read poorly as they are. */
const LABELS: Record<string, string> = {
  renotifyInterval: "re-notify interval (minutes)",
  evaluationDelay: "evaluation delay (seconds)",
  noDataTimeframe: "no-data timeframe (minutes)",
  notifyNoData: "notify on no data",
  requireFullWindow: "require full window",
  includeTags: "include tags",
  "monitorThresholds.critical": "critical threshold",
  autoResolveTimeout: 'auto-resolve timeout (seconds; "null": never)',
  acknowledgementTimeout: 'acknowledgement timeout (seconds; "null": never)',
};

/** The SLO fields that all carry its target and window. */
const SLO_TARGET_FIELDS = new Set(["thresholds", "targetThreshold", "timeframe"]);

export function describeFields(before: PlannedResource, after: PlannedResource, fields: readonly FieldChange[]): string[] {
  const lines: string[] = [];
  let rest = [...fields];
  const kind = category(after);
  const target = kind === "slo" ? sloTargetLine(before.inputs, after.inputs) : undefined;
  if (target) {
    lines.push(target);
    rest = rest.filter((f) => !SLO_TARGET_FIELDS.has(String(f.path[0])));
    // The description repeats the error budget, already said on the target line.
    rest = rest.map((f) => (f.path.join(".") === "description" ? { ...f, before: withoutBudget(f.before), after: withoutBudget(f.after) } : f)).filter((f) => !deepEqual(f.before, f.after));
  }
  if (kind === "monitor" || kind === "burn-alert") {
    const threshold = queryThreshold(before.inputs.query, after.inputs.query);
    if (threshold) {
      lines.push(`query threshold ${threshold[0]} → ${threshold[1]}`);
      rest = rest.filter((f) => !(f.path[0] === "query" || (f.path.join(".") === "monitorThresholds.critical" && f.before === threshold[0] && f.after === threshold[1])));
    }
  }
  if (kind === "catalog") rest = catalogFieldChanges(rest);
  if (kind === "on-call") {
    const onCall = describeOnCallChanges(before, after, rest);
    lines.push(...onCall.lines);
    rest = onCall.rest;
  }
  return [...lines, ...rest.map(describeField)];
}

/** "target 99.5% → 99.9% over 30d: error budget 216 → 43.2 minutes per 30d", or undefined if unchanged. */
export function sloTargetLine(before: Record<string, unknown>, after: Record<string, unknown>): string | undefined {
  const a = sloTarget(before);
  const b = sloTarget(after);
  if (!a || !b || (a.target === b.target && a.window === b.window)) return undefined;
  if (a.window === b.window) {
    return `target ${a.target}% → ${b.target}% over ${b.window}: error budget ${a.budget} → ${b.budget} minutes per ${b.window}`;
  }
  return `target ${a.target}% over ${a.window} → ${b.target}% over ${b.window}: error budget ${a.budget} minutes per ${a.window} → ${b.budget} minutes per ${b.window}`;
}

function sloTarget(inputs: Record<string, unknown>): { target: number; window: string; budget: number } | undefined {
  const first = Array.isArray(inputs.thresholds) ? inputs.thresholds[0] : undefined;
  const target = isRecord(first) ? first.target : inputs.targetThreshold;
  const window = isRecord(first) ? first.timeframe : inputs.timeframe;
  if (typeof target !== "number" || typeof window !== "string" || !isSloWindow(window)) return undefined;
  return { target, window, budget: errorBudgetMinutes(target, window) };
}

const withoutBudget = (v: unknown) => (typeof v === "string" ? v.replace(/Error budget: [\d.]+ minutes per \w+\. ?/, "") : v);

/** [old, new] when two monitor queries differ only in the number they compare against. */
function queryThreshold(before: unknown, after: unknown): [string, string] | undefined {
  const pattern = /^(.*) ([<>]=?) (-?[\d.]+)$/s;
  const a = typeof before === "string" ? pattern.exec(before) : null;
  const b = typeof after === "string" ? pattern.exec(after) : null;
  if (!a || !b || a[1] !== b[1] || a[2] !== b[2] || a[3] === b[3]) return undefined;
  return [a[3], b[3]];
}

export function describeField(f: FieldChange): string {
  const label = labelOf(f.path);
  const { before, after } = f;
  if (before === undefined) return `${label} set to ${formatValue(after)}`;
  if (after === undefined) return `${label} removed (was ${formatValue(before)})`;
  if (label === "priority") return `priority P${before} → P${after}`;
  if (typeof before === "string" && typeof after === "string") return describeStrings(label, before, after);
  if (Array.isArray(before) && Array.isArray(after)) return describeLists(label, before, after);
  return `${label} ${formatValue(before)} → ${formatValue(after)}`;
}

function labelOf(path: FieldPath): string {
  const dotted = path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
  return LABELS[dotted] ?? (dotted || "inputs");
}

function describeStrings(label: string, before: string, after: string): string {
  const [a, b] = [parseJsonObject(before), parseJsonObject(after)];
  if (a && b) {
    // Dashboard JSON: a diff of its structure means nothing to a reviewer; its titles do.
    const changed = changedLines(titles(a), titles(b));
    return `${label} layout changed${changed.length ? ` (${summarize(changed)})` : ""}`;
  }
  if (before.includes("\n") || after.includes("\n")) return `${label} changed (${summarize(changedLines(before.split("\n"), after.split("\n"))) || "lines reordered"})`;
  return `${label} ${trimCommon(before, after).map(show).join(" → ")}`;
}

function describeLists(label: string, before: unknown[], after: unknown[]): string {
  if (before.some(isRecord) || after.some(isRecord)) return `${label}: ${before.length} → ${after.length} entries`;
  const [a, b] = [before.map(formatValue), after.map(formatValue)];
  const added = without(b, a);
  const removed = without(a, b);
  const parts = [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean);
  // "added a, removed b" reads fine; with longer lists a semicolon keeps the two apart.
  const sep = added.length > 1 || removed.length > 1 ? "; " : ", ";
  return `${label}: ${parts.length ? parts.join(sep) : `reordered to ${b.join(", ")}`}`;
}

/**
 * What changed between two lists of lines, said the way a reviewer reads a message: who it
 * notifies, where its runbook link points, then other lines as "old" → "new".
 */
function changedLines(before: readonly string[], after: readonly string[]): string[] {
  const removed = without(before, after);
  const added = without(after, before);
  const parts: string[] = [];
  const handles = (ls: string[]) => ls.filter((l) => l.startsWith("@"));
  const [oldHandles, newHandles] = [handles(removed), handles(added)];
  if (newHandles.length && oldHandles.length) parts.push(`notifies ${newHandles.join(" ")} instead of ${oldHandles.join(" ")}`);
  else if (newHandles.length) parts.push(`now also notifies ${newHandles.join(" ")}`);
  else if (oldHandles.length) parts.push(`no longer notifies ${oldHandles.join(" ")}`);
  const runbook = added.find((l) => l.startsWith("Runbook: "));
  if (runbook) parts.push(`runbook link now ${runbook.slice("Runbook: ".length)}`);
  const isOther = (l: string) => !l.startsWith("@") && !l.startsWith("Runbook: ");
  const come = added.filter(isOther);
  const left = new Set(come.keys());
  const gone = removed.filter(isOther);
  // One line out and one in is one line changed, whatever it says.
  const single = gone.length === 1 && come.length === 1;
  for (const old of gone) {
    // Otherwise the new line most like it (longest shared start), so "99.9%" pairs with "99.5%", not with a neighbour.
    const best = [...left].map((i) => [i, sharedPrefix(old, come[i])] as const).sort((x, y) => y[1] - x[1] || x[0] - y[0])[0];
    if (best && (single || best[1] >= MIN_SHARED)) {
      left.delete(best[0]);
      parts.push(trimCommon(old, come[best[0]]).map(show).join(" → "));
    } else parts.push(`removed ${show(old)}`);
  }
  for (const i of left) parts.push(`added ${show(come[i])}`);
  return parts;
}

/** Characters two lines must share at their start to read as one line changed. */
const MIN_SHARED = 4;

const sharedPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/** `xs` minus `ys`, counting repeats (dashboard titles repeat across integrations). */
function without(xs: readonly string[], ys: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
  return xs.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n) left.set(x, n - 1);
    return n === 0;
  });
}

const MAX_PARTS = 5;
function summarize(parts: readonly string[]): string {
  const more = parts.length - MAX_PARTS;
  return more > 0 ? `${parts.slice(0, MAX_PARTS).join("; ")}; and ${more} more` : parts.join("; ");
}

/** Long one-line strings shortened to the words that differ, with one word of context each side. */
export function trimCommon(before: string, after: string): [string, string] {
  if (before.length <= 80 && after.length <= 80) return [before, after];
  const a = before.split(" ");
  const b = after.split(" ");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - 1);
  const cut = (ws: string[]) => {
    const to = Math.min(ws.length, ws.length - end + 1);
    return `${from > 0 ? "…" : ""}${ws.slice(from, to).join(" ")}${to < ws.length ? "…" : ""}`;
  };
  return [cut(a), cut(b)];
}

function parseJsonObject(s: string): Record<string, unknown> | undefined {
  if (!s.startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Every `title` in a JSON value, depth first, in order. */
function titles(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => titles(x, out));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) k === "title" && typeof x === "string" ? out.push(x) : titles(x, out);
  return out;
}

/** References read as what they point at: a person's email, or the resource's logical name. */
export function formatValue(v: unknown): string {
  if (typeof v === "string") return show(v);
  return JSON.stringify(v, (_, x) => (typeof x === "string" ? readRefs(x) : x)) ?? String(v);
}

const readRefs = (s: string) => resolveRefsInString(s, (name) => name.replace(/^pagerduty-user:/, ""));
/** Bare when it is one token (5, P1, team:growth), quoted when it has spaces. */
const show = (s: string) => {
  const r = readRefs(s);
  return /^[^\s"]+$/.test(r) ? r : JSON.stringify(r);
};
