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
import { countQuery } from "../../forwarder/metrics/names";
import { FORWARDER_RUNBOOK, FORWARDER_SECTIONS, type ForwarderSection } from "../forwarderRunbook";
import type { FailureMode, Integration, Inventory } from "../model";
import { formatUsdPerHour } from "../revenueRank";
import { physicalNames } from "./forwarderNames";
import { scopeToEnvironment } from "./environmentScope";
import { detectionQuery, withoutNoDataInStaging, type DetectionQuery } from "./monitorQuery";
import { webhookUpstreamSystem } from "./forwarderSystems";
import { monitorMessage, statusLines } from "./monitorMessage";
import { MONITOR } from "./monitors";
import { names } from "./names";
import { datadogName, integrationTags, notifyHandle, ownerLine, pages, pagesHere, priority, runbookFileUrl } from "./notify";
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
        warning: "more than 1 invocation error in 15 minutes",
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
      name: datadogName(settings, `[martech] Webhook forwarder: ${title}`),
      type: "query alert",
      query: detection.query,
      message: monitorMessage({
        subject: `Webhook forwarder: ${title}`,
        detection,
        context: [`Every webhook integration flows through it: ${affected}.`, `Owner: ${team.id}. Opens a ticket; does not page.`],
        recovered: `Webhook forwarder: ${title} has recovered.`,
        notify: `@slack-${team.chatChannel.slice(1)}`,
        runbookUrl: forwarderRunbookUrl(settings, anchor(section)),
      }),
      tags: [`team:${team.id}`, "service:martech-webhook-forwarder", `env:${settings.environment}`, "managed-by:pulumi", `failure_mode:forwarder-${kebab(section)}`, "response:ticket"],
      priority: section === "deadLetters" ? "2" : "3",
      includeTags: true,
      ...detection.options,
    };
    return { type: MONITOR, name: names.forwarder(`monitor-${kebab(section)}`), inputs };
  });
}

/**
 * A monitor per source with a heartbeat: no verified delivery for longer than the source is ever
 * quiet. Not for a source whose silence one of the integration's failure modes already watches
 * (`coveringHeartbeat`): one outage would otherwise open two incidents.
 */
export function sourceSilenceSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings, anchor: (s: ForwarderSection) => string): ResourceSpec[] {
  const paging = pages(integration);
  const response = paging ? "page" : "ticket";
  return integration.webhooks.flatMap((hook): ResourceSpec[] => {
    if (hook.heartbeatMinutes === undefined || coveringHeartbeat(integration, hook.id, hook.heartbeatMinutes, paging)) return [];
    const detection = withoutNoDataInStaging(
      detectionQuery({
        kind: "heartbeat",
        // A distribution, counted with count: ("count values", forwarder/metrics/names.ts), never sum:.
        query: countQuery("received", { integration: integration.id, source: hook.id }),
        silentMinutes: hook.heartbeatMinutes,
      }),
      settings,
    );
    const subject = `${integration.name}: no verified ${hook.vendor} webhook from ${hook.id}`;
    const inputs: MonitorArgs = {
      name: datadogName(settings, `[${integration.id}] No deliveries from webhook ${hook.id}`),
      type: "query alert",
      query: scopeToEnvironment(detection.query, settings.environment),
      message: monitorMessage({
        subject,
        detection,
        context: [
          `Revenue exposure ${formatUsdPerHour(integration.revenue.usdPerHour)}, tier ${integration.tier}.`,
          ownerLine(integration, response, settings),
          // The sender may be down or have dropped the subscription: its status page first.
          ...statusLines(
            inventory.systems,
            // Stryker disable next-line MethodExpression: the filter only narrows the type; statusLines finds no system whose id is undefined, so an undefined sender adds no line either way.
            [webhookUpstreamSystem(integration, hook.id)].filter(
              // Stryker disable next-line ConditionalExpression: as above, keeping an undefined sender adds no line (its `false` twin equals the killed `s === undefined` and `() => undefined`).
              (s): s is string => s !== undefined,
            ),
          ),
        ],
        recovered: `${integration.name}: webhook ${hook.id} is delivering again.`,
        notify: notifyHandle(inventory, integration, response, settings),
        runbookUrl: forwarderRunbookUrl(settings, anchor("noDeliveries")),
      }),
      tags: [...integrationTags(integration, settings), `failure_mode:webhook-${hook.id}-silent`, `response:${response}`, `webhook:${hook.id}`],
      priority: priority(response, integration.tier),
      includeTags: true,
      ...(pagesHere(response, settings) ? { renotifyInterval: 60 } : {}),
      ...detection.options,
    };
    return [{ type: MONITOR, name: names.webhookSilence(integration.id, hook.id), inputs }];
  });
}

/**
 * The failure mode that already pages (or tickets) on this source's silence: a heartbeat on
 * the forwarder's received count of this integration and source, at least as fast as the
 * source's `heartbeatMinutes` (evaluation delay included) and at least as loud as the silence monitor would be. Its monitor
 * links to the integration's own runbook section, which names the vendor-side cause (a removed
 * subscription, a disabled destination) the generic forwarder section cannot; extra tags only
 * narrow the query, which goes silent no later than the whole source.
 */
export function coveringHeartbeat(integration: Integration, source: string, heartbeatMinutes: number, paging: boolean): FailureMode | undefined {
  return integration.failureModes.find((mode) => {
    const d = mode.detection;
    if (d.kind !== "heartbeat" || d.silentMinutes * 60 + (d.evaluationDelaySeconds ?? 0) > heartbeatMinutes * 60 || (paging && mode.response !== "page")) return false;
    const tags = sourceTags(d.query);
    return tags !== undefined && tags.has(`integration:${integration.id}`) && tags.has(`source:${source}`);
  });
}

/** The tags of a count of received deliveries (`sum:martech.forwarder.received{...}.as_count()` or `count:...{...}`), or undefined for any other query. */
function sourceTags(query: string): Set<string> | undefined {
  const m = /^(?:sum|count):martech\.forwarder\.received\{([^}]*)\}(?:\.as_count\(\))?$/.exec(query.trim());
  return m ? new Set(m[1]!.split(",").map((t) => t.trim())) : undefined;
}

function forwarderTeam(inventory: Inventory, integrations: readonly Integration[], settings: LowerSettings) {
  const id = settings.forwarder.team ?? integrations[0]!.owner;
  const team = inventory.teams.find((t) => t.id === id);
  if (!team) throw new Error(`config forwarderTeam names team "${id}", which is not in the inventory (teams: ${inventory.teams.map((t) => t.id).join(", ")})`);
  return team;
}

export function forwarderRunbookUrl(settings: LowerSettings, anchor: string): string {
  return runbookFileUrl(settings, FORWARDER_RUNBOOK, anchor);
}
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
