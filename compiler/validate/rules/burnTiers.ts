/**
 * burn-tier-dropped: a burn-rate tier that cannot be created is not, and the owner is told
 * why (lower/burnRate.ts): below 1x it would fire while the SLO is on track (the slow tier of
 * a 7-day SLO); at or above 1 / (1 - target) it could never fire and Datadog rejects it
 * (https://docs.datadoghq.com/service_management/service_level_objectives/burn_rate/).
 */
import { burnAlerts, maxBurnRate, sloBurnPolicy, type DroppedTier } from "../../lower/burnRate";
import type { Rule } from "../ruleContext";
import { isSloWindow, type SloDoc } from "../schema";

export const burnTiers: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    integration.slos.forEach((slo, i) => {
      if (slo.retired || !isSloWindow(slo.window)) return;
      for (const tier of burnAlerts(slo.objective, slo.window, sloBurnPolicy(integration, slo)).dropped) {
        ctx.report(file, ["slos", i, tier.why === "unreachable" ? "objective" : "window"], "burn-tier-dropped", `slo ${slo.id}: ${why(tier, slo)}`, "warning");
      }
    });
  }
};

function why(tier: DroppedTier, slo: SloDoc): string {
  const name = `the ${tier.id} burn-rate alert (${Math.round(tier.budgetShare * 100)}% of the budget within ${tier.longWindow}, ${tier.factor}x)`;
  return tier.why === "unreachable"
    ? `at ${slo.objective}% the burn rate can never exceed ${maxBurnRate(slo.objective)}x, so ${name} is not created; fast outages reach you through the slower tiers only`
    : `over ${slo.window}, ${name} is below 1x: it would fire while the SLO is still on track, so it is not created (set alerting.${tier.id}: off to silence this warning)`;
}
