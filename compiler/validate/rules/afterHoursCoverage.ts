/**
 * after-hours-coverage: a tier-1 (revenue-critical) integration that pages must page through
 * a rotation with `afterHours: page`. On a `next-business-day` rotation nobody is on call
 * outside business hours and its service is low urgency there; PagerDuty's low-urgency
 * incidents "will not escalate" (https://support.pagerduty.com/docs/service-settings), so a
 * Friday-evening outage would wait until Monday morning. An error rather than a warning:
 * that is the promise tier 1 makes, and keeping it is a one-line change to the rotation (or
 * the tier says the integration is not revenue-critical after all).
 */
import { withContext } from "../context";
import { integrationPages } from "../integrationPages";
import type { Rule } from "../ruleContext";
import { PAGED_AFTER_HOURS } from "../schema";

export const afterHoursCoverage: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    if (!PAGED_AFTER_HOURS.includes(integration.tier)) continue;
    const rotation = ctx.rotationById.get(integration.rotation)?.value;
    if (rotation?.afterHours !== "next-business-day" || !integrationPages(integration)) continue;
    const { start } = rotation.businessHours;
    ctx.report(
      file,
      ["rotation"],
      "after-hours-coverage",
      withContext(
        "rotation",
        `this tier-${integration.tier} integration pages through rotation ${rotation.id}, which has afterHours: next-business-day, so out of hours nobody is on call and its pages would wait until ${start} ${rotation.timeZone} on the next business day; set afterHours: page on ${rotation.id} (its on-call person is then on call around the clock) or page through a rotation that has it`,
      ),
    );
  }
};
