/**
 * What our GitHub Actions workflows must get right, as functions from a parsed workflow to a
 * list of problems (empty = fine). The tests run them on the real files and on mutated
 * copies, so each rule is shown to catch the mistake it exists for.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isScalar, parseDocument } from "yaml";

export interface Step {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  /**
   * The comment after `uses:` ("v7.0.1" from `# v7.0.1`), naming the release a pinned SHA is.
   * YAML drops comments from the data, so parseWorkflow copies it here.
   */
  usesComment?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  /**
   * For an actions/github-script step, the repository files its script requires through
   * `require(process.env.GITHUB_WORKSPACE + "/path")`: path -> text, null when the file is
   * missing. loadWorkflow reads them, so the checks see what the step really runs.
   */
  requires?: Record<string, string | null>;
}

export interface Job {
  name?: string;
  /** A job that calls a reusable workflow instead of running steps. */
  uses?: string;
  "timeout-minutes"?: unknown;
  needs?: string | string[];
  /** A job-level condition (`${{ always() }}` would run it after a needed job failed). */
  if?: string | boolean;
  permissions?: unknown;
  /** Values other jobs read as `needs.<id>.outputs.<name>`. */
  outputs?: Record<string, unknown>;
  environment?: string | { name?: string };
  concurrency?: unknown;
  env?: Record<string, unknown>;
  steps?: Step[];
}

