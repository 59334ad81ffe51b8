/**
 * `plan` on synthetic inventories of 10, 100 and 1,000 integrations (1,000 gives 19,009
 * resources), on both paths: the spec path (check -> lower -> planned resources) and the
 * mock path (the real Pulumi program under Pulumi's mock engine). Every measurement is a
 * fresh process running bench/plan.worker.ts, as `npm run plan` would be: wall time from
 * spawn to exit, peak RSS, planned resources per second, and the in-process phases.
 * Then the load time of the module graphs: the Pulumi-free core, the whole program, and
 * the provider submodules the program imports against the whole provider packages.
 *
 * Targets: spec path 1,000 integrations in under 3 s; mock path in under 30 s and under
 * 4 GiB peak RSS; near-linear growth on both, t(1000)/t(100) <= 12.
 *
 * The mock engine itself (cli/mockEngine.ts) turns off stack traces and source maps: Pulumi
 * keeps a stack trace on every promise it makes, each one source-mapped under tsx, and that
 * was 4x the rest of the run (the per-resource source position still takes a full trace:
 * Resource.callsites() lifts the limit).
 */
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { verdict, writeSynthetic } from "./support";
import { benchPlanFreshProcess } from "./freshProcess";
import { medianRun as medianRunOf, runWorker as runWorkerOf, type Measured as MeasuredOf, type Outcome as OutcomeOf } from "./worker";

const WORKER = join(__dirname, "plan.worker.ts");

const SIZES: readonly number[] = [10, 100, 1000];
const SPEC_TARGET_MS = 3000;
const MOCK_TARGET_MS = 30_000;
const MOCK_TARGET_RSS_MIB = 4096;
const GROWTH_TARGET = 12;

/** What the worker reports; times in ms since its process started. */
interface WorkerReport {
  readonly mode: string;
  readonly wallMs: number;
  readonly maxRssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapLimitMiB: number;
  readonly modules: number;
  readonly pulumiModules: number;
  readonly loadMs: number;
  readonly modulesLoaded?: number;
  readonly resources?: number;
  readonly checkMs?: number;
  readonly planMs?: number;
  readonly renderMs?: number;
}

type Measured = MeasuredOf<WorkerReport>;
type Outcome = OutcomeOf<WorkerReport>;

const runWorker = (args: readonly string[], nodeOptions: readonly string[] = []): Outcome => runWorkerOf<WorkerReport>(WORKER, args, nodeOptions);
const medianRun = (repeats: number, args: readonly string[], nodeOptions: readonly string[] = []): Outcome => medianRunOf<WorkerReport>(WORKER, repeats, args, nodeOptions);

const ms = (v: number) => `${v.toFixed(v < 100 ? 1 : 0)} ms`;
const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
const mib = (v: number) => `${v.toFixed(0)} MiB`;
/** Check + plan + render: the work that grows with the inventory, without start-up and module load. */
const workMs = (m: Measured) => (m.checkMs ?? 0) + (m.planMs ?? 0) + (m.renderMs ?? 0);

interface PathRun {
  readonly label: string;
  readonly engine: "spec" | "mock";
  readonly count: number;
  readonly runs: number;
  readonly nodeOptions: readonly string[];
}

function planRows(): Map<string, Outcome> {
  console.log("integrations | path | runs | resources | wall (spawn to exit) | start-up + load | check | plan | render | peak RSS | heap at end | resources/s (wall) | resources/s (plan phase)");
  const configs: PathRun[] = [];
  for (const count of SIZES) {
    configs.push({ label: "spec", engine: "spec", count, runs: 3, nodeOptions: [] });
    configs.push({ label: "mock", engine: "mock", count, runs: count >= 100 ? 1 : 3, nodeOptions: [] });
  }
  const results = new Map<string, Outcome>();
  const locations = new Map(SIZES.map((count) => [count, writeSynthetic(count)]));
  // Untimed warm-up: fills tsx's transform cache and the file cache for every module used.
  runWorker(["mock", locations.get(10)!.inventoryDir, locations.get(10)!.runbooksDir], []);
  for (const c of configs) {
    const location = locations.get(c.count)!;
    const outcome = medianRun(c.runs, [c.engine, location.inventoryDir, location.runbooksDir], c.nodeOptions);
    results.set(`${c.label}@${c.count}`, outcome);
    if (!("ok" in outcome)) {
      console.log(`${c.count} | ${c.label} | ${c.runs} | FAILED: ${outcome.error}`);
      continue;
    }
    const m = outcome.ok;
    const resources = m.resources ?? 0;
    console.log(
      [
        c.count,
        c.label,
        c.runs === 1 ? "1" : `median of ${c.runs}`,
        resources,
        s(m.processMs),
        ms(m.wallMs - workMs(m)),
        ms(m.checkMs ?? 0),
        ms(m.planMs ?? 0),
        ms(m.renderMs ?? 0),
        mib(m.maxRssMiB),
        `${mib(m.heapUsedMiB)} of ${mib(m.heapLimitMiB)}`,
        Math.round(resources / (m.processMs / 1000)),
        Math.round(resources / ((m.planMs ?? 0) / 1000)),
      ].join(" | "),
    );
  }
  for (const location of locations.values()) rmSync(dirname(location.inventoryDir), { recursive: true, force: true });
  return results;
}

