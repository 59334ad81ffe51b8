/**
 * A monitor's message rendered for every notification it can send, and the checks each
 * rendered text must pass: it names the integration and the failure mode, carries its
 * runbook link, notifies exactly the handles its response implies, and is not empty.
 * Works on the monitor's inputs as the plan has them (lowered specs or test/golden/plan.json), no
 * Pulumi; `npm run simulate` checks every planned monitor of an integration this way
 * (messageChecks.ts), for what its options allow and what its simulations sent.
 */
import { STAGING_NAME_PREFIX } from "../../lower/notify";
import { messageHandles } from "../../notificationSyntax";
import { distinctTransitions, notificationLabel, TRANSITIONS, type NotificationKind, type Transition } from "../notifications";
import { renderTemplate, type TemplateVariables } from "./notification";
import { TemplateError } from "./template";

/** The inputs of a `datadog:index/monitor:Monitor` that decide what it sends. */
export interface MonitorMessageInputs {
  readonly name: string;
  readonly message: string;
  readonly tags?: readonly string[];
  readonly priority?: string;
  readonly notifyNoData?: boolean;
  readonly renotifyInterval?: number;
  /** Datadog's renotify_statuses: `alert`, `warn`, `no data`. */
  readonly renotifyStatuses?: readonly string[];
  readonly monitorThresholds?: { readonly critical?: string; readonly warning?: string };
}

/** A notification a simulation produced, with the value the monitor read when it was sent. */
export interface ObservedNotification extends Transition {
  readonly value?: number;
}

/**
 * The notifications a monitor's options let it send. Alert and its recovery always; warning (and
 * its recovery) only with a warning threshold; no data (and its recovery) only with
 * `notify_no_data` (https://docs.datadoghq.com/monitors/configuration/#set-alert-conditions,
 * "Notify if data is missing"); renotifications only with `renotify_interval`, for the
 * statuses in `renotify_statuses`, which when unset re-notify on Alert and No Data
 * (https://docs.datadoghq.com/api/latest/monitors/, options.renotify_statuses: "If
 * renotify_interval is set, defaults to renotify on Alert and No Data").
 */
export function reachableNotifications(monitor: MonitorMessageInputs): NotificationKind[] {
  const warns = monitor.monitorThresholds?.warning !== undefined;
  const noData = monitor.notifyNoData === true;
  const kinds: NotificationKind[] = ["alert", "recovery"];
  if (warns) kinds.push("warning", "warning recovery");
  if (noData) kinds.push("no data", "no data recovery");
  if (monitor.renotifyInterval) {
    const statuses = monitor.renotifyStatuses ?? ["alert", "no data"];
    if (statuses.includes("alert")) kinds.push("renotify");
    if (warns && statuses.includes("warn")) kinds.push("warning renotify");
    if (noData && statuses.includes("no data")) kinds.push("no data renotify");
  }
  return kinds;
}

export interface RenderedNotification {
  /** `alert`, `no data recovery`, `warning from ALERT` (notifications.ts notificationLabel). */
  readonly notification: string;
  readonly transition: Transition;
  readonly text: string;
  /** Handles the rendered text notifies: Datadog notifies the `@` handles left after rendering. */
  readonly handles: readonly string[];
  readonly unresolved: readonly string[];
}

/** Threshold variables from the monitor's own inputs; `value` and the rest come from the caller. */
export function monitorVariables(monitor: MonitorMessageInputs, extra: TemplateVariables = {}): TemplateVariables {
  const t = monitor.monitorThresholds ?? {};
  return { ...(t.critical !== undefined && { threshold: t.critical }), ...(t.warning !== undefined && { warn_threshold: t.warning }), ...extra };
}

/**
 * The message rendered for each notification the monitor's options let it send, and for each one
 * a simulation saw it send (`observed`: an ALERT to WARN step, say, which `{{#is_alert_to_warning}}`
 * tells apart from OK to WARN). An observed notification's value replaces `variables.value`.
 * Throws TemplateError on bad syntax.
 */
export function renderMonitorMessages(monitor: MonitorMessageInputs, variables: TemplateVariables = {}, observed: readonly ObservedNotification[] = []): RenderedNotification[] {
  const priority = monitor.priority ? Number(monitor.priority) : undefined;
  const vars = monitorVariables(monitor, variables);
  const valueOf = new Map(observed.filter((o) => o.value !== undefined).map((o) => [notificationLabel(o), o.value!]));
  const transitions = distinctTransitions([...reachableNotifications(monitor).map((kind) => TRANSITIONS[kind]), ...observed]);
  return transitions.map((transition) => {
    const notification = notificationLabel(transition);
    const value = valueOf.get(notification);
    const { text, unresolved } = renderTemplate(monitor.message, { ...transition, priority }, value === undefined ? vars : { ...vars, value });
    return { notification, transition, text, handles: messageHandles(text), unresolved };
  });
}

