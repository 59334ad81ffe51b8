/**
 * What `npm run simulate` runs, inside `npm test`, for this repository's inventory with the prod
 * stack's settings: every alert test and generated drill (one mocha test each, failing with the
 * lines the command prints), every monitor without a drill (only anomaly and forwarder monitors
 * may lack one), and every planned monitor's message rendered and checked for what its options
 * allow and what its scenarios sent.
 *
 * Mocha needs the list of scenarios when it loads this file, so the inventory is read then; an
 * error there becomes one failing test instead of stopping the whole run.
 */
import { strict as assert } from "node:assert";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { MONITOR } from "../../compiler/lower/monitors";
import type { Integration, Inventory } from "../../compiler/model";
import { checkPlannedMessages, messageContextOf, type SentNotifications } from "../../compiler/simulate/messageChecks";
import { otherMonitors, plannedMonitors, type PlannedMonitor, type PlannedResourceLike } from "../../compiler/simulate/plannedMonitors";
import { coverageLines, failureLines } from "../../compiler/simulate/renderSummary";
import { runScenario, scenarioPassed, scenariosOf, type NotSimulated, type Scenario } from "../../compiler/simulate/simulateInventory";
import { sampleInventory, sampleSettings } from "../support/sampleState";

interface Sample {
  readonly inventory: Inventory;
  readonly resources: readonly PlannedResourceLike[];
  readonly integrations: readonly { readonly integration: Integration; readonly monitors: ReadonlyMap<string, PlannedMonitor>; readonly scenarios: readonly Scenario[]; readonly notSimulated: readonly NotSimulated[] }[];
}

function load(): Sample {
  const inventory = sampleInventory();
  const resources = lowerInventory(inventory, sampleSettings()).resources;
  const integrations = inventory.integrations.map((integration) => {
    const monitors = plannedMonitors(resources, integration);
    return { integration, monitors, ...scenariosOf(integration, monitors) };
  });
  return { inventory, resources, integrations };
}

let sample: Sample | undefined;
let loadError: unknown;
try {
  sample = load();
} catch (e) {
  loadError = e;
}

describe("simulate: the sample inventory", () => {
  if (!sample) {
    it("loads, lowers and derives the sample's scenarios", () => assert.fail(loadError instanceof Error ? (loadError.stack ?? loadError.message) : String(loadError)));
    return;
  }
  const { inventory, resources } = sample;

  for (const { integration, monitors, scenarios, notSimulated } of sample.integrations) {
    describe(integration.id, () => {
      // Filled by the scenarios below, in order, then read by the message check after them.
      const sent: SentNotifications = new Map();
      for (const scenario of scenarios) {
        it(scenario.test.name, () => {
          const r = runScenario(scenario, monitors, {}, sent);
          assert.ok(scenarioPassed(r), `\n${failureLines(integration.id, r).join("\n")}`);
        });
      }

      it("derives a drill for every monitor but anomaly monitors", () => {
        assert.deepEqual(coverageLines({ integration, notSimulated: notSimulated.filter((n) => n.failed) }), []);
        const anomalies = integration.failureModes.filter((m) => m.detection.kind === "anomaly").map((m) => m.id);
        assert.deepEqual(notSimulated.map((n) => n.monitor), anomalies);
      });

      it("renders every planned monitor's message right for each notification its options allow and its scenarios sent", () => {
        const others = otherMonitors(resources, integration.id, monitors);
        const messages = checkPlannedMessages(integration, monitors, others, sent, messageContextOf(inventory));
        assert.deepEqual(coverageLines({ integration, notSimulated: [], messages }), []);
        assert.equal(messages.checked, monitors.size + others.length);
      });
    });
  }

  it("knows every monitor the plan creates for an integration: by failure mode or SLO tier, or as the forwarder's silence monitor of a webhook", () => {
    const known = new Set(sample!.integrations.flatMap(({ integration, monitors }) => [...[...monitors.values()].map((m) => m.resource), ...otherMonitors(resources, integration.id, monitors).map((o) => o.resource)]));
    const tagged = resources.filter((r) => r.type === MONITOR && (r.inputs as { tags?: string[] }).tags?.some((t) => t.startsWith("integration:")));
    assert.deepEqual(tagged.map((r) => r.name).filter((n) => !known.has(n)), []);
    const others = sample!.integrations.flatMap(({ integration, monitors }) => otherMonitors(resources, integration.id, monitors).map((o) => o.id));
    assert.ok(others.length > 0 && others.every((id) => /^webhook-.+-silent$/.test(id)), others.join(", "));
  });
});