export interface Workflow {
  name?: string;
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

/** package.json scripts and README text: every `npm run X` must exist in one and be shown in the other. */
export interface RepoDocs {
  readonly scripts: Readonly<Record<string, string>>;
  readonly readme: string;
  /** The @pulumi/pulumi version in package.json, which the Pulumi CLI the workflows install must match. */
  readonly pulumiSdk?: string;
}

export function parseWorkflow(text: string, file = "workflow"): Workflow {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  const wf = doc.toJS() as Workflow | null;
  if (!wf || typeof wf.jobs !== "object" || wf.jobs === null) throw new Error(`${file}: no jobs`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    (job?.steps ?? []).forEach((step, i) => {
      const node = doc.getIn(["jobs", id, "steps", i, "uses"], true);
      // An inline comment belongs to the scalar before it; keep only its own line.
      const comment = isScalar(node) ? node.comment?.split("\n")[0]?.trim() : undefined;
      if (comment) step.usesComment = comment;
    });
  }
  return wf;
}

/** A workflow file (in `<repo>/.github/workflows/`) with the scripts its github-script steps require from the repository. */
export function loadWorkflow(file: string): Workflow {
  const wf = parseWorkflow(readFileSync(file, "utf8"), file);
  const repo = dirname(dirname(dirname(file)));
  for (const job of Object.values(wf.jobs)) {
    for (const step of job?.steps ?? []) {
      const paths = workspaceRequires(step);
      if (paths.length) step.requires = Object.fromEntries(paths.map((p) => [p, existsSync(join(repo, p)) ? readFileSync(join(repo, p), "utf8") : null]));
    }
  }
  return wf;
}

/** Paths a github-script step requires from the checkout: `require(process.env.GITHUB_WORKSPACE + "/.github/scripts/x.cjs")`. */
export function workspaceRequires(step: Step): string[] {
  if (!usesAction(step, "actions/github-script")) return [];
  const script = String(step.with?.script ?? "");
  return [...script.matchAll(/require\(\s*process\.env\.GITHUB_WORKSPACE\s*\+\s*["'`]\/?([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!);
}

/** What a github-script step runs: its inline script and the repository files it requires. */
const scriptOf = (step: Step) => [String(step.with?.script ?? ""), ...Object.values(step.requires ?? {}).map((t) => t ?? "")].join("\n");

// ---------------------------------------------------------------------------------------------
// Small readers

const jobsOf = (wf: Workflow) => Object.entries(wf.jobs);
const stepsOf = (job: Job): Step[] => job.steps ?? [];
const runOf = (step: Step) => (typeof step.run === "string" ? step.run : "");
const usesAction = (step: Step, action: string) => typeof step.uses === "string" && step.uses.toLowerCase().startsWith(`${action.toLowerCase()}@`);
const isPulumi = (step: Step, command: string) => usesAction(step, "pulumi/actions") && String(step.with?.command ?? "") === command;

/** Scripts a shell snippet runs through npm: `npm run X` (also `npm run --silent X`) and `npm test`. */
export function npmScripts(run: string): string[] {
  const found: string[] = [];
  for (const m of run.matchAll(/\bnpm\s+run(?:\s+(?:--silent|-s))?\s+([A-Za-z0-9:_.-]+)/g)) found.push(m[1]!);
  for (const _ of run.matchAll(/\bnpm\s+(?:test|t)\b/g)) found.push("test");
  return found;
}

/** Index of the first step whose shell runs the script (-1 when none does). */
const runsScript = (job: Job, script: string) => stepsOf(job).findIndex((s) => npmScripts(runOf(s)).includes(script));
const runsNpmCi = (job: Job) => stepsOf(job).findIndex((s) => /\bnpm\s+ci\b/.test(runOf(s)));
const stepIndex = (job: Job, pred: (s: Step) => boolean) => stepsOf(job).findIndex(pred);

/** The first job with a step matching `pred`, with that step's index. */
function findJob(wf: Workflow, pred: (s: Step) => boolean): { id: string; job: Job; at: number } | undefined {
  for (const [id, job] of jobsOf(wf)) {
    const at = stepIndex(job, pred);
    if (at >= 0) return { id, job, at };
  }
  return undefined;
}

/** The trigger map, whichever of the three forms `on:` takes. */
function triggers(wf: Workflow): Record<string, unknown> {
  const on = wf.on;
  if (typeof on === "string") return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [String(e), null]));
  return on && typeof on === "object" ? (on as Record<string, unknown>) : {};
}

/** Permissions as a scope -> level map; strings such as `write-all` are kept as `*`. */
function permissionMap(p: unknown): Record<string, string> | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p === "string") return { "*": p };
  return Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

const concurrencyOf = (c: unknown): { group?: string; cancelInProgress?: unknown } | undefined =>
  c === undefined || c === null ? undefined : typeof c === "string" ? { group: c } : { group: String((c as Record<string, unknown>).group ?? ""), cancelInProgress: (c as Record<string, unknown>)["cancel-in-progress"] };

const mentionsSecret = (value: unknown, name: string) => typeof value === "string" && new RegExp(`\\$\\{\\{\\s*secrets\\.${name}\\s*\\}\\}`).test(value);

// ---------------------------------------------------------------------------------------------
// Rules for every workflow

/**
 * Why a job may hold each write permission: a step that needs it. Anything else written is
 * a problem, so a new write scope has to come with a reason here.
 */
const WRITE_NEEDS: Record<string, { why: string; needed: (job: Job) => boolean }> = {
  "pull-requests": {
    why: "a step that comments on the pull request",
    needed: (job) =>
      stepsOf(job).some(
        (s) =>
          (isPulumi(s, "preview") && String(s.with?.["comment-on-pr"]) === "true") ||
          usesAction(s, "marocchino/sticky-pull-request-comment") ||
          (usesAction(s, "actions/github-script") && /\b(createComment|updateComment)\b/.test(scriptOf(s))),
      ),
  },
  "id-token": { why: "a step that exchanges an OIDC token (cloud credentials)", needed: (job) => stepsOf(job).some((s) => usesAction(s, "aws-actions/configure-aws-credentials")) },
  contents: { why: "a step that pushes commits", needed: (job) => stepsOf(job).some((s) => /\bgit\b[^\n]*\bpush\b/.test(runOf(s))) },
  issues: {
    why: "a step that opens or edits issues",
    needed: (job) =>
      stepsOf(job).some((s) => /\bgh\s+(issue|label)\b/.test(runOf(s)) || (usesAction(s, "actions/github-script") && /\bissues\.(create|update|createComment|createLabel)\b/.test(String(s.with?.script ?? "")))),
  },
};

export function checkPermissions(wf: Workflow): string[] {
  const problems: string[] = [];
  const top = permissionMap(wf.permissions);
  if (!top) problems.push("workflow: no top-level permissions; set `permissions: {}` so jobs get nothing they do not ask for");
  else for (const [scope, level] of Object.entries(top)) if (level !== "read" && level !== "none") problems.push(`workflow: top-level permissions grant ${scope}: ${level}; grant writes per job instead`);
  for (const [id, job] of jobsOf(wf)) {
    const perms = permissionMap(job.permissions);
    if (!perms) {
      problems.push(`job ${id}: no explicit permissions`);
      continue;
    }
    for (const [scope, level] of Object.entries(perms)) {
      if (scope === "*") {
        problems.push(`job ${id}: permissions "${level}" grant everything; list the scopes it needs`);
        continue;
      }
      if (level !== "write") continue;
      const need = WRITE_NEEDS[scope];
      if (!need) problems.push(`job ${id}: ${scope}: write is not needed by any step`);
      else if (!need.needed(job)) problems.push(`job ${id}: ${scope}: write without ${need.why}`);
    }
  }
  return problems;
}

/** The action a `uses:` names, without its ref or sub-path: `owner/repo`, lower case. */
const actionOf = (uses: string) => uses.split("@")[0]!.split("/").slice(0, 2).join("/").toLowerCase();
const FULL_SHA = /^[0-9a-f]{40}$/;
/** A release version as the comment names it: v7.0.1 (a bare v7 is a moving tag, not a release). */
const RELEASE = /^v(\d+)\.\d+\.\d+$/;

/**
 * Every `uses:` is a full commit SHA with the release it is in a comment
 * (`actions/checkout@3d3c... # v7.0.1`), the form Dependabot keeps up to date. A tag or branch
 * can be moved to other code by whoever controls the action's repository; "pinning an action
 * to a full length commit SHA is currently the only way to use an action as an immutable
 * release" (GitHub Docs, Security hardening for GitHub Actions, "Using third-party actions":
 * https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions).
 */
export function checkPinned(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      if (typeof s.uses !== "string" || s.uses.startsWith("./")) continue;
      const ref = s.uses.includes("@") ? s.uses.slice(s.uses.lastIndexOf("@") + 1) : "";
      if (!FULL_SHA.test(ref)) problems.push(`job ${id}: "${s.uses}" is not pinned to a full commit SHA; a tag or branch can be moved to other code (use the release's commit, with "# vX.Y.Z" after it)`);
      else if (!RELEASE.test(s.usesComment ?? "")) problems.push(`job ${id}: "${s.uses}" has no version comment; add "# vX.Y.Z" naming the release that commit is, so readers and Dependabot know what runs`);
    }
  }
  return problems;
}

