/**
 * The plan at a base (a git ref) against the plan now, matched by (type, logical name) the
 * way Pulumi matches resources: what an update would create, change, delete, or keep under
 * a new name through an alias. Plain data in and out; the wording is in describeChanges.ts.
 */
import { comparePlanned, type PlannedResource } from "./plannedResource";

export type FieldPath = readonly (string | number)[];

export interface FieldChange {
  readonly path: FieldPath;
  /** undefined when the field is new. */
  readonly before: unknown;
  /** undefined when the field is gone. */
  readonly after: unknown;
}

export type ResourceChange =
  | { readonly kind: "added"; readonly resource: PlannedResource }
  /** `blocking`: Pulumi protects it at the base, so deleting it would fail (and lose its history). */
  | { readonly kind: "removed"; readonly resource: PlannedResource; readonly blocking: boolean }
  | { readonly kind: "changed" | "renamed"; readonly before: PlannedResource; readonly resource: PlannedResource; readonly fields: readonly FieldChange[] };

export interface DiffOptions {
  /** Earlier logical names of current resources (ResourceSpec.aliases), by resourceKey. */
  readonly aliases?: ReadonlyMap<string, readonly string[]>;
  /** resourceKeys of base resources with `protect` (SLOs not retired at the base). */
  readonly protectedAtBase?: ReadonlySet<string>;
}

export const resourceKey = (type: string, name: string) => `${type}\u0000${name}`;
const keyOf = (r: PlannedResource) => resourceKey(r.type, r.name);

/** Every difference, sorted by the current (or, when removed, the base) name then type. */
export function diffPlans(base: readonly PlannedResource[], current: readonly PlannedResource[], options: DiffOptions = {}): ResourceChange[] {
  const baseByKey = new Map(base.map((r) => [keyOf(r), r]));
  const currentKeys = new Set(current.map(keyOf));
  // A base resource still present under its own name is never claimed by another's alias.
  const claimed = new Set([...baseByKey.keys()].filter((k) => currentKeys.has(k)));
  const changes: ResourceChange[] = [];
  for (const r of current) {
    const same = baseByKey.get(keyOf(r));
    if (same) {
      const fields = diffValues(same.inputs, r.inputs);
      if (fields.length) changes.push({ kind: "changed", before: same, resource: r, fields });
      continue;
    }
    const aliasKey = (options.aliases?.get(keyOf(r)) ?? []).map((a) => resourceKey(r.type, a)).find((k) => baseByKey.has(k) && !claimed.has(k));
    if (aliasKey === undefined) {
      changes.push({ kind: "added", resource: r });
      continue;
    }
    claimed.add(aliasKey);
    const before = baseByKey.get(aliasKey)!;
    changes.push({ kind: "renamed", before, resource: r, fields: diffValues(before.inputs, r.inputs) });
  }
  for (const [key, r] of baseByKey) {
    if (!claimed.has(key)) changes.push({ kind: "removed", resource: r, blocking: options.protectedAtBase?.has(key) ?? false });
  }
  return changes.sort((a, b) => comparePlanned(a.resource, b.resource));
}

/**
 * Field-level differences: objects key by key; arrays of objects index by index when their
 * lengths agree; anything else (scalars, lists of strings, lists that grew or shrank) whole,
 * so the wording can say "added x, removed y" rather than list shifted indexes.
 */
export function diffValues(before: unknown, after: unknown, path: FieldPath = []): FieldChange[] {
  if (deepEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], [...path, k]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && [...before, ...after].some((v) => isRecord(v) || Array.isArray(v))) {
    return before.flatMap((v, i) => diffValues(v, after[i], [...path, i]));
  }
  return [{ path, before, after }];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Structural equality that ignores key order (the two plans may come from different engines). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
