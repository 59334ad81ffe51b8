/** One line of plain words per resource, for the plan and its PR comment. */
import { errorBudgetMinutes } from "../lower/burnRate";
import type { SloWindow } from "../validate/schema";
import { category, owningIntegration } from "./classify";
import { describeForwarder } from "./describeForwarder";
import type { PlannedResource } from "./plannedResource";

export function describeResource(r: PlannedResource): string {
  const i = r.inputs as Record<string, any>;
  switch (category(r)) {
    case "monitor":
    case "burn-alert":
      return `${i.name} (P${i.priority}, notifies ${notifyHandles(String(i.message)).join(" ") || "nobody"})`;
    case "slo": {
      const { target, timeframe } = i.thresholds[0] as { target: number; timeframe: SloWindow };
      return `${i.name}: ${target}% over ${timeframe} (error budget ${errorBudgetMinutes(target, timeframe)} min)`;
    }
    case "dashboard":
      return `dashboard "${JSON.parse(String(i.dashboard)).title}"`;
    case "on-call":
      return describeOnCall(r);
    case "forwarder":
      return describeForwarder(r);
    case "component":
      return r.name;
  }
}

function describeOnCall(r: PlannedResource): string {
  const i = r.inputs as Record<string, any>;
  switch (r.type.split(":").pop()) {
    case "Schedule":
      return `PagerDuty schedule "${i.name}" (${i.timeZone}, weekly, ${i.layers[0].restrictions.length} business-hours windows, ${i.layers[0].users.length} people)`;
    case "EscalationPolicy":
      return `PagerDuty escalation policy "${i.name}" (${i.rules.length} levels)`;
    case "Service":
      return `PagerDuty service "${i.name}" (high urgency in support hours, low outside)`;
    case "ServiceIntegration":
      return `PagerDuty ${i.name} integration of ${owningIntegration(r)}`;
    case "ServiceObject":
      return `Datadog route @pagerduty-${i.serviceName}`;
    default:
      return `${r.type.split(":").pop()} ${r.name}`;
  }
}

export function notifyHandles(message: string): string[] {
  return message.split("\n").filter((l) => l.startsWith("@"));
}
