/** Failure modes -> one Datadog monitor each, linking to the failure mode's runbook section. */
import type { MonitorArgs } from "@pulumi/datadog/monitor";
import type { FailureMode, Integration, Inventory } from "../model";
import { formatUsdPerHour } from "../revenueRank";
import { detectionQuery } from "./monitorQuery";
import { names, previousComponentNames, previousNames } from "./names";
import { chatHandle, integrationTags, pagerdutyHandle, priority, runbookUrl } from "./notify";
import type { LowerSettings } from "./settings";
import type { ResourceSpec } from "./spec";

export const MONITOR = "datadog:index/monitor:Monitor";

const FREQUENCY_WORDS: Record<FailureMode["frequency"], string> = { daily: "daily", weekly: "weekly", monthly: "monthly", quarterly: "quarterly", yearly: "yearly", rare: "rarely" };
export const MONITORS_COMPONENT = "martech:datadog:IntegrationMonitors";

export function monitorSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings): ResourceSpec[] {
  const parent = names.monitorsComponent(integration.id);
  return [
    { type: MONITORS_COMPONENT, name: parent, inputs: {}, aliases: previousComponentNames(integration, names.monitorsComponent) },
    ...integration.failureModes.map(
      (mode): ResourceSpec => ({
        type: MONITOR,
        name: names.monitor(integration.id, mode.id),
        parent,
        aliases: previousNames(integration, mode.previousIds, names.monitor, mode.id),
        inputs: monitorInputs(inventory, integration, mode, settings),
      }),
    ),
  ];
}

export function monitorInputs(inventory: Inventory, integration: Integration, mode: FailureMode, settings: LowerSettings): MonitorArgs {
  const { query, options, describe } = detectionQuery(mode.detection);
  const paging = mode.response === "page";
  const notify = paging ? pagerdutyHandle(integration) : chatHandle(inventory, integration);
  const title = `[${integration.id}] ${mode.title}`;
  const message = [
    "{{#is_alert}}",
    `${integration.name}: ${mode.title} (${describe}).`,
    // No ranks here: a revenue change elsewhere would otherwise rewrite every message.
    `Revenue exposure ${formatUsdPerHour(integration.revenue.usdPerHour)}, tier ${integration.tier}. This failure mode happens about ${FREQUENCY_WORDS[mode.frequency]}.`,
    `Owner: ${integration.owner}, on call: ${integration.rotation}.${paging ? "" : " Opens a ticket; does not page."}`,
    "{{/is_alert}}",
    "{{#is_recovery}}",
    `${integration.name}: ${mode.title} has recovered.`,
    "{{/is_recovery}}",
    notify,
    `Runbook: ${runbookUrl(settings, integration, mode.runbookAnchor)}`,
  ].join("\n");
  return {
    name: title,
    type: "query alert",
    query,
    message,
    tags: [...integrationTags(integration, settings), `failure_mode:${mode.id}`, `response:${mode.response}`],
    priority: priority(mode.response, integration.tier),
    includeTags: true,
    ...(paging ? { renotifyInterval: 60 } : {}),
    ...options,
  };
}
