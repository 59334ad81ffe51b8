/**
 * Fresh-process rows of the check and plan benchmarks (issue 17, start-up): each figure is one
 * process's wall time from spawn to exit, as a person or CI running `npm run check` / `npm run plan`
 * sees it without npm's own start. The commands run as their npm scripts do, through tools/cli.js
 * from their bundles; today's way before the bundles (tsx compiling the TypeScript) is shown beside.
 * Commands are run in interleaved rounds, so a slower moment of the machine falls on all of them,
 * and ratios are the median of each round's ratio. Beside wall time, each process's own CPU time
 * (user + system, from a probe it `--require`s): on a shared machine, waiting for a core inflates
 * wall time far more than it does CPU time.
 *
 * Floors printed beside: `node -e 0` (a process that does nothing), a fresh process's first
 * `require` of an empty file, and a fresh process that only reads and YAML.parses the same files
 * (the figure `check` is held to: at most 1.0x).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { listInventoryFiles } from "../compiler/load/readInventory";
import { verdict, writeSynthetic } from "./support";

const REPO = join(__dirname, "..");
const LAUNCHER = join(REPO, "tools", "cli.js");
const TSX = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;
const COUNT = 1000;
const CHECK_TARGET_RATIO = 1.0;
const PLAN_TARGET_MS = 2500;

interface Command {
  readonly label: string;
  readonly args: readonly string[];
  /** Rounds it runs in (the slow reference runs in the first few only). */
  readonly rounds: number;
}

/** One process: wall time spawn to exit, and the CPU time it used (user + system, which a busy machine inflates less). */
interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * A file `--require`d first by each measured process: at exit it writes the process's CPU time
 * to BENCH_CPU_OUT. A few lines, loaded in well under a millisecond.
 */
const CPU_PROBE = `process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeFileSync(process.env.BENCH_CPU_OUT, String((u.user + u.system) / 1000)); });\n`;

/** Times one process; its output is discarded (a plan of 1,000 integrations is megabytes). */
function timeProcess(args: readonly string[], scratch: string): Timing {
  const cpuOut = join(scratch, "cpu.txt");
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", join(scratch, "cpuProbe.js"), ...args], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: { ...process.env, BENCH_CPU_OUT: cpuOut } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.error?.message ?? `exit ${r.status}`}: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
  return { wallMs, cpuMs: Number(readFileSync(cpuOut, "utf8")) };
}

