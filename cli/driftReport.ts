/**
 * `npm run drift-report -- --stack NAME=OUTCOME [--stack NAME=OUTCOME ...] [--previews DIR]
 *     [--run-url URL] [--commit SHA] [--output FILE] [--summary FILE] [--markdown FILE]`
 * The scheduled drift check's verdict (.github/workflows/drift.yml): each --stack gives a stack's
 * expect-no-changes preview outcome (success, failure, skipped, cancelled, or undeployed for a
 * stack without a last-good tag, which has no deployed commit to preview); for a failure,
 * DIR/<stack>.json is its `pulumi preview --refresh --json`. Prints the report
 * (ops/release/driftReport.ts); --markdown writes the issue body, --summary appends it
 * ($GITHUB_STEP_SUMMARY), --output appends `drifted`, `complete` and the multi-line `body`
 * ($GITHUB_OUTPUT). Exits 1 when a stack could not be checked (its preview failed for another
 * reason than drift), else 0: drift itself is reported by the issue, not by a red run.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactEnvSecrets } from "../compiler/redact";
import { classifyPreview, driftReport, type StackOutcome } from "../ops/release/driftReport";
import { parseCliArgs, runCli, UsageError } from "./run";

const OUTCOMES: readonly StackOutcome[] = ["success", "failure", "skipped", "cancelled", "undeployed"];
const USAGE = `usage: npm run drift-report -- --stack NAME=OUTCOME [--stack NAME=OUTCOME ...] [--previews DIR] [--run-url URL] [--commit SHA] [--output FILE] [--summary FILE] [--markdown FILE]  (OUTCOME: ${OUTCOMES.join(", ")})`;

runCli("drift-report", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    stack: { type: "string", multiple: true },
    previews: { type: "string" },
    "run-url": { type: "string" },
    commit: { type: "string" },
    output: { type: "string" },
    summary: { type: "string" },
    markdown: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (!values.stack?.length) throw new UsageError(`name at least one --stack NAME=OUTCOME\n${USAGE}`);
  const runUrl = values["run-url"]?.trim() || undefined;
  if (runUrl !== undefined && !/^https:\/\/[^\s()<>]+$/.test(runUrl)) throw new UsageError(`--run-url must be an https address\n${USAGE}`);
  const commit = values.commit?.trim() || undefined;
  if (commit !== undefined && !/^[0-9a-f]{7,40}$/.test(commit)) throw new UsageError(`--commit must be a commit SHA\n${USAGE}`);

  const stacks = values.stack.map((arg) => {
    const m = /^([a-z][a-z0-9-]{0,31})=([a-z]+)$/.exec(arg.trim());
    if (!m || !OUTCOMES.includes(m[2] as StackOutcome)) throw new UsageError(`--stack ${arg}: expected NAME=OUTCOME with OUTCOME one of ${OUTCOMES.join(", ")}\n${USAGE}`);
    const [, stack, outcome] = m as unknown as [string, string, StackOutcome];
    const file = values.previews ? join(values.previews, `${stack}.json`) : undefined;
    const json = outcome === "failure" && file && existsSync(file) ? readFileSync(file, "utf8") : undefined;
    return classifyPreview({ stack, outcome, json });
  });
  const report = driftReport(stacks, { runUrl, commit });
  // The JSON preview carries stack config, its secrets blinded by Pulumi; the environment's keys are removed too.
  const body = redactEnvSecrets(report.markdown);
  for (const s of stacks) process.stdout.write(`drift-report: ${s.stack}: ${s.kind === "clean" ? "no drift" : s.kind === "undeployed" ? "not checked: no verified deploy yet (no last-good tag)" : s.kind === "drift" ? `drift (${s.lines.length} resource(s))` : `not checked: ${s.why}`}\n`);
  if (values.markdown) writeFileSync(values.markdown, body);
  if (values.summary) appendFileSync(values.summary, `${body}\n`);
  if (values.output) {
    // A delimiter the body cannot contain, as GitHub's multi-line output syntax requires.
    const delimiter = `DRIFT_${randomBytes(16).toString("hex")}`;
    appendFileSync(values.output, `drifted=${report.drifted}\ncomplete=${report.complete}\nbody<<${delimiter}\n${body}\n${delimiter}\n`);
  }
  return report.complete ? 0 : 1;
});
