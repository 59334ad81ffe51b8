/**
 * Collected data -> the report's model, pure: per SLO this week's attainment, the share of
 * its window's error budget the week consumed, the budget left at the week's end and the
 * burn trend against the previous week; the quarter's weekly rows when asked for.
 */
import { durationSeconds } from "../../compiler/lower/durations";
import type { Inventory } from "../../compiler/model";
import type { SloWindow } from "../../compiler/validate/schema";
import { budgetConsumedPercent, burnRate } from "../budget/budgetMath";
import type { Collected } from "./collect";
import type { CoverageGap } from "./coverage";
import { formatIsoWeek, WEEK_SECONDS, weekEnd, weekStart, type IsoWeek } from "./isoWeek";
import { pagesPerRotation, type PageSummary } from "./pages";

/** Burn rates within 25% of each other are "steady": week-to-week noise, not a trend. */
export const TREND_TOLERANCE = 0.25;

export type Trend = "faster" | "slower" | "steady" | "unknown";

export interface SloRow {
  readonly slo: string;
  readonly objective: number;
  readonly window: SloWindow;
  /** Set when there is no data at all: not in Datadog, or no events this week. */
  readonly missing?: string;
  /** SLI this week, percent. */
  readonly attainment: number | null;
  /** Percent of one window's budget spent this week. */
  readonly consumed: number | null;
  /** Percent of the budget left over the window ending with this week. */
  readonly remaining: number | null;
  readonly burn: number | null;
  readonly previousBurn: number | null;
  readonly trend: Trend;
  /** Quarter only: weekly attainment, oldest first (null: no data that week). */
  readonly weekly?: readonly (number | null)[];
}

export interface IntegrationSection {
  readonly id: string;
  readonly name: string;
  /** 1 = highest revenue exposure. */
  readonly rank: number;
  readonly usdPerHour: number;
  readonly slos: readonly SloRow[];
}

export interface QuarterRow {
  readonly integration: string;
  readonly slo: string;
  readonly objective: number;
  readonly window: SloWindow;
  readonly missing?: string;
  readonly weekly: readonly (number | null)[];
  /** Lowest weekly attainment, and which week. */
  readonly worst: { readonly week: string; readonly attainment: number } | null;
  /** Sum of the weeks' consumed shares of one window's budget (can exceed 100). */
  readonly consumed: number | null;
  readonly weeksWithoutData: number;
}

export interface QuarterSummary {
  readonly weeks: readonly string[];
  readonly rows: readonly QuarterRow[];
  readonly pages: PageSummary;
}

export interface Report {
  readonly week: string;
  /** ISO dates, the week is [from, to). */
  readonly from: string;
  readonly to: string;
  readonly environment: string;
  readonly integrations: readonly IntegrationSection[];
  readonly pages: PageSummary;
  readonly gaps: readonly CoverageGap[];
  readonly quarter?: QuarterSummary;
}

export interface BuildInput {
  readonly inventory: Inventory;
  readonly collected: Collected;
  readonly gaps: readonly CoverageGap[];
  readonly environment: string;
  /** Oldest first; the last is the week reported. At least two (the previous week gives the trend). */
  readonly weeks: readonly IsoWeek[];
  readonly quarter: boolean;
}

export function buildReport(input: BuildInput): Report {
  const { inventory, collected, weeks } = input;
  const last = weeks[weeks.length - 1];
  const lastOnly = [last];
  const integrations: IntegrationSection[] = inventory.integrations.map((integration) => ({
    id: integration.id,
    name: integration.name,
    rank: integration.rank,
    usdPerHour: integration.revenue.usdPerHour,
    slos: integration.slos
      .filter((s) => !s.retired)
      .map((slo) => {
        const got = collected.slos.find((c) => c.integration === integration.id && c.slo === slo.id);
        const sli = (i: number) => got?.weeks[i]?.sliValue ?? null;
        const attainment = sli(weeks.length - 1);
        const previous = weeks.length > 1 ? sli(weeks.length - 2) : null;
        const burn = attainment === null ? null : burnRate(attainment, slo.objective);
        const previousBurn = previous === null ? null : burnRate(previous, slo.objective);
        // Read with the objective as target: normalize.ts fills it in from the SLI when Datadog leaves it out.
        const remaining = got?.window?.errorBudgetRemaining ?? null;
        const missing = !got ? "not read" : got.problem ?? (attainment === null ? "no data in Datadog this week" : undefined);
        return {
          slo: slo.id,
          objective: slo.objective,
          window: slo.window,
          ...(missing ? { missing } : {}),
          attainment,
          consumed: attainment === null ? null : budgetConsumedPercent(attainment, slo.objective, WEEK_SECONDS, durationSeconds(slo.window)),
          remaining,
          burn,
          previousBurn,
          trend: trend(burn, previousBurn),
          ...(input.quarter ? { weekly: weeks.map((_, i) => sli(i)) } : {}),
        };
      }),
  }));
  return {
    week: formatIsoWeek(last),
    from: isoDate(weekStart(last)),
    to: isoDate(weekEnd(last)),
    environment: input.environment,
    integrations,
    pages: pagesPerRotation(inventory, collected.incidents, lastOnly),
    gaps: input.gaps,
    ...(input.quarter ? { quarter: quarterSummary(integrations, input) } : {}),
  };
}

export function trend(burn: number | null, previous: number | null): Trend {
  if (burn === null || previous === null) return "unknown";
  // Both close to nothing burnt: no direction worth reporting.
  if (Math.max(burn, previous) < 0.05) return "steady";
  if (burn > previous * (1 + TREND_TOLERANCE)) return "faster";
  if (burn < previous * (1 - TREND_TOLERANCE)) return "slower";
  return "steady";
}

function quarterSummary(integrations: readonly IntegrationSection[], input: BuildInput): QuarterSummary {
  const labels = input.weeks.map(formatIsoWeek);
  const rows: QuarterRow[] = integrations.flatMap((integration) =>
    integration.slos.map((s) => {
      const weekly = s.weekly ?? [];
      let worst: QuarterRow["worst"] = null;
      weekly.forEach((a, i) => {
        if (a !== null && (worst === null || a < worst.attainment)) worst = { week: labels[i], attainment: a };
      });
      const measured = weekly.filter((a): a is number => a !== null);
      const consumed = measured.length ? measured.reduce((sum, a) => sum + budgetConsumedPercent(a, s.objective, WEEK_SECONDS, durationSeconds(s.window)), 0) : null;
      const notFound = s.missing && s.attainment === null && measured.length === 0 ? s.missing : undefined;
      return {
        integration: integration.id,
        slo: s.slo,
        objective: s.objective,
        window: s.window,
        ...(notFound ? { missing: notFound } : {}),
        weekly,
        worst,
        consumed,
        weeksWithoutData: weekly.length - measured.length,
      };
    }),
  );
  return { weeks: labels, rows, pages: pagesPerRotation(input.inventory, input.collected.incidents, input.weeks) };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
