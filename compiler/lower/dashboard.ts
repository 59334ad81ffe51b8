/**
 * The weekly reliability dashboard: one group per integration, highest revenue exposure
 * first, with each SLO's status and remaining error budget. Written as dashboard JSON with
 * sorted keys, so the same inventory always gives the same string.
 */
import type { Inventory } from "../model";
import { formatUsdPerHour } from "../revenueRank";
import { names } from "./names";
import { datadogName } from "./notify";
import type { LowerSettings } from "./settings";
import { ref, type ResourceSpec } from "./spec";
import { stableJson } from "../stableJson";
import { slosInStack } from "./slos";

export const DASHBOARD = "datadog:index/dashboardJson:DashboardJson";
export const DASHBOARD_COMPONENT = "martech:datadog:ReliabilityDashboard";

export function dashboardSpecs(inventory: Inventory, settings: LowerSettings): ResourceSpec[] {
  const widgets = inventory.integrations.map((integration) => {
    // The stack's own SLOs: staging creates none over prod-only metrics (lower/environmentScope.ts).
    const live = slosInStack(integration, settings).filter((s) => !s.retired);
    const title = `#${integration.rank} ${integration.name} (${formatUsdPerHour(integration.revenue.usdPerHour)}, tier ${integration.tier}, ${integration.owner})`;
    const children = live.length
      ? live.map((slo) => ({
          definition: {
            type: "slo",
            title: `${slo.id}: ${slo.objective}% over ${slo.window}`,
            slo_id: ref(names.slo(integration.id, slo.id)),
            view_type: "detail",
            view_mode: "overall",
            time_windows: ["7d", "previous_week", slo.window === "7d" ? "month_to_date" : slo.window],
            show_error_budget: true,
          },
        }))
      : [{ definition: { type: "note", content: `**No SLO${integration.slos.length ? " in this stack" : ""}.** ${integration.name} is measured by monitors only.`, background_color: "yellow" } }];
    return { definition: { type: "group", layout_type: "ordered", title, widgets: children } };
  });
  const dashboard = {
    title: datadogName(settings, "Marketing-technology reliability (weekly)"),
    description: `SLO status and error budget per integration, ordered by revenue exposure. Managed by Pulumi from inventory/ (env ${settings.environment}).`,
    layout_type: "ordered",
    reflow_type: "auto",
    widgets,
  };
  return [
    { type: DASHBOARD_COMPONENT, name: names.dashboardComponent, inputs: {} },
    { type: DASHBOARD, name: names.dashboard, parent: names.dashboardComponent, inputs: { dashboard: stableJson(dashboard) } },
  ];
}
