/**
 * Policy 2b (stack): each `@pagerduty-<service>` a monitor notifies is a Datadog PagerDuty
 * service object with that serviceName in this stack, so the handle routes somewhere. A stack
 * without any service object leaves PagerDuty routing to another stack and is not checked.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { materialize, UNKNOWN } from "./known";
import { pagerdutyServices } from "./monitorMessage";
import { deliver, merge, PASS, violation, type Outcome } from "./outcome";
import { TYPES } from "./resourceTypes";

export interface StackResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  /** Plain props, unknown values as UNKNOWN. */
  readonly props: Record<string, unknown>;
}

/** Key of an unknown input of one resource among the stack's, as materialize is told to prefix it. */
export const stackKey = (urn: string, path: string) => `${urn} ${path}`;

export function checkPagerdutyServicesExist(resources: readonly StackResource[]): Outcome {
  const objects = resources.filter((r) => r.type === TYPES.pagerdutyServiceObject);
  if (objects.length === 0) return PASS;
  const services = new Set<string>();
  const unknownServices: string[] = [];
  for (const o of objects) {
    if (o.props.serviceName === UNKNOWN) unknownServices.push(stackKey(o.urn, "serviceName"));
    else if (typeof o.props.serviceName === "string") services.add(o.props.serviceName);
  }
  return merge(
    ...resources
      .filter((r) => r.type === TYPES.monitor)
      .map((monitor): Outcome => {
        const message = monitor.props.message;
        if (message === UNKNOWN) return { ...PASS, unknown: [stackKey(monitor.urn, "message")] };
        if (typeof message !== "string") return PASS;
        const missing = pagerdutyServices(message).filter((s) => !services.has(s));
        if (missing.length === 0) return PASS;
        // One of the unknown service names may be the one this handle names.
        if (unknownServices.length > 0) return { ...PASS, unknown: unknownServices };
        return merge(
          ...missing.map((s) =>
            violation(`notifies @pagerduty-${s}, but this stack has no ${TYPES.pagerdutyServiceObject} with serviceName "${s}": the page would go nowhere`, monitor.urn),
          ),
        );
      }),
  );
}

export const pagerdutyServiceExistsPolicy: StackValidationPolicy = {
  name: "pagerduty-handle-has-service-object",
  description: "Every @pagerduty-<service> a monitor notifies is a Datadog PagerDuty ServiceObject with that serviceName in the same stack (when the stack defines any).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const unknowns = new Map<string, Error>();
    const resources = args.resources
      .filter((r) => r.type === TYPES.monitor || r.type === TYPES.pagerdutyServiceObject)
      .map((r): StackResource => {
        const known = materialize(r.props, stackKey(r.urn, ""));
        known.unknowns.forEach((e, k) => unknowns.set(k, e));
        return { type: r.type, urn: r.urn, name: r.name, props: known.value };
      });
    deliver(checkPagerdutyServicesExist(resources), unknowns, args, report);
  },
};