/** What a monitor's texts must say, from outside the message: the names a reader knows. */
export interface MessageContext {
  /** Display name by integration id (the `[id]` of a monitor name); `martech` is the forwarder. */
  readonly integrationNames: Readonly<Record<string, string>>;
  /** Chat handle target by team id, e.g. `growth-engineering` -> `#growth-eng-alerts`. */
  readonly teamChannels: Readonly<Record<string, string>>;
  /** Whether a `response:page` monitor pages in this stack; staging's tell the team's chat instead (lower/notify.ts pagesHere). Default true. */
  readonly paging?: boolean;
}

export interface MessageProblem {
  /** The monitor's Datadog name. */
  readonly monitor: string;
  /** The notification whose text is wrong (`alert`, `no data recovery`...); undefined when the template itself does not parse. */
  readonly notification?: string;
  readonly problem: string;
}

const tagValue = (tags: readonly string[], key: string) => tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);

/** `[clearbit-enrichment] Clearbit API errors` -> id and title; a staging stack's `[staging] ` prefix (lower/notify.ts) is not part of either. */
function nameParts(name: string): { id?: string; title: string } {
  const m = /^\[([^\]]+)\]\s*(.*)$/.exec(name.startsWith(STAGING_NAME_PREFIX) ? name.slice(STAGING_NAME_PREFIX.length) : name);
  return m ? { id: m[1], title: m[2] } : { title: name };
}

/**
 * Handles the response implies: a paging monitor notifies the integration's PagerDuty service
 * (`@pagerduty-<integration>`, https://docs.datadoghq.com/integrations/pagerduty/), a ticket
 * (or, in a stack that does not page, any alert) the owner team's Slack channel
 * (`@slack-<channel>`, https://docs.datadoghq.com/integrations/slack/).
 */
export function expectedHandles(monitor: MonitorMessageInputs, context: MessageContext): string[] | string {
  const tags = monitor.tags ?? [];
  const response = tagValue(tags, "response");
  const integration = tagValue(tags, "integration") ?? nameParts(monitor.name).id;
  if (response === "page" && context.paging !== false) return integration ? [`@pagerduty-${integration}`] : "a paging monitor has no integration to page";
  if (response === "ticket" || response === "page") {
    const team = tagValue(tags, "team");
    const channel = team ? context.teamChannels[team] : undefined;
    return channel ? [`@slack-${channel.replace(/^#/, "")}`] : `team ${team ?? "(none)"} has no chat channel`;
  }
  return "the monitor has no response:page or response:ticket tag";
}

/**
 * Names a reader would recognise for the failure mode: the title in the monitor name, the
 * failure-mode or SLO id of its tags, and for a webhook silence (`webhook-<source>-silent`)
 * the source's name.
 */
function failureModeNames(monitor: MonitorMessageInputs): string[] {
  const tags = monitor.tags ?? [];
  const mode = tagValue(tags, "failure_mode");
  const source = mode && /^webhook-(.+)-silent$/.exec(mode)?.[1];
  return [nameParts(monitor.name).title, mode, tagValue(tags, "slo"), source].filter((n): n is string => !!n);
}

const RUNBOOK_LINE = /^Runbook: https:\/\/\S+#\S+$/m;

/** Every problem of every rendered text of `monitor` (see renderMonitorMessages); empty when all are right. */
export function checkMonitorMessages(monitor: MonitorMessageInputs, context: MessageContext, variables: TemplateVariables = {}, observed: readonly ObservedNotification[] = []): MessageProblem[] {
  const problems: MessageProblem[] = [];
  let rendered: RenderedNotification[];
  try {
    rendered = renderMonitorMessages(monitor, variables, observed);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return [{ monitor: monitor.name, problem: `the message does not parse at offset ${e.offset}: ${e.message}` }];
  }
  const integrationId = tagValue(monitor.tags ?? [], "integration") ?? nameParts(monitor.name).id;
  const integrationName = integrationId ? context.integrationNames[integrationId] : undefined;
  const modeNames = failureModeNames(monitor);
  const handles = expectedHandles(monitor, context);
  for (const r of rendered) {
    const add = (problem: string) => problems.push({ monitor: monitor.name, notification: r.notification, problem });
    // Prose only: the runbook URL and the handles hold ids but tell a reader nothing.
    const prose = r.text
      .split("\n")
      .filter((l) => !l.startsWith("Runbook:"))
      .join("\n")
      .replace(/@\S+/g, "");
    if (!prose.trim()) {
      add("renders an empty body");
      continue;
    }
    if (!integrationName) add(`integration ${integrationId ?? "(none)"} has no display name to look for`);
    else if (!prose.includes(integrationName)) add(`does not name the integration "${integrationName}"`);
    if (!modeNames.some((n) => prose.includes(n))) add(`does not name the failure mode (one of ${modeNames.map((n) => `"${n}"`).join(", ")})`);
    if (!RUNBOOK_LINE.test(r.text)) add("has no `Runbook: https://...#section` line");
    if (typeof handles === "string") add(handles);
    else if (!sameSet(r.handles, handles)) add(`notifies ${r.handles.join(" ") || "nobody"}, expected ${handles.join(" ")}`);
    if (r.unresolved.length) add(`uses template variables with no value: ${r.unresolved.join(", ")}`);
  }
  return problems;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
