/**
 * Which deployed SLOs the error-budget gate looks at. A change should wait for the budgets
 * it can hurt, not for every budget in the organisation:
 * - `integration`: the SLOs of the integrations the change touches (./touched.ts);
 * - `team` (the default): the SLOs of every integration owned by a team that owns one the
 *   change touches (the owner at the base or now, so a change of owner counts both teams);
 * - `organisation`: every deployed SLO, as the gate did before scopes existed.
 * Pure: the inventories and the touched list in, the SLOs and a summary out.
 */
import type { Inventory } from "../../compiler/model";
import { slosToCheck, type CheckedSlo } from "./sloStatus";
import { listOf } from "../../compiler/words";
import { REASON_WORDS, type TouchedIntegration } from "../change/touched";

export const SCOPES = ["integration", "team", "organisation"] as const;
export type ScopeMode = (typeof SCOPES)[number];
export const DEFAULT_SCOPE: ScopeMode = "team";

export interface ScopeSummary {
  readonly mode: ScopeMode;
  readonly touched: readonly TouchedIntegration[];
  /** The owners of the touched integrations, sorted (the teams `team` scope looks at). */
  readonly teams: readonly string[];
  /** Deployed SLOs in scope. */
  readonly considered: number;
  /** Deployed SLOs the scope leaves out. */
  readonly outOfScope: number;
}

export interface ScopedSlos {
  readonly slos: CheckedSlo[];
  readonly summary: ScopeSummary;
}

export function scopeSlos(mode: ScopeMode, touched: readonly TouchedIntegration[], base: Inventory | undefined, now: Inventory): ScopedSlos {
  const deployed = slosToCheck(base, now);
  // An integration is known by its id at the base and now: deployed SLOs carry the base id until this change deploys.
  const ids = new Set(touched.flatMap((t) => [t.integration, ...(now.integrations.find((i) => i.id === t.integration)?.previousIds ?? [])]));
  const owners = (id: string) => [...(base?.integrations ?? []), ...now.integrations].filter((i) => i.id === id || i.previousIds.includes(id)).map((i) => i.owner);
  const teams = [...new Set([...ids].flatMap(owners))].sort();
  const inScope = (slo: CheckedSlo): boolean => {
    if (mode === "organisation") return true;
    if (mode === "integration") return ids.has(slo.integration);
    return owners(slo.integration).some((team) => teams.includes(team));
  };
  const slos = deployed.filter(inScope);
  return { slos, summary: { mode, touched, teams, considered: slos.length, outOfScope: deployed.length - slos.length } };
}

/** The scope in one or two sentences: what the change touches and which SLOs that puts in scope. */
export function describeScope(s: ScopeSummary): string {
  const touched = s.touched.length ? `This change touches ${listOf(s.touched.map((t) => `${t.integration} (${t.reasons.map((r) => REASON_WORDS[r]).join(", ")})`))}.` : "This change touches no integration.";
  const counted = `${s.considered} deployed SLO(s) considered${s.outOfScope ? `, ${s.outOfScope} of other ${s.mode === "team" ? "teams" : "integrations"} left out` : ""}`;
  if (s.mode === "organisation") return `${touched} Scope organisation: every deployed SLO counts: ${counted}.`;
  if (s.mode === "integration") return `${touched} Scope integration: only the SLOs of those integrations count: ${counted}.`;
  return `${touched} Scope team: the SLOs of the teams that own them (${listOf(s.teams)}) count: ${counted}.`;
}

