/**
 * `npm run simulate -- [<integration> [--scenario NAME]] [--json] [--inventory DIR] [--runbooks DIR] [--stack NAME]`
 * Without an integration: runs every alert test and generated drill of the inventory against the
 * monitors the plan creates and checks every planned monitor's message, prints a line per
 * integration, one per failed expectation, per monitor not simulated and per wrong message, and
 * a total; exits 1 on any failure. With one: prints each scenario's timeline and the same
 * coverage lines (with --scenario, that scenario alone, over every planned monitor of the
 * integration).
 */
import { lowerInventory } from "../compiler/lower/lowerInventory";
import type { Integration } from "../compiler/model";
import { envSecrets, redact, secretsIn } from "../compiler/redact";
import { messageContextOf } from "../compiler/simulate/messageChecks";
import { plannedMonitors, type PlannedResourceLike } from "../compiler/simulate/plannedMonitors";
import { renderSummary } from "../compiler/simulate/renderSummary";
import { renderTimelines } from "../compiler/simulate/renderTimeline";
import { runScenario, scenariosOf, simulateIntegration, simulateInventory, simulationPassed, type IntegrationSimulation } from "../compiler/simulate/simulateInventory";
import { simulationJson } from "../compiler/simulate/simulationJson";
import { terminalText } from "../compiler/simulate/terminalText";
import { closestMatch, suggestion } from "../compiler/validate/didYouMean";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run simulate -- [<integration> [--scenario NAME]] [--json] [--inventory DIR] [--runbooks DIR] [--stack NAME]";

runCli("simulate", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    scenario: { type: "string" },
    json: { type: "boolean", default: false },
    inventory: { type: "string" },
    runbooks: { type: "string" },
    stack: { type: "string", default: "prod" },
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${terminalText(positionals[1]!)}"\n${USAGE}`);
  const [id] = positionals;
  if (values.scenario !== undefined && id === undefined) throw new UsageError(`--scenario needs an integration before it, e.g. npm run simulate -- web-lead-form-to-crm --scenario NAME\n${USAGE}`);

  const loaded = loadStackInventory("simulate", values, "nothing was simulated");
  if (!loaded) return 1;
  const { config, checked, settings } = loaded;
  const { inventory } = checked;
  const resources = lowerInventory(inventory, settings).resources;
  // Test names and series come from pull requests; the inventory was checked for literal
  // secrets, the stack config and the environment were not: none of them is ever printed.
  const secrets = [...secretsIn(Object.values(config)), ...envSecrets()];
  const safe = (text: string) => redact(text, secrets);

  if (id === undefined) {
    const sims = simulateInventory(inventory, { resources, staging: settings.staging });
    process.stdout.write(safe(values.json ? simulationJson(sims) : renderSummary(sims)));
    return simulationPassed(sims) ? 0 : 1;
  }

  const integration = inventory.integrations.find((i) => i.id === id);
  if (!integration) throw new UsageError(safe(`there is no integration "${terminalText(id)}"${suggestion(terminalText(id), inventory.integrations.map((i) => i.id))}`));
  const sim = values.scenario === undefined ? simulateIntegration(integration, resources, messageContextOf(inventory, { staging: settings.staging }), { timelines: true }) : oneScenario(integration, resources, values.scenario, safe);
  if (values.json) process.stdout.write(safe(simulationJson([sim], { notifications: true })));
  else if (sim.scenarios.length === 0 && sim.notSimulated.length === 0) process.stdout.write(`${terminalText(id)} has no alert tests or drills\n`);
  else process.stdout.write(safe(renderTimelines(sim, { allMonitors: values.scenario !== undefined })));
  return simulationPassed([sim]) ? 0 : 1;
});

/** The named scenario alone, over every planned monitor; the integration's other results are not shown. */
function oneScenario(integration: Integration, resources: readonly PlannedResourceLike[], name: string, safe: (text: string) => string): IntegrationSimulation {
  const monitors = plannedMonitors(resources, integration);
  const all = scenariosOf(integration, monitors).scenarios;
  const chosen = all.filter((s) => s.test.name === name);
  if (chosen.length === 0) throw new UsageError(safe(unknownScenario(integration.id, name, all.map((s) => s.test.name))));
  return { integration, monitors, scenarios: chosen.map((s) => runScenario(s, monitors, { allMonitors: true })), notSimulated: [] };
}

function unknownScenario(integration: string, name: string, names: readonly string[]): string {
  const head = `${terminalText(integration)} has no scenario "${terminalText(name)}"`;
  if (names.length === 0) return `${head}: it has no alert tests or drills`;
  const close = closestMatch(name, names);
  return [`${head}${close ? `; did you mean "${terminalText(close)}"?` : "."} Its scenarios:`, ...names.map((n) => `  ${terminalText(n)}`)].join("\n");
}
