/**
 * Multi-window, multi-burn-rate alert tiers (Google SRE workbook, chapter 5), within what
 * Datadog accepts.
 *
 * Each tier alerts when a fixed share of the error budget burns within its long window
 * (and is still burning over the short window, 1/12 of the long one):
 *
 *   factor = budget share x SLO window / long window
 *
 * Datadog accepts long windows from 1h to 48h only ("Datadog supports a maximum value of
 * 48 hours for the long window", https://docs.datadoghq.com/service_management/service_level_objectives/burn_rate/),
 * so the workbook's 3d/6h ticket tier cannot be created there. These are Datadog's own
 * recommended tiers (same page): 2% of the budget over 1h/5m, 5% over 6h/30m, 10% over
 * 24h/2h, i.e. 14.4x, 6x and 3x for a 30-day SLO, scaled by the same formula for 7 and 90 days.
 *
 * A tier is dropped (and `check` warns, burn-tier-dropped) when
 * - its factor is below 1: a burn rate under 1x is the SLO on track, so it would fire while
 *   nothing is wrong (the slow tier of a 7-day SLO: 0.7x);
 * - its factor reaches 1 / (1 - target), the burn rate at which every event fails: Datadog
 *   rejects a threshold above it ("Alert threshold (14.4) must be in range 0 to 10.0" for a
 *   90% SLO, terraform-provider-datadog issue 1093), and at exactly that value a `>`
 *   comparison could never be true either.
 */
import type { SloAlertingDoc, SloWindow } from "../validate/schema";
import { durationSeconds } from "./durations";

export type BurnTierId = "fast" | "medium" | "slow";
/** What a tier's alert does: page the on-call, open a ticket in the team's channel, or nothing. */
export type BurnResponse = "page" | "ticket" | "off";

export interface BurnTier {
  readonly id: BurnTierId;
  readonly budgetShare: number;
  readonly longWindow: string;
  readonly shortWindow: string;
}

export const BURN_TIERS: readonly BurnTier[] = [
  { id: "fast", budgetShare: 0.02, longWindow: "1h", shortWindow: "5m" },
  { id: "medium", budgetShare: 0.05, longWindow: "6h", shortWindow: "30m" },
  { id: "slow", budgetShare: 0.1, longWindow: "24h", shortWindow: "2h" },
];

/** Datadog's bounds on a burn-rate alert's long window (burn-rate alert docs). */
export const LONG_WINDOW_LIMITS = { minSeconds: 3600, maxSeconds: 48 * 3600 } as const;

export type BurnPolicy = Readonly<Record<BurnTierId, BurnResponse>>;

/**
 * Each tier's response when the SLO does not say, by integration tier: only revenue-critical
 * integrations page on a medium burn, and a tier-3 (supporting) integration never pages from
 * burn-rate alerts. An integration none of whose failure modes pages is ticket-only: its
 * burn-rate alerts open tickets too, unless its SLO says otherwise.
 */
export const DEFAULT_BURN_POLICY: Readonly<Record<1 | 2 | 3, BurnPolicy>> = {
  1: { fast: "page", medium: "page", slow: "ticket" },
  2: { fast: "page", medium: "ticket", slow: "ticket" },
  3: { fast: "ticket", medium: "ticket", slow: "ticket" },
};

/** The effective policy: the SLO's own `alerting`, else the tier default (pages lowered to tickets for ticket-only integrations). */
export function burnPolicy(tier: 1 | 2 | 3, alerting: SloAlertingDoc | undefined, ticketOnly: boolean): BurnPolicy {
  const defaults = DEFAULT_BURN_POLICY[tier];
  const policy = {} as Record<BurnTierId, BurnResponse>;
  for (const { id } of BURN_TIERS) {
    const fallback = ticketOnly && defaults[id] === "page" ? "ticket" : defaults[id];
    policy[id] = alerting?.[id] ?? fallback;
  }
  return policy;
}

/** The effective policy of one SLO of an integration (inventory documents or the model). */
export function sloBurnPolicy(integration: { readonly tier: 1 | 2 | 3; readonly failureModes: readonly { readonly response: "page" | "ticket" }[] }, slo: { readonly alerting?: SloAlertingDoc }): BurnPolicy {
  return burnPolicy(integration.tier, slo.alerting, !integration.failureModes.some((m) => m.response === "page"));
}

export interface BurnAlert extends BurnTier {
  readonly factor: number;
  readonly response: Exclude<BurnResponse, "off">;
}

export interface DroppedTier extends BurnTier {
  readonly factor: number;
  /** below-one: it would fire while the SLO is on track; unreachable: at or above the highest burn rate the target allows. */
  readonly why: "below-one" | "unreachable";
}

export function burnFactor(tier: BurnTier, window: SloWindow): number {
  return round3((tier.budgetShare * durationSeconds(window)) / durationSeconds(tier.longWindow));
}

/** Highest burn rate Datadog accepts for a target in percent. */
export const maxBurnRate = (objective: number) => round3(100 / (100 - objective));

/** The alerts to create under a policy, and the tiers that cannot be created whatever the policy (tiers set to off are neither). */
export function burnAlerts(objective: number, window: SloWindow, policy: BurnPolicy): { alerts: BurnAlert[]; dropped: DroppedTier[] } {
  const max = maxBurnRate(objective);
  const alerts: BurnAlert[] = [];
  const dropped: DroppedTier[] = [];
  for (const tier of BURN_TIERS) {
    const response = policy[tier.id];
    if (response === "off") continue;
    const factor = burnFactor(tier, window);
    if (factor < 1) dropped.push({ ...tier, factor, why: "below-one" });
    else if (factor >= max) dropped.push({ ...tier, factor, why: "unreachable" });
    else alerts.push({ ...tier, factor, response });
  }
  return { alerts, dropped };
}

/** The effective policy in words, tier by tier, e.g. "fast page, medium page, slow not created (0.7x is below 1x)". */
export function describeBurnPolicy(objective: number, window: SloWindow, policy: BurnPolicy): string {
  const { alerts, dropped } = burnAlerts(objective, window, policy);
  return BURN_TIERS.map(({ id }) => {
    const alert = alerts.find((a) => a.id === id);
    if (alert) return `${id} ${alert.response}`;
    const gone = dropped.find((d) => d.id === id);
    if (gone) return `${id} not created (${gone.factor}x ${gone.why === "below-one" ? "is below 1x" : "cannot be reached"})`;
    return `${id} off`;
  }).join(", ");
}

/** Error budget of an SLO in minutes of full outage per window. */
export const errorBudgetMinutes = (objective: number, window: SloWindow) => round3(((100 - objective) / 100) * (durationSeconds(window) / 60));

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
