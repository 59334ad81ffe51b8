/**
 * The status of the SLOs the freeze looks at: remaining error budget and attainment over
 * each SLO's own window, read from Datadog. The IO half is `readSloStatuses`; deciding what
 * a history means (`sloStatus`) is pure.
 */
import { durationSeconds } from "../../compiler/lower/durations";
import type { Inventory } from "../../compiler/model";
import type { SloHistory } from "../datadog/types";
import { readSloWindows, type CheckedSlo, type SloReader } from "./readSloWindows";

export type { CheckedSlo, SloReader } from "./readSloWindows";

/**
 * - healthy: budget left over the whole window;
 * - exhausted: none left (blocks);
 * - unknown: younger than its window, no data over it, or not in Datadog and not deployed yet
 *   (absent at the last verified deploy): listed, never blocks, since there is no budget yet
 *   to protect or nothing measured to say it is spent;
 * - missing: deployed but not in Datadog, or claimed by two Datadog SLOs: blocks like exhausted (fail
 *   closed), since a deployed SLO that cannot be found may be burning unseen.
 */
export type SloState = "healthy" | "exhausted" | "unknown" | "missing";

/** Whether an SLO in this state holds a change back. */
export const BLOCKS: Readonly<Record<SloState, boolean>> = { healthy: false, exhausted: true, unknown: false, missing: true };

export interface SloStatus extends CheckedSlo {
  readonly state: SloState;
  readonly datadogId?: string;
  /** SLI over the window, percent; null when unknown. */
  readonly attainment: number | null;
  /** Percent of the window's error budget left (negative when overspent); null when unknown. */
  readonly budgetRemaining: number | null;
  /** Why the state is unknown or missing. */
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

/**
 * One listSlos call, then one history call per SLO found, each over the SLO's window ending now. Throws ApiError.
 * `deployed`, when known (on main: the SLOs of the last verified deploy, the stack's last-good tag):
 * an SLO Datadog lacks that is not among them was merged but never deployed, so it is unknown
 * (no budget exists yet), not missing; without it every SLO checked is taken to be deployed.
 */
export async function readSloStatuses(client: SloReader, slos: readonly CheckedSlo[], environment: string, nowS: number, deployed?: DeployedSlos): Promise<SloStatus[]> {
  const reads = await readSloWindows(client, slos, environment, nowS);
  return reads.map((r): SloStatus => {
    switch (r.kind) {
      case "read":
        return { ...sloStatus(r.slo, r.history, r.createdAt === undefined ? undefined : { createdAtS: r.createdAt, nowS }), datadogId: r.datadogId };
      case "unmatched":
        if (deployed && !deployed.has(sloKey(r.slo))) return { ...r.slo, state: "unknown", attainment: null, budgetRemaining: null, note: `not deployed yet (${deployed.describe}), so it has no budget to spend` };
        return { ...r.slo, state: "missing", attainment: null, budgetRemaining: null, note: r.problem };
      case "failed":
        // Not asked for continueOnError: readSloWindows threw instead.
        throw r.error;
    }
  });
}

/** The SLOs known to be deployed, with where that knowledge comes from ("absent at the last good commit 1a2b3c4"). */
export interface DeployedSlos {
  has(key: string): boolean;
  readonly describe: string;
}

/** `integration-0004/accepted`: an SLO's key in DeployedSlos. */
export const sloKey = (s: Pick<CheckedSlo, "integration" | "slo">) => `${s.integration}/${s.slo}`;

/**
 * What one SLO's history over its window says about its budget. `age`: when Datadog created
 * it (the SLO's `created_at`) and now; an SLO created less than one window ago has not been
 * measured over a whole window, so its budget is unknown whatever the history says.
 */
export function sloStatus(slo: CheckedSlo, history: SloHistory, age?: { readonly createdAtS: number; readonly nowS: number }): SloStatus {
  const attainment = history.sliValue;
  // Read with the objective as target, so normalize.ts has already filled it in from the SLI when Datadog left it out.
  const budgetRemaining = history.errorBudgetRemaining;
  if (age && age.nowS - age.createdAtS < durationSeconds(slo.window)) {
    const created = new Date(age.createdAtS * 1000).toISOString().slice(0, 10);
    return { ...slo, state: "unknown", attainment, budgetRemaining, note: `created in Datadog on ${created}, less than its ${slo.window} window ago, so its budget is not yet measured over a whole window` };
  }
  if (budgetRemaining === null) return { ...slo, state: "unknown", attainment, budgetRemaining, note: `Datadog has no data for it over the last ${slo.window}` };
  return { ...slo, state: budgetRemaining <= 0 ? "exhausted" : "healthy", attainment, budgetRemaining };
}
