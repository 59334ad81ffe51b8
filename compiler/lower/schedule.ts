/**
 * The PagerDuty schedule layer of a rotation: weekly turns handed off at a fixed local time.
 * A rotation with `afterHours: next-business-day` restricts it to business hours, one weekly
 * window per working day, so nobody is on call outside them; with `afterHours: page` it has no
 * restrictions, so the week's on-call person is on call around the clock.
 *
 * "Restrictions on each schedule layer limit on-call responsibility for that layer to certain
 * times of the day or week" (PagerDuty REST API, Schedules): a layer without any is on call all
 * the time. Removing the restrictions rather than adding a second layer for nights and
 * weekends keeps one unambiguous answer to "who is on call": a second layer restricted to the
 * complement of business hours would need windows spanning midnight and weekends, whose
 * length across a daylight-saving change PagerDuty does not document.
 */
import type { ScheduleLayer, ScheduleLayerRestriction } from "@pulumi/pagerduty/types/input";
import type { Rotation } from "../model";
import { WEEKDAYS } from "../validate/schema";
import { names } from "./names";
import { ref } from "./spec";

export const WEEK_SECONDS = 604800;

/** A fixed Monday, so the layer's start never changes between runs (a changing start would be a diff on every preview). */
const ANCHOR = Date.UTC(2024, 0, 1);

/** Layer names, as the PagerDuty web app shows them. */
export const LAYER_NAMES = { businessHours: "Weekly, business hours", aroundTheClock: "Weekly, around the clock" } as const;

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
  // "GMT+05:30" -> "+05:30"; an ICU that writes a zero offset as plain "GMT" leaves "" (Node 20's and 24's write "GMT+00:00").
  // Stryker disable next-line StringLiteral: only a plain "GMT" reaches the fallback, and this Node's ICU never writes one (a zero offset is "GMT+00:00").
  return name.slice(3) || "+00:00";
}

/** Working days as ISO weekdays, each once, Monday first. */
function workingDays(rotation: Rotation): number[] {
  return [...new Set(rotation.businessHours.days.map(isoWeekday))].sort((a, b) => a - b);
}

export function businessHoursRestrictions(rotation: Rotation): ScheduleLayerRestriction[] {
  const { start, end } = rotation.businessHours;
  const durationSeconds = (minutesOfDay(end) - minutesOfDay(start)) * 60;
  return workingDays(rotation).map((day) => ({ type: "weekly_restriction", startDayOfWeek: day, startTimeOfDay: `${start}:00`, durationSeconds }));
}

/** The schedule's one layer: business hours only, or around the clock when the rotation pages out of hours. */
export function scheduleLayer(rotation: Rotation): ScheduleLayer {
  const always = rotation.afterHours === "page";
  return {
    name: always ? LAYER_NAMES.aroundTheClock : LAYER_NAMES.businessHours,
    start: layerStart(rotation),
    rotationVirtualStart: layerStart(rotation),
    rotationTurnLengthSeconds: WEEK_SECONDS,
    users: rotation.members.map((email) => ref(names.userLookup(email))),
    ...(always ? {} : { restrictions: businessHoursRestrictions(rotation) }),
  };
}
