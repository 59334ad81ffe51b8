/**
 * One simulation measurement in a fresh process, for bench/simulate.bench.ts. Prints one line,
 * `BENCH {json}`, with times since process start (`performance.now()` counts from it).
 *
 *   simulate.worker.ts INVENTORY-DIR RUNBOOKS-DIR   what `npm run simulate` does, without printing
 *
 * The phases are timed apart: module load, check, lowering with the prod stack's settings, the
 * simulation (simulateInventory: each integration's planned monitors, its alert tests and
 * generated drills, each run, and every planned monitor's message checked) and the summary. A fresh process, so peak RSS is this run's alone.
 */
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";

const lap = () => performance.now();
/** CPU time of this process (user + system) in ms: on a busy machine, what the work itself took. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function simulate(inventoryDir: string, runbooksDir: string): Promise<void> {
  let t = lap();
  const { checkInventory } = require("../compiler/checkInventory") as typeof import("../compiler/checkInventory");
  const { lowerInventory } = require("../compiler/lower/lowerInventory") as typeof import("../compiler/lower/lowerInventory");
  const { CONFIG_KEYS, settingsFromConfig } = require("../compiler/lower/settings") as typeof import("../compiler/lower/settings");
  const { readStackConfig } = require("../cli/stackConfig") as typeof import("../cli/stackConfig");
  const { simulateInventory, simulationCounts } = require("../compiler/simulate/simulateInventory") as typeof import("../compiler/simulate/simulateInventory");
  const { renderSummary } = require("../compiler/simulate/renderSummary") as typeof import("../compiler/simulate/renderSummary");
  const loadMs = lap() - t;

  // As cli/simulate.ts: the prod stack's config with the folders overridden, then check first.
  t = lap();
  const config = readStackConfig("prod");
  config[CONFIG_KEYS.inventoryDir] = inventoryDir;
  config[CONFIG_KEYS.runbooksDir] = runbooksDir;
  const checked = checkInventory({ inventoryDir, runbooksDir });
  if (!checked.inventory) throw new Error(`${inventoryDir} should be a valid inventory`);
  const inventory = checked.inventory;
  const checkMs = lap() - t;

  t = lap();
  const cpuBefore = cpuMs();
  const settings = settingsFromConfig((k) => config[k] || undefined);
  const resources = lowerInventory(inventory, settings).resources;
  const lowerMs = lap() - t;

  // As cli/simulate.ts without an integration: every alert test and drill, every planned
  // monitor's message checked, then the summary.
  t = lap();
  const sims = simulateInventory(inventory, { resources, staging: settings.staging });
  const simulateMs = lap() - t;
  const lowerSimulateCpuMs = cpuMs() - cpuBefore;

  t = lap();
  const summary = renderSummary(sims);
  const summaryMs = lap() - t;

  const scenarios = sims.flatMap((sim) => sim.scenarios);
  const heap = getHeapStatistics();
  const fields = {
    integrations: inventory.integrations.length,
    resources: resources.length,
    monitors: sims.reduce((n, sim) => n + sim.monitors.size, 0),
    alertTests: scenarios.filter((r) => r.kind === "alert test").length,
    drills: scenarios.filter((r) => r.kind === "drill").length,
    ...simulationCounts(sims),
    summaryBytes: summary.length,
    loadMs,
    checkMs,
    lowerMs,
    simulateMs,
    summaryMs,
    lowerSimulateCpuMs,
    wallMs: performance.now(),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: heap.used_heap_size / 2 ** 20,
  };
  process.stdout.write(`BENCH ${JSON.stringify(fields)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 2) throw new Error("usage: simulate.worker.ts INVENTORY-DIR RUNBOOKS-DIR");
  await simulate(args[0], args[1]);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
