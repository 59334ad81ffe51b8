/**
 * The status of the SLOs the freeze looks at: remaining error budget and attainment over
 * each SLO's own window, read from Datadog. The IO half is `readSloStatuses`; deciding what
 * a history means (`sloStatus`) is pure.
 */
import { durationSeconds } from "../../compiler/lower/durations";
import type { Inventory } from "../../compiler/model";
import type { SloWindow } from "../../compiler/validate/schema";
import type { DatadogClient } from "../datadog/client";
import type { SloHistory } from "../datadog/types";
import { budgetRemainingPercent } from "./budgetMath";
import { findDatadogSlo } from "./datadogSlos";

/** An inventory SLO as deployed: its ids are the ones its Datadog tags carry. */
export interface CheckedSlo {
  readonly integration: string;
  readonly slo: string;
  /** Percent. */
  readonly objective: number;
  readonly window: SloWindow;
}

export type SloState = "healthy" | "exhausted" | "unknown";

export interface SloStatus extends CheckedSlo {
  readonly state: SloState;
  readonly datadogId?: string;
  /** SLI over the window, percent; null when unknown. */
  readonly attainment: number | null;
  /** Percent of the window's error budget left (negative when overspent); null when unknown. */
  readonly budgetRemaining: number | null;
  /** Why the state is unknown. */
  readonly note?: string;
}

/**
 * The SLOs deployed now: the live (not retired) SLOs of the base inventory, under the ids
 * their Datadog tags carry until this change deploys (a rename only retags on deploy).
 * SLOs this change adds do not exist yet, and one it removes still burns until it deploys.
 * Without a valid base inventory, the working tree's live SLOs (fail closed: any not in
 * Datadog is unknown).
 */
export function slosToCheck(base: Inventory | undefined, now: Inventory): CheckedSlo[] {
  return (base ?? now).integrations.flatMap((i) => i.slos.filter((s) => !s.retired).map((s) => ({ integration: i.id, slo: s.id, objective: s.objective, window: s.window })));
}

export type SloReader = Pick<DatadogClient, "listSlos" | "sloHistory">;

/** One listSlos call, then one history call per SLO found, each over the SLO's window ending now. Throws ApiError. */
export async function readSloStatuses(client: SloReader, slos: readonly CheckedSlo[], environment: string, nowS: number): Promise<SloStatus[]> {
  if (slos.length === 0) return [];
  const datadogSlos = await client.listSlos({ tagsQuery: `env:${environment}` });
  const out: SloStatus[] = [];
  // One at a time: a handful of SLOs, and Datadog rate-limits SLO history reads.
  for (const slo of slos) {
    const match = findDatadogSlo(datadogSlos, slo.integration, slo.slo, environment);
    if (!match.slo) {
      out.push({ ...slo, state: "unknown", attainment: null, budgetRemaining: null, note: match.problem });
      continue;
    }
    // With the target, Datadog reports the budget left against the inventory objective ("custom").
    const history = await client.sloHistory(match.slo.id, nowS - durationSeconds(slo.window), nowS, { target: slo.objective });
    out.push({ ...sloStatus(slo, history), datadogId: match.slo.id });
  }
  return out;
}

/** What one SLO's history over its window says about its budget. */
export function sloStatus(slo: CheckedSlo, history: SloHistory): SloStatus {
  const attainment = history.sliValue;
  const budgetRemaining = history.errorBudgetRemaining ?? (attainment === null ? null : budgetRemainingPercent(attainment, slo.objective));
  if (budgetRemaining === null) return { ...slo, state: "unknown", attainment, budgetRemaining, note: `Datadog has no data for it over the last ${slo.window}` };
  return { ...slo, state: budgetRemaining <= 0 ? "exhausted" : "healthy", attainment, budgetRemaining };
}