function planVerdicts(results: Map<string, Outcome>): void {
  const get = (key: string) => {
    const o = results.get(key);
    return o && "ok" in o ? o.ok : undefined;
  };
  for (const count of SIZES) {
    const spec = get(`spec@${count}`);
    const mock = get(`mock@${count}`);
    if (spec && mock && spec.resources !== mock.resources) {
      console.log(`${count} integrations: the paths disagree: spec ${spec.resources} resources, mock ${mock.resources}`);
    }
  }
  for (const path of ["spec", "mock"]) {
    const t100 = get(`${path}@100`);
    const t1000 = get(`${path}@1000`);
    if (!t100 || !t1000) {
      console.log(`${path}: growth t(1000)/t(100): not measured (a run failed)`);
      continue;
    }
    const growth = workMs(t1000) / workMs(t100);
    const wallGrowth = t1000.processMs / t100.processMs;
    console.log(
      `${path}: growth t(1000)/t(100) of check + plan + render: ${growth.toFixed(2)} (target <= ${GROWTH_TARGET}): ${verdict(growth <= GROWTH_TARGET)}` +
        `; of the whole process: ${wallGrowth.toFixed(2)}`,
    );
  }
  const spec = get("spec@1000");
  console.log(spec ? `spec path, 1,000 integrations: ${s(spec.processMs)} (target < ${s(SPEC_TARGET_MS)}): ${verdict(spec.processMs < SPEC_TARGET_MS)}` : "spec path, 1,000 integrations: FAILED");
  const mock = get("mock@1000");
  if (mock) {
    console.log(`mock path, 1,000 integrations: ${s(mock.processMs)} (target < ${s(MOCK_TARGET_MS)}): ${verdict(mock.processMs < MOCK_TARGET_MS)}`);
    console.log(`mock path, 1,000 integrations: peak RSS ${mib(mock.maxRssMiB)} (target < ${mib(MOCK_TARGET_RSS_MIB)}): ${verdict(mock.maxRssMiB < MOCK_TARGET_RSS_MIB)}`);
  } else {
    console.log("mock path, 1,000 integrations: FAILED (both targets missed)");
  }
  if (spec && mock) console.log(`mock / spec at 1,000: ${(mock.processMs / spec.processMs).toFixed(1)}x wall, ${(mock.maxRssMiB / spec.maxRssMiB).toFixed(1)}x peak RSS`);
}

const LOADS: readonly { readonly target: string; readonly what: string }[] = [
  { target: "core", what: "core load (Pulumi-free): checkInventory, lowerInventory, plannedResource" },
  { target: "program", what: "program load: core + components/index (Pulumi, provider submodules)" },
  { target: "pulumi", what: "@pulumi/pulumi alone" },
  { target: "submodules", what: "the 11 provider submodules the program imports, @pulumi/pulumi loaded first" },
  { target: "whole", what: "@pulumi/datadog + @pulumi/pagerduty whole packages, @pulumi/pulumi loaded first" },
  { target: "whole-used", what: "whole packages, then the 11 classes the program uses touched, @pulumi/pulumi loaded first" },
];

const LOAD_REPEATS = 3;

function loadRows(): void {
  console.log(`module graph | load (median of ${LOAD_REPEATS}) | modules loaded | @pulumi modules in the process | peak RSS | process wall`);
  const loads = new Map<string, Measured>();
  for (const { target, what } of LOADS) {
    const outcome = medianRun(LOAD_REPEATS, ["load", target]);
    if (!("ok" in outcome)) {
      console.log(`${what} | FAILED: ${outcome.error}`);
      continue;
    }
    const m = outcome.ok;
    loads.set(target, m);
    console.log(`${what} | ${ms(m.loadMs)} | ${m.modulesLoaded} | ${m.pulumiModules} | ${mib(m.maxRssMiB)} | ${ms(m.processMs)}`);
  }
  const core = loads.get("core");
  const program = loads.get("program");
  if (core) console.log(`core load is Pulumi-free (no @pulumi module loaded): ${verdict(core.pulumiModules === 0)}`);
  if (core && program) {
    console.log(`core load ${ms(core.loadMs)}, program load ${ms(program.loadMs)}: Pulumi, components and providers add ${ms(program.loadMs - core.loadMs)}`);
  }
  const submodules = loads.get("submodules");
  for (const target of ["whole", "whole-used"]) {
    const whole = loads.get(target);
    if (!submodules || !whole) continue;
    const saved = whole.loadMs - submodules.loadMs;
    console.log(
      `provider load, submodules vs ${target}: ${ms(submodules.loadMs)} vs ${ms(whole.loadMs)} ` +
        `(${submodules.modulesLoaded} vs ${whole.modulesLoaded} modules): submodules ${saved >= 0 ? "save" : "cost"} ${ms(Math.abs(saved))}: ${verdict(saved > 0)}`,
    );
  }
}

export async function benchPlan(): Promise<void> {
  // Every figure is one process's wall time: anything else running on the machine shows up in it.
  console.log(`## plan (each run a fresh process; load average before: ${loadavg()[0].toFixed(2)})`);
  planVerdicts(planRows());
  console.log("## plan: module load (each run a fresh process)");
  loadRows();
  benchPlanFreshProcess();
}

if (require.main === module) void benchPlan();
