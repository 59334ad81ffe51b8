/**
 * Reads each inventory SLO's history over its own window ending at one moment, from Datadog:
 * one listSlos call, then one history call per SLO matched by `findDatadogSlo`. Shared by
 * budget-gate (window ending now), report (ending with the last week) and postmortem (ending
 * with the incident's day), so all three match SLOs and read budgets the same way.
 */
import { durationSeconds } from "../../compiler/lower/durations";
import type { SloWindow } from "../../compiler/validate/schema";
import type { DatadogClient } from "../datadog/client";
import type { SloHistory } from "../datadog/types";
import { findDatadogSlo } from "./datadogSlos";

/** An inventory SLO as deployed: its ids are the ones its Datadog tags carry. */
export interface CheckedSlo {
  readonly integration: string;
  readonly slo: string;
  /** Percent. */
  readonly objective: number;
  readonly window: SloWindow;
}

export type SloReader = Pick<DatadogClient, "listSlos" | "sloHistory">;

export type SloWindowRead<S extends CheckedSlo = CheckedSlo> =
  /** History over the window, with the budget left against the inventory objective. */
  | { readonly kind: "read"; readonly slo: S; readonly datadogId: string; readonly history: SloHistory; readonly createdAt?: number }
  /** Not in Datadog, or claimed by two Datadog SLOs. */
  | { readonly kind: "unmatched"; readonly slo: S; readonly problem: string }
  /** Reading its history failed (only with `continueOnError`). */
  | { readonly kind: "failed"; readonly slo: S; readonly datadogId: string; readonly error: unknown };

export interface ReadSloWindowsOptions {
  /** Server-side filter for listSlos (default `env:<environment>`); matching still requires every tag. */
  readonly tagsQuery?: string;
  /** Record a failed history read and go on with the next SLO instead of throwing. */
  readonly continueOnError?: boolean;
}

/** Throws ApiError from listSlos, and from a history read unless `continueOnError`. */
export async function readSloWindows<S extends CheckedSlo>(client: SloReader, slos: readonly S[], environment: string, endS: number, options: ReadSloWindowsOptions = {}): Promise<SloWindowRead<S>[]> {
  if (slos.length === 0) return [];
  const datadogSlos = await client.listSlos({ tagsQuery: options.tagsQuery ?? `env:${environment}` });
  const out: SloWindowRead<S>[] = [];
  // One at a time: Datadog rate-limits SLO history reads per organization.
  for (const slo of slos) {
    const match = findDatadogSlo(datadogSlos, slo.integration, slo.slo, environment);
    if (!match.slo) {
      out.push({ kind: "unmatched", slo, problem: match.problem });
      continue;
    }
    const datadogId = match.slo.id;
    try {
      // With the target, Datadog reports the budget left against the inventory objective ("custom").
      const history = await client.sloHistory(datadogId, endS - durationSeconds(slo.window), endS, { target: slo.objective });
      // Its creation time tells a window not yet complete (budget-gate lists such an SLO as unknown).
      const { createdAt } = match.slo;
      out.push({ kind: "read", slo, datadogId, history, ...(createdAt === undefined ? {} : { createdAt }) });
    } catch (error) {
      if (!options.continueOnError) throw error;
      out.push({ kind: "failed", slo, datadogId, error });
    }
  }
  return out;
}
