/**
 * Pages per rotation, from PagerDuty incidents: an incident's service is named
 * `[martech] <integration name>` (compiler/lower/onCall.ts), which gives the integration and
 * so its rotation. Incidents on other services are counted apart, by service name.
 */
import { pagerdutyServiceName } from "../../compiler/lower/onCall";
import type { Inventory } from "../../compiler/model";
import type { PagerDutyIncident } from "../pagerduty/types";
import { weekEnd, weekStart, type IsoWeek } from "./isoWeek";

export interface RotationPages {
  readonly rotation: string;
  readonly name: string;
  readonly pages: number;
  readonly highUrgency: number;
  /** Per week, oldest first. */
  readonly perWeek: readonly number[];
  /** Integrations that paged, most pages first. */
  readonly byIntegration: readonly { readonly integration: string; readonly pages: number }[];
}

export interface PageSummary {
  /** Every rotation of the inventory, in its order, quiet ones included. */
  readonly rotations: readonly RotationPages[];
  /** Services outside the inventory, most pages first. */
  readonly unmapped: readonly { readonly service: string; readonly pages: number }[];
}


export function pagesPerRotation(inventory: Inventory, incidents: readonly PagerDutyIncident[], weeks: readonly IsoWeek[]): PageSummary {
  const byService = new Map(inventory.integrations.map((i) => [pagerdutyServiceName(i), i]));
  const bounds = weeks.map((w) => [weekStart(w).getTime(), weekEnd(w).getTime()]);
  const counts = new Map(inventory.rotations.map((r) => [r.id, { pages: 0, high: 0, perWeek: weeks.map(() => 0), byIntegration: new Map<string, number>() }]));
  const unmapped = new Map<string, number>();
  for (const incident of incidents) {
    const at = Date.parse(incident.createdAt);
    const week = bounds.findIndex(([from, to]) => at >= from && at < to);
    if (week < 0) continue;
    const integration = byService.get(incident.serviceName);
    const c = integration && counts.get(integration.rotation);
    if (!integration || !c) {
      unmapped.set(incident.serviceName, (unmapped.get(incident.serviceName) ?? 0) + 1);
      continue;
    }
    c.pages++;
    if (incident.urgency === "high") c.high++;
    c.perWeek[week]++;
    c.byIntegration.set(integration.id, (c.byIntegration.get(integration.id) ?? 0) + 1);
  }
  return {
    rotations: inventory.rotations.map((r) => {
      const c = counts.get(r.id)!;
      return { rotation: r.id, name: r.name, pages: c.pages, highUrgency: c.high, perWeek: c.perWeek, byIntegration: mostFirst(c.byIntegration, "integration") };
    }),
    unmapped: mostFirst(unmapped, "service"),
  };
}

function mostFirst<K extends string>(counts: ReadonlyMap<string, number>, key: K): ({ [P in K]: string } & { pages: number })[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([name, pages]) => ({ [key]: name, pages }) as { [P in K]: string } & { pages: number });
}
