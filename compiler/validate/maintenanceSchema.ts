/**
 * Planned maintenance of a system (README, "Planned maintenance"): one-off windows (`start`,
 * `end`) and recurring ones (`start` of the first occurrence, `duration`, `rrule`), in local time of
 * the window's `timeZone` or else the system's. Shapes only; what needs the calendar (an end
 * before its start, a rule Datadog refuses, a window already over) is checked by the
 * maintenance rules in validate/rules/.
 */
import { z } from "zod";
import { DURATION_PATTERN } from "../maintenance/recurrence";
import { windowTimeZone } from "../maintenance/window";
import { localTimeSchema } from "../time/localTimeSchema";
import { customIssue } from "./customIssue";

type Text = z.ZodType<string>;

export function maintenanceSchemas(id: Text, text: Text) {
  const localTime = localTimeSchema("2026-03-29T02:00");
  const window = z
    .strictObject({
      id: id.describe("Stable, kebab-case: the window's Datadog resources are named after it."),
      reason: text.describe("Why: shown in the plan, the downtime's message and the SLO correction's description."),
      start: localTime.describe("Local start, such as 2026-03-29T02:00; for a recurring window, its first occurrence."),
      end: localTime.optional().describe("One-off windows: local end."),
      /** Datadog's downtime duration units m, h, d, w. */
      duration: z.string().regex(DURATION_PATTERN, { error: "must be a duration such as 90m, 2h, 1d or 1w" }).optional().describe("Recurring windows: how long each occurrence lasts, such as 90m, 2h or 1d."),
      /** maintenance/recurrence.ts says which parts. */
      rrule: z.string().trim().min(1).optional().describe("Recurring windows: an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=SU."),
      timeZone: text.optional().describe("IANA time zone of start and end; defaults to the system's timeZone."),
    })
    .superRefine((w, ctx) => {
      if (w.rrule === undefined) {
        if (w.end === undefined) ctx.addIssue(customIssue(["end"], "a one-off window needs end; a recurring one needs rrule and duration"));
        if (w.duration !== undefined) ctx.addIssue(customIssue(["duration"], "duration is for recurring windows (with rrule); a one-off window has end"));
      } else {
        if (w.duration === undefined) ctx.addIssue(customIssue(["rrule"], "a recurring window needs duration, how long each occurrence lasts (such as 2h)"));
        if (w.end !== undefined) ctx.addIssue(customIssue(["end"], "a recurring window has duration, not end; end is for one-off windows"));
      }
    });
  const list = z.array(window).superRefine((windows, ctx) => {
    windows.forEach((w, i) => {
      if (windows.findIndex((o) => o.id === w.id) !== i) ctx.addIssue(customIssue([i, "id"], `window id "${w.id}" is listed twice in this system; ids must be unique`));
    });
  });
  return { window, list };
}

/** A system with maintenance needs a time zone for each window: its own or the system's. */
export function requireWindowTimeZones(system: { readonly timeZone?: string; readonly maintenance?: readonly { readonly timeZone?: string }[] }, ctx: z.RefinementCtx): void {
  system.maintenance?.forEach((w, i) => {
    if (windowTimeZone(system, w) === undefined) {
      ctx.addIssue(customIssue(["maintenance", i], "this window's times need a time zone: set timeZone on the system (an IANA name such as America/Los_Angeles) or on the window"));
    }
  });
}
