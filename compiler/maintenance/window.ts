/**
 * A maintenance window's timing resolved in its time zone: a one-off window's UTC instants, or a
 * recurring window's first start, rule and duration. Shared by `check` (validate/rules/maintenance*),
 * the lowering (lower/maintenance.ts) and the plan (plan/describeMaintenance.ts).
 */
import { durationSeconds, formatRecurrence, parseRecurrence, type Recurrence } from "./recurrence";
import { localToInstant, parseLocal, type LocalDateTime } from "../time/zonedTime";

/** The timing fields of an inventory window, as written. */
export interface WindowTiming {
  /** Local start (`2026-03-29T02:00`); a recurring window's first occurrence. */
  readonly start: string;
  /** One-off windows: local end. */
  readonly end?: string;
  /** Recurring windows: how long each occurrence lasts (`2h`). */
  readonly duration?: string;
  /** Recurring windows: the RRULE (recurrence.ts). */
  readonly rrule?: string;
}

export type ResolvedWindow =
  | { readonly kind: "once"; readonly zone: string; readonly start: number; readonly end: number }
  | {
      readonly kind: "recurring";
      readonly zone: string;
      readonly first: LocalDateTime;
      /** UTC instant of the first occurrence's start. */
      readonly start: number;
      /** As written, for Datadog's downtime (`2h`). */
      readonly duration: string;
      readonly seconds: number;
      readonly rule: Recurrence;
      /** The rule in its canonical spelling, as sent to Datadog. */
      readonly rrule: string;
    };

/** The time zone a window's times are in: its own, else its system's. */
export function windowTimeZone(system: { readonly timeZone?: string }, window: { readonly timeZone?: string }): string | undefined {
  return window.timeZone ?? system.timeZone;
}

/** Undefined when a field does not parse (the schema and the rules report that). */
export function resolveWindow(window: WindowTiming, zone: string): ResolvedWindow | undefined {
  const first = parseLocal(window.start);
  if (!first) return undefined;
  const start = localToInstant(first, zone);
  if (window.rrule === undefined) {
    const end = window.end === undefined ? undefined : parseLocal(window.end);
    return end ? { kind: "once", zone, start, end: localToInstant(end, zone) } : undefined;
  }
  const parsed = parseRecurrence(window.rrule);
  if (!("rule" in parsed) || window.duration === undefined) return undefined;
  return { kind: "recurring", zone, first, start, duration: window.duration, seconds: durationSeconds(window.duration), rule: parsed.rule, rrule: formatRecurrence(parsed.rule) };
}
