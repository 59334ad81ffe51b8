/**
 * Datadog monitors on the webhook forwarder itself, each linking to its section of the
 * forwarder's runbook: Lambda errors, throttles and dead letters for the whole forwarder,
 * and a silence monitor per source with a heartbeat.
 *
 * The forwarder-wide ones open tickets for the forwarder's team: a failed or throttled
 * delivery waits in SQS (vendors retry a throttled ingress), and a dead letter waits two
 * weeks for its redrive, while each integration's own SLO burn alerts and silence monitors
 * page when revenue is actually at stake.
 */
import type { MonitorArgs } from "@pulumi/datadog/monitor";
import { FORWARDER_RUNBOOK, FORWARDER_SECTIONS, type ForwarderSection } from "../forwarderRunbook";
import type { Integration, Inventory } from "../model";
import { formatUsdPerHour } from "../revenueRank";
import { physicalNames } from "./forwarderNames";
import { detectionQuery, type DetectionQuery } from "./monitorQuery";
import { MONITOR } from "./monitors";
import { names } from "./names";
import { chatHandle, integrationTags, pagerdutyHandle, pages, priority } from "./notify";
import type { LowerSettings } from "./settings";
import type { ResourceSpec } from "./spec";

/** CloudWatch metrics reach Datadog through the AWS integration up to about 15 minutes late. */
const CLOUDWATCH_DELAY_SECONDS = 900;

interface ForwarderMonitor {
  readonly section: Exclude<ForwarderSection, "noDeliveries">;
  readonly detection: DetectionQuery;
}

function forwarderMonitors(settings: LowerSettings): ForwarderMonitor[] {
  const aws = physicalNames(settings.environment);
  const functions = `functionname:${aws.functionPrefix}*`;
  const delayed = (d: DetectionQuery): DetectionQuery => ({ ...d, options: { ...d.options, evaluationDelay: CLOUDWATCH_DELAY_SECONDS, requireFullWindow: false } });
  return [
    {
      section: "deadLetters",
      detection: delayed({
        query: `max(last_10m):max:aws.sqs.approximate_number_of_messages_visible{queuename:${aws.dlq}} > 0`,
        options: { monitorThresholds: { critical: "0" } },
        describe: `deliveries waiting in ${aws.dlq}`,
      }),
    },
    {
      section: "errors",
      detection: delayed({
        query: `sum(last_15m):sum:aws.lambda.errors{${functions}} by {functionname}.as_count() > 5`,
        options: { monitorThresholds: { critical: "5", warning: "1" } },
        describe: "more than 5 invocation errors in 15 minutes",
      }),
    },
    {
      section: "throttles",
      detection: delayed({
        query: `sum(last_15m):sum:aws.lambda.throttles{${functions}} by {functionname}.as_count() > 0`,
        options: { monitorThresholds: { critical: "0" } },
        describe: "invocations throttled in the last 15 minutes",
      }),
    },
  ];
}

/** Forwarder-wide monitors, for the forwarder's team. */
export function forwarderMonitorSpecs(inventory: Inventory, integrations: readonly Integration[], settings: LowerSettings, anchor: (s: ForwarderSection) => string): ResourceSpec[] {
  const team = forwarderTeam(inventory, integrations, settings);
  const affected = integrations.map((i) => `${i.id} (${formatUsdPerHour(i.revenue.usdPerHour)})`).join(", ");
  return forwarderMonitors(settings).map(({ section, detection }) => {
    const title = FORWARDER_SECTIONS[section];
    const inputs: MonitorArgs = {
      name: `[martech] Webhook forwarder: ${title}`,
      type: "query alert",
      query: detection.query,
      message: [
        "{{#is_alert}}",
        `Webhook forwarder: ${title} (${detection.describe}).`,
        `Every webhook integration flows through it: ${affected}.`,
        `Owner: ${team.id}. Opens a ticket; does not page.`,
        "{{/is_alert}}",
        "{{#is_recovery}}",
        `Webhook forwarder: ${title} has recovered.`,
        "{{/is_recovery}}",
        `@slack-${team.chatChannel.slice(1)}`,
        `Runbook: ${forwarderRunbookUrl(settings, anchor(section))}`,
      ].join("\n"),
      tags: [`team:${team.id}`, "service:martech-webhook-forwarder", `env:${settings.environment}`, "managed-by:pulumi", `failure_mode:forwarder-${kebab(section)}`, "response:ticket"],
      priority: section === "deadLetters" ? "2" : "3",
      includeTags: true,
      ...detection.options,
    };
    return { type: MONITOR, name: names.forwarder(`monitor-${kebab(section)}`), inputs };
  });
}

/** A monitor per source with a heartbeat: no verified delivery for longer than the source is ever quiet. */
export function sourceSilenceSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings, anchor: (s: ForwarderSection) => string): ResourceSpec[] {
  return integration.webhooks.flatMap((hook): ResourceSpec[] => {
    if (hook.heartbeatMinutes === undefined) return [];
    const detection = detectionQuery({
      kind: "heartbeat",
      query: `sum:martech.forwarder.received{integration:${integration.id},source:${hook.id}}.as_count()`,
      silentMinutes: hook.heartbeatMinutes,
    });
    const paging = pages(integration);
    const inputs: MonitorArgs = {
      name: `[${integration.id}] No deliveries from webhook ${hook.id}`,
      type: "query alert",
      query: detection.query,
      message: [
        "{{#is_alert}}",
        `${integration.name}: no verified ${hook.vendor} webhook from ${hook.id} (${detection.describe}).`,
        `Revenue exposure ${formatUsdPerHour(integration.revenue.usdPerHour)}, tier ${integration.tier}.`,
        `Owner: ${integration.owner}, on call: ${integration.rotation}.${paging ? "" : " Opens a ticket; does not page."}`,
        "{{/is_alert}}",
        "{{#is_recovery}}",
        `${integration.name}: webhook ${hook.id} is delivering again.`,
        "{{/is_recovery}}",
        paging ? pagerdutyHandle(integration) : chatHandle(inventory, integration),
        `Runbook: ${forwarderRunbookUrl(settings, anchor("noDeliveries"))}`,
      ].join("\n"),
      tags: [...integrationTags(integration, settings), `failure_mode:webhook-${hook.id}-silent`, `response:${paging ? "page" : "ticket"}`, `webhook:${hook.id}`],
      priority: priority(paging ? "page" : "ticket", integration.tier),
      includeTags: true,
      ...(paging ? { renotifyInterval: 60 } : {}),
      ...detection.options,
    };
    return [{ type: MONITOR, name: names.webhookSilence(integration.id, hook.id), inputs }];
  });
}

function forwarderTeam(inventory: Inventory, integrations: readonly Integration[], settings: LowerSettings) {
  const id = settings.forwarder.team ?? integrations[0]!.owner;
  const team = inventory.teams.find((t) => t.id === id);
  if (!team) throw new Error(`config forwarderTeam names team "${id}", which is not in the inventory (teams: ${inventory.teams.map((t) => t.id).join(", ")})`);
  return team;
}

export function forwarderRunbookUrl(settings: LowerSettings, anchor: string): string {
  return `${settings.runbookBaseUrl.replace(/\/+$/, "")}/${FORWARDER_RUNBOOK}#${anchor}`;
}
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
