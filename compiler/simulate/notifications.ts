/**
 * The one model of what a monitor sends, shared by the timelines (which notifications a
 * simulation produced) and the message renderer (what each one says). A notification is a
 * transition: the state entered, the state left, and whether it is a renotification; its kind
 * follows from those three, as the conditional variables of Datadog's templates do
 * (https://docs.datadoghq.com/monitors/notify/variables/, "Conditional variables").
 */
import type { MonitorState } from "./states";

export type { MonitorState } from "./states";

export interface Transition {
  readonly state: MonitorState;
  /** The state before this evaluation; a renotification stays in `state`. */
  readonly from: MonitorState;
  /** Sent again after renotify_interval in the same state. */
  readonly renotify?: boolean;
}

export type NotificationKind = "alert" | "warning" | "no data" | "recovery" | "warning recovery" | "no data recovery" | "renotify" | "warning renotify" | "no data renotify";

/** Each kind's plain transition: from OK into a state, from a state back to OK, or a resend in it. */
export const TRANSITIONS: Readonly<Record<NotificationKind, Transition>> = {
  alert: { state: "ALERT", from: "OK" },
  warning: { state: "WARN", from: "OK" },
  "no data": { state: "NO DATA", from: "OK" },
  recovery: { state: "OK", from: "ALERT" },
  "warning recovery": { state: "OK", from: "WARN" },
  "no data recovery": { state: "OK", from: "NO DATA" },
  renotify: { state: "ALERT", from: "ALERT", renotify: true },
  "warning renotify": { state: "WARN", from: "WARN", renotify: true },
  "no data renotify": { state: "NO DATA", from: "NO DATA", renotify: true },
};

const ENTERED: Readonly<Record<Exclude<MonitorState, "OK">, NotificationKind>> = { ALERT: "alert", WARN: "warning", "NO DATA": "no data" };
const RECOVERED: Readonly<Record<Exclude<MonitorState, "OK">, NotificationKind>> = { ALERT: "recovery", WARN: "warning recovery", "NO DATA": "no data recovery" };
const RESENT: Readonly<Record<Exclude<MonitorState, "OK">, NotificationKind>> = { ALERT: "renotify", WARN: "warning renotify", "NO DATA": "no data renotify" };

/** A transition to OK is a recovery from the state left; otherwise the kind of the state entered (or resent). */
export function notificationKind(t: Transition): NotificationKind {
  if (t.state === "OK") return RECOVERED[t.from === "OK" ? "ALERT" : t.from];
  return (t.renotify ? RESENT : ENTERED)[t.state];
}

/**
 * The kind, and the state left when it is not the kind's plain one (`warning from ALERT`, which
 * `{{#is_alert_to_warning}}` tells apart): the name a message problem or a timeline gives it.
 */
export function notificationLabel(t: Transition): string {
  const kind = notificationKind(t);
  return TRANSITIONS[kind].from === t.from ? kind : `${kind} from ${t.from}`;
}

/** Distinct transitions, first seen first. */
export function distinctTransitions(transitions: Iterable<Transition>): Transition[] {
  const seen = new Map<string, Transition>();
  for (const t of transitions) {
    const key = `${t.from}>${t.state}${t.renotify ? "+" : ""}`;
    if (!seen.has(key)) seen.set(key, { state: t.state, from: t.from, ...(t.renotify && { renotify: true }) });
  }
  return [...seen.values()];
}
