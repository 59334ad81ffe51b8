/**
 * OpenSLO `timeWindow` -> the inventory's `window`. The inventory holds Datadog metric SLOs,
 * whose windows are rolling 7, 30 or 90 days (validate/schema.ts SLO_WINDOWS), so a rolling
 * window of exactly that length (`30d`, `4w` is not, `1w` and `168h` are 7d) is taken, and
 * everything else is named: a calendar-aligned window, months, quarters or years (which have no
 * fixed length), or another length.
 */
import { SLO_WINDOWS, type SloWindow } from "../validate/schema";
import { durationSeconds } from "../lower/durations";
import type { Path } from "../path";
import { field, has } from "./fields";

/** The duration-shorthand (OpenSLO spec, "duration-shorthand"): a positive integer and one of m h d w M Q Y. */
const SHORTHAND = /^([1-9][0-9]{0,8})([mhdwMQY])$/;
const SECONDS: Readonly<Record<string, number>> = { m: 60, h: 3600, d: 86_400, w: 7 * 86_400 };

export type WindowResult = { readonly window: SloWindow } | { readonly problem: string; readonly path: Path; readonly key?: boolean };

const allowed = `${SLO_WINDOWS.slice(0, -1).join(", ")} or ${SLO_WINDOWS[SLO_WINDOWS.length - 1]}`;

export function importWindow(spec: unknown): WindowResult {
  const base: Path = ["spec", "timeWindow"];
  const timeWindow = field(spec, "timeWindow");
  if (timeWindow === undefined) return { problem: `has no timeWindow; an inventory SLO needs a rolling window of ${allowed}`, path: ["spec"] };
  if (!Array.isArray(timeWindow) || timeWindow.length !== 1) return { problem: "spec.timeWindow must be a list of exactly one window (OpenSLO spec)", path: base };
  const item = timeWindow[0];
  const at: Path = [...base, 0];
  if (has(item, "calendar") || field(item, "isRolling") !== true) {
    return { problem: `spec.timeWindow[0]: a calendar-aligned window (isRolling not true) cannot be represented: inventory SLOs are Datadog metric SLOs over a rolling ${allowed}`, path: at };
  }
  const duration = field(item, "duration");
  const m = typeof duration === "string" ? SHORTHAND.exec(duration) : null;
  if (!m) return { problem: `spec.timeWindow[0].duration must be a duration such as 30d (a positive integer and one of m, h, d, w, M, Q, Y)`, path: [...at, "duration"] };
  const unit = SECONDS[m[2]];
  if (unit === undefined) return { problem: `spec.timeWindow[0].duration: ${duration} cannot be represented: months, quarters and years have no fixed length, and the inventory takes a rolling ${allowed}`, path: [...at, "duration"] };
  const seconds = Number(m[1]) * unit;
  const window = SLO_WINDOWS.find((w) => durationSeconds(w) === seconds);
  if (!window) return { problem: `spec.timeWindow[0].duration: a rolling window of ${duration} cannot be represented: Datadog SLOs take ${allowed}`, path: [...at, "duration"] };
  return { window };
}