/**
 * The first major of each action we use whose action.yml says `runs: using: node24` (read from
 * each repository's tags). GitHub runs Node 20 actions on Node 24 from June 2026 and removes
 * Node 20 from runners in September 2026
 * (https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/).
 * A new action has to be added here with its own first node24 major.
 */
export const NODE24_MAJORS: Readonly<Record<string, number>> = {
  "actions/checkout": 5,
  "actions/setup-node": 5,
  "actions/github-script": 8,
  "actions/upload-artifact": 6,
  "actions/download-artifact": 7,
  "pulumi/actions": 7,
  "aws-actions/configure-aws-credentials": 5,
};

/** Each action's release (from its version comment) is one that runs on Node 24. */
export function checkActionVersions(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      if (typeof s.uses !== "string" || s.uses.startsWith("./")) continue;
      const action = actionOf(s.uses);
      const min = NODE24_MAJORS[action];
      if (min === undefined) {
        problems.push(`job ${id}: ${action} has no known Node 24 release; look up its first major whose action.yml says "using: node24" and add it to NODE24_MAJORS`);
        continue;
      }
      const major = RELEASE.exec(s.usesComment ?? "")?.[1];
      // Without a version comment checkPinned already reports the step.
      if (major !== undefined && Number(major) < min) problems.push(`job ${id}: ${action} ${s.usesComment} runs on Node 20, which GitHub is removing from its runners; use v${min} or later`);
    }
  }
  return problems;
}

/**
 * Every job is time-boxed: without `timeout-minutes` a hung step holds the runner (and, for a
 * deploy, the concurrency group) for GitHub's default of 360 minutes
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes).
 * Jobs that call a reusable workflow cannot set it; the called workflow's jobs do.
 */
export function checkTimeouts(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    if (typeof job.uses === "string") continue;
    const t = job["timeout-minutes"];
    if (t === undefined) problems.push(`job ${id}: no timeout-minutes, so a hung step runs for GitHub's default of 6 hours`);
    else if (typeof t !== "number" || !(t > 0) || t >= 360) problems.push(`job ${id}: timeout-minutes ${JSON.stringify(t)} is not a number of minutes below GitHub's 360-minute default`);
  }
  return problems;
}

/**
 * pulumi/actions installs the newest Pulumi CLI unless `pulumi-version` names one
 * (pulumi/actions action.yml: "Install a specific version of the Pulumi CLI"), so a release
 * could change what a deploy does overnight. Pin an exact version, the same as the
 * @pulumi/pulumi SDK: Pulumi releases the CLI and the Node SDK together under one version.
 */
export function checkPulumiCliPinned(wf: Workflow, sdkVersion?: string): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      if (!usesAction(s, "pulumi/actions")) continue;
      const pinned = s.with?.["pulumi-version"];
      if (pinned === undefined) problems.push(`job ${id}: pulumi/actions has no pulumi-version, so it installs whichever Pulumi CLI is newest that day`);
      else if (!/^\d+\.\d+\.\d+$/.test(String(pinned))) problems.push(`job ${id}: pulumi-version "${String(pinned)}" is not an exact version such as 3.270.0`);
      else if (sdkVersion !== undefined && String(pinned) !== sdkVersion) problems.push(`job ${id}: pulumi-version ${String(pinned)} differs from @pulumi/pulumi ${sdkVersion} in package.json; bump them together`);
    }
  }
  return problems;
}

/**
 * Secrets reach a shell only through `env:`. A `${{ secrets.X }}` inside `run:` is pasted
 * into the script text, where `echo`, `set -x` or an error message can print it.
 */
export function checkSecretsNotInRun(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) if (/\$\{\{[^}]*\bsecrets\./.test(runOf(s))) problems.push(`job ${id}: step "${s.name ?? s.run?.split("\n")[0]}" interpolates a secret into run:; pass it through env:`);
  }
  return problems;
}

