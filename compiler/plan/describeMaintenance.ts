/** Planned-maintenance resources in words, read back from their inputs (lower/maintenance.ts). */
import { describeOnce, describeRecurring } from "../maintenance/describeSchedule";
import { durationSeconds, parseRecurrence } from "../maintenance/recurrence";
import { instantToLocal, parseLocal } from "../time/zonedTime";
import { DOWNTIME_MESSAGE_LABEL, DOWNTIME_SCHEDULE } from "../lower/maintenance";
import type { PlannedResource } from "./plannedResource";

type Inputs = Record<string, any>;

/** "mutes the monitors of web-lead-form-to-crm every Saturday 22:00-02:00 America/Los_Angeles (4h), from 2026-12-05: Salesforce Sales Cloud: weekly maintenance" */
export function describeMaintenance(r: PlannedResource): string {
  const i = r.inputs as Inputs;
  if (r.type === DOWNTIME_SCHEDULE) {
    const tags: string[] = i.monitorIdentifier?.monitorTags ?? [];
    const integration = tags.find((t) => t.startsWith("integration:"))?.slice("integration:".length) ?? "?";
    const reason = String(i.message ?? "").split("\n")[0]!.slice(DOWNTIME_MESSAGE_LABEL.length);
    return `mutes the monitors of ${integration} ${downtimeSchedule(i)} (maintenance of ${reason})`;
  }
  const slo = /--slo--([^:]+):id\}$/.exec(String(i.sloId))?.[1] ?? String(i.sloId);
  return `corrects SLO ${slo} (${i.category}) ${correctionSchedule(i)}`;
}

function downtimeSchedule(i: Inputs): string {
  if (i.oneTimeSchedule) {
    const { start, end } = i.oneTimeSchedule as { start: string; end: string };
    return describeOnce(Date.parse(start), Date.parse(end), String(i.displayTimezone));
  }
  const zone = String(i.recurringSchedule?.timezone);
  const [recurrence] = (i.recurringSchedule?.recurrences ?? []) as { start: string; duration: string; rrule: string }[];
  const first = recurrence && parseLocal(recurrence.start.slice(0, 16));
  const parsed = recurrence && parseRecurrence(recurrence.rrule);
  if (!first || !parsed || !("rule" in parsed)) return "on an unreadable schedule";
  return describeRecurring(first, parsed.rule, durationSeconds(recurrence.duration), zone);
}

function correctionSchedule(i: Inputs): string {
  const zone = String(i.timezone);
  const start = Number(i.start) * 1000;
  if (i.rrule === undefined) return describeOnce(start, Number(i.end) * 1000, zone);
  const parsed = parseRecurrence(String(i.rrule));
  if (!("rule" in parsed)) return "on an unreadable schedule";
  return describeRecurring(instantToLocal(start, zone), parsed.rule, Number(i.duration), zone);
}
