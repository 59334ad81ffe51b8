/**
 * burn-tier-dropped: with a low target, the fastest burn-rate tiers can never fire (the
 * burn rate cannot exceed 1 / (1 - target)) and Datadog rejects them, so they are not
 * created. Warn, so the owner knows fast burns only reach them through the slower tiers.
 */
import { burnAlerts, maxBurnRate } from "../../lower/burnRate";
import type { Rule } from "../ruleContext";
import { isSloWindow } from "../schema";

export const burnTiers: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    integration.slos.forEach((slo, i) => {
      if (slo.retired || !isSloWindow(slo.window)) return;
      const { dropped } = burnAlerts(slo.objective, slo.window);
      if (dropped.length === 0) return;
      const tiers = dropped.map((t) => `${t.factor}x over ${t.longWindow}`).join(", ");
      ctx.report(file, ["slos", i, "objective"], "burn-tier-dropped", `slo ${slo.id}: at ${slo.objective}% the burn rate can never exceed ${maxBurnRate(slo.objective)}x, so the ${tiers} alert is not created; fast outages page through the slower tiers only`, "warning");
    });
  }
};
