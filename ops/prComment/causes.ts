/**
 * Inventory edits as the causes of resource changes. One edit usually changes several
 * resources: an SLO's objective changes its target and its burn-rate alerts' messages; a
 * renamed failure mode changes its monitor's name, tags and runbook link. Each resource
 * change is folded under the most specific edited inventory element that produces it (a
 * failure mode or SLO before its integration), found by the logical names the lowering
 * derives from ids (compiler/lower/names.ts). A resource change no edited element explains
 * (a teams.yaml edit, a change in the lowering itself) stays on its own. Pure.
 */
import { BURN_TIERS } from "../../compiler/lower/burnRate";
import { integrationOfName, names } from "../../compiler/lower/names";
import type { Integration, Inventory } from "../../compiler/model";
import { describeField } from "../../compiler/plan/describeFields";
import { diffValues, type FieldChange } from "../../compiler/plan/diffPlans";
import { sameId } from "../budget/changes";

export type ElementKind = "integration" | "failure mode" | "SLO";

/** One inventory element edited between the base and now, matched by id or `previousIds`. */
export interface ElementChange {
  readonly kind: ElementKind;
  /** The integration's id now and at the base. */
  readonly integration: string;
  readonly baseIntegration: string;
  /** The element's id now and at the base (for kind "integration", the integration's). */
  readonly id: string;
  readonly baseId: string;
  /** Its field edits in words ("objective 99.9 → 99.5"); the id is said by `baseId`. */
  readonly details: readonly string[];
}

/**
 * Fields not compared: ids (a rename is said once, from `baseId`), `previousIds` (the record
 * of that rename), `rank` (follows from frequency or revenue), an integration's own failure
 * modes and SLOs (elements of their own) and its alert tests (nothing is deployed from them).
 */
const IGNORED: Readonly<Record<ElementKind, ReadonlySet<string>>> = {
  integration: new Set(["id", "previousIds", "rank", "slos", "failureModes", "alertTests"]),
  "failure mode": new Set(["id", "previousIds", "rank"]),
  SLO: new Set(["id", "previousIds"]),
};

/** Model fields the runbook sets rather than the YAML, named as a reviewer knows them. */
const LABELS: Readonly<Record<string, string>> = { runbookAnchor: "runbook section", detectionAnchor: "runbook section for SLO alerts" };

/** Every element edited between `base` (undefined: nothing to compare) and `now`, integrations in rank order. */
export function elementChanges(base: Inventory | undefined, now: Inventory): ElementChange[] {
  const out: ElementChange[] = [];
  for (const integration of now.integrations) {
    const before = base?.integrations.find((b) => sameId(b.id, integration));
    if (!before) continue;
    const edit = (kind: ElementKind, id: string, baseId: string, was: object, is: object) => {
      const details = fieldEdits(was, is, IGNORED[kind]);
      if (details.length) out.push({ kind, integration: integration.id, baseIntegration: before.id, id, baseId, details });
    };
    edit("integration", integration.id, before.id, before, integration);
    for (const mode of integration.failureModes) {
      const was = before.failureModes.find((m) => sameId(m.id, mode));
      if (was) edit("failure mode", mode.id, was.id, was, mode);
    }
    for (const slo of integration.slos) {
      const was = before.slos.find((s) => sameId(s.id, slo));
      if (was) edit("SLO", slo.id, was.id, was, slo);
    }
  }
  return out;
}

function fieldEdits(before: object, after: object, ignored: ReadonlySet<string>): string[] {
  const kept = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => !ignored.has(k)));
  return diffValues(kept(before), kept(after)).map((f: FieldChange) => describeField({ ...f, path: [LABELS[String(f.path[0])] ?? f.path[0]!, ...f.path.slice(1)] }));
}

/**
 * Whether the resource of logical name `name` comes from the element; `atBase` when the name
 * is from the base's plan (a removed resource), so it holds the base's ids.
 */
export function produces(e: Pick<ElementChange, "kind" | "integration" | "baseIntegration" | "id" | "baseId">, name: string, atBase: boolean): boolean {
  const integration = atBase ? e.baseIntegration : e.integration;
  const id = atBase ? e.baseId : e.id;
  switch (e.kind) {
    case "failure mode":
      return name === names.monitor(integration, id);
    case "SLO":
      return name === names.slo(integration, id) || BURN_TIERS.some((t) => name === names.burnAlert(integration, id, t.id));
    case "integration":
      return integrationOfName(name) === integration;
  }
}

/** A resource change as folded: under the element edit it follows from, or on its own. */
export type Folded<E> = { readonly cause: ElementChange; readonly derived: E[] } | { readonly entry: E };

/**
 * `entries` (one integration's resource changes, in the plan's order) folded under `causes`.
 * A cause takes the place of its first resource change; a cause no resource change follows
 * from is left out (the edit deploys nothing different).
 */
export function foldUnderCauses<E extends { readonly kind: string; readonly name: string }>(entries: readonly E[], causes: readonly ElementChange[]): Folded<E>[] {
  const out: Folded<E>[] = [];
  const open = new Map<ElementChange, E[]>();
  const specific = causes.filter((c) => c.kind !== "integration");
  const broad = causes.filter((c) => c.kind === "integration");
  for (const entry of entries) {
    const atBase = entry.kind === "removed";
    const cause = specific.find((c) => produces(c, entry.name, atBase)) ?? broad.find((c) => produces(c, entry.name, atBase));
    if (!cause) {
      out.push({ entry });
      continue;
    }
    const derived = open.get(cause);
    if (derived) derived.push(entry);
    else {
      open.set(cause, [entry]);
      out.push({ cause, derived: open.get(cause)! });
    }
  }
  return out;
}

/** The base's counterpart of an integration now, if any. */
export function baseIntegrationOf(base: Inventory | undefined, now: Integration): Integration | undefined {
  return base?.integrations.find((b) => sameId(b.id, now));
}
