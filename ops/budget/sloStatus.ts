/**
 * The status of the SLOs the freeze looks at: remaining error budget and attainment over
 * each SLO's own window, read from Datadog. The IO half is `readSloStatuses`; deciding what
 * a history means (`sloStatus`) is pure.
 */
import type { Inventory } from "../../compiler/model";
import type { SloHistory } from "../datadog/types";
import { readSloWindows, type CheckedSlo, type SloReader } from "./readSloWindows";

export type { CheckedSlo, SloReader } from "./readSloWindows";

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

/** One listSlos call, then one history call per SLO found, each over the SLO's window ending now. Throws ApiError. */
export async function readSloStatuses(client: SloReader, slos: readonly CheckedSlo[], environment: string, nowS: number): Promise<SloStatus[]> {
  const reads = await readSloWindows(client, slos, environment, nowS);
  return reads.map((r): SloStatus => {
    switch (r.kind) {
      case "read":
        return { ...sloStatus(r.slo, r.history), datadogId: r.datadogId };
      case "unmatched":
        return { ...r.slo, state: "unknown", attainment: null, budgetRemaining: null, note: r.problem };
      case "failed":
        // Not asked for continueOnError: readSloWindows threw instead.
        throw r.error;
    }
  });
}

/** What one SLO's history over its window says about its budget. */
export function sloStatus(slo: CheckedSlo, history: SloHistory): SloStatus {
  const attainment = history.sliValue;
  // Read with the objective as target, so normalize.ts has already filled it in from the SLI when Datadog left it out.
  const budgetRemaining = history.errorBudgetRemaining;
  if (budgetRemaining === null) return { ...slo, state: "unknown", attainment, budgetRemaining, note: `Datadog has no data for it over the last ${slo.window}` };
  return { ...slo, state: budgetRemaining <= 0 ? "exhausted" : "healthy", attainment, budgetRemaining };
}
