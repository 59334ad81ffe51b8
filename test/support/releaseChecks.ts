/**
 * What the release-safety steps of our workflows must get right (README, "Drift detection",
 * "Automatic rollback", "Deploy notifications"), in the style of workflowChecks.ts: functions from
 * a parsed workflow to problems, run by test/workflows.test.ts on the real files and on mutated
 * copies.
 * - drift.yml: a scheduled refreshing preview of each stack that expects no changes, read by
 *   drift-report, and one issue written by a job that holds no cloud credentials;
 * - main.yml, each deploy job: prod's up refreshes first; a synthetic webhook after up; the last
 *   good commit read before and recorded only after both checks; after a failure, rollback-plan,
 *   then a redeploy of the last good commit from its own checkout; notifications that never fail
 *   the deploy (started, after the gates, and succeeded; failed, rolled back or rollback failed);
 *   last-good read without swallowing errors, and a stale re-run refused.
 */
import { npmScripts, type Job, type Step, type Workflow } from "./workflowChecks";

/** Steps carry these too; YAML gives them as written. */
type StepWith = Step & { "continue-on-error"?: unknown; "working-directory"?: string };

const stepsOf = (job: Job) => (job.steps ?? []) as StepWith[];
const runOf = (s: Step) => (typeof s.run === "string" ? s.run : "");
const usesAction = (s: Step, action: string) => typeof s.uses === "string" && s.uses.toLowerCase().startsWith(`${action}@`);
const isPulumi = (s: Step, command: string) => usesAction(s, "pulumi/actions") && String(s.with?.command ?? "") === command;
const runsScript = (s: Step, script: string) => npmScripts(runOf(s)).includes(script);
const ifOf = (s: Step) => (s.if === undefined ? "" : String(s.if));
const onFailure = (s: Step) => /\bfailure\(\)/.test(ifOf(s));
const secretIn = (value: unknown, name: string) => typeof value === "string" && new RegExp(`\\$\\{\\{\\s*secrets\\.${name}\\s*\\}\\}`).test(value);
const mentionsStep = (value: unknown, id: string | undefined, what: string) => id !== undefined && typeof value === "string" && value.includes(`steps.${id}.${what}`);
const isTrue = (v: unknown) => v === true || v === "true";

function permissionsOf(job: Job): Record<string, string> {
  const p = job.permissions;
  if (typeof p === "string") return { "*": p };
  return p && typeof p === "object" ? Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, String(v)])) : {};
}

/** The stack a pulumi/actions step names (`org/stack` -> `stack`), `${{ env.X }}` read from the step, job and workflow env. */
function stackOf(wf: Workflow, job: Job, step: Step): string {
  const env: Record<string, unknown> = { ...wf.env, ...job.env, ...step.env };
  return String(step.with?.["stack-name"] ?? "").replace(/\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}/g, (_, key: string) => String(env[key] ?? "")).split("/").pop()!.trim();
}

// ---------------------------------------------------------------------------------------------
// drift.yml

export const DRIFT_STACKS = ["staging", "prod"] as const;

