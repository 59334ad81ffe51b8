/**
 * Whether a failed deploy job redeploys the last good commit, from the outcomes of its steps
 * (GitHub's `steps.<id>.outcome`: success, failure, cancelled, skipped). Pure: the workflow
 * passes the outcomes and the commits, cli/rollbackPlan.ts writes the decision out.
 *
 * A rollback is for a deployment that went through and then failed its checks: `pulumi up`
 * succeeded, then verify-deploy (monitors and SLOs read back from Datadog) or the synthetic
 * webhook (one signed event through the real Function URL) failed. Then the last good commit,
 * recorded as the stack tag `last-good` after its own verified deploy, is deployed again.
 * Nothing is rolled back when:
 * - `pulumi up` did not succeed: nothing new is live to take back (a failed up leaves its partial
 *   changes; the next deploy or a manual `pulumi up` of the last good commit settles them);
 * - a check was cancelled: the run was stopped by a person or the timeout, who decides;
 * - no last good commit is recorded (the stack's first verified deploy records one);
 * - the last good commit is this very commit: it passed before, so what fails now is outside the
 *   change (a vendor, a credential), and deploying it again changes nothing.
 */

export const STEP_OUTCOMES = ["success", "failure", "cancelled", "skipped"] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export interface DeployOutcome {
  readonly stack: string;
  /** The commit this run deployed (full SHA). */
  readonly deployed: string;
  /** The stack's `last-good` tag before this run; undefined when it has none. */
  readonly lastGood?: string;
  readonly up: StepOutcome;
  readonly verify: StepOutcome;
  readonly synthetic: StepOutcome;
}

/** The post-deploy checks, by the words the decision uses. */
const CHECKS = [
  { key: "verify", failed: "verify-deploy failed (a monitor or SLO is missing or wrong in Datadog)" },
  { key: "synthetic", failed: "the synthetic webhook was not delivered through the forwarder" },
] as const;

export type RollbackDecision =
  | { readonly rollback: true; readonly to: string; readonly reason: string }
  | { readonly rollback: false; readonly reason: string };

export function decideRollback(o: DeployOutcome): RollbackDecision {
  const keep = (reason: string): RollbackDecision => ({ rollback: false, reason });
  if (o.up === "failure") return keep(`pulumi up failed on ${o.stack}, so nothing new is live to roll back; its partial changes stay until the next deploy${o.lastGood ? ` or a manual pulumi up of the last good commit ${o.lastGood}` : ""}.`);
  if (o.up !== "success") return keep(`pulumi up did not run on ${o.stack} (${o.up}): nothing was deployed.`);
  const outcomes = { verify: o.verify, synthetic: o.synthetic };
  const cancelled = CHECKS.filter((c) => outcomes[c.key] === "cancelled");
  if (cancelled.length) return keep(`${cancelled.map((c) => c.key).join(" and ")} was cancelled on ${o.stack}: whoever stopped the run decides whether to roll back.`);
  const failed = CHECKS.filter((c) => outcomes[c.key] === "failure").map((c) => c.failed);
  if (failed.length === 0) return keep(`the deploy of ${o.deployed} to ${o.stack} passed its checks.`);
  const what = `${capitalize(failed.join(", and "))} after deploying ${o.deployed} to ${o.stack}`;
  if (o.lastGood === undefined) return keep(`${what}; ${o.stack} has no last good commit recorded (its first verified deploy records one), so it stays as deployed.`);
  if (o.lastGood === o.deployed) return keep(`${what}; that commit is the last good one (verified before), so the cause is outside the change and deploying it again would change nothing.`);
  return { rollback: true, to: o.lastGood, reason: `${what}; rolling back to the last good commit ${o.lastGood}.` };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
