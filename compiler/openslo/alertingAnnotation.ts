/**
 * The SLO annotation that lets `import` give back an SLO's `alerting:` as the inventory writes it.
 *
 * The exported AlertPolicies say what each burn-rate tier does (page, ticket, or no policy), but
 * not who decided it: the SLO's own `alerting:` or its integration's tier (lower/burnRate.ts
 * DEFAULT_BURN_POLICY), which import cannot see. Without this annotation an imported SLO would
 * pin every tier, and would no longer follow a later change of its integration's tier.
 *
 * Value: each tier's response under the effective policy, marked `(default)` when the SLO leaves
 * the tier to its integration: `fast=page(default) medium=page(default) slow=off` for an SLO
 * that writes `alerting: { slow: off }`. A tier the plan drops (burn-tier-dropped) still shows
 * the response it was given; that it has no policy follows from the objective and window.
 */
import { BURN_TIERS, type BurnPolicy, type BurnResponse, type BurnTierId } from "../lower/burnRate";
import type { SloAlertingDoc } from "../validate/schema";

export interface TierSetting {
  readonly response: BurnResponse;
  /** The SLO's `alerting:` does not set this tier; the integration's tier does. */
  readonly isDefault: boolean;
}

export type AlertingSettings = Readonly<Record<BurnTierId, TierSetting>>;

export function formatAlerting(policy: BurnPolicy, written: SloAlertingDoc | undefined): string {
  return BURN_TIERS.map(({ id }) => `${id}=${policy[id]}${written?.[id] === undefined ? "(default)" : ""}`).join(" ");
}

const ITEM = /^(fast|medium|slow)=(page|ticket|off)(\(default\))?$/;

/** The settings of every tier, each once, or undefined when the value is anything else. */
export function parseAlerting(value: unknown): AlertingSettings | undefined {
  if (typeof value !== "string") return undefined;
  const settings: Partial<Record<BurnTierId, TierSetting>> = {};
  for (const item of value.trim().split(/\s+/)) {
    const m = ITEM.exec(item);
    if (!m || settings[m[1] as BurnTierId]) return undefined;
    settings[m[1] as BurnTierId] = { response: m[2] as BurnResponse, isDefault: m[3] !== undefined };
  }
  return BURN_TIERS.every(({ id }) => settings[id]) ? (settings as AlertingSettings) : undefined;
}