export function checkScriptsDocumented(wf: Workflow, docs: RepoDocs): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      for (const script of npmScripts(runOf(s))) {
        if (!(script in docs.scripts)) problems.push(`job ${id}: npm script "${script}" is not in package.json scripts`);
        const shown = script === "test" ? /\bnpm test\b/ : new RegExp(`\\bnpm run ${script.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w:-])`);
        if (!shown.test(docs.readme)) problems.push(`job ${id}: npm script "${script}" is not documented in README.md`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * Node 24 or later with npm's cache wherever Node is set up: Node 20 reached end of life on
 * 2026-04-30 (https://nodejs.org/en/about/previous-releases), so it gets no security fixes.
 */
export function checkNodeSetup(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      if (!usesAction(s, "actions/setup-node")) continue;
      const version = String(s.with?.["node-version"] ?? "");
      const major = /^(\d+)(\.x|\.\d+(\.\d+)?)?$/.exec(version)?.[1];
      if (major === undefined || Number(major) < 24) problems.push(`job ${id}: setup-node with node-version ${version || "(none)"}; use 24 or later (Node 20 is past end of life)`);
      if (s.with?.cache !== "npm") problems.push(`job ${id}: setup-node without cache: npm`);
    }
    if (runsNpmCi(job) >= 0 && !stepsOf(job).some((s) => usesAction(s, "actions/setup-node"))) problems.push(`job ${id}: runs npm ci without actions/setup-node`);
  }
  return problems;
}

/** Steps that call Datadog get both keys, from secrets. */
function checkDatadogKeys(wf: Workflow, scripts: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      const used = npmScripts(runOf(s)).filter((x) => scripts.includes(x));
      if (!used.length) continue;
      const env = { ...job.env, ...s.env };
      for (const key of ["DD_API_KEY", "DD_APP_KEY"]) if (!mentionsSecret(env[key], key)) problems.push(`job ${id}: ${used[0]} runs without ${key} from secrets.${key}`);
    }
  }
  return problems;
}

export function checkCommon(wf: Workflow, docs: RepoDocs): string[] {
  return [
    ...checkPermissions(wf),
    ...checkPinned(wf),
    ...checkActionVersions(wf),
    ...checkTimeouts(wf),
    ...checkPulumiCliPinned(wf, docs.pulumiSdk),
    ...checkSecretsNotInRun(wf),
    ...checkScriptsDocumented(wf, docs),
    ...checkNodeSetup(wf),
  ];
}

// ---------------------------------------------------------------------------------------------
// pull-request.yml

/** The expression that tells a Dependabot run (Dependabot secrets only, read-only token). */
const DEPENDABOT = /github\.actor\s*==\s*'dependabot\[bot\]'/;

