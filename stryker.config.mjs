// StrykerJS configuration, one per scope (tools/mutationScopes.json): MUTATION_SCOPE picks which
// folder is mutated and which test files run against it. Start it with `npm run mutate -- <scope>`
// (tools/mutate.ts), which sets MUTATION_SCOPE and runs Stryker on Node 22 or later.
// Options: https://stryker-mutator.io/docs/stryker-js/configuration
//
// Equivalent mutants are not listed here but beside the code, so the reason travels with it:
//   // Stryker disable next-line <Mutator>: <one-line reason it changes nothing observable>
// (https://stryker-mutator.io/docs/stryker-js/disable-mutants). README, "Mutation testing".
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHIM = fileURLToPath(new URL("./tools/mochaCjsShim.cjs", import.meta.url));
const scopes = JSON.parse(readFileSync(new URL("./tools/mutationScopes.json", import.meta.url), "utf8"));
const name = process.env.MUTATION_SCOPE ?? "";
const scope = Object.hasOwn(scopes, name) ? scopes[name] : undefined;
const leaves = Object.keys(scopes).filter((key) => scopes[key].mutate);
if (!scope?.mutate) throw new Error(`MUTATION_SCOPE must be one of ${leaves.join(", ")} (got "${name}"); run: npm run mutate -- <scope>, which runs a group's parts one by one`);
// MUTATION_OUT names the report and sandbox folders instead of the scope, for a focused run
// (`--mutate file:line-line`) beside the scope's own run, which it must not overwrite.
const out = process.env.MUTATION_OUT || name;

export default {
  mutate: scope.mutate,
  testRunner: "mocha",
  // .mocharc.json still applies (extension ts, timeout); only the spec list is the scope's own.
  // MUTATION_SPEC (comma-separated test files) narrows it for a focused run of one file
  // (`--mutate compiler/lower/x.ts`): a shorter initial run; the score is then against those tests only.
  mochaOptions: { spec: process.env.MUTATION_SPEC ? process.env.MUTATION_SPEC.split(",") : scope.spec },
  // The mocha runner loads tests in-process, so .mocharc's `node-option: import=tsx` does not
  // reach it: the worker itself is started with tsx's loader, and with the shim that lets the
  // runner load Mocha 12 (tools/mochaCjsShim.cjs says why).
  testRunnerNodeArgs: ["--require", SHIM, "--import", "tsx"],
  // Each mutant runs only the tests that reached it in the initial run.
  coverageAnalysis: "perTest",
  // tsx does not type-check; a mutant that breaks types is still judged by the tests.
  checkers: [],
  concurrency: 2,
  timeoutMS: 20000,
  // The initial run records each test's coverage; on 2 shared cores it can take well over the
  // default 5 minutes.
  dryRunTimeoutMinutes: 30,
  // high/low only colour the report; `break` (the scope's breakBelow) fails the run below that score.
  thresholds: { high: 95, low: 90, break: scope.breakBelow ?? null },
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${out}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${out}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // Separate sandboxes so two scopes could run side by side; removed after a run.
  tempDirName: `.stryker-tmp/${out}`,
  // `--incremental` reuses the last run's results for mutants whose code and tests did not change
  // (https://stryker-mutator.io/docs/stryker-js/incremental/); one file per scope.
  incrementalFile: `reports/mutation/${out}/stryker-incremental.json`,
  // Build output and scratch folders are not copied into the sandbox (node_modules is linked), nor
  // hidden files at the root other than the ones tests read: a scratch file another process
  // deletes while Stryker copies the tree would abort the run.
  ignorePatterns: ["/dist", "/.bench", "/rollback", "/.*", "!/.mocharc.json", "!/.github", "!/.ci", "!/.gitignore", "*_tmp*", "*.tmp"],
  cleanTempDir: "always",
};
