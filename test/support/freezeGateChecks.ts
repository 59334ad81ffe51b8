/**
 * What main.yml's change-freeze gate must get right (README, "Change freezes"), as a function
 * from a parsed workflow to problems, in the style of workflowChecks.ts: the gate runs in the
 * prod deploy job before `pulumi up`, on every run, against a base it can see, with each commit
 * since the last good one and the pull request merged into main that brought it passed as data
 * from a lookup step.
 */
import { FREEZE_OVERRIDE_LABEL } from "../../compiler/freeze/override";
import { npmScripts, type Job, type Step, type Workflow } from "./workflowChecks";

const runOf = (s: Step) => (typeof s.run === "string" ? s.run : "");
const usesAction = (s: Step, action: string) => typeof s.uses === "string" && s.uses.toLowerCase().startsWith(`${action}@`);
const isUp = (s: Step) => usesAction(s, "pulumi/actions") && s.with?.command === "up";

/** The job whose `pulumi up` deploys the prod stack (its stack-name, or the job's PULUMI_STACK it names). */
function prodJob(wf: Workflow): [string, Job] | undefined {
  return Object.entries(wf.jobs).find(([, job]) =>
    (job.steps ?? []).some((s) => {
      if (!isUp(s)) return false;
      const name = String(s.with?.["stack-name"] ?? "").replace(/\$\{\{\s*env\.PULUMI_STACK\s*\}\}/, String(job.env?.PULUMI_STACK ?? wf.env?.PULUMI_STACK ?? ""));
      return /(^|\/)prod$/.test(name);
    }),
  );
}

export function checkFreezeGate(wf: Workflow): string[] {
  const found = prodJob(wf);
  if (!found) return ["main: no job runs pulumi up on the prod stack"];
  const [id, job] = found;
  const steps = job.steps ?? [];
  const gateAt = steps.findIndex((s) => npmScripts(runOf(s)).includes("freeze-gate"));
  if (gateAt < 0) return [`main: job ${id}: no step runs npm run freeze-gate, so production deploys during change freezes`];
  const problems: string[] = [];
  const gate = steps[gateAt]!;
  const upAt = steps.findIndex(isUp);
  if (upAt >= 0 && gateAt > upAt) problems.push(`main: job ${id}: freeze-gate runs after pulumi up, when the frozen change is already deployed`);
  if (gate.if !== undefined) problems.push(`main: job ${id}: freeze-gate is conditional (if: ${gate.if}); it must run before every prod up`);
  if (!/--base\s+\S/.test(runOf(gate))) problems.push(`main: job ${id}: freeze-gate runs without --base`);
  if (!/--summary\s+"?\$GITHUB_STEP_SUMMARY"?/.test(runOf(gate))) problems.push(`main: job ${id}: freeze-gate does not write --summary "$GITHUB_STEP_SUMMARY", so an override is not recorded in the deploy summary`);
  if (runOf(gate).includes("${{")) problems.push(`main: job ${id}: freeze-gate interpolates an expression into run:; pass pull request text through env, where the shell cannot execute it`);
  // The commits and their pull requests come from a lookup step's outputs, passed as env.
  const lookupId = /\$\{\{\s*steps\.([\w-]+)\.outputs\.commits\s*\}\}/.exec(String(gate.env?.FREEZE_COMMITS ?? ""))?.[1];
  const lookupAt = lookupId === undefined ? -1 : steps.findIndex((s) => s.id === lookupId);
  if (lookupAt < 0 || lookupAt > gateAt) problems.push(`main: job ${id}: freeze-gate's FREEZE_COMMITS is not the commits output of an earlier step, so no override is ever seen`);
  else {
    const lookup = steps[lookupAt]!;
    const script = String(lookup.with?.script ?? "");
    if (!usesAction(lookup, "actions/github-script") || !/listPullRequestsAssociatedWithCommit/.test(script)) problems.push(`main: job ${id}: step ${lookupId} does not look up the pull request merged into each commit`);
    // Every commit since the last verified deploy, not only the head: each pull request answers for its own change.
    if (!/\brev-list\b[^\n]*--first-parent/.test(script) || !/\bLAST_GOOD\b/.test(JSON.stringify(lookup.env ?? {}) + script)) problems.push(`main: job ${id}: step ${lookupId} does not list every first-parent commit since the last good one (git rev-list --first-parent), so one pull request's override covers the others`);
    // A PR into another branch that happens to contain the commit must not lend its labels.
    if (!/\bbase\??\.ref\s*===\s*"main"/.test(script)) problems.push(`main: job ${id}: step ${lookupId} takes any merged pull request containing a commit, not only one merged into main (base.ref === "main")`);
    if (!script.includes(`"${FREEZE_OVERRIDE_LABEL}"`)) problems.push(`main: job ${id}: step ${lookupId} does not look for the ${FREEZE_OVERRIDE_LABEL} label's author`);
    // Who applied the label is cosmetic; issues.listEvents can be refused to a pull-requests: read token.
    if (/listEvents/.test(script) && !/try\s*\{[^}]*listEvents/.test(script)) problems.push(`main: job ${id}: step ${lookupId} calls issues.listEvents outside try/catch, so a refused read of who applied the label fails the deploy`);
  }
  // The first checkout is the working tree the gate reads; a later one (a rollback's) is elsewhere.
  const checkout = steps.find((s) => usesAction(s, "actions/checkout"));
  if (String(checkout?.with?.["fetch-depth"] ?? "") !== "0") problems.push(`main: job ${id}: checkout without fetch-depth: 0, so freeze-gate cannot read the base commit and refuses every change during a freeze`);
  const perms = (job.permissions ?? {}) as Record<string, unknown>;
  if (perms["pull-requests"] !== "read" && perms["pull-requests"] !== "write") problems.push(`main: job ${id}: no pull-requests: read, so the merged pull request cannot be looked up`);
  return problems;
}