/** A process's first `require` of an empty file, timed inside it (the floor of loading any module). */
function requireEmptyMs(empty: string): number {
  const r = spawnSync(process.execPath, ["-e", `const t = process.hrtime.bigint(); require(${JSON.stringify(empty)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`], { encoding: "utf8" });
  return Number(r.stdout);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (v: number) => `${v.toFixed(v < 100 ? 1 : 0)} ms`;
const s = (v: number) => `${(v / 1000).toFixed(2)} s`;

/** Runs every command once per round, in turn; returns each one's timings by label. */
function interleaved(commands: readonly Command[], rounds: number, scratch: string): Map<string, Timing[]> {
  const times = new Map(commands.map((c) => [c.label, [] as Timing[]]));
  for (let round = 0; round < rounds; round++) {
    for (const c of commands) if (round < c.rounds) times.get(c.label)!.push(timeProcess(c.args, scratch));
  }
  return times;
}

/** Median of the per-round ratios a/b over the rounds both ran in. */
function pairedRatio(a: readonly Timing[], b: readonly Timing[], of: keyof Timing): number {
  return median(a.slice(0, Math.min(a.length, b.length)).map((t, i) => t[of] / b[i]![of]));
}

const wall = (t: readonly Timing[]) => median(t.map((x) => x.wallMs));
const cpu = (t: readonly Timing[]) => median(t.map((x) => x.cpuMs));

function printTimes(commands: readonly Command[], times: ReadonlyMap<string, Timing[]>): void {
  console.log("what | runs | wall, spawn to exit (median) | CPU, user + system (median)");
  for (const c of commands) console.log(`${c.label} | ${times.get(c.label)!.length} | ${s(wall(times.get(c.label)!))} | ${s(cpu(times.get(c.label)!))}`);
}

interface Setup {
  readonly location: { inventoryDir: string; runbooksDir: string };
  readonly scratch: string;
  readonly yamlOnly: string;
  readonly files: string;
  readonly empty: string;
}

function setUp(): Setup {
  const location = writeSynthetic(COUNT);
  const scratch = mkdtempSync(join(tmpdir(), "bench-fresh-"));
  const files = join(scratch, "files.json");
  writeFileSync(files, JSON.stringify(listInventoryFiles(location.inventoryDir)));
  // The floor for check: read and YAML.parse the same inventory files, nothing else, plain Node.
  const yamlOnly = join(scratch, "yamlOnly.js");
  writeFileSync(yamlOnly, `const { readFileSync } = require("node:fs");\nconst { parse } = require(${JSON.stringify(require.resolve("yaml"))});\nfor (const f of JSON.parse(readFileSync(process.argv[2], "utf8"))) parse(readFileSync(f, "utf8"));\n`);
  const empty = join(scratch, "empty.js");
  writeFileSync(empty, "");
  writeFileSync(join(scratch, "cpuProbe.js"), CPU_PROBE);
  return { location, scratch, yamlOnly, files, empty };
}

function tearDown(setup: Setup): void {
  rmSync(dirname(setup.location.inventoryDir), { recursive: true, force: true });
  rmSync(setup.scratch, { recursive: true, force: true });
}

function floorRows(setup: Setup, rounds: number): void {
  const nodeE0 = interleaved([{ label: "node -e 0", args: ["-e", "0"], rounds }], rounds, setup.scratch).get("node -e 0")!;
  const requireEmpty = Array.from({ length: rounds }, () => requireEmptyMs(setup.empty));
  console.log(`floor: \`node -e 0\` ${ms(wall(nodeE0))} spawn to exit (${ms(cpu(nodeE0))} CPU); a fresh process's first require of an empty file ${ms(median(requireEmpty))}`);
}

/** `check` at 1,000 integrations in a fresh process: the bundle, tsx (before), and a process that only YAML.parses the files. */
export function benchCheckFreshProcess(rounds = 5): void {
  console.log(`## check, fresh process (${COUNT.toLocaleString("en-US")} synthetic integrations; ${rounds} interleaved rounds, medians)`);
  const setup = setUp();
  try {
    const where = ["--inventory", setup.location.inventoryDir, "--runbooks", setup.location.runbooksDir];
    const commands: Command[] = [
      { label: "YAML.parse only (fresh process)", args: [setup.yamlOnly, setup.files], rounds },
      { label: "check, bundle (npm run check)", args: [LAUNCHER, "check", ...where], rounds },
      { label: "check, tsx (before issue 17)", args: ["--import", TSX, join(REPO, "cli", "check.ts"), ...where], rounds: Math.min(rounds, 3) },
    ];
    // Untimed: builds the bundle if a source changed and writes its code cache; fills the file cache.
    for (const c of commands) timeProcess(c.args, setup.scratch);
    const times = interleaved(commands, rounds, setup.scratch);
    printTimes(commands, times);
    floorRows(setup, rounds);
    const [floor, bundle, tsx] = commands.map((c) => times.get(c.label)!);
    const ratio = pairedRatio(bundle!, floor!, "wallMs");
    console.log(
      `check (bundle) / YAML.parse only, fresh processes: ${ratio.toFixed(2)} wall (target <= ${CHECK_TARGET_RATIO.toFixed(1)}): ${verdict(ratio <= CHECK_TARGET_RATIO)}; ` +
        `${pairedRatio(bundle!, floor!, "cpuMs").toFixed(2)} CPU; under tsx ${pairedRatio(tsx!, floor!, "wallMs").toFixed(2)} wall, ${pairedRatio(tsx!, floor!, "cpuMs").toFixed(2)} CPU`,
    );
  } finally {
    tearDown(setup);
  }
}

/** `plan` (spec path) at 1,000 integrations in a fresh process: the bundle against tsx (before). */
export function benchPlanFreshProcess(rounds = 5): void {
  console.log(`## plan, spec path, fresh process (${COUNT.toLocaleString("en-US")} synthetic integrations; ${rounds} interleaved rounds, medians)`);
  const setup = setUp();
  try {
    const where = ["--inventory", setup.location.inventoryDir, "--runbooks", setup.location.runbooksDir];
    const commands: Command[] = [
      { label: "plan, bundle (npm run plan)", args: [LAUNCHER, "plan", ...where], rounds },
      { label: "plan, tsx (before issue 17)", args: ["--import", TSX, join(REPO, "cli", "plan.ts"), ...where], rounds: Math.min(rounds, 3) },
    ];
    for (const c of commands) timeProcess(c.args, setup.scratch);
    const times = interleaved(commands, rounds, setup.scratch);
    printTimes(commands, times);
    floorRows(setup, rounds);
    const [bundle, tsx] = commands.map((c) => times.get(c.label)!);
    console.log(
      `plan, spec path, fresh process: ${s(wall(bundle!))} (target < ${s(PLAN_TARGET_MS)}): ${verdict(wall(bundle!) < PLAN_TARGET_MS)}; ${s(cpu(bundle!))} CPU; ` +
        `tsx / bundle ${pairedRatio(tsx!, bundle!, "wallMs").toFixed(2)} wall, ${pairedRatio(tsx!, bundle!, "cpuMs").toFixed(2)} CPU`,
    );
  } finally {
    tearDown(setup);
  }
}
