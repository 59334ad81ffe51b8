/**
 * Error-budget arithmetic on percentages, as Datadog reports SLIs (99.42 means 99.42%).
 * The budget is the share of events allowed to fail, 100 - objective; the burn rate is how
 * fast it is spent, 1 meaning exactly the whole budget over the SLO's window.
 */

/** Burn rate of an SLI measured over any period: 0 = nothing failed, 1 = on budget. */
export function burnRate(sliPercent: number, objectivePercent: number): number {
  return (100 - sliPercent) / (100 - objectivePercent);
}

/** Percent of the window's budget left when the SLI over the whole window is `sliPercent` (negative when overspent). */
export function budgetRemainingPercent(sliPercent: number, objectivePercent: number): number {
  return 100 - 100 * burnRate(sliPercent, objectivePercent);
}

/**
 * Percent of one window's budget spent during a shorter period, from the SLI over that
 * period. Assumes the period's traffic is its share of the window's (steady traffic), which
 * is what lets a week be compared with a 30-day budget without event counts.
 */
export function budgetConsumedPercent(sliPercent: number, objectivePercent: number, periodSeconds: number, windowSeconds: number): number {
  return 100 * burnRate(sliPercent, objectivePercent) * (periodSeconds / windowSeconds);
}
