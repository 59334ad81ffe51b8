/**
 * `check` in process, on synthetic inventories with runbooks, against the floors of reading the
 * same files: a bare YAML.parse (read + `yaml`'s parse) and a JSON.parse of the same data.
 * Medians of interleaved rounds, so a busy machine slows every figure alike and ratios hold.
 * Targets: issue 3 (1,000 integrations in under 1.5 s; t(1000)/t(100) <= 12) and issue 17 at
 * 1,000 integrations: check <= 0.45x the bare YAML.parse; with the cache warm and 1 file changed
 * <= 0.3 s; every file broken (1,000 diagnostics, each file reparsed for its position) reported,
 * at about the `yaml`-tier-only check's cost.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseEvents } from "js-yaml";
import { parse } from "yaml";
import { checkInventoryAndTransforms, type CheckOptions, type InventoryLocation } from "../compiler/checkInventory";
import { yamlTierReason } from "../compiler/load/fastYamlScreen";
import { listInventoryFiles } from "../compiler/load/readInventory";
import { parseYamlFile } from "../compiler/load/yamlFile";
import { parseInventoryFile } from "../compiler/validate/parseFile";
import { fmt, medianMs, verdict, writeSynthetic } from "./support";
import { benchCheckFreshProcess } from "./freshProcess";

/** today's check before issue 17: every file through the `yaml` document API. */
const YAML_ONLY: CheckOptions = { parseFile: (file, text) => parseInventoryFile(file, text, parseYamlFile) };

type Timed = Record<string, () => unknown>;

/** Wall and CPU (user + system, this process) milliseconds. */
interface Times {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Medians of each function over `rounds` rounds that run them one after the other (after one
 * warm-up round). CPU time is printed beside wall time: on a machine shared with other work the
 * wall clock of each run varies twofold, this process's CPU time far less.
 */
async function interleaved(rounds: number, fns: Timed): Promise<Record<string, Times>> {
  const walls: Record<string, number[]> = {};
  const cpus: Record<string, number[]> = {};
  for (let round = -1; round < rounds; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(cpu);
      if (round < 0) continue;
      (walls[name] ??= []).push(Number(process.hrtime.bigint() - start) / 1e6);
      (cpus[name] ??= []).push((used.user + used.system) / 1e3);
    }
  }
  const median = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  return Object.fromEntries(Object.keys(walls).map((name) => [name, { wall: median(walls[name]), cpu: median(cpus[name]) }]));
}

const valid = async (location: InventoryLocation, options: CheckOptions = {}) => {
  if (!(await checkInventoryAndTransforms(location, options)).inventory) throw new Error("synthetic inventory should be valid");
};

export async function benchCheck(): Promise<void> {
  console.log("## check");
  await scaling();
  await atOneThousand();
  benchCheckFreshProcess();
}

/** Issue 3's rows: 10, 100 and 1,000 integrations. */
async function scaling(): Promise<void> {
  console.log("integrations | files | check (median) | bare YAML parse | check / bare");
  const times = new Map<number, number>();
  for (const count of [10, 100]) {
    const location = writeSynthetic(count);
    const files = listInventoryFiles(location.inventoryDir);
    const check = await medianMs(9, () => valid(location));
    const bare = await medianMs(9, () => files.forEach((f) => parse(readFileSync(f, "utf8"))));
    times.set(count, check);
    console.log(`${count} | ${files.length} | ${fmt(check)} | ${fmt(bare)} | ${(check / bare).toFixed(2)}`);
    rmSync(dirname(location.inventoryDir), { recursive: true, force: true });
  }
  const location = writeSynthetic(1000);
  const t1000 = await medianMs(3, () => valid(location));
  rmSync(dirname(location.inventoryDir), { recursive: true, force: true });
  console.log(`1,000 integrations: ${fmt(t1000)} (target < 1500 ms): ${verdict(t1000 < 1500)}`);
  const growth = t1000 / times.get(100)!;
  console.log(`growth t(1000)/t(100): ${growth.toFixed(2)} (target <= 12): ${verdict(growth <= 12)}`);
}

