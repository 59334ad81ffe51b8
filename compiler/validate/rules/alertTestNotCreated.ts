/**
 * alert-test-not-created: a burn-rate alert the plan does not create cannot fire or stay quiet,
 * so an expectation about it is refused with the reason: its SLO is retired (a retired SLO
 * loses its alerts, lower/slos.ts), its tier is set to off in `alerting`, or the tier is
 * dropped because Datadog could not use it (below 1x, or at or above the highest burn rate the
 * target allows; lower/burnRate.ts, as burn-tier-dropped explains:
 * https://docs.datadoghq.com/service_management/service_level_objectives/burn_rate/).
 */
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { refsOf, resolveMonitorRef, type ResolvedRef } from "../alertTestRefs";
import type { Rule } from "../ruleContext";

export const alertTestNotCreated: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    for (const { test, file, path } of tests) {
      for (const r of refsOf(test.expect)) {
        const why = reason(resolveMonitorRef(integration.value, r.text));
        if (!why) continue;
        ctx.report(file, [...path, "expect", r.expectation, r.list, r.index], "alert-test-not-created", `${testContext(test, "expect", r.expectation, r.list, r.index)}: the plan creates no ${r.text} alert: ${why}`);
      }
    }
  }
};

function reason(resolved: ResolvedRef): string | undefined {
  switch (resolved.kind) {
    case "retired":
      return `slo ${resolved.slo.id} is retired, and a retired SLO has no burn-rate alerts; test another monitor or drop this expectation`;
    case "off":
      return `slo ${resolved.slo.id} sets alerting.${resolved.tier} to off; test another tier, or turn this one on`;
    case "dropped":
      return resolved.tier.why === "below-one"
        ? `over slo ${resolved.slo.id}'s ${resolved.slo.window} window its ${resolved.tier.id} tier burns at ${resolved.tier.factor}x, below 1x, so it would fire while the SLO is on track and is not created (burn-tier-dropped)`
        : `at slo ${resolved.slo.id}'s ${resolved.slo.objective}% objective its ${resolved.tier.id} tier's ${resolved.tier.factor}x can never be reached, so it is not created (burn-tier-dropped)`;
    // Stryker disable next-line ConditionalExpression: without the default case the switch falls out of the function, which returns undefined all the same.
    default:
      return undefined;
  }
}
