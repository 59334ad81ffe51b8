/**
 * One alert test of the sample inventory drawn as a timeline: what
 * `npm run simulate -- web-lead-form-to-crm --scenario "..."` prints (README, "Simulating
 * alerts"), over the monitors the test names, from the prod stack's plan.
 */
import { join } from "node:path";
import { checkInventory } from "../../compiler/checkInventory";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { settingsFromConfig } from "../../compiler/lower/settings";
import { plannedMonitors } from "../../compiler/simulate/plannedMonitors";
import { runScenario, scenariosOf } from "../../compiler/simulate/simulateInventory";
import { scenarioTimelineChart } from "../../compiler/simulate/timelineChart";
import { readStackConfig } from "../../cli/stackConfig";
import type { Picture } from "./picture";

const ROOT = join(__dirname, "..", "..");
export const TIMELINE_INTEGRATION = "web-lead-form-to-crm";
export const TIMELINE_SCENARIO = "A Salesforce validation rule rejects 8% of leads for 90 minutes";

export function simulationTimelinePicture(): Picture {
  return {
    file: "simulation-timeline.svg",
    alt: `Simulated timeline of ${TIMELINE_INTEGRATION}'s alert test "${TIMELINE_SCENARIO}": each named monitor's value against its threshold, its state over time and the notifications it sends`,
    render: async () => {
      // The sample inventory and the prod stack's settings, as `npm run simulate` reads them.
      const config = readStackConfig("prod", ROOT);
      const checked = checkInventory({ inventoryDir: join(ROOT, "inventory"), runbooksDir: join(ROOT, "runbooks") });
      if (!checked.inventory) throw new Error("the sample inventory does not validate: run npm run check");
      const integration = checked.inventory.integrations.find((i) => i.id === TIMELINE_INTEGRATION);
      if (!integration) throw new Error(`the sample inventory has no integration ${TIMELINE_INTEGRATION}`);
      const resources = lowerInventory(checked.inventory, settingsFromConfig((k) => config[k] || undefined)).resources;
      const monitors = plannedMonitors(resources, integration);
      const scenario = scenariosOf(integration, monitors).scenarios.find((s) => s.test.name === TIMELINE_SCENARIO);
      if (!scenario) throw new Error(`${TIMELINE_INTEGRATION} has no alert test "${TIMELINE_SCENARIO}"`);
      return scenarioTimelineChart(integration.id, runScenario(scenario, monitors, { timelines: true }), monitors);
    },
  };
}
