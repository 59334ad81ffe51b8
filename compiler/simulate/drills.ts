/** Generated drills (placeholder until the drills helper lands them). */
import type { Integration } from "../model";
import type { AlertTest } from "./alertTest";
import type { PlannedMonitor } from "./plannedMonitors";

export function drillsFor(_integration: Integration, _monitors: ReadonlyMap<string, PlannedMonitor>): AlertTest[] {
  return [];
}
