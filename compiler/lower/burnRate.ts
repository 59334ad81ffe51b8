/**
 * Multi-window, multi-burn-rate alert tiers (Google SRE workbook, chapter 5).
 *
 * Each tier alerts when a fixed share of the error budget burns within its long window
 * (and is still burning over the short window, 1/12 of the long one):
 *
 *   factor = budget share x SLO window / long window
 *
 * For a 30-day SLO that gives the workbook's 14.4x over 1h/5m (2%, page), 6x over 6h/30m
 * (5%, page) and 1x over 3d/6h (10%, ticket). The windows stay the same for 7-day and
 * 90-day SLOs and the factor scales: 7d gives 3.36x, 1.4x, 0.233x; 90d gives 43.2x, 18x, 3x.
 *
 * Datadog rejects a threshold above 1 / (1 - target), the burn rate at which every event
 * fails: a tier whose factor reaches it could never fire, so it is dropped and reported.
 */
import type { SloWindow } from "../validate/schema";
import { durationSeconds } from "./durations";

export interface BurnTier {
  readonly id: string;
  readonly budgetShare: number;
  readonly longWindow: string;
  readonly shortWindow: string;
  readonly response: "page" | "ticket";
}

export const BURN_TIERS: readonly BurnTier[] = [
  { id: "fast", budgetShare: 0.02, longWindow: "1h", shortWindow: "5m", response: "page" },
  { id: "medium", budgetShare: 0.05, longWindow: "6h", shortWindow: "30m", response: "page" },
  { id: "slow", budgetShare: 0.1, longWindow: "3d", shortWindow: "6h", response: "ticket" },
];

export interface BurnAlert extends BurnTier {
  readonly factor: number;
}

export function burnFactor(tier: BurnTier, window: SloWindow): number {
  return round3((tier.budgetShare * durationSeconds(window)) / durationSeconds(tier.longWindow));
}

/** Highest burn rate Datadog accepts for a target in percent. */
export const maxBurnRate = (objective: number) => round3(100 / (100 - objective));

export function burnAlerts(objective: number, window: SloWindow): { alerts: BurnAlert[]; dropped: BurnAlert[] } {
  const all = BURN_TIERS.map((t) => ({ ...t, factor: burnFactor(t, window) }));
  const max = maxBurnRate(objective);
  return { alerts: all.filter((a) => a.factor < max), dropped: all.filter((a) => a.factor >= max) };
}

/** Error budget of an SLO in minutes of full outage per window. */
export const errorBudgetMinutes = (objective: number, window: SloWindow) => round3(((100 - objective) / 100) * (durationSeconds(window) / 60));

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
