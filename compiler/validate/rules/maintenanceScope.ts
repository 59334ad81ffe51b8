/**
 * maintenance-scope (warning): planned maintenance of a system no integration lists upstream or
 * downstream. A window mutes the monitors and corrects the SLOs of the integrations that depend
 * on its system (README, "Planned maintenance"); here there are none, so it does nothing, which
 * usually means the window was put under the wrong system.
 */
import type { Rule } from "../ruleContext";

export const maintenanceScope: Rule = (ctx) => {
  for (const { value: system, file, path } of ctx.systems) {
    if (!system.maintenance?.length) continue;
    const dependents = ctx.integrations.filter(({ value }) => value.upstream.includes(system.id) || value.downstream.includes(system.id));
    if (dependents.length) continue;
    ctx.report(file, [...path, "maintenance"], "maintenance-scope", `system ${system.id}: maintenance: no integration lists ${system.id} upstream or downstream, so these windows mute no monitor and correct no SLO; list the system in the integrations that depend on it, or move the windows to the system that is maintained`, "warning");
  }
};
