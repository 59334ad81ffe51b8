/** Failure modes -> one Datadog monitor each, linking to the failure mode's runbook section. */
import type { MonitorArgs } from "@pulumi/datadog/monitor";
import type { FailureMode, Integration, Inventory } from "../model";
import { formatUsdPerHour } from "../revenueRank";
import { monitorMessage, statusLines } from "./monitorMessage";
import { detectionQueries, forwarderSystems } from "./forwarderSystems";
import { measuresThisStack, scopeToEnvironment } from "./environmentScope";
import { detectionQuery, withoutNoDataInStaging } from "./monitorQuery";
import { names, previousComponentNames, previousNames } from "./names";
import { datadogName, integrationTags, notifyHandle, ownerLine, pagesHere, priority, runbookUrl } from "./notify";
import type { LowerSettings } from "./settings";
import type { ResourceSpec } from "./spec";

export const MONITOR = "datadog:index/monitor:Monitor";

const FREQUENCY_WORDS: Record<FailureMode["frequency"], string> = { daily: "daily", weekly: "weekly", monthly: "monthly", quarterly: "quarterly", yearly: "yearly", rare: "rarely" };
export const MONITORS_COMPONENT = "martech:datadog:IntegrationMonitors";

export function monitorSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings): ResourceSpec[] {
  const parent = names.monitorsComponent(integration.id);
  return [
    { type: MONITORS_COMPONENT, name: parent, inputs: {}, aliases: previousComponentNames(integration, names.monitorsComponent) },
    ...modesInStack(integration, settings).map(
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

/** The failure modes whose monitors this stack creates: in staging, those over per-environment metrics only (lower/environmentScope.ts). */
export function modesInStack(integration: Integration, settings: LowerSettings): FailureMode[] {
  return integration.failureModes.filter((mode) => measuresThisStack(detectionQueries(mode.detection), settings));
}

/**
 * The systems a failure mode involves: those its detection names (a reconciliation's upstream
 * and downstream; on the forwarder's metrics, a `destination:` system and the system that sends
 * a `source:` webhook, lower/forwarderSystems.ts), then those it lists under `systems`.
 */
export function involvedSystems(mode: Pick<FailureMode, "detection" | "systems">, integration: Pick<Integration, "webhooks" | "upstream" | "downstream">): string[] {
  const named = mode.detection.kind === "reconciliation" ? [mode.detection.upstream.system, mode.detection.downstream.system] : [];
  return [...new Set([...named, ...forwarderSystems(integration, detectionQueries(mode.detection)), ...(mode.systems ?? [])])];
}

export function monitorInputs(inventory: Inventory, integration: Integration, mode: FailureMode, settings: LowerSettings): MonitorArgs {
  const detection = withoutNoDataInStaging(detectionQuery(mode.detection), settings);
  const title = `[${integration.id}] ${mode.title}`;
  const subject = `${integration.name}: ${mode.title}`;
  const message = monitorMessage({
    subject,
    detection,
    context: [
      // No ranks here: a revenue change elsewhere would otherwise rewrite every message.
      `Revenue exposure ${formatUsdPerHour(integration.revenue.usdPerHour)}, tier ${integration.tier}. This failure mode happens about ${FREQUENCY_WORDS[mode.frequency]}.`,
      ownerLine(integration, mode.response, settings),
      ...statusLines(inventory.systems, involvedSystems(mode, integration)),
    ],
    recovered: `${subject} has recovered.`,
    notify: notifyHandle(inventory, integration, mode.response, settings),
    runbookUrl: runbookUrl(settings, integration, mode.runbookAnchor),
  });
  const { query, options } = detection;
  return {
    name: datadogName(settings, title),
    type: "query alert",
    query: scopeToEnvironment(query, settings.environment),
    message,
    tags: [...integrationTags(integration, settings), `failure_mode:${mode.id}`, `response:${mode.response}`],
    priority: priority(mode.response, integration.tier),
    includeTags: true,
    // Re-pages the on-call person every hour while it alerts; chat needs no reminder.
    ...(pagesHere(mode.response, settings) ? { renotifyInterval: 60 } : {}),
    ...options,
  };
}
