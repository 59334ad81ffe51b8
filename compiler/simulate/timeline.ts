/**
 * A monitor's states over a range of simulated time, one evaluation per step (a minute by
 * default: Datadog evaluates metric monitors every minute for most windows,
 * https://docs.datadoghq.com/monitors/configuration/#evaluation-frequency), with its state
 * transitions and the notifications they send, renotifications included.
 */
import type { BurnRateQuery, MonitorQuery } from "../query/ast";
import { type BurnRateEvaluation, evaluateBurnRateAlert, type SimulatedSlo } from "./burnRate";
import { evaluateMetricMonitor, type GroupEvaluation, type Outcome, type SimulatedMonitorOptions } from "./evaluate";
import type { SeriesSet } from "./input";
import { notificationKind, type NotificationKind, type Transition } from "./notifications";
import type { MonitorState } from "./states";

export type SimulatedMonitor =
  | { readonly kind: "metric"; readonly name: string; readonly query: MonitorQuery; readonly options: SimulatedMonitorOptions }
  | { readonly kind: "burn_rate"; readonly name: string; readonly query: BurnRateQuery; readonly slo: SimulatedSlo; readonly options: SimulatedMonitorOptions };

export interface TimelineStep {
  readonly at: number;
  readonly group: string;
  readonly state: MonitorState;
  readonly outcome: Outcome;
  readonly value?: number;
  readonly why: string;
}

/** A notification sent at a step: its transition (notifications.ts) and, for reading, its kind. */
export interface Notification extends Transition {
  readonly at: number;
  readonly group: string;
  readonly kind: NotificationKind;
}

export interface Timeline {
  readonly monitor: string;
  /** Set when the monitor cannot be simulated (anomaly monitors); then there are no steps. */
  readonly notEvaluated?: { readonly reason: string; readonly message: string };
  readonly steps: readonly TimelineStep[];
  /** State changes and renotifications, in time order. */
  readonly notifications: readonly Notification[];
}

export interface TimeRange {
  readonly from: number;
  readonly to: number;
  readonly stepSeconds?: number;
}

const STATUS_WORD: Readonly<Record<MonitorState, string>> = { OK: "ok", ALERT: "alert", WARN: "warn", "NO DATA": "no data" };

export function monitorTimeline(monitor: SimulatedMonitor, input: SeriesSet, range: TimeRange): Timeline {
  const step = range.stepSeconds ?? 60;
  const states = new Map<string, MonitorState>();
  const lastNotified = new Map<string, number>();
  const steps: TimelineStep[] = [];
  const notifications: Notification[] = [];
  // "If renotify_interval is set, defaults to renotify on Alert and No Data"
  // (https://docs.datadoghq.com/api/latest/monitors/, renotify_statuses).
  const renotifyStatuses = new Set(monitor.options.renotifyStatuses ?? ["alert", "no data"]);
  const renotifySeconds = (monitor.options.renotifyInterval ?? 0) * 60;

  for (let at = range.from; at <= range.to; at += step) {
    let evaluations: readonly GroupEvaluation[];
    if (monitor.kind === "metric") {
      const result = evaluateMetricMonitor(monitor.query, monitor.options, input, at, states);
      if (result.kind === "not-evaluated") return { monitor: monitor.name, notEvaluated: { reason: result.reason, message: result.message }, steps: [], notifications: [] };
      evaluations = result.groups;
    } else {
      const r: BurnRateEvaluation = evaluateBurnRateAlert(monitor.query, monitor.slo, monitor.options, input, at, states.get("*"));
      evaluations = [r.long === undefined ? { group: "*", outcome: r.outcome, why: r.why } : { group: "*", outcome: r.outcome, why: r.why, value: r.long }];
    }
    for (const e of evaluations) {
      const before = states.get(e.group) ?? "OK";
      const state = e.outcome === "SKIPPED" ? before : e.outcome;
      states.set(e.group, state);
      // Plain literals, not a conditional spread: one step a minute, and V8 copies a spread slowly.
      steps.push(e.value === undefined ? { at, group: e.group, state, outcome: e.outcome, why: e.why } : { at, group: e.group, state, outcome: e.outcome, why: e.why, value: e.value });
      if (state !== before) {
        notifications.push({ at, group: e.group, kind: notificationKind({ from: before, state }), from: before, state });
        lastNotified.set(e.group, at);
      } else if (renotifySeconds > 0 && state !== "OK" && renotifyStatuses.has(STATUS_WORD[state]) && at - (lastNotified.get(e.group) ?? at) >= renotifySeconds) {
        // renotify_interval: "the number of minutes after the last notification before a monitor
        // re-notifies on the current status" (https://docs.datadoghq.com/monitors/guide/monitor_api_options/).
        notifications.push({ at, group: e.group, kind: notificationKind({ from: state, state, renotify: true }), from: state, state, renotify: true });
        lastNotified.set(e.group, at);
      }
    }
  }
  return { monitor: monitor.name, steps, notifications };
}

/** The first time a group reaches one of the states, if it does. */
export function firstTimeIn(timeline: Timeline, states: readonly MonitorState[], group?: string): number | undefined {
  return timeline.steps.find((s) => states.includes(s.state) && (group === undefined || s.group === group))?.at;
}

/** The state of a group at a step's time. */
export function stateAt(timeline: Timeline, at: number, group = "*"): MonitorState | undefined {
  return timeline.steps.find((s) => s.at === at && s.group === group)?.state;
}
