// Prints failing tests from mocha's JSON report, then mocha's counts as the last line
// (after "<label>:" when a label is given, for a run that is not the last: .ci/run's Node 24 run).
const { readFileSync } = require("node:fs");

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const label = process.argv[3] ? `${process.argv[3]}: ` : "";
for (const t of report.failures) {
  console.log(`FAILED ${t.fullTitle}\n  ${String(t.err.message || "").split("\n").join("\n  ")}`);
  if (t.err.stack) console.log(`  ${t.err.stack.split("\n").slice(1, 4).join("\n  ")}`);
}
const { passes, failures, pending, duration } = report.stats;
console.log(`${label}mocha: ${report.stats.tests} tests in ${(duration / 1000).toFixed(1)} s`);
console.log(`${label}${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
