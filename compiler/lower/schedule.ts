/**
 * PagerDuty schedule layers from a rotation: weekly turns handed off at a fixed local time,
 * restricted to business hours by one weekly restriction per working day.
 */
import type { ScheduleLayer } from "@pulumi/pagerduty/types/input";
import type { Rotation } from "../model";
import { WEEKDAYS } from "../validate/schema";

export const WEEK_SECONDS = 604800;

/** A fixed Monday, so the layer's start never changes between runs (a changing start would be a diff on every preview). */
const ANCHOR = Date.UTC(2024, 0, 1);

/** ISO weekday, 1 = Monday. */
export const isoWeekday = (day: (typeof WEEKDAYS)[number]) => WEEKDAYS.indexOf(day) + 1;

export function minutesOfDay(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

/** `2024-01-01T09:00:00-05:00`: the first handoff on or after the anchor, in the rotation's zone. */
export function layerStart(rotation: Rotation): string {
  const day = new Date(ANCHOR + (isoWeekday(rotation.handoff.day) - 1) * 86400_000);
  const date = day.toISOString().slice(0, 10);
  return `${date}T${rotation.handoff.time}:00${utcOffset(rotation.timeZone, day)}`;
}

function utcOffset(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")!.value;
  return name === "GMT" ? "+00:00" : name.slice(3);
}

export function businessHoursRestrictions(rotation: Rotation): NonNullable<ScheduleLayer["restrictions"]> {
  const { days, start, end } = rotation.businessHours;
  const durationSeconds = (minutesOfDay(end) - minutesOfDay(start)) * 60;
  return days.map((day) => ({ type: "weekly_restriction", startDayOfWeek: isoWeekday(day), startTimeOfDay: `${start}:00`, durationSeconds }));
}
