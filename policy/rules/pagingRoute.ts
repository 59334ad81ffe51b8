/**
 * Policy 2a: a monitor that pages (tagged `response:page`) notifies a PagerDuty service
 * (`@pagerduty-<service>` in its message), so a page cannot land in a chat channel only.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { materialize, UNKNOWN } from "./known";
import { pagerdutyServices, readTags, tagValues } from "./monitorMessage";
import { deliver, PASS, unknownAt, violation, type Outcome } from "./outcome";
import { TYPES } from "./resourceTypes";

export function checkPagingRoute(props: Record<string, unknown>): Outcome {
  const tags = readTags(props.tags);
  if (!tagValues(tags, "response").includes("page")) {
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
  description: "A monitor tagged response:page notifies @pagerduty-<service> in its message.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.monitor) return;
    const known = materialize(args.props);
    deliver(checkPagingRoute(known.value), known.unknowns, args, report);
  },
};