export function checkPullRequestWorkflow(wf: Workflow): string[] {
  const problems: string[] = [];
  if (!("pull_request" in triggers(wf))) problems.push("pull-request: not triggered by pull_request");

  const tested = jobsOf(wf).find(([, job]) => runsNpmCi(job) >= 0 && runsScript(job, "check") >= 0 && runsScript(job, "test") >= 0);
  if (!tested) problems.push("pull-request: no job runs npm ci, npm run check and npm test");
  else if (Math.min(runsScript(tested[1], "check"), runsScript(tested[1], "test")) < runsNpmCi(tested[1])) problems.push(`pull-request: job ${tested[0]} runs check or test before npm ci`);

  // The plan against the target branch, posted as one comment that is edited on each push.
  const plan = findJob(wf, (s) => npmScripts(runOf(s)).includes("plan"));
  if (!plan) problems.push("pull-request: no step runs npm run plan");
  else {
    const run = runOf(stepsOf(plan.job)[plan.at]!);
    if (!/--base\b/.test(run)) problems.push("pull-request: plan runs without --base, so the comment shows no changes");
    if (!/--review\b/.test(run)) problems.push("pull-request: plan runs without --review, so pr-comment has nothing to compose the comment from");
    const checkout = stepsOf(plan.job).find((s) => usesAction(s, "actions/checkout"));
    if (!checkout || String(checkout.with?.["fetch-depth"]) !== "0") problems.push(`pull-request: job ${plan.id} checks out without fetch-depth: 0, so the target branch for --base is missing`);
    const comment = stepsOf(plan.job).findIndex(
      (s) => postsComment(s) || usesAction(s, "marocchino/sticky-pull-request-comment"),
    );
    if (comment < 0) problems.push(`pull-request: job ${plan.id} does not post the plan as one comment updated in place (hidden marker + updateComment, or a sticky comment action)`);
    else if (comment < plan.at) problems.push(`pull-request: job ${plan.id} comments before the plan is computed`);
    else problems.push(...checkCommentComposed(plan.id, plan.job, comment, "pending"));
  }

  const gate = findJob(wf, (s) => npmScripts(runOf(s)).includes("budget-gate"));
  if (!gate) problems.push("pull-request: no step runs npm run budget-gate");
  else {
    const step = stepsOf(gate.job)[gate.at]!;
    const run = runOf(step);
    if (!/--base\b/.test(run)) problems.push("pull-request: budget-gate runs without --base");
    if (!/--override\b/.test(run) || !JSON.stringify(step).includes("error-budget-override")) problems.push("pull-request: budget-gate does not pass --override when the PR has the error-budget-override label");
    // Forks and Dependabot get no Actions secrets: with --on pull-request the CLI makes missing keys a ::notice:: and exit 0.
    if (!/--on\s+"?pull-request\b/.test(run)) problems.push("pull-request: budget-gate runs without --on pull-request, so a run without Datadog keys (forks, Dependabot) fails instead of posting a notice");
    if (!/--scope\b/.test(run) || !/\bvars\.BUDGET_GATE_SCOPE\b/.test(JSON.stringify(step.env ?? {}))) problems.push("pull-request: budget-gate does not pass --scope from the BUDGET_GATE_SCOPE repository variable");
  }
  problems.push(...checkDatadogKeys(wf, ["budget-gate"]));

  // pulumi preview, only when the stack's secrets exist, and a notice when they do not.
  const preview = findJob(wf, (s) => isPulumi(s, "preview"));
  if (!preview) problems.push("pull-request: no pulumi/actions step with command: preview");
  else {
    const step = stepsOf(preview.job)[preview.at]!;
    if (!step.with?.policyPacks) problems.push("pull-request: pulumi preview runs without policyPacks");
    if (String(step.with?.["comment-on-pr"]) !== "true") problems.push("pull-request: pulumi preview does not comment on the PR");
    if (!mentionsSecret(step.env?.PULUMI_ACCESS_TOKEN, "PULUMI_ACCESS_TOKEN")) problems.push("pull-request: pulumi preview has no PULUMI_ACCESS_TOKEN from secrets");
    const gatedOn = typeof step.if === "string" ? /steps\.([\w-]+)\.outputs/.exec(step.if)?.[1] : undefined;
    const probe = gatedOn === undefined ? -1 : stepsOf(preview.job).findIndex((s) => s.id === gatedOn);
    if (probe < 0 || probe > preview.at) problems.push("pull-request: pulumi preview is not gated on an earlier step that checks the secrets are present");
    else {
      const check = stepsOf(preview.job)[probe]!;
      if (!/secrets\.PULUMI_ACCESS_TOKEN\b/.test(JSON.stringify(check.env ?? {}))) problems.push("pull-request: the secrets check does not look at PULUMI_ACCESS_TOKEN");
      if (!/::notice\b[^\n]*preview[^\n]*secrets/i.test(runOf(check))) problems.push("pull-request: no ::notice:: saying preview was skipped because secrets are unavailable");
      if (!DEPENDABOT.test(JSON.stringify({ env: { ...preview.job.env, ...check.env }, run: runOf(check) }))) problems.push("pull-request: the secrets check does not treat Dependabot pull requests (github.actor == 'dependabot[bot]') like forks");
    }
    const ci = runsNpmCi(preview.job);
    const built = runsScript(preview.job, "build:forwarder");
    if (ci < 0 || ci > preview.at) problems.push("pull-request: npm ci does not run before pulumi preview (the action installs nothing)");
    if (built < 0 || built > preview.at) problems.push("pull-request: build:forwarder does not run before pulumi preview");
  }
  problems.push(...checkCommentJob(wf, preview?.id));
  problems.push(...checkCommentPosting(wf));
  return problems;
}

/** The step posting the plan comment: github-script that edits the comment carrying the hidden marker. */
const postsComment = (s: Step) => usesAction(s, "actions/github-script") && /updateComment/.test(scriptOf(s)) && /<!--[^>]*-->/.test(scriptOf(s));

/** The shared poster both jobs require (.github/scripts/postPlanComment.cjs, tested in test/postPlanComment.test.ts). */
export const COMMENT_POSTER = ".github/scripts/postPlanComment.cjs";

/**
 * Every step that posts the plan comment requires the one shared script, from a checkout made
 * before it: two inline copies drift (a changed marker in one job leaves the other adding a
 * second comment), and a required file that is not checked out fails the step. The artifact the
 * comment job reads is uploaded with `overwrite: true`: from upload-artifact v4, uploading a name
 * that exists in the run fails with "(409) Conflict: an artifact with this name already exists
 * on the workflow run", which is what re-running the plan job does (actions/upload-artifact
 * MIGRATION.md, "Overwriting an artifact").
 */
function checkCommentPosting(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobsOf(wf)) {
    stepsOf(job).forEach((s, at) => {
      if (!usesAction(s, "actions/github-script")) return;
      const required = Object.entries(s.requires ?? {});
      for (const [path, text] of required) {
        if (text === null) problems.push(`pull-request: job ${id} requires ${path}, which is not in the repository`);
        const checkout = stepsOf(job).findIndex((c) => usesAction(c, "actions/checkout"));
        if (checkout < 0 || checkout > at) problems.push(`pull-request: job ${id} requires ${path} without checking the repository out first, so the file is not there`);
      }
      if (postsComment(s) && !required.some(([path]) => path === COMMENT_POSTER)) problems.push(`pull-request: job ${id} posts the plan comment with a script of its own; require ${COMMENT_POSTER}, so every job finds and edits the comment alike`);
    });
    for (const s of stepsOf(job)) {
      if (usesAction(s, "actions/upload-artifact") && String(s.with?.overwrite) !== "true") {
        problems.push(`pull-request: job ${id} uploads ${String(s.with?.name ?? "an artifact")} without overwrite: true, so re-running the job fails with 409 Conflict (an artifact with this name already exists on the workflow run)`);
      }
    }
  }
  return problems;
}

