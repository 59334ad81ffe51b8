/**
 * What a change touches, as the freeze gate sees it: the integrations (with the teams owning
 * them) whose inventory file, alert tests, runbook or planned resources differ from the base,
 * and whether it touches everything (a shared file of the deployment changed, such as the
 * forwarder or the components, or the base could not be read). Built by ops/change/changeSince.ts;
 * plain data here, so the gate's decisions are tested without git.
 */
import { isUnscoped, type ChangeFreeze } from "./changeFreeze";

export interface TouchedIntegration {
  readonly id: string;
  /** Its owner now, and at the base when that differs (a change of owner touches both teams' freezes). */
  readonly teams: readonly string[];
}

export interface FreezeChange {
  readonly integrations: readonly TouchedIntegration[];
  /** Why the change touches every integration, in a few words; undefined when it does not. */
  readonly everything?: string;
}

/** Which of a change a freeze covers: every integration, or the ones listed; undefined when it covers none of it. */
export type FreezeHit = { readonly everything: string } | { readonly integrations: readonly string[] };

/**
 * Whether a change meets a freeze. An unscoped freeze covers every integration, a scoped one
 * the integrations it lists and those owned by the teams it lists. A change that touches
 * nothing deployed (only tests, or the freezes file) meets no freeze, scoped or not.
 */
export function freezeHit(freeze: Pick<ChangeFreeze, "scope">, change: FreezeChange): FreezeHit | undefined {
  if (change.everything !== undefined) return { everything: change.everything };
  const { integrations, teams } = freeze.scope;
  const covered = change.integrations.filter((i) => isUnscoped(freeze.scope) || integrations.includes(i.id) || i.teams.some((t) => teams.includes(t)));
  return covered.length ? { integrations: covered.map((i) => i.id) } : undefined;
}

/** `web-lead-form-to-crm, shopify-orders-to-klaviyo`, or why everything is touched. */
export function describeHit(hit: FreezeHit): string {
  return "everything" in hit ? `every integration (${hit.everything})` : hit.integrations.join(", ");
}

/** What several changes touch together: every integration of each (teams merged), everything if any is. */
export function mergeChanges(changes: readonly FreezeChange[]): FreezeChange {
  const teams = new Map<string, Set<string>>();
  for (const c of changes) for (const i of c.integrations) for (const t of i.teams) (teams.get(i.id) ?? teams.set(i.id, new Set()).get(i.id)!).add(t);
  for (const c of changes) for (const i of c.integrations) if (!teams.has(i.id)) teams.set(i.id, new Set());
  const integrations = [...teams].map(([id, t]) => ({ id, teams: [...t].sort() }));
  const everything = changes.find((c) => c.everything !== undefined)?.everything;
  return everything === undefined ? { integrations } : { integrations, everything };
}
