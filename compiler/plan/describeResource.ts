/** One line of plain words per resource, for the plan and its PR comment. */
import { errorBudgetMinutes } from "../lower/burnRate";
import { BURN_POLICY_LABEL } from "../lower/slos";
import { messageHandles } from "../notificationSyntax";
import type { SloWindow } from "../validate/schema";
import { category } from "./classify";
import { describeCatalog } from "./describeCatalog";
import { describeForwarder } from "./describeForwarder";
import { describeMaintenance } from "./describeMaintenance";
import { describeOnCall } from "./describeOnCall";
import type { PlannedResource } from "./plannedResource";

export function describeResource(r: PlannedResource): string {
  const i = r.inputs as Record<string, any>;
  switch (category(r)) {
    case "monitor":
    case "burn-alert":
      return `${i.name} (P${i.priority}, notifies ${messageHandles(String(i.message)).join(" ") || "nobody"})`;
    case "slo": {
      const { target, timeframe } = i.thresholds[0] as { target: number; timeframe: SloWindow };
      const policy = String(i.description ?? "").split("\n").find((l) => l.startsWith(BURN_POLICY_LABEL));
      const alerting = policy ? `; burn-rate alerts: ${policy.slice(BURN_POLICY_LABEL.length, -1)}` : "";
      return `${i.name}: ${target}% over ${timeframe} (error budget ${errorBudgetMinutes(target, timeframe)} min${alerting})`;
    }
    case "maintenance":
      return describeMaintenance(r);
    case "dashboard":
      return `dashboard "${JSON.parse(String(i.dashboard)).title}"`;
    case "catalog":
      return describeCatalog(r);
    case "on-call":
      return describeOnCall(r);
    case "forwarder":
      return describeForwarder(r);
    case "component":
      return r.name;
  }
}