/**
 * The comment is composed by `npm run pr-comment` (ops/prComment, tested) before the step that
 * posts it, with the preview's state: `pending` in the plan job, `needs.<preview>.result` after.
 */
function checkCommentComposed(jobId: string, job: Job, postAt: number, preview: "pending" | RegExp): string[] {
  const composeAt = runsScript(job, "pr-comment");
  if (composeAt < 0) return [`pull-request: job ${jobId} posts a comment no npm run pr-comment composed`];
  const problems: string[] = [];
  if (composeAt > postAt) problems.push(`pull-request: job ${jobId} posts the comment before npm run pr-comment composes it`);
  const step = stepsOf(job)[composeAt]!;
  const said = JSON.stringify({ run: runOf(step), env: step.env ?? {} });
  if (preview === "pending" ? !/--preview\s+"?pending\b/.test(runOf(step)) : !preview.test(said)) {
    problems.push(`pull-request: job ${jobId}: pr-comment does not pass --preview ${preview === "pending" ? "pending" : "from needs.<preview job>.result"}, so the verdict cannot say where the preview is`);
  }
  return problems;
}

/**
 * The job that edits the comment once the preview has finished: it needs the preview job (a job
 * sees another's result only through `needs`), runs whatever that result was, reads the preview's
 * `ran` output, and, since it runs the pull request's code, is given no secret and no cloud role.
 */
function checkCommentJob(wf: Workflow, previewId: string | undefined): string[] {
  if (!previewId) return [];
  const found = jobsOf(wf).find(([id, job]) => id !== previewId && runsScript(job, "pr-comment") >= 0 && /\bneeds\.[\w-]+\.result\b/.test(JSON.stringify(job.steps ?? [])));
  if (!found) return [`pull-request: no job composes the comment again with the preview's result (npm run pr-comment with --preview from needs.${previewId}.result), so the verdict says "pending" for ever`];
  const [id, job] = found;
  const problems: string[] = [];
  if (!([] as string[]).concat(job.needs ?? []).includes(previewId)) problems.push(`pull-request: job ${id} does not have needs: ${previewId}, so it cannot read the preview's result`);
  if (typeof job.if !== "string" || !RUNS_AFTER_FAILURE.test(job.if)) problems.push(`pull-request: job ${id} has no if: \${{ !cancelled() }}, so a failed preview (or plan) skips it and the comment keeps saying "pending"`);
  if (!/\bneeds\.[\w-]+\.outputs\.ran\b/.test(JSON.stringify(job.steps ?? []))) problems.push(`pull-request: job ${id} does not read the preview job's ran output, so a preview skipped for lack of secrets reads as one that ran`);
  if (!/\bsteps\.[\w-]+\.outputs\b/.test(String(wf.jobs[previewId]?.outputs?.ran ?? ""))) problems.push(`pull-request: job ${previewId} has no output ran (from its secrets check) for the comment job to read`);
  if (/\bsecrets\./.test(JSON.stringify(job))) problems.push(`pull-request: job ${id} runs the pull request's code (npm ci, pr-comment) with a secret; it needs none`);
  if (permissionMap(job.permissions)?.["id-token"] === "write") problems.push(`pull-request: job ${id} may exchange an OIDC token for cloud credentials while running the pull request's code`);
  const post = stepsOf(job).findIndex(postsComment);
  if (post < 0) problems.push(`pull-request: job ${id} composes the comment but does not post it (hidden marker + updateComment)`);
  else problems.push(...checkCommentComposed(id, job, post, /\bneeds\.[\w-]+\.result\b/));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// main.yml

/**
 * The stacks main.yml deploys, in this order: staging, verified, then prod, whose job `needs:`
 * staging's (README, "Staging"). Each in its own GitHub environment and concurrency group.
 */
const MAIN_DEPLOYS = [
  { stack: "staging", environment: "staging", where: "the environment staging (which holds staging's secrets)", group: "pulumi-staging" },
  { stack: "prod", environment: "production", where: "the protected environment production", group: "pulumi-prod" },
] as const;

/** The stack a pulumi/actions step names (`org/stack` -> `stack`), `${{ env.X }}` read from the step, job and workflow env. */
function stackOf(wf: Workflow, job: Job, step: Step): string {
  const env: Record<string, unknown> = { ...wf.env, ...job.env, ...step.env };
  const name = String(step.with?.["stack-name"] ?? "").replace(/\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}/g, (_, key: string) => String(env[key] ?? ""));
  return name.split("/").pop()!.trim();
}

