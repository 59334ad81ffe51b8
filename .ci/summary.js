// Prints failing tests from mocha's JSON report, then mocha's counts as the last line.
const { readFileSync } = require("node:fs");

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const t of report.failures) {
  console.log(`FAILED ${t.fullTitle}\n  ${String(t.err.message || "").split("\n").join("\n  ")}`);
  if (t.err.stack) console.log(`  ${t.err.stack.split("\n").slice(1, 4).join("\n  ")}`);
}
const { passes, failures, pending, duration } = report.stats;
console.log(`mocha: ${report.stats.tests} tests in ${(duration / 1000).toFixed(1)} s`);
console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
