/**
 * `npm run rollback-plan -- --stack prod --deployed SHA [--last-good SHA] --up OUTCOME --verify OUTCOME
 *     --synthetic OUTCOME [--output FILE] [--summary FILE]`
 * Run by a deploy job that failed: decides whether to redeploy the last good commit
 * (ops/release/rollbackDecision.ts) from its steps' outcomes (success, failure, cancelled,
 * skipped). Prints the decision; --output appends `rollback=true|false`, `ref=<sha>` and
 * `reason=<sentence>` (the workflow passes $GITHUB_OUTPUT), --summary a markdown paragraph
 * ($GITHUB_STEP_SUMMARY). Exits 0 once it has decided, 2 on a bad argument.
 */
import { appendFileSync } from "node:fs";
import { decideRollback, STEP_OUTCOMES, type StepOutcome } from "../ops/release/rollbackDecision";
import { parseCliArgs, runCli, UsageError } from "./run";

const USAGE = `usage: npm run rollback-plan -- --stack NAME --deployed SHA [--last-good SHA] --up OUTCOME --verify OUTCOME --synthetic OUTCOME [--output FILE] [--summary FILE]  (OUTCOME: ${STEP_OUTCOMES.join(", ")})`;
const SHA = /^[0-9a-f]{40}$/;

runCli("rollback-plan", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    stack: { type: "string" },
    deployed: { type: "string" },
    "last-good": { type: "string" },
    up: { type: "string" },
    verify: { type: "string" },
    synthetic: { type: "string" },
    output: { type: "string" },
    summary: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const stack = values.stack?.trim() ?? "";
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(stack)) throw new UsageError(`--stack must name a stack such as prod or staging\n${USAGE}`);
  // The tag is read with `pulumi stack tag get`, which prints nothing when it is not set: empty means none.
  const lastGood = values["last-good"]?.trim() ? sha("--last-good", values["last-good"]) : undefined;
  const decision = decideRollback({
    stack,
    deployed: sha("--deployed", values.deployed),
    lastGood,
    up: outcome("--up", values.up),
    verify: outcome("--verify", values.verify),
    synthetic: outcome("--synthetic", values.synthetic),
  });
  process.stdout.write(`rollback-plan: ${decision.rollback ? "roll back" : "no rollback"}: ${decision.reason}\n`);
  if (values.output) appendFileSync(values.output, `rollback=${decision.rollback}\nref=${decision.rollback ? decision.to : ""}\nreason=${decision.reason}\n`);
  if (values.summary) {
    const heading = decision.rollback ? `Rolling back ${stack} to ${decision.to.slice(0, 7)}` : `No rollback of ${stack}`;
    appendFileSync(values.summary, `### ${heading}\n\n${decision.reason}\n\n`);
  }
  return 0;
});

function sha(flag: string, value: string | undefined): string {
  const v = value?.trim().toLowerCase() ?? "";
  if (!SHA.test(v)) throw new UsageError(`${flag} must be a full 40-character commit SHA\n${USAGE}`);
  return v;
}

function outcome(flag: string, value: string | undefined): StepOutcome {
  if (STEP_OUTCOMES.includes(value as StepOutcome)) return value as StepOutcome;
  throw new UsageError(`${flag} must be one of ${STEP_OUTCOMES.join(", ")}, not "${value ?? ""}"\n${USAGE}`);
}
