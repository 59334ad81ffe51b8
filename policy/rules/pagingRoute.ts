/**
 * Policy 2a: a monitor that pages (tagged `response:page`) notifies a PagerDuty service
 * (`@pagerduty-<service>` in its message), so a page cannot land in a chat channel only. Not in
 * the staging stack (policy/rules/staging.ts), which never pages: there
 * monitor-notifies-exactly-its-route wants the team's chat instead.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { materialize, UNKNOWN } from "./known";
import { pagerdutyServices, readTags, tagValues } from "./monitorMessage";
import { deliver, PASS, unknownAt, violation, type Outcome } from "./outcome";
import { TYPES } from "./resourceTypes";
import { isStaging } from "./staging";

/** `urn` is the monitor's own: it says whether the monitor is the staging stack's. */
export function checkPagingRoute(props: Record<string, unknown>, urn = ""): Outcome {
  const tags = readTags(props.tags);
  if (!tagValues(tags, "response").includes("page") || isStaging(urn, tags)) {
    // An unknown tag could be response:page; the known ones say this monitor does not page.
    return tags.unknown.length > 0 ? { ...PASS, unknown: tags.unknown } : PASS;
  }
  if (props.message === UNKNOWN) return unknownAt("message");
  if (typeof props.message !== "string" || pagerdutyServices(props.message).length === 0) {
    return violation("is tagged response:page but its message notifies no @pagerduty-<service>: a page must reach PagerDuty");
  }
  return PASS;
}

export const pagingRoutePolicy: ResourceValidationPolicy = {
  name: "paging-monitor-notifies-pagerduty",
  description: "A monitor tagged response:page notifies @pagerduty-<service> in its message (outside the staging stack, which never pages).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.monitor) return;
    const known = materialize(args.props);
    deliver(checkPagingRoute(known.value, args.urn), known.unknowns, args, report);
  },
};
