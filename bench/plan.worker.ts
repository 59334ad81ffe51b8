/**
 * One plan measurement in a fresh process, for bench/plan.bench.ts. Prints one line,
 * `BENCH {json}`, with times since process start (`performance.now()` counts from it).
 *
 *   plan.worker.ts spec|mock INVENTORY-DIR RUNBOOKS-DIR   what `npm run plan` does, without printing
 *   plan.worker.ts load TARGET      the time to require a module graph (LOAD_TARGETS)
 *
 * Modules are loaded with `require` inside the timed sections, so load time is measured
 * apart from the work. The Pulumi program can run only once per process (the module cache
 * keeps index.ts), which is why every measurement is its own process.
 */
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";

type Lap = { readonly ms: number };
const lap = (): Lap => ({ ms: performance.now() });
const since = (from: Lap) => performance.now() - from.ms;

/** Files in the module cache, and whether any belongs to a @pulumi package. */
function moduleStats(): { modules: number; pulumiModules: number } {
  const files = Object.keys(require.cache);
  return { modules: files.length, pulumiModules: files.filter((f) => f.includes("/node_modules/@pulumi/")).length };
}

function report(fields: Record<string, unknown>): void {
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const heap = getHeapStatistics();
  const heapMiB = { heapUsedMiB: heap.used_heap_size / 2 ** 20, heapLimitMiB: heap.heap_size_limit / 2 ** 20 };
  process.stdout.write(`BENCH ${JSON.stringify({ ...fields, wallMs: performance.now(), maxRssMiB, ...heapMiB, ...moduleStats() })}\n`);
}

/** The provider submodules the program imports (components/resourceTypes.ts). */
const SUBMODULES = [
  "@pulumi/datadog/dashboardJson",
  "@pulumi/datadog/monitor",
  "@pulumi/datadog/pagerduty/integration",
  "@pulumi/datadog/pagerduty/serviceObject",
  "@pulumi/datadog/serviceLevelObjective",
  "@pulumi/pagerduty/escalationPolicy",
  "@pulumi/pagerduty/getUser",
  "@pulumi/pagerduty/getVendor",
  "@pulumi/pagerduty/schedule",
  "@pulumi/pagerduty/service",
  "@pulumi/pagerduty/serviceIntegration",
];

const CORE = ["../compiler/checkInventory", "../compiler/lower/lowerInventory", "../compiler/plan/plannedResource"];

/** Each target: modules loaded untimed first, then the timed ones. */
const LOAD_TARGETS: Record<string, { readonly before: readonly string[]; readonly timed: () => void }> = {
  // everything the spec path computes with; must not pull in Pulumi
  core: { before: [], timed: () => CORE.forEach((m) => require(m)) },
  // the program's module graph: the core plus the components, Pulumi and the providers
  program: { before: [], timed: () => [...CORE, "../components/index"].forEach((m) => require(m)) },
  pulumi: { before: [], timed: () => require("@pulumi/pulumi") },
  // The provider comparisons load @pulumi/pulumi first, untimed: it is common to both and
  // its load time varies by more than the difference being measured.
  submodules: { before: ["@pulumi/pulumi"], timed: () => SUBMODULES.forEach((m) => require(m)) },
  whole: {
    before: ["@pulumi/pulumi"],
    timed: () => {
      require("@pulumi/datadog");
      require("@pulumi/pagerduty");
    },
  },
  "whole-used": {
    before: ["@pulumi/pulumi"],
    timed: () => {
      // as `whole`, then the classes the program uses touched: the packages load them lazily
      const datadog = require("@pulumi/datadog") as typeof import("@pulumi/datadog");
      const pagerduty = require("@pulumi/pagerduty") as typeof import("@pulumi/pagerduty");
      void [datadog.DashboardJson, datadog.Monitor, datadog.ServiceLevelObjective, datadog.pagerduty.Integration, datadog.pagerduty.ServiceObject];
      void [pagerduty.EscalationPolicy, pagerduty.getUserOutput, pagerduty.getVendorOutput, pagerduty.Schedule, pagerduty.Service, pagerduty.ServiceIntegration];
    },
  },
};

function loadOnly(what: string): void {
  const target = LOAD_TARGETS[what];
  if (!target) throw new Error(`unknown load target ${what}`);
  for (const m of target.before) require(m);
  const modulesBefore = moduleStats().modules;
  const start = lap();
  target.timed();
  const loadMs = since(start);
  report({ mode: `load ${what}`, loadMs, modulesLoaded: moduleStats().modules - modulesBefore });
}

async function plan(engine: "spec" | "mock", inventoryDir: string, runbooksDir: string): Promise<void> {
  let t = lap();
  const { checkInventory, handOverCheck } = require("../compiler/checkInventory") as typeof import("../compiler/checkInventory");
  const { lowerInventory } = require("../compiler/lower/lowerInventory") as typeof import("../compiler/lower/lowerInventory");
  const { CONFIG_KEYS, settingsFromConfig } = require("../compiler/lower/settings") as typeof import("../compiler/lower/settings");
  const { plannedResources } = require("../compiler/plan/plannedResource") as typeof import("../compiler/plan/plannedResource");
  const { renderText } = require("../compiler/plan/renderPlan") as typeof import("../compiler/plan/renderPlan");
  const { readStackConfig } = require("../cli/stackConfig") as typeof import("../cli/stackConfig");
  const { forwarderSecretKeys } = require("../compiler/lower/forwarder") as typeof import("../compiler/lower/forwarder");
  // The mock path's own modules: the mock engine (@pulumi/pulumi) and the program's
  // components and providers. Loading the components registers no resources; index.ts,
  // required by runProgramUnderMocks, does, and then finds these in the module cache.
  const mockEngine = engine === "mock" ? (require("../cli/mockEngine") as typeof import("../cli/mockEngine")) : undefined;
  if (engine === "mock") require("../components/index");
  const loadMs = since(t);

  // As cli/plan.ts: the stack's config with the folders overridden, then check first.
  t = lap();
  const config = readStackConfig("prod");
  config[CONFIG_KEYS.inventoryDir] = inventoryDir;
  config[CONFIG_KEYS.runbooksDir] = runbooksDir;
  const result = checkInventory({ inventoryDir, runbooksDir });
  if (!result.inventory) throw new Error("synthetic inventory should be valid");
  const checkMs = since(t);

  t = lap();
  const settings = settingsFromConfig((k) => config[k] || undefined);
  if (mockEngine) handOverCheck({ inventoryDir, runbooksDir }, result);
  const resources = mockEngine
    ? (await mockEngine.runProgramUnderMocks(config, "prod", forwarderSecretKeys(result.inventory))).resources
    : plannedResources(lowerInventory(result.inventory, settings));
  const planMs = since(t);

  t = lap();
  const text = renderText(resources, result.inventory);
  const renderMs = since(t);

  report({ mode: engine, resources: resources.length, textBytes: text.length, loadMs, checkMs, planMs, renderMs });
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "load") loadOnly(args[0]);
  else if ((mode === "spec" || mode === "mock") && args.length === 2) await plan(mode, args[0], args[1]);
  else throw new Error("usage: plan.worker.ts spec|mock INVENTORY-DIR RUNBOOKS-DIR | load TARGET");
  // Nothing left to wait for; do not let a lingering handle stretch the measured process.
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