/** Issue 17's rows, all from one run of interleaved rounds. */
async function atOneThousand(): Promise<void> {
  const location = writeSynthetic(1000);
  const root = dirname(location.inventoryDir);
  const files = listInventoryFiles(location.inventoryDir);
  const texts = files.map((f) => readFileSync(f, "utf8"));
  const json = texts.map((t) => JSON.stringify(parse(t)));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const fast = texts.filter((t) => yamlTierReason(t, parseEvents(t, {})) === undefined).length;
  console.log(`1,000 integrations: ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB of YAML, ${fast} read by the fast tier`);

  // Every integration broken (a schema error each), in a copy: each file is reparsed to position its diagnostic.
  const broken = copyInventory(location, "broken", (t) => t.replace(/^tier: \d$/m, "tier: high"));
  // A warm cache, and one file that changes before every run.
  const cacheFile = join(mkdtempSync(join(tmpdir(), "bench-cache-")), ".checkcache");
  const changing = files.find((f) => f.includes(`${join("integrations", "integration-0500")}`))!;
  const original = readFileSync(changing, "utf8");
  let edits = 0;
  await valid(location, { cacheFile });

  const t = await interleaved(5, {
    bare: () => files.forEach((f) => parse(readFileSync(f, "utf8"))),
    json: () => json.forEach((j) => JSON.parse(j)),
    yamlOnly: () => valid(location, YAML_ONLY),
    twoTier: () => valid(location),
    warm: () => {
      writeFileSync(changing, original.replace("description: ", `description: edit ${++edits}; `));
      return valid(location, { cacheFile });
    },
    brokenYamlOnly: () => checkInventoryAndTransforms(broken, YAML_ONLY),
    brokenTwoTier: () => checkInventoryAndTransforms(broken),
  });
  writeFileSync(changing, original);
  const brokenCount = (await checkInventoryAndTransforms(broken)).diagnostics.length;

  console.log("what | median wall | median CPU | vs bare YAML.parse (wall, CPU)");
  const row = (what: string, x: Times) => console.log(`${what} | ${fmt(x.wall)} | ${fmt(x.cpu)} | ${(x.wall / t.bare.wall).toFixed(2)}, ${(x.cpu / t.bare.cpu).toFixed(2)}`);
  row("read + YAML.parse (`yaml`) of every file", t.bare);
  row("JSON.parse of the same data (the floor)", t.json);
  row("check, `yaml` tier only (before issue 17)", t.yamlOnly);
  row("check, two tiers", t.twoTier);
  row("check --cache, warm, 1 file changed", t.warm);
  row(`every file broken (${brokenCount} diagnostics), \`yaml\` tier only`, t.brokenYamlOnly);
  row("every file broken, two tiers", t.brokenTwoTier);
  const ratio = (a: Times, b: Times) => ({ wall: a.wall / b.wall, cpu: a.cpu / b.cpu });
  const both = (r: Times) => `${r.wall.toFixed(2)} wall, ${r.cpu.toFixed(2)} CPU`;
  const vsBare = ratio(t.twoTier, t.bare);
  console.log(`two tiers / bare YAML.parse: ${both(vsBare)} (target <= 0.45): ${verdict(vsBare.wall <= 0.45)} wall, ${verdict(vsBare.cpu <= 0.45)} CPU`);
  console.log(`two tiers / yaml tier only: ${both(ratio(t.twoTier, t.yamlOnly))}`);
  console.log(`warm cache, 1 file changed: ${fmt(t.warm.wall)} wall, ${fmt(t.warm.cpu)} CPU (target <= 300 ms): ${verdict(t.warm.wall <= 300)} wall, ${verdict(t.warm.cpu <= 300)} CPU`);
  console.log(`every file broken, two tiers / yaml tier only: ${both(ratio(t.brokenTwoTier, t.brokenYamlOnly))} (issue 17 measured 1.1)`);
  rmSync(root, { recursive: true, force: true });
  rmSync(dirname(broken.inventoryDir), { recursive: true, force: true });
  rmSync(dirname(cacheFile), { recursive: true, force: true });
}

/** A copy of the inventory (same runbooks) with every integration file passed through `change`. */
function copyInventory(location: InventoryLocation, name: string, change: (text: string) => string): InventoryLocation {
  const root = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  for (const file of listInventoryFiles(location.inventoryDir)) {
    const target = join(root, "inventory", file.slice(location.inventoryDir.length));
    const text = readFileSync(file, "utf8");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.includes("integrations") ? change(text) : text);
  }
  return { inventoryDir: join(root, "inventory"), runbooksDir: location.runbooksDir };
}
