/**
 * The messages of an integration's planned monitors, checked as `npm run simulate` runs: each
 * monitor's message rendered with Datadog's template semantics for every notification its
 * options allow and every one its timelines sent across the integration's alert tests and
 * drills (render/monitorMessages.ts), each text held to what the issue asks of it: not empty,
 * naming the integration and the failure mode, carrying the runbook link, notifying exactly the
 * handles its response implies.
 */
import type { Integration, Inventory } from "../model";
import type { OtherMonitor, PlannedMonitor } from "./plannedMonitors";
import { checkMonitorMessages, type MessageContext, type MonitorMessageInputs, type ObservedNotification } from "./render/monitorMessages";
import type { TemplateVariables } from "./render/notification";
import type { Timeline } from "./timeline";

export interface MonitorMessageProblem {
  /** The monitor reference (failure mode id or `<slo-id>/<tier>`). */
  readonly monitor: string;
  /** `alert`, `no data recovery`, `warning from ALERT`...; undefined when the message does not parse. */
  readonly notification?: string;
  readonly problem: string;
}

export interface MessageCheck {
  /** Monitors whose messages were rendered and checked. */
  readonly checked: number;
  readonly problems: readonly MonitorMessageProblem[];
}

/** Names and channels the texts are held to, from the inventory; `staging` as the stack's settings say (it never pages). */
export function messageContextOf(inventory: Pick<Inventory, "integrations" | "teams">, options: { readonly staging?: boolean } = {}): MessageContext {
  return {
    integrationNames: Object.fromEntries(inventory.integrations.map((i) => [i.id, i.name])),
    teamChannels: Object.fromEntries(inventory.teams.map((t) => [t.id, t.chatChannel])),
    paging: !options.staging,
  };
}

/** Notifications sent, by monitor reference, one per distinct transition. */
export type SentNotifications = Map<string, Map<string, ObservedNotification>>;

/** Adds each timeline's notifications to `sent`, with the value the monitor read as it sent each. */
export function recordSent(sent: SentNotifications, timelines: ReadonlyMap<string, Timeline>): void {
  for (const [ref, timeline] of timelines) {
    if (timeline.notifications.length === 0) continue;
    const byKey = sent.get(ref) ?? new Map<string, ObservedNotification>();
    sent.set(ref, byKey);
    for (const n of timeline.notifications) {
      const key = `${n.from}>${n.state}${n.renotify ? "+" : ""}`;
      if (byKey.has(key)) continue;
      const value = timeline.steps.find((s) => s.at === n.at && s.group === n.group)?.value;
      byKey.set(key, { from: n.from, state: n.state, ...(n.renotify && { renotify: true }), ...(value !== undefined && { value }) });
    }
  }
}

/**
 * Every monitor the plan creates for the integration: those simulated, anomaly monitors and the
 * forwarder's (`others`, never simulated, so for what their options allow alone). Their messages
 * reach people as any other's.
 */
export function checkPlannedMessages(
  integration: Integration,
  monitors: ReadonlyMap<string, PlannedMonitor>,
  others: readonly OtherMonitor[],
  sent: SentNotifications,
  context: MessageContext,
): MessageCheck {
  const problems: MonitorMessageProblem[] = [];
  const check = (id: string, inputs: Readonly<Record<string, unknown>>, variables: TemplateVariables, observed: readonly ObservedNotification[]) => {
    for (const p of checkMonitorMessages(inputs as unknown as MonitorMessageInputs, context, variables, observed)) {
      problems.push({ monitor: id, ...(p.notification !== undefined && { notification: p.notification }), problem: p.problem });
    }
  };
  for (const [ref, planned] of monitors) check(ref, planned.inputs, variablesOf(integration, planned), [...(sent.get(ref)?.values() ?? [])]);
  for (const other of others) check(other.id, other.inputs, {}, []);
  return { checked: monitors.size + others.length, problems };
}

/**
 * What Datadog fills in at notification time: `value`, the line itself as a stand-in where no
 * simulation sent the notification (a sent one carries the value read); for an SLO alert,
 * `timeframe`, the SLO's window (the SLO's `timeframe` input, lower/slos.ts).
 */
function variablesOf(integration: Integration, planned: PlannedMonitor): TemplateVariables {
  const value = planned.monitor.query.threshold;
  if (planned.ref.kind !== "burn-tier") return { value };
  const slo = planned.ref.slo;
  const window = integration.slos.find((s) => s.id === slo)?.window;
  return window === undefined ? { value } : { value, timeframe: window };
}
