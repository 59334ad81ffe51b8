/**
 * The report's IO: per live inventory SLO its Datadog SLO, the SLI of each week reported and
 * the budget left at the end of the last one; the PagerDuty incidents of the whole range.
 * Throws ApiError; an SLO missing in Datadog or without data is recorded, not thrown.
 */
import type { Inventory } from "../../compiler/model";
import { readSloWindows } from "../budget/readSloWindows";
import type { DatadogClient } from "../datadog/client";
import type { SloHistory } from "../datadog/types";
import type { PagerDutyClient, PagerDutyIncident } from "../pagerduty/client";
import { weekEnd, weekStart, type IsoWeek } from "./isoWeek";

export interface CollectedSlo {
  readonly integration: string;
  readonly slo: string;
  /** Why there is no data at all (not in Datadog, or ambiguous). */
  readonly problem?: string;
  /** One history per requested week, oldest first; empty when `problem`. */
  readonly weeks: readonly SloHistory[];
  /** Over the SLO's window ending with the last week: the budget left then. */
  readonly window?: SloHistory;
}

export interface Collected {
  readonly slos: readonly CollectedSlo[];
  readonly incidents: readonly PagerDutyIncident[];
}

export interface Clients {
  readonly datadog: Pick<DatadogClient, "listSlos" | "sloHistory">;
  readonly pagerduty: Pick<PagerDutyClient, "listIncidents">;
}

/** `weeks` oldest first; the last one is the week reported. */
export async function collect(clients: Clients, inventory: Inventory, environment: string, weeks: readonly IsoWeek[]): Promise<Collected> {
  const last = weeks[weeks.length - 1];
  const live = inventory.integrations.flatMap((i) => i.slos.filter((s) => !s.retired).map((s) => ({ integration: i.id, slo: s.id, objective: s.objective, window: s.window })));
  const windows = await readSloWindows(clients.datadog, live, environment, weekEnd(last).getTime() / 1000);
  const slos: CollectedSlo[] = [];
  // One request at a time: Datadog rate-limits SLO history reads per organization.
  for (const read of windows) {
    const { integration, slo } = read.slo;
    if (read.kind === "unmatched") {
      slos.push({ integration, slo, problem: read.problem, weeks: [] });
      continue;
    }
    if (read.kind === "failed") throw read.error; // not asked for continueOnError
    const perWeek: SloHistory[] = [];
    for (const w of weeks) perWeek.push(await clients.datadog.sloHistory(read.datadogId, weekStart(w).getTime() / 1000, weekEnd(w).getTime() / 1000));
    slos.push({ integration, slo, weeks: perWeek, window: read.history });
  }
  const incidents = await clients.pagerduty.listIncidents({ since: weekStart(weeks[0]), until: weekEnd(last) });
  return { slos, incidents };
}