/** A job-level `if:` that runs the job even when a job it needs failed or was cancelled. */
const RUNS_AFTER_FAILURE = /\b(always|failure|cancelled)\(\)/;

export function checkMainWorkflow(wf: Workflow): string[] {
  const problems: string[] = [];
  const push = triggers(wf).push as { branches?: unknown } | null | undefined;
  if (!push || !Array.isArray(push.branches) || !push.branches.includes("main")) problems.push("main: not triggered by a push to main");
  for (const other of Object.keys(triggers(wf))) if (other !== "push" && other !== "workflow_dispatch") problems.push(`main: deploys on ${other} too`);

  // The first `pulumi up` of each stack is its deployment.
  const ups = new Map<string, { id: string; job: Job; at: number }>();
  let any = false;
  for (const [id, job] of jobsOf(wf)) {
    stepsOf(job).forEach((step, at) => {
      if (!isPulumi(step, "up")) return;
      any = true;
      const stack = stackOf(wf, job, step);
      if (!stack) problems.push(`main: job ${id}: pulumi up has no stack-name`);
      else if (!ups.has(stack)) ups.set(stack, { id, job, at });
    });
  }
  if (!any) return [...problems, "main: no pulumi/actions step with command: up"];
  for (const deploy of MAIN_DEPLOYS) {
    const up = ups.get(deploy.stack);
    if (!up) problems.push(`main: no job runs pulumi up on the ${deploy.stack} stack`);
    else problems.push(...checkDeployJob(up, deploy));
  }

  // Staging first: prod's job needs staging's, whose verify-deploy step must pass for it to start.
  const staging = ups.get("staging");
  const prod = ups.get("prod");
  if (staging && prod) {
    const needs = ([] as string[]).concat(prod.job.needs ?? []);
    if (staging.id === prod.id) problems.push(`main: job ${prod.id} deploys staging and prod in one job; give each its own, prod's with needs: ${staging.id}`);
    else if (!needs.includes(staging.id)) problems.push(`main: job ${prod.id} (prod) does not have needs: ${staging.id}, so production deploys without waiting for staging's verify-deploy`);
    else if (typeof prod.job.if === "string" && RUNS_AFTER_FAILURE.test(prod.job.if)) problems.push(`main: job ${prod.id} (prod) runs with if: ${prod.job.if}, so it deploys even when staging's job failed`);
    if ((([] as string[]).concat(staging.job.needs ?? [])).includes(prod.id)) problems.push(`main: job ${staging.id} (staging) needs ${prod.id}: staging must deploy first`);
  }
  if (prod) problems.push(...checkMainBudgetGate(prod));
  problems.push(...checkDatadogKeys(wf, ["verify-deploy", "budget-gate"]));
  return problems;
}

/**
 * The error-budget gate runs again in the prod job, blocking (README, "Error-budget freeze"): after
 * the freeze gate and before up, `--on main`, over everything since the last good deploy, with the
 * override from the merged pull request's labels (the freeze gate's lookup step).
 */
