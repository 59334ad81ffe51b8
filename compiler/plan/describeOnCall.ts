/** Plain words for PagerDuty on-call resources in the plan: above all, who is reached out of hours. */
import { refsIn } from "../lower/spec";
import { owningIntegration } from "./classify";
import type { FieldChange } from "./diffPlans";
import type { PlannedResource } from "./plannedResource";

export function describeOnCall(r: PlannedResource): string {
  const i = r.inputs as Record<string, any>;
  switch (r.type.split(":").pop()) {
    case "Schedule":
      return `PagerDuty schedule "${i.name}" (${i.timeZone}, weekly, ${coverage(i.layers)}, ${i.layers[0].users.length} people)`;
    case "EscalationPolicy":
      return `PagerDuty escalation policy "${i.name}" (${i.rules.length} levels)`;
    case "Service":
      return `PagerDuty service "${i.name}" (${outOfHours(i)})`;
    case "ServiceIntegration":
      return `PagerDuty ${i.name} integration of ${owningIntegration(r)}`;
    case "ServiceObject":
      return `Datadog route @pagerduty-${i.serviceName}`;
    default:
      return `${r.type.split(":").pop()} ${r.name}`;
  }
}

/** When someone is on call: a layer without restrictions covers the whole week. */
function coverage(layers: readonly { restrictions?: readonly unknown[] }[]): string {
  if (layers.some((l) => !l.restrictions?.length)) return "on call around the clock";
  return `${layers[0].restrictions!.length} business-hours windows, nobody on call outside them`;
}

/** Who a service reaches outside its support hours, from its urgency rule and scheduled actions. */
function outOfHours(i: Record<string, any>): string {
  const rule = i.incidentUrgencyRule ?? {};
  if (rule.type === "constant") {
    const rotation = refsIn(i.escalationPolicy)[0]?.name.split("--")[0];
    return rule.urgency === "high" ? `high urgency around the clock: out of hours the ${rotation} on-call is paged` : `always ${rule.urgency} urgency`;
  }
  const raised = (i.scheduledActions ?? []).some((a: any) => a.toUrgency === "high" && a.ats?.some((at: any) => at.name === "support_hours_start"));
  if (!raised) return "high urgency in support hours, low outside";
  const { startTime, timeZone } = i.supportHours ?? {};
  return `high urgency in support hours; outside them low urgency, raised to high at ${String(startTime).slice(0, 5)} ${timeZone} on the next business day`;
}

/** Fields an on-call summary line replaces: the urgency rule and its parts, the layers' restrictions and names. */
const SERVICE_URGENCY_FIELDS = new Set(["incidentUrgencyRule", "supportHours", "scheduledActions"]);
const isLayerCoverageField = (f: FieldChange) => f.path[0] === "layers" && (f.path[2] === "restrictions" || f.path[2] === "name");

/**
 * Changes of a schedule or service said as who is reached out of hours, one line, instead of
 * the urgency rule's or the restrictions' parts: "urgency: high urgency in support
 * hours, low outside → high urgency around the clock: ...". Other fields are left to the caller.
 */
export function describeOnCallChanges(before: PlannedResource, after: PlannedResource, fields: readonly FieldChange[]): { lines: string[]; rest: FieldChange[] } {
  const kind = after.type.split(":").pop();
  if (kind === "Service") {
    const [a, b] = [outOfHours(before.inputs), outOfHours(after.inputs)];
    if (a !== b) return { lines: [`urgency: ${a} → ${b}`], rest: fields.filter((f) => !SERVICE_URGENCY_FIELDS.has(String(f.path[0]))) };
  }
  if (kind === "Schedule" && Array.isArray(before.inputs.layers) && Array.isArray(after.inputs.layers)) {
    const [a, b] = [coverage(before.inputs.layers), coverage(after.inputs.layers)];
    if (a !== b) return { lines: [`on-call hours: ${a} → ${b}`], rest: fields.filter((f) => !isLayerCoverageField(f)) };
  }
  return { lines: [], rest: [...fields] };
}