export function checkDriftWorkflow(wf: Workflow): string[] {
  const problems: string[] = [];
  const on = (wf.on && typeof wf.on === "object" ? wf.on : {}) as Record<string, unknown>;
  const crons = Array.isArray(on.schedule) ? (on.schedule as { cron?: unknown }[]).map((s) => String(s.cron ?? "")).filter(Boolean) : [];
  if (crons.length === 0) problems.push("drift: no schedule, so drift is only found when someone looks");
  if (!wf.concurrency) problems.push("drift: no concurrency group, so two checks can race on the one issue");

  const jobs = Object.entries(wf.jobs);
  const previewing = jobs.filter(([, job]) => stepsOf(job).some((s) => isPulumi(s, "preview")));
  for (const stack of DRIFT_STACKS) {
    const found = previewing.flatMap(([id, job]) => stepsOf(job).map((s, at) => ({ id, job, s, at })).filter(({ s }) => isPulumi(s, "preview") && stackOf(wf, job, s) === stack));
    if (found.length === 0) {
      problems.push(`drift: no refreshing preview of the ${stack} stack`);
      continue;
    }
    const { id, job, s, at } = found[0]!;
    if (!isTrue(s.with?.["expect-no-changes"])) problems.push(`drift: job ${id}: the preview of ${stack} does not set expect-no-changes: true, so a drifted stack passes as clean`);
    if (!isTrue(s.with?.refresh)) problems.push(`drift: job ${id}: the preview of ${stack} does not refresh, so it compares the program with the last recorded state instead of what is deployed`);
    if (!isTrue(s["continue-on-error"])) problems.push(`drift: job ${id}: the preview of ${stack} has no continue-on-error: true, so its drift stops the job before the report`);
    if (s.id === undefined) problems.push(`drift: job ${id}: the preview of ${stack} has no id, so the report cannot read its outcome`);
    if (!secretIn(s.env?.PULUMI_ACCESS_TOKEN, "PULUMI_ACCESS_TOKEN")) problems.push(`drift: job ${id}: the preview of ${stack} has no PULUMI_ACCESS_TOKEN from secrets`);
    // What is deployed, not main's head: the preview runs from a checkout of the stack's last-good commit.
    const dir = String(s.with?.["work-dir"] ?? "");
    const checkout = stepsOf(job).slice(0, at).find((x) => usesAction(x, "actions/checkout") && dir !== "" && String(x.with?.path ?? "") === dir);
    const reader = stepsOf(job).find((x) => /\bpulumi\s+stack\s+tag\s+(ls|get)\b/.test(runOf(x)) && /last-good/.test(runOf(x)));
    if (!checkout || !reader || !mentionsStep(checkout.with?.ref, reader.id, `outputs.${stack}`)) problems.push(`drift: job ${id}: the preview of ${stack} does not run from a checkout of the stack's last-good commit (work-dir: the path of an actions/checkout whose ref is read from the stack tag), so it previews main's head instead of what is deployed`);
    const ci = stepsOf(job).findIndex((x) => /\bnpm\s+ci\b/.test(runOf(x)));
    const built = stepsOf(job).findIndex((x) => runsScript(x, "build:forwarder"));
    if (ci < 0 || ci > at || built < 0 || built > at) problems.push(`drift: job ${id}: npm ci and build:forwarder do not both run before the preview of ${stack}`);
    const report = stepsOf(job).findIndex((x) => runsScript(x, "drift-report"));
    if (report < at) problems.push(`drift: job ${id}: no drift-report after the preview of ${stack}`);
    else if (!mentionsStep(JSON.stringify(stepsOf(job)[report]!.env ?? {}), s.id, "outcome")) problems.push(`drift: job ${id}: drift-report is not given the outcome of the preview of ${stack}`);
  }
  for (const [id, job] of previewing) {
    const perms = permissionsOf(job);
    if (perms.issues === "write" || perms["*"] !== undefined) problems.push(`drift: job ${id} previews with cloud credentials and may write issues; keep the issue in a job of its own`);
    const report = stepsOf(job).find((x) => runsScript(x, "drift-report"));
    if (report && !/--output\s+"?\$GITHUB_OUTPUT"?/.test(runOf(report))) problems.push(`drift: job ${id}: drift-report does not write --output "$GITHUB_OUTPUT", so the issue job gets nothing`);
  }

  const writers = jobs.filter(([, job]) => permissionsOf(job).issues === "write");
  if (writers.length !== 1) problems.push(`drift: ${writers.length} jobs may write issues; exactly one writes the drift issue`);
  for (const [id, job] of writers) {
    const perms = permissionsOf(job);
    const cloud = stepsOf(job).some((s) => usesAction(s, "aws-actions/configure-aws-credentials") || usesAction(s, "pulumi/actions") || usesAction(s, "actions/checkout"));
    if (perms["id-token"] === "write" || cloud) problems.push(`drift: job ${id} writes issues and also holds cloud credentials or runs repository code`);
    const script = stepsOf(job).filter((s) => usesAction(s, "actions/github-script")).map((s) => String(s.with?.script ?? "")).join("\n");
    if (!script) {
      problems.push(`drift: job ${id} has no github-script step writing the issue`);
      continue;
    }
    if (script.includes("${{")) problems.push(`drift: job ${id}: the issue script interpolates an expression; pass the report through env, where it cannot become code`);
    if (!/issues\.update\(\{[^}]*\bbody\b/.test(script) || !/issues\.create\b/.test(script) || !/<!--[^>]*-->/.test(script)) problems.push(`drift: job ${id} does not keep ONE issue (find it by its hidden marker, update it, create it only when none is open)`);
    if (!/state:\s*"closed"/.test(script)) problems.push(`drift: job ${id} never closes the issue when the drift is gone`);
    if (!/complete/.test(script)) problems.push(`drift: job ${id} may close the issue when a stack could not be checked (close only when every stack was previewed)`);
    if (!/needs\.\w+\.outputs\.body/.test(JSON.stringify(stepsOf(job).map((s) => s.env ?? {})))) problems.push(`drift: job ${id} does not read the report from the detecting job's outputs`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// main.yml

/** The stacks main.yml deploys and whether their teams also hear of a start and a success. */
export const RELEASE_STACKS = [
  { stack: "staging", announces: true },
  { stack: "prod", announces: true },
] as const;

export function checkReleaseSafety(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const { stack, announces } of RELEASE_STACKS) {
    const found = Object.entries(wf.jobs).find(([, job]) => stepsOf(job).some((s) => isPulumi(s, "up") && s.with?.["work-dir"] === undefined && stackOf(wf, job, s) === stack));
    if (!found) {
      problems.push(`main: no job runs pulumi up on the ${stack} stack`);
      continue;
    }
    problems.push(...checkDeployJob(wf, found[0], found[1], stack, announces));
  }
  return problems;
}

function checkDeployJob(wf: Workflow, id: string, job: Job, stack: string, announces: boolean): string[] {
  const problems: string[] = [];
  const say = (text: string) => problems.push(`main: job ${id}: ${text}`);
  const steps = stepsOf(job);
  const find = (pred: (s: StepWith) => boolean) => steps.findIndex(pred);
  const upAt = find((s) => isPulumi(s, "up") && s.with?.["work-dir"] === undefined);
  const up = steps[upAt]!;
  if (stack === "prod" && !isTrue(up.with?.refresh)) say("pulumi up on prod does not refresh first (refresh: true), so drift stays in place");
  if (up.id === undefined) say("pulumi up has no id, so the rollback decision cannot read its outcome nor the synthetic webhook its webhookUrls output");

  // The last good commit, read before anything changes.
  const readAt = find((s) => /\bpulumi\s+stack\s+tag\s+(get|ls)\b/.test(runOf(s)) && /last-good/.test(runOf(s)));
  const read = steps[readAt];
  if (!read || readAt > upAt) say("the stack tag last-good is not read before pulumi up, so there is nothing to roll back to");
  else {
    if (read.id === undefined) say("the step reading last-good has no id");
    // A failed read (token, network) must not pass for "no verified deploy yet".
    if (/\|\|\s*true\b|2>\s*\/dev\/null/.test(runOf(read))) say("the step reading last-good swallows errors (|| true, 2>/dev/null), so a failed read passes for \"no verified deploy yet\" and the gates compare with the wrong base");
  }
  // A re-run of an older push must not deploy over a newer verified commit.
  const staleAt = find((s) => /\bgit\s+merge-base\s+--is-ancestor\s+"?\$LAST_GOOD"?\s+"?\$GITHUB_SHA"?/.test(runOf(s)) && mentionsStep(JSON.stringify(s.env ?? {}), read?.id, "outputs.sha"));
  if (staleAt < 0 || staleAt > upAt) say("no check before pulumi up that the last good commit is an ancestor of this one (git merge-base --is-ancestor \"$LAST_GOOD\" \"$GITHUB_SHA\"), so a stale re-run deploys older code");
  else if (steps[staleAt]!.if !== undefined) say("the stale re-run check is conditional; it must run before every up");

  // verify-deploy, then the synthetic webhook, both after every up.
  const verifyAt = find((s) => runsScript(s, "verify-deploy"));
  const verify = steps[verifyAt];
  if (verify && verify.id === undefined) say("verify-deploy has no id, so the rollback decision cannot read its outcome");
  const synthAt = find((s) => runsScript(s, "synthetic-webhook"));
  const synth = steps[synthAt];
  if (!synth) say("no synthetic webhook after pulumi up (npm run synthetic-webhook)");
  else {
    if (synthAt < upAt) say("the synthetic webhook is sent before pulumi up");
    if (synth.if !== undefined) say(`the synthetic webhook is conditional (if: ${ifOf(synth)}); it must follow every up`);
    if (synth.id === undefined) say("the synthetic webhook has no id, so the rollback decision cannot read its outcome");
    if (!new RegExp(`--stack\\s+${stack}(?![\\w-])`).test(runOf(synth))) say(`the synthetic webhook does not name --stack ${stack}`);
    if (!secretIn(synth.env?.SYNTHETIC_WEBHOOK_SECRET, "SYNTHETIC_WEBHOOK_SECRET")) say("the synthetic webhook has no SYNTHETIC_WEBHOOK_SECRET from secrets");
    if (!mentionsStep(synth.env?.WEBHOOK_URLS, up.id, "outputs.webhookUrls")) say("the synthetic webhook is not given the up step's webhookUrls output, the real Function URL");
  }

  // Recorded only once both checks passed.
  const recordAt = find((s) => /\bpulumi\s+stack\s+tag\s+set\s+last-good\s+"?\$GITHUB_SHA"?/.test(runOf(s)));
  const record = steps[recordAt];
  if (!record) say("the commit is never recorded as last-good after a verified deploy (pulumi stack tag set last-good \"$GITHUB_SHA\")");
  else {
    if (recordAt < Math.max(verifyAt, synthAt)) say("last-good is recorded before verify-deploy and the synthetic webhook have passed");
    if (record.if !== undefined) say(`last-good is recorded under if: ${ifOf(record)}; only a run whose checks all passed may record it`);
    if (!secretIn(record.env?.PULUMI_ACCESS_TOKEN, "PULUMI_ACCESS_TOKEN")) say("recording last-good has no PULUMI_ACCESS_TOKEN from secrets");
  }

  // After a failure: the decision, then the redeploy of the last good commit from its own checkout.
  const planAt = find((s) => runsScript(s, "rollback-plan"));
  const plan = steps[planAt];
  if (!plan) say("no rollback-plan step: a failed check is never rolled back");
  else {
    if (!onFailure(plan)) say(`rollback-plan runs without if: failure() (if: ${ifOf(plan) || "none"}): after a failed step it is skipped`);
    if (planAt < synthAt) say("rollback-plan runs before the synthetic webhook");
    if (plan.id === undefined) say("rollback-plan has no id, so the rollback cannot read its decision");
    const env = JSON.stringify(plan.env ?? {});
    for (const [flag, step] of [["up", up], ["verify", verify], ["synthetic", synth]] as const) {
      if (!mentionsStep(env, step?.id, "outcome") || !new RegExp(`--${flag}\\b`).test(runOf(plan))) say(`rollback-plan is not given the outcome of ${flag} (--${flag})`);
    }
    if (!mentionsStep(env, read?.id, "outputs.sha") || !/--last-good\b/.test(runOf(plan))) say("rollback-plan is not given the last good commit (--last-good)");
    if (!/--output\s+"?\$GITHUB_OUTPUT"?/.test(runOf(plan))) say("rollback-plan does not write its decision to $GITHUB_OUTPUT");
  }
  const rollbackAt = find((s) => isPulumi(s, "up") && s !== up);
  const rollback = steps[rollbackAt];
  if (!rollback) say("no pulumi up of the last good commit after a failure");
  else {
    const gated = onFailure(rollback) && mentionsStep(ifOf(rollback), plan?.id, "outputs.rollback");
    if (!gated) say(`the rollback's pulumi up is not conditioned on failure() and rollback-plan's decision (if: ${ifOf(rollback) || "none"})`);
    if (rollbackAt < planAt) say("the rollback's pulumi up runs before rollback-plan decides");
    if (stackOf(wf, job, rollback) !== stack) say(`the rollback's pulumi up does not deploy the ${stack} stack`);
    if (!rollback.with?.policyPacks) say("the rollback's pulumi up runs without policyPacks");
    const dir = String(rollback.with?.["work-dir"] ?? "");
    const checkout = steps.slice(planAt + 1, rollbackAt).find((s) => usesAction(s, "actions/checkout") && String(s.with?.path ?? "") === dir && dir !== "" && dir !== "./");
    if (!checkout) say("the rollback's pulumi up does not run from a checkout of the last good commit (actions/checkout with path: its work-dir)");
    else {
      if (!mentionsStep(checkout.with?.ref, plan?.id, "outputs.ref")) say("the rollback checks out something other than rollback-plan's ref");
      if (!onFailure(checkout)) say("the rollback's checkout runs without if: failure()");
    }
    const built = steps.slice(planAt + 1, rollbackAt).find((s) => s["working-directory"] === dir && /\bnpm\s+ci\b/.test(runOf(s)) && runsScript(s, "build:forwarder"));
    if (!built) say("the last good commit is not installed and built (npm ci, build:forwarder in its folder) before its pulumi up");
    else if (!onFailure(built)) say("the last good commit's build runs without if: failure()");
  }

  // Notifications: never failing the deploy; the failure one says whether it was rolled back.
  const notes = steps.filter((s) => runsScript(s, "notify-deploy"));
  for (const n of notes) {
    if (!isTrue(n["continue-on-error"])) say(`notify-deploy (${n.name ?? runOf(n).slice(0, 40)}) has no continue-on-error: true, so a Datadog outage fails the deploy`);
    if (!secretIn(n.env?.DD_API_KEY, "DD_API_KEY")) say(`notify-deploy (${n.name ?? "unnamed"}) runs without DD_API_KEY from secrets`);
  }
  const failed = notes.find((n) => onFailure(n) && /--event\s+failed\b/.test(runOf(n)) && /--event\s+rolled-back\b/.test(runOf(n)));
  if (!failed) say("the teams are not told when the deploy fails or is rolled back (notify-deploy under if: failure(), --event failed or rolled-back)");
  else {
    if (!mentionsStep(JSON.stringify(failed.env ?? {}), rollback?.id, "outcome")) say("the failure notification does not read the rollback's outcome, so it cannot say what was rolled back");
    if (!/--event\s+rollback-failed\b/.test(runOf(failed))) say("the failure notification has no --event rollback-failed, so a failed rollback is announced as \"nothing was rolled back\"");
  }
  if (announces) {
    const started = notes.findIndex((n) => /--event\s+started\b/.test(runOf(n)));
    const succeeded = notes.find((n) => /--event\s+succeeded\b/.test(runOf(n)));
    if (started < 0 || steps.indexOf(notes[started]!) > upAt) say("the teams are not told the deploy started (notify-deploy --event started before pulumi up)");
    else {
      // A refused deploy never started: the gates decide first, and a refusal is the failure's reason.
      const lastGate = Math.max(find((s) => runsScript(s, "freeze-gate")), find((s) => runsScript(s, "budget-gate")));
      if (lastGate > steps.indexOf(notes[started]!)) say("the start is announced before the freeze and budget gates have decided, so a refused deploy is announced as started");
    }
    if (!succeeded || steps.indexOf(succeeded) < recordAt || succeeded.if !== undefined) say("the teams are not told the deploy succeeded (notify-deploy --event succeeded once last-good is recorded)");
  }
  return problems;
}