function checkMainBudgetGate({ id, job, at }: { id: string; job: Job; at: number }): string[] {
  const gateAt = runsScript(job, "budget-gate");
  if (gateAt < 0) return [`main: job ${id}: no step runs npm run budget-gate, so an exhausted error budget never holds a prod deploy back`];
  const problems: string[] = [];
  const step = stepsOf(job)[gateAt]!;
  const run = runOf(step);
  const env = JSON.stringify(step.env ?? {});
  if (gateAt > at) problems.push(`main: job ${id}: budget-gate runs after pulumi up`);
  const freezeAt = runsScript(job, "freeze-gate");
  if (freezeAt >= 0 && gateAt < freezeAt) problems.push(`main: job ${id}: budget-gate runs before the freeze gate`);
  if (step.if !== undefined) problems.push(`main: job ${id}: budget-gate is conditional (if: ${String(step.if)}); it must run before every prod up`);
  if (!/--on\s+"?main\b/.test(run)) problems.push(`main: job ${id}: budget-gate runs without --on main, so missing Datadog keys would let the deploy through`);
  if (!/--base\s+"?\$\{LAST_GOOD/.test(run) || !/steps\.[\w-]+\.outputs\.sha/.test(env)) problems.push(`main: job ${id}: budget-gate does not compare with the last good commit (--base "\${LAST_GOOD:-$BEFORE}")`);
  if (!/--scope\b/.test(run) || !/\bvars\.BUDGET_GATE_SCOPE\b/.test(env)) problems.push(`main: job ${id}: budget-gate does not pass --scope from the BUDGET_GATE_SCOPE repository variable`);
  if (!/--override\b/.test(run) || !/steps\.[\w-]+\.outputs\.labels/.test(env) || !env.includes("error-budget-override")) problems.push(`main: job ${id}: budget-gate does not pass --override when the merged pull request has the error-budget-override label`);
  return problems;
}

/** One stack's deployment job: environment, concurrency, build before up, up with the pack, verify-deploy of that stack after it. */
function checkDeployJob({ id, job, at }: { id: string; job: Job; at: number }, deploy: (typeof MAIN_DEPLOYS)[number]): string[] {
  const problems: string[] = [];
  const env = typeof job.environment === "string" ? job.environment : job.environment?.name;
  if (env !== deploy.environment) problems.push(`main: job ${id} does not run in ${deploy.where}`);
  const conc = concurrencyOf(job.concurrency);
  if (!conc) problems.push(`main: job ${id} has no concurrency group, so two deployments can run at once`);
  else {
    if (conc.group !== deploy.group) problems.push(`main: job ${id}: concurrency group is "${conc.group}", not ${deploy.group}`);
    if (conc.cancelInProgress !== false) problems.push(`main: job ${id}: concurrency must set cancel-in-progress: false (a running pulumi up must never be cancelled)`);
  }
  const step = stepsOf(job)[at]!;
  if (!step.with?.policyPacks) problems.push(`main: job ${id}: pulumi up runs without policyPacks`);
  if (!mentionsSecret(step.env?.PULUMI_ACCESS_TOKEN, "PULUMI_ACCESS_TOKEN")) problems.push(`main: job ${id}: pulumi up has no PULUMI_ACCESS_TOKEN from secrets`);
  const ci = runsNpmCi(job);
  const built = runsScript(job, "build:forwarder");
  if (ci < 0 || ci > at) problems.push(`main: job ${id}: npm ci does not run before pulumi up`);
  if (built < 0 || built > at) problems.push(`main: job ${id}: build:forwarder does not run before pulumi up`);
  else if (built < ci) problems.push(`main: job ${id}: build:forwarder runs before npm ci`);
  const verify = runsScript(job, "verify-deploy");
  if (verify < 0) problems.push(`main: job ${id}: verify-deploy does not run after pulumi up on ${deploy.stack}`);
  else {
    if (verify < at) problems.push(`main: job ${id}: verify-deploy runs before pulumi up`);
    if (!new RegExp(`--stack\\s+${deploy.stack}(?![\\w-])`).test(runOf(stepsOf(job)[verify]!))) problems.push(`main: job ${id}: verify-deploy does not name --stack ${deploy.stack}`);
    if (stepsOf(job)[verify]!.if !== undefined) problems.push(`main: job ${id}: verify-deploy is conditional; it must run after every up`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// weekly-report.yml

export function checkWeeklyReportWorkflow(wf: Workflow): string[] {
  const problems: string[] = [];
  const on = triggers(wf);
  const crons = Array.isArray(on.schedule) ? (on.schedule as { cron?: string }[]).map((s) => String(s.cron ?? "")) : [];
  // Fields: minute hour day-of-month month day-of-week; Monday is 1 (or MON).
  if (!crons.some((c) => /^\S+ \S+ \* \* (1|MON)$/i.test(c.trim()))) problems.push("weekly-report: no schedule on Monday mornings");
  const dispatch = on.workflow_dispatch as { inputs?: Record<string, { required?: boolean }> } | null | undefined;
  if (!("workflow_dispatch" in on)) problems.push("weekly-report: no workflow_dispatch trigger");
  else if (!dispatch?.inputs?.week || dispatch.inputs.week.required === true) problems.push("weekly-report: workflow_dispatch has no optional week input");

  const report = findJob(wf, (s) => npmScripts(runOf(s)).includes("report"));
  if (!report) return [...problems, "weekly-report: no step runs npm run report"];
  if (!/--week\b/.test(runOf(stepsOf(report.job)[report.at]!))) problems.push("weekly-report: report runs without --week");
  // ISO weeks: %G (ISO week-numbering year) with %V; %Y/%W or %U number weeks differently around New Year.
  const weekStep = stepsOf(report.job).slice(0, report.at).find((s) => /\bdate\b/.test(runOf(s)));
  if (!weekStep || !/%G-W%V/.test(runOf(weekStep))) problems.push("weekly-report: the previous week is not computed as an ISO week (date +%G-W%V) before the report");
  if (weekStep && !/7 days ago|last week|-7 ?days?/.test(runOf(weekStep))) problems.push("weekly-report: the computed week is not the previous one");
  const published = stepsOf(report.job).slice(report.at + 1).some((s) => /\bgit\b[^\n]*\bpush\b/.test(runOf(s)) || /\bgh\s+issue\b/.test(runOf(s)));
  if (!published) problems.push("weekly-report: the report is neither committed nor posted after it is built");
  problems.push(...checkDatadogKeys(wf, ["report"]));
  return problems;
}
