/**
 * freeze-overlap: two change freezes with the same scope whose windows overlap. Overlap is
 * judged on UTC instants of the half-open windows [start, end), so one ending at the minute the
 * next starts does not overlap it, whatever their time zones. Only equal scopes are compared
 * (the same integrations and teams, in any order; unscoped freezes with each other): freezes
 * of different scopes may overlap on purpose (a team's launch during Black Friday), while two
 * of one scope are one freeze written twice, which shows the gate's output and the PR comment
 * the same frozen time twice under different reasons; merge them into one window.
 */
import { positionOf } from "../../load/yamlFile";
import { describeWindow, freezeInstants } from "../../freeze/changeFreeze";
import { isTimeZoneName } from "../../time/zonedTime";
import { changeFreezes, type LocatedFreeze } from "../changeFreezes";
import type { Rule } from "../ruleContext";

/** The same scope, whatever the order: `integrations:a,b|teams:` */
function scopeKey({ freeze }: LocatedFreeze): string {
  const sorted = (list?: readonly string[]) => [...new Set(list)].sort().join(",");
  return `integrations:${sorted(freeze.scope?.integrations)}|teams:${sorted(freeze.scope?.teams)}`;
}

export const freezeOverlap: Rule = (ctx) => {
  const windows = changeFreezes(ctx)
    .map((located) => {
      const instants = isTimeZoneName(located.freeze.timeZone) ? freezeInstants(located.freeze) : undefined;
      // Freezes that are broken otherwise (invalid-time-zone, freeze-window) are not compared.
      return instants && instants.endsAt > instants.startsAt ? { located, ...instants, scope: scopeKey(located) } : undefined;
    })
    .filter((w) => w !== undefined);
  windows.forEach((w, i) => {
    const earlier = windows.slice(0, i).find((o) => o.scope === w.scope && o.startsAt < w.endsAt && w.startsAt < o.endsAt);
    if (!earlier) return;
    const { line } = positionOf(earlier.located.file.source, earlier.located.path);
    const other = earlier.located.freeze;
    const scope = w.located.freeze.scope ? "the same scope" : "no scope either (both freeze everything)";
    ctx.report(w.located.file, [...w.located.path, "start"], "freeze-overlap", `${w.located.label}: ${describeWindow({ ...w, timeZone: w.located.freeze.timeZone })} overlaps change freeze ${other.id} (${describeWindow({ ...earlier, timeZone: other.timeZone })}, ${earlier.located.file.file}:${line}), which has ${scope}; merge them into one window, or give them different scopes`);
  });
};
