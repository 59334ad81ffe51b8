/** top-revenue-coverage: the integrations that lose the most money when down must be measured and documented. */
import { byRevenueExposure, formatUsdPerHour } from "../../revenueRank";
import type { Rule } from "../ruleContext";

/** How many of the highest-exposure integrations must have an SLO and a complete runbook. */
export const TOP_REVENUE_COUNT = 5;

export const coverage: Rule = (ctx) => {
  const ranked = [...ctx.integrations].sort((a, b) => byRevenueExposure(a.value, b.value)).slice(0, TOP_REVENUE_COUNT);
  ranked.forEach(({ value: integration, file }, i) => {
    const standing = `integration ${integration.id} is #${i + 1} by revenue exposure (${formatUsdPerHour(integration.revenue.usdPerHour)}), one of the top ${TOP_REVENUE_COUNT}`;
    if (integration.slos.length === 0) {
      ctx.report(file, ["revenue", "usdPerHour"], "top-revenue-coverage", `${standing}, so it needs at least one SLO under "slos"`);
    }
    const gaps = ctx.runbooks.get(integration.id)?.gaps.length;
    if (gaps !== 0) {
      const why = gaps === undefined ? "it has none" : `${gaps} problem(s) are reported for it`;
      ctx.report(file, ["revenue", "usdPerHour"], "top-revenue-coverage", `${standing}, so its runbook must be complete; ${why}`);
    }
  });
};
