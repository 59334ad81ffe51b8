/**
 * maintenance-past (warning): a window that is over, a one-off one or a recurring one whose
 * COUNT or UNTIL has run out. Its downtimes mute nothing any more, and Datadog refuses to schedule
 * a downtime in the past ("Scheduled downtime start cannot be in the past", the downtime API's
 * answer quoted in terraform-provider-datadog issue 1983), so the lowering drops its downtime
 * (maintenance/downtimeTiming.ts; a window still to come or under way is rebased instead). Its
 * SLO corrections still keep it out of the error budget while it lies inside an SLO's window, and
 * removing the window removes them, so the advice is to remove it once that window has passed.
 * A warning, checked against the clock: it appears by itself once the window is over.
 */
import { lastOccurrenceInstant } from "../../maintenance/recurrence";
import { resolveWindow } from "../../maintenance/window";
import { formatLocal, instantToLocal } from "../../time/zonedTime";
import { zonedWindows } from "../maintenanceWindows";
import type { Rule, RuleContext } from "../ruleContext";

const DAY_MS = 86_400_000;

/** The rule as of an instant (epoch milliseconds), so tests can fix the clock. */
export function maintenancePastAt(now: number): Rule {
  return (ctx) => {
    for (const { system, window, path, zone, label } of zonedWindows(ctx)) {
      const resolved = resolveWindow(window, zone);
      if (!resolved) continue;
      const end = resolved.kind === "once" ? resolved.end : lastEnd(resolved.first, resolved, zone);
      if (end === undefined || end > now) continue;
      const shown = `${formatLocal(instantToLocal(end, zone)).replace("T", " ")} ${zone}`;
      const longest = longestSloWindowDays(ctx, system.value.id);
      const keep = longest === undefined
        ? "remove it"
        : `its SLO corrections keep it out of the error budget until it is older than the longest SLO window (${longest}d), so remove it after ${new Date(end + longest * DAY_MS).toISOString().slice(0, 10)} (removing it removes them too)`;
      const what = resolved.kind === "once" ? "ended" : "had its last occurrence, which ended";
      ctx.report(system.file, [...path, resolved.kind === "once" ? "end" : "rrule"], "maintenance-past", `${label}: this window ${what} at ${shown}, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); ${keep}`, "warning");
    }
  };
}

function lastEnd(first: Parameters<typeof lastOccurrenceInstant>[0], w: Extract<NonNullable<ReturnType<typeof resolveWindow>>, { kind: "recurring" }>, zone: string): number | undefined {
  const last = lastOccurrenceInstant(first, w.rule, zone);
  // An UNTIL before the first start is maintenance-recurrence's error, not a window that is over.
  return last === undefined || last === -Infinity ? undefined : last + w.seconds * 1000;
}

/** Days of the longest window among the live SLOs of the integrations that depend on a system, if any. */
function longestSloWindowDays(ctx: RuleContext, system: string): number | undefined {
  const days = ctx.integrations
    .filter(({ value }) => value.upstream.includes(system) || value.downstream.includes(system))
    .flatMap(({ value }) => value.slos.filter((s) => !s.retired).map((s) => Number.parseInt(s.window, 10)));
  return days.length ? Math.max(...days) : undefined;
}

/** Checked against the current time. */
export const maintenancePast: Rule = (ctx) => maintenancePastAt(Date.now())(ctx);
