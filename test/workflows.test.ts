import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./support/runCli";
import {
  checkActionVersions,
  checkCommon,
  checkMainWorkflow,
  checkNodeSetup,
  checkPermissions,
  checkPinned,
  checkPullRequestWorkflow,
  checkPulumiCliPinned,
  checkScriptsDocumented,
  checkSecretsNotInRun,
  checkTimeouts,
  checkWeeklyReportWorkflow,
  COMMENT_POSTER,
  loadWorkflow,
  npmScripts,
  parseWorkflow,
  type Job,
  type RepoDocs,
  type Step,
  type Workflow,
  workspaceRequires,
} from "./support/workflowChecks";
import { checkFreezeGate } from "./support/freezeGateChecks";
import { checkDriftWorkflow, checkReleaseSafety } from "./support/releaseChecks";
import { checkMutationWorkflow } from "./support/mutationChecks";

const DIR = join(REPO, ".github", "workflows");
const load = (name: string) => loadWorkflow(join(DIR, name));
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };
const docs: RepoDocs = {
  scripts: pkg.scripts,
  readme: readFileSync(join(REPO, "README.md"), "utf8"),
  pulumiSdk: pkg.dependencies["@pulumi/pulumi"],
};

/** The leaf scopes: the workflow runs each; groups (`lower`, `validate`) are their parts. */
const MUTATION_SCOPES = Object.entries(JSON.parse(readFileSync(join(REPO, "tools", "mutationScopes.json"), "utf8")) as Record<string, { mutate?: string[] }>).filter(([, s]) => s.mutate).map(([name]) => name);

/** A fresh copy of a workflow to mutate. */
const copy = (name: string): Workflow => structuredClone(load(name));
const job = (wf: Workflow, id: string): Job => {
  const j = wf.jobs[id];
  assert.ok(j, `no job ${id}`);
  return j;
};
/** The one step matching `pred`, failing loudly if the workflow changed shape. */
function step(wf: Workflow, jobId: string, pred: (s: Step) => boolean): Step {
  const found = (job(wf, jobId).steps ?? []).filter(pred);
  assert.equal(found.length, 1, `expected one matching step in job ${jobId}`);
  return found[0]!;
}
const runs = (text: string) => (s: Step) => typeof s.run === "string" && s.run.includes(text);
const uses = (action: string) => (s: Step) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`);
/** A deploy job's own checkout (its rollback checks the last good commit out into another path). */
const ownCheckout = (s: Step) => uses("actions/checkout")(s) && s.with?.path === undefined;
/** A deploy job's `pulumi up` (not the CLI install before it, nor the rollback's up). */
const deployUp = (s: Step) => s.id === "up";
/** Asserts the problems include one matching `re` (and shows them all when not). */
function reports(problems: string[], re: RegExp): void {
  assert.ok(problems.some((p) => re.test(p)), `expected a problem matching ${re}, got:\n${problems.join("\n") || "(none)"}`);
}

describe("GitHub Actions workflows", () => {
  const CHECKS: Record<string, (wf: Workflow) => string[]> = {
    "pull-request.yml": checkPullRequestWorkflow,
    "main.yml": checkMainWorkflow,
    "weekly-report.yml": checkWeeklyReportWorkflow,
    "drift.yml": checkDriftWorkflow,
    "mutation.yml": (wf) => checkMutationWorkflow(wf, MUTATION_SCOPES),
  };

  it("has exactly the five workflows, each valid YAML", () => {
    const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
    assert.deepEqual(files, Object.keys(CHECKS).sort());
    assert.throws(() => parseWorkflow("on: [push\njobs: {}", "broken.yml"), /^Error: broken\.yml: /);
  });

  for (const [file, check] of Object.entries(CHECKS)) {
    it(`${file} passes its own checks and the common ones`, () => {
      const wf = load(file);
      assert.deepEqual(check(wf), []);
      assert.deepEqual(checkCommon(wf, docs), []);
    });
  }

  describe("pull-request.yml catches", () => {
    it("a missing test step, or tests before npm ci", () => {
      const wf = copy("pull-request.yml");
      const steps = job(wf, "test").steps!;
      steps.splice(steps.findIndex(runs("npm test")), 1);
      reports(checkPullRequestWorkflow(wf), /no job runs npm ci, npm run check and npm test/);
      const reordered = copy("pull-request.yml");
      const s = job(reordered, "test").steps!;
      const ci = s.findIndex(runs("npm ci"));
      s.push(...s.splice(ci, 1));
      reports(checkPullRequestWorkflow(reordered), /runs check or test before npm ci/);
    });

    it("a plan without --base, or a shallow checkout that cannot see the base branch", () => {
      const wf = copy("pull-request.yml");
      const plan = step(wf, "plan", runs("npm run plan"));
      plan.run = plan.run!.replace(/--base "[^"]*" /, "");
      reports(checkPullRequestWorkflow(wf), /plan runs without --base/);
      const shallow = copy("pull-request.yml");
      delete step(shallow, "plan", uses("actions/checkout")).with;
      reports(checkPullRequestWorkflow(shallow), /without fetch-depth: 0/);
    });

    it("a comment that is added on every push instead of updated", () => {
      const wf = copy("pull-request.yml");
      const comment = step(wf, "plan", uses("actions/github-script"));
      const poster = comment.requires![COMMENT_POSTER]!;
      assert.match(poster, /updateComment/);
      comment.requires![COMMENT_POSTER] = poster.replace(/updateComment/g, "createComment");
      reports(checkPullRequestWorkflow(wf), /one comment updated in place/);
    });

    it("a comment posted by a copy of the script rather than the shared one, or one not checked out", () => {
      const inline = copy("pull-request.yml");
      const comment = step(inline, "comment", uses("actions/github-script"));
      comment.with!.script = comment.requires![COMMENT_POSTER]!;
      delete comment.requires;
      assert.deepEqual(checkPullRequestWorkflow(inline), [`pull-request: job comment posts the plan comment with a script of its own; require ${COMMENT_POSTER}, so every job finds and edits the comment alike`]);
      const unchecked = copy("pull-request.yml");
      job(unchecked, "comment").steps = job(unchecked, "comment").steps!.filter((x) => !uses("actions/checkout")(x));
      reports(checkPullRequestWorkflow(unchecked), new RegExp(`job comment requires ${COMMENT_POSTER.replace(/\./g, "\\.")} without checking the repository out first`));
      const missing = copy("pull-request.yml");
      step(missing, "plan", uses("actions/github-script")).requires![COMMENT_POSTER] = null;
      reports(checkPullRequestWorkflow(missing), /job plan requires \.github\/scripts\/postPlanComment\.cjs, which is not in the repository/);
    });

    it("both posting steps require the shared script, read from the repository", () => {
      const wf = load("pull-request.yml");
      for (const id of ["plan", "comment"]) {
        const posting = step(wf, id, uses("actions/github-script"));
        assert.deepEqual(workspaceRequires(posting), [COMMENT_POSTER], id);
        assert.equal(posting.requires![COMMENT_POSTER], readFileSync(join(REPO, COMMENT_POSTER), "utf8"), id);
      }
    });

    it("an upload that a re-run of the plan job cannot repeat (409 Conflict without overwrite)", () => {
      const wf = copy("pull-request.yml");
      delete step(wf, "plan", uses("actions/upload-artifact")).with!.overwrite;
      assert.deepEqual(checkPullRequestWorkflow(wf), ["pull-request: job plan uploads plan-comment-inputs without overwrite: true, so re-running the job fails with 409 Conflict (an artifact with this name already exists on the workflow run)"]);
    });

    describe("the plan comment (README, \"The PR comment\")", () => {
      const composes = runs("npm run pr-comment");
      const posts = uses("actions/github-script");

      it("a plan that writes no review for pr-comment", () => {
        const wf = copy("pull-request.yml");
        const plan = step(wf, "plan", runs("npm run plan"));
        plan.run = plan.run!.replace(/--review "[^"]*"/, "");
        reports(checkPullRequestWorkflow(wf), /plan runs without --review/);
      });

      it("a comment posted without pr-comment composing it, or before, or without the preview pending", () => {
        const raw = copy("pull-request.yml");
        job(raw, "plan").steps = job(raw, "plan").steps!.filter((x) => !composes(x));
        assert.deepEqual(checkPullRequestWorkflow(raw), ["pull-request: job plan posts a comment no npm run pr-comment composed"]);
        const early = copy("pull-request.yml");
        const steps = job(early, "plan").steps!;
        const post = steps.splice(steps.findIndex(posts), 1)[0]!;
        steps.splice(steps.findIndex(composes), 0, post);
        assert.deepEqual(checkPullRequestWorkflow(early), ["pull-request: job plan posts the comment before npm run pr-comment composes it"]);
        const silent = copy("pull-request.yml");
        const compose = step(silent, "plan", composes);
        compose.run = compose.run!.replace("--preview pending ", "");
        assert.deepEqual(checkPullRequestWorkflow(silent), ["pull-request: job plan: pr-comment does not pass --preview pending, so the verdict cannot say where the preview is"]);
      });

      it("no job that edits the comment with the preview's result", () => {
        const wf = copy("pull-request.yml");
        delete wf.jobs.comment;
        assert.deepEqual(checkPullRequestWorkflow(wf), ['pull-request: no job composes the comment again with the preview\'s result (npm run pr-comment with --preview from needs.preview.result), so the verdict says "pending" for ever']);
      });

      it("a comment job that cannot see the preview's result, or is skipped when the preview fails", () => {
        const blind = copy("pull-request.yml");
        job(blind, "comment").needs = ["plan"];
        assert.deepEqual(checkPullRequestWorkflow(blind), ["pull-request: job comment does not have needs: preview, so it cannot read the preview's result"]);
        const skipped = copy("pull-request.yml");
        delete job(skipped, "comment").if;
        assert.deepEqual(checkPullRequestWorkflow(skipped), ['pull-request: job comment has no if: ${{ !cancelled() }}, so a failed preview (or plan) skips it and the comment keeps saying "pending"']);
        const ranUnread = copy("pull-request.yml");
        delete step(ranUnread, "comment", composes).env!.PREVIEW_RAN;
        assert.deepEqual(checkPullRequestWorkflow(ranUnread), ["pull-request: job comment does not read the preview job's ran output, so a preview skipped for lack of secrets reads as one that ran"]);
        const noOutput = copy("pull-request.yml");
        delete job(noOutput, "preview").outputs;
        assert.deepEqual(checkPullRequestWorkflow(noOutput), ["pull-request: job preview has no output ran (from its secrets check) for the comment job to read"]);
        const misplaced = copy("pull-request.yml");
        const compose = step(misplaced, "comment", composes);
        step(misplaced, "comment", posts).env = { PREVIEW_RESULT: compose.env!.PREVIEW_RESULT };
        delete compose.env!.PREVIEW_RESULT;
        assert.deepEqual(checkPullRequestWorkflow(misplaced), ["pull-request: job comment: pr-comment does not pass --preview from needs.<preview job>.result, so the verdict cannot say where the preview is"]);
      });

      it("a comment job that runs the pull request's code with a secret or a cloud role, or never posts", () => {
        const secret = copy("pull-request.yml");
        step(secret, "comment", composes).env!.DD_API_KEY = "${{ secrets.DD_API_KEY }}";
        reports(checkPullRequestWorkflow(secret), /job comment runs the pull request's code \(npm ci, pr-comment\) with a secret; it needs none/);
        const role = copy("pull-request.yml");
        (job(role, "comment").permissions as Record<string, string>)["id-token"] = "write";
        assert.deepEqual(checkPullRequestWorkflow(role), ["pull-request: job comment may exchange an OIDC token for cloud credentials while running the pull request's code"]);
        reports(checkCommon(role, docs), /job comment: id-token: write without a step that exchanges an OIDC token/);
        const mute = copy("pull-request.yml");
        job(mute, "comment").steps = job(mute, "comment").steps!.filter((x) => !posts(x));
        assert.deepEqual(checkPullRequestWorkflow(mute), ["pull-request: job comment composes the comment but does not post it (hidden marker + updateComment)"]);
      });
    });

    it("a budget gate that ignores the override label, or is missing", () => {
      const wf = copy("pull-request.yml");
      const gate = step(wf, "plan", runs("npm run budget-gate"));
      gate.run = gate.run!.replace(/^.*--override.*$/m, "");
      reports(checkPullRequestWorkflow(wf), /does not pass --override/);
      const none = copy("pull-request.yml");
      job(none, "plan").steps = job(none, "plan").steps!.filter((s) => !runs("npm run budget-gate")(s));
      reports(checkPullRequestWorkflow(none), /no step runs npm run budget-gate/);
    });

    it("a budget gate or preview that fails Dependabot pull requests for lack of secrets", () => {
      const wf = copy("pull-request.yml");
      const gate = step(wf, "plan", runs("npm run budget-gate"));
      gate.run = gate.run!.replace("--on pull-request ", "");
      reports(checkPullRequestWorkflow(wf), /budget-gate runs without --on pull-request/);
      const preview = copy("pull-request.yml");
      delete step(preview, "preview", (s) => s.id === "secrets").env!.IS_DEPENDABOT;
      reports(checkPullRequestWorkflow(preview), /secrets check does not treat Dependabot pull requests/);
    });

    it("a budget gate that ignores the BUDGET_GATE_SCOPE repository variable", () => {
      const wf = copy("pull-request.yml");
      delete step(wf, "plan", runs("npm run budget-gate")).env!.SCOPE;
      reports(checkPullRequestWorkflow(wf), /does not pass --scope from the BUDGET_GATE_SCOPE repository variable/);
      const flagless = copy("pull-request.yml");
      const gate = step(flagless, "plan", runs("npm run budget-gate"));
      gate.run = gate.run!.replace(/--scope "[^"]*" /, "");
      reports(checkPullRequestWorkflow(flagless), /does not pass --scope/);
    });

    it("a budget gate without the Datadog keys", () => {
      const wf = copy("pull-request.yml");
      delete step(wf, "plan", runs("npm run budget-gate")).env!.DD_APP_KEY;
      reports(checkPullRequestWorkflow(wf), /budget-gate runs without DD_APP_KEY/);
    });

    it("a preview that runs without secrets, or skips without saying so", () => {
      const ungated = copy("pull-request.yml");
      delete step(ungated, "preview", uses("pulumi/actions")).if;
      reports(checkPullRequestWorkflow(ungated), /not gated on an earlier step that checks the secrets/);
      const silent = copy("pull-request.yml");
      const probe = step(silent, "preview", (s) => s.id === "secrets");
      probe.run = probe.run!.replace(/^.*::notice.*$/m, "");
      reports(checkPullRequestWorkflow(silent), /no ::notice:: saying preview was skipped/);
    });

    it("a preview before the forwarder bundles exist, or without the policy pack", () => {
      const wf = copy("pull-request.yml");
      job(wf, "preview").steps = job(wf, "preview").steps!.filter((s) => !runs("build:forwarder")(s));
      reports(checkPullRequestWorkflow(wf), /build:forwarder does not run before pulumi preview/);
      const noPolicy = copy("pull-request.yml");
      delete step(noPolicy, "preview", uses("pulumi/actions")).with!.policyPacks;
      reports(checkPullRequestWorkflow(noPolicy), /without policyPacks/);
    });
  });

  describe("main.yml catches", () => {
    it("a missing concurrency block, or one that cancels a running up", () => {
      const wf = copy("main.yml");
      delete job(wf, "deploy").concurrency;
      reports(checkMainWorkflow(wf), /no concurrency group, so two deployments can run at once/);
      const cancelling = copy("main.yml");
      (job(cancelling, "deploy").concurrency as Record<string, unknown>)["cancel-in-progress"] = true;
      reports(checkMainWorkflow(cancelling), /cancel-in-progress: false/);
    });

    it("a deploy outside the protected environment", () => {
      const wf = copy("main.yml");
      delete job(wf, "deploy").environment;
      reports(checkMainWorkflow(wf), /protected environment production/);
    });

    it("build:forwarder after up, and verify-deploy before it or missing", () => {
      const late = copy("main.yml");
      const steps = job(late, "deploy").steps!;
      steps.push(...steps.splice(steps.findIndex(runs("build:forwarder")), 1));
      reports(checkMainWorkflow(late), /build:forwarder does not run before pulumi up/);
      const early = copy("main.yml");
      const s = job(early, "deploy").steps!;
      s.unshift(...s.splice(s.findIndex(runs("verify-deploy")), 1));
      reports(checkMainWorkflow(early), /verify-deploy runs before pulumi up/);
      const none = copy("main.yml");
      job(none, "deploy").steps = job(none, "deploy").steps!.filter((x) => !runs("verify-deploy")(x));
      reports(checkMainWorkflow(none), /verify-deploy does not run/);
    });

    it("a prod deploy that does not wait for staging's verify-deploy", () => {
      const unordered = copy("main.yml");
      delete job(unordered, "deploy").needs;
      assert.deepEqual(checkMainWorkflow(unordered), ["main: job deploy (prod) does not have needs: staging, so production deploys without waiting for staging's verify-deploy"]);
      const always = copy("main.yml");
      job(always, "deploy").if = "${{ always() }}";
      assert.deepEqual(checkMainWorkflow(always), ["main: job deploy (prod) runs with if: ${{ always() }}, so it deploys even when staging's job failed"]);
    });

    it("a staging job that is missing, deploys another stack, or skips its own verify-deploy", () => {
      const none = copy("main.yml");
      delete none.jobs.staging;
      delete job(none, "deploy").needs;
      assert.deepEqual(checkMainWorkflow(none), ["main: no job runs pulumi up on the staging stack"]);
      const prodTwice = copy("main.yml");
      job(prodTwice, "staging").env!.PULUMI_STACK = "acme/prod";
      reports(checkMainWorkflow(prodTwice), /no job runs pulumi up on the staging stack/);
      const unverified = copy("main.yml");
      job(unverified, "staging").steps = job(unverified, "staging").steps!.filter((x) => !runs("verify-deploy")(x));
      assert.deepEqual(checkMainWorkflow(unverified), ["main: job staging: verify-deploy does not run after pulumi up on staging"]);
      const wrongStack = copy("main.yml");
      const verify = step(wrongStack, "staging", runs("verify-deploy"));
      verify.run = verify.run!.replace("--stack staging", "--stack prod");
      assert.deepEqual(checkMainWorkflow(wrongStack), ["main: job staging: verify-deploy does not name --stack staging"]);
      const skipped = copy("main.yml");
      step(skipped, "staging", runs("verify-deploy")).if = "${{ github.event_name == 'workflow_dispatch' }}";
      assert.deepEqual(checkMainWorkflow(skipped), ["main: job staging: verify-deploy is conditional; it must run after every up"]);
    });

    it("a staging job outside its environment or sharing prod's concurrency group", () => {
      const wf = copy("main.yml");
      job(wf, "staging").environment = "production";
      (job(wf, "staging").concurrency as Record<string, unknown>).group = "pulumi-prod";
      assert.deepEqual(checkMainWorkflow(wf), [
        "main: job staging does not run in the environment staging (which holds staging's secrets)",
        'main: job staging: concurrency group is "pulumi-prod", not pulumi-staging',
      ]);
    });

    it("staging and prod in one job, or staging waiting for prod", () => {
      const merged = copy("main.yml");
      job(merged, "deploy").steps!.unshift(...job(merged, "staging").steps!.filter((x) => uses("pulumi/actions")(x)).map((x) => ({ ...x, with: { ...x.with, "stack-name": "acme/staging" } })));
      delete merged.jobs.staging;
      reports(checkMainWorkflow(merged), /job deploy deploys staging and prod in one job/);
      const backwards = copy("main.yml");
      job(backwards, "staging").needs = ["deploy"];
      reports(checkMainWorkflow(backwards), /job staging \(staging\) needs deploy: staging must deploy first/);
    });

    describe("the change-freeze gate (README, \"Change freezes\")", () => {
      const gateStep = runs("npm run freeze-gate");
      it("passes its checks", () => assert.deepEqual(checkFreezeGate(load("main.yml")), []));

      it("a missing gate, one after up, or a conditional one", () => {
        const none = copy("main.yml");
        job(none, "deploy").steps = job(none, "deploy").steps!.filter((x) => !gateStep(x));
        assert.deepEqual(checkFreezeGate(none), ["main: job deploy: no step runs npm run freeze-gate, so production deploys during change freezes"]);
        const late = copy("main.yml");
        const steps = job(late, "deploy").steps!;
        steps.push(...steps.splice(steps.findIndex(gateStep), 1));
        assert.deepEqual(checkFreezeGate(late), ["main: job deploy: freeze-gate runs after pulumi up, when the frozen change is already deployed"]);
        const skipped = copy("main.yml");
        step(skipped, "deploy", gateStep).if = "${{ github.event.head_commit.author.name != 'release-bot' }}";
        reports(checkFreezeGate(skipped), /freeze-gate is conditional/);
      });

      it("pull request text put into the script, or no summary", () => {
        const wf = copy("main.yml");
        const gate = step(wf, "deploy", gateStep);
        gate.run = gate.run!.replace('"${LAST_GOOD:-$BEFORE}"', '"${{ steps.last-good.outputs.sha }}"');
        reports(checkFreezeGate(wf), /interpolates an expression into run:/);
        const silent = copy("main.yml");
        const g = step(silent, "deploy", gateStep);
        g.run = g.run!.replace(/ --summary "\$GITHUB_STEP_SUMMARY"/, "");
        reports(checkFreezeGate(silent), /an override is not recorded in the deploy summary/);
      });

      it("an override that cannot be seen: no lookup, another label, no body, no permission", () => {
        const unlinked = copy("main.yml");
        delete step(unlinked, "deploy", gateStep).env!.FREEZE_COMMITS;
        reports(checkFreezeGate(unlinked), /FREEZE_COMMITS is not the commits output of an earlier step/);
        const otherLabel = copy("main.yml");
        const lookup = step(otherLabel, "deploy", (x) => x.id === "pr");
        lookup.with!.script = String(lookup.with!.script).replace(/"freeze-override"/g, '"override"');
        assert.deepEqual(checkFreezeGate(otherLabel), ["main: job deploy: step pr does not look for the freeze-override label's author"]);
        const headOnly = copy("main.yml");
        const only = step(headOnly, "deploy", (x) => x.id === "pr");
        only.with!.script = String(only.with!.script).replace(/execFileSync\("git", \["rev-list"[^\n]*\n/, "shas = [context.sha];\n");
        assert.deepEqual(checkFreezeGate(headOnly), ["main: job deploy: step pr does not list every first-parent commit since the last good one (git rev-list --first-parent), so one pull request's override covers the others"]);
        const anyBase = copy("main.yml");
        const any = step(anyBase, "deploy", (x) => x.id === "pr");
        any.with!.script = String(any.with!.script).replace(' && p.base?.ref === "main"', "");
        assert.deepEqual(checkFreezeGate(anyBase), ['main: job deploy: step pr takes any merged pull request containing a commit, not only one merged into main (base.ref === "main")']);
        const fragile = copy("main.yml");
        const lookupStep = step(fragile, "deploy", (x) => x.id === "pr");
        lookupStep.with!.script = String(lookupStep.with!.script).replace(/try \{\n(\s*const events)/, "{\n$1");
        assert.deepEqual(checkFreezeGate(fragile), ["main: job deploy: step pr calls issues.listEvents outside try/catch, so a refused read of who applied the label fails the deploy"]);
        const noPerm = copy("main.yml");
        delete (job(noPerm, "deploy").permissions as Record<string, string>)["pull-requests"];
        assert.deepEqual(checkFreezeGate(noPerm), ["main: job deploy: no pull-requests: read, so the merged pull request cannot be looked up"]);
      });

      it("a shallow checkout that cannot see the base", () => {
        const wf = copy("main.yml");
        delete step(wf, "deploy", ownCheckout).with;
        reports(checkFreezeGate(wf), /checkout without fetch-depth: 0/);
      });
    });

    it("a prod deploy without the blocking error-budget gate, or one after up, on the wrong event, or blind to the override", () => {
      const budget = runs("npm run budget-gate");
      const none = copy("main.yml");
      job(none, "deploy").steps = job(none, "deploy").steps!.filter((x) => !budget(x));
      assert.deepEqual(checkMainWorkflow(none), ["main: job deploy: no step runs npm run budget-gate, so an exhausted error budget never holds a prod deploy back"]);
      const late = copy("main.yml");
      const steps = job(late, "deploy").steps!;
      steps.push(...steps.splice(steps.findIndex(budget), 1));
      assert.deepEqual(checkMainWorkflow(late), ["main: job deploy: budget-gate runs after pulumi up"]);
      const lenient = copy("main.yml");
      const gate = step(lenient, "deploy", budget);
      gate.run = gate.run!.replace("--on main", "--on pull-request");
      assert.deepEqual(checkMainWorkflow(lenient), ["main: job deploy: budget-gate runs without --on main, so missing Datadog keys would let the deploy through"]);
      const blind = copy("main.yml");
      delete step(blind, "deploy", budget).env!.OVERRIDE;
      assert.deepEqual(checkMainWorkflow(blind), ["main: job deploy: budget-gate does not pass --override when the merged pull request has the error-budget-override label"]);
      const keyless = copy("main.yml");
      delete step(keyless, "deploy", budget).env!.DD_APP_KEY;
      assert.deepEqual(checkMainWorkflow(keyless), ["job deploy: budget-gate runs without DD_APP_KEY from secrets.DD_APP_KEY"]);
    });

    it("a deploy triggered by pull requests", () => {
      const wf = copy("main.yml");
      (wf.on as Record<string, unknown>).pull_request = null;
      reports(checkMainWorkflow(wf), /deploys on pull_request too/);
    });
  });

  describe("drift.yml catches", () => {
    const preview = (stack: string) => (s: Step) => uses("pulumi/actions")(s) && s.with?.["stack-name"] === `acme/${stack}`;
    const script = (wf: Workflow) => step(wf, "report", uses("actions/github-script"));

    it("a preview that does not expect no changes, or does not refresh", () => {
      const wf = copy("drift.yml");
      delete step(wf, "detect", preview("prod")).with!["expect-no-changes"];
      assert.deepEqual(checkDriftWorkflow(wf), ["drift: job detect: the preview of prod does not set expect-no-changes: true, so a drifted stack passes as clean"]);
      const stale = copy("drift.yml");
      step(stale, "detect", preview("staging")).with!.refresh = false;
      assert.deepEqual(checkDriftWorkflow(stale), ["drift: job detect: the preview of staging does not refresh, so it compares the program with the last recorded state instead of what is deployed"]);
    });

    it("a stack left unchecked, or a preview whose drift stops the job before the report", () => {
      const wf = copy("drift.yml");
      job(wf, "detect").steps = job(wf, "detect").steps!.filter((s) => !preview("staging")(s));
      reports(checkDriftWorkflow(wf), /^drift: no refreshing preview of the staging stack$/);
      const stops = copy("drift.yml");
      delete (step(stops, "detect", preview("prod")) as Record<string, unknown>)["continue-on-error"];
      assert.deepEqual(checkDriftWorkflow(stops), ["drift: job detect: the preview of prod has no continue-on-error: true, so its drift stops the job before the report"]);
      const unread = copy("drift.yml");
      delete step(unread, "detect", runs("npm run drift-report")).env!.PROD;
      assert.deepEqual(checkDriftWorkflow(unread), ["drift: job detect: drift-report is not given the outcome of the preview of prod"]);
    });

    it("a preview of main's head instead of the stack's last-good commit", () => {
      const head = copy("drift.yml");
      delete step(head, "detect", preview("prod")).with!["work-dir"];
      assert.deepEqual(checkDriftWorkflow(head), ["drift: job detect: the preview of prod does not run from a checkout of the stack's last-good commit (work-dir: the path of an actions/checkout whose ref is read from the stack tag), so it previews main's head instead of what is deployed"]);
      const wrongRef = copy("drift.yml");
      step(wrongRef, "detect", (s) => s.name === "Check out staging's deployed commit").with!.ref = "${{ github.sha }}";
      reports(checkDriftWorkflow(wrongRef), /the preview of staging does not run from a checkout of the stack's last-good commit/);
    });

    it("no schedule", () => {
      const wf = copy("drift.yml");
      delete (wf.on as Record<string, unknown>).schedule;
      assert.deepEqual(checkDriftWorkflow(wf), ["drift: no schedule, so drift is only found when someone looks"]);
    });

    it("issue writes next to cloud credentials, in either direction", () => {
      const wf = copy("drift.yml");
      (job(wf, "detect").permissions as Record<string, string>).issues = "write";
      reports(checkDriftWorkflow(wf), /job detect previews with cloud credentials and may write issues/);
      const armed = copy("drift.yml");
      (job(armed, "report").permissions as Record<string, string>)["id-token"] = "write";
      reports(checkDriftWorkflow(armed), /job report writes issues and also holds cloud credentials/);
      // And the common rule: an issue write needs a step that writes issues.
      const idle = copy("drift.yml");
      script(idle).with!.script = "core.info('nothing')";
      reports(checkPermissions(idle), /job report: issues: write without a step that opens or edits issues/);
    });

    it("an issue opened on every run, never closed, closed on an incomplete check, or a report pasted into the script", () => {
      const wf = copy("drift.yml");
      script(wf).with!.script = String(script(wf).with!.script).replace(/issues\.update\(\{ \.\.\.context\.repo, issue_number: issue\.number, body \}\)/, "issues.createComment({ ...context.repo, issue_number: issue.number, body })");
      reports(checkDriftWorkflow(wf), /does not keep ONE issue/);
      const open = copy("drift.yml");
      script(open).with!.script = String(script(open).with!.script).replace(/state: "closed", /, "");
      reports(checkDriftWorkflow(open), /never closes the issue when the drift is gone/);
      const hasty = copy("drift.yml");
      script(hasty).with!.script = String(script(hasty).with!.script).replace(/complete/g, "finished");
      reports(checkDriftWorkflow(hasty), /may close the issue when a stack could not be checked/);
      const injected = copy("drift.yml");
      script(injected).with!.script = `const body = \`\${{ needs.detect.outputs.body }}\`;\n${String(script(injected).with!.script)}`;
      reports(checkDriftWorkflow(injected), /interpolates an expression; pass the report through env/);
    });
  });

  describe("main.yml release safety catches (README, \"Automatic rollback\")", () => {
    it("passes its checks", () => assert.deepEqual(checkReleaseSafety(load("main.yml")), []));

    it("a prod up that does not refresh first", () => {
      const wf = copy("main.yml");
      delete step(wf, "deploy", deployUp).with!.refresh;
      assert.deepEqual(checkReleaseSafety(wf), ["main: job deploy: pulumi up on prod does not refresh first (refresh: true), so drift stays in place"]);
    });

    it("a rollback step missing if: failure(), so it is skipped after the failure it exists for", () => {
      for (const [jobId, name] of [["deploy", "Redeploy the last good commit"], ["staging", "Redeploy the last good commit"]] as const) {
        const wf = copy("main.yml");
        step(wf, jobId, (s) => s.name === name).if = "steps.rollback-plan.outputs.rollback == 'true'";
        assert.deepEqual(checkReleaseSafety(wf), [`main: job ${jobId}: the rollback's pulumi up is not conditioned on failure() and rollback-plan's decision (if: steps.rollback-plan.outputs.rollback == 'true')`]);
      }
      const plan = copy("main.yml");
      delete step(plan, "deploy", runs("npm run rollback-plan")).if;
      assert.deepEqual(checkReleaseSafety(plan), ["main: job deploy: rollback-plan runs without if: failure() (if: none): after a failed step it is skipped"]);
    });

    it("a rollback from the wrong checkout, or without building the last good commit", () => {
      const wf = copy("main.yml");
      step(wf, "deploy", (s) => s.name === "Check out the last good commit").with!.ref = "${{ github.sha }}";
      assert.deepEqual(checkReleaseSafety(wf), ["main: job deploy: the rollback checks out something other than rollback-plan's ref"]);
      const here = copy("main.yml");
      delete step(here, "deploy", (s) => s.name === "Redeploy the last good commit").with!["work-dir"];
      reports(checkReleaseSafety(here), /does not run from a checkout of the last good commit/);
      const unbuilt = copy("main.yml");
      job(unbuilt, "staging").steps = job(unbuilt, "staging").steps!.filter((s) => s.name !== "Build the last good commit");
      assert.deepEqual(checkReleaseSafety(unbuilt), ["main: job staging: the last good commit is not installed and built (npm ci, build:forwarder in its folder) before its pulumi up"]);
    });

    it("a rollback decision that does not see the checks' outcomes or the last good commit", () => {
      const wf = copy("main.yml");
      delete step(wf, "deploy", runs("npm run rollback-plan")).env!.SYNTHETIC;
      assert.deepEqual(checkReleaseSafety(wf), ["main: job deploy: rollback-plan is not given the outcome of synthetic (--synthetic)"]);
      const blind = copy("main.yml");
      delete step(blind, "staging", runs("npm run rollback-plan")).env!.LAST_GOOD;
      assert.deepEqual(checkReleaseSafety(blind), ["main: job staging: rollback-plan is not given the last good commit (--last-good)"]);
      const unread = copy("main.yml");
      job(unread, "deploy").steps = job(unread, "deploy").steps!.filter((s) => s.id !== "last-good");
      reports(checkReleaseSafety(unread), /the stack tag last-good is not read before pulumi up/);
    });

    it("a synthetic webhook that is missing, conditional, or not sent to the deployed Function URL", () => {
      const none = copy("main.yml");
      job(none, "deploy").steps = job(none, "deploy").steps!.filter((s) => !runs("synthetic-webhook")(s));
      reports(checkReleaseSafety(none), /job deploy: no synthetic webhook after pulumi up/);
      const maybe = copy("main.yml");
      step(maybe, "staging", runs("synthetic-webhook")).if = "github.event_name == 'workflow_dispatch'";
      assert.deepEqual(checkReleaseSafety(maybe), ["main: job staging: the synthetic webhook is conditional (if: github.event_name == 'workflow_dispatch'); it must follow every up"]);
      const elsewhere = copy("main.yml");
      step(elsewhere, "deploy", runs("synthetic-webhook")).env!.WEBHOOK_URLS = '{"web-lead-form-to-crm/synthetic-probe":"https://example.com/hooks"}';
      assert.deepEqual(checkReleaseSafety(elsewhere), ["main: job deploy: the synthetic webhook is not given the up step's webhookUrls output, the real Function URL"]);
    });

    it("last-good recorded before the checks pass, or even when they failed", () => {
      const early = copy("main.yml");
      const steps = job(early, "deploy").steps!;
      const record = steps.splice(steps.findIndex((s) => s.name === "Record the last good commit"), 1)[0]!;
      steps.splice(steps.findIndex(deployUp) + 1, 0, record);
      reports(checkReleaseSafety(early), /job deploy: last-good is recorded before verify-deploy and the synthetic webhook have passed/);
      const always = copy("main.yml");
      step(always, "staging", (s) => s.name === "Record the last good commit").if = "always()";
      assert.deepEqual(checkReleaseSafety(always), ["main: job staging: last-good is recorded under if: always(); only a run whose checks all passed may record it"]);
    });

    it("a last-good read that swallows errors, or no refusal of a stale re-run", () => {
      const swallowed = copy("main.yml");
      const read = step(swallowed, "deploy", (s) => s.id === "last-good");
      read.run = 'sha="$(pulumi stack tag get last-good --stack "$PULUMI_STACK" 2>/dev/null || true)"\necho "sha=$sha" >> "$GITHUB_OUTPUT"\n';
      assert.deepEqual(checkReleaseSafety(swallowed), ['main: job deploy: the step reading last-good swallows errors (|| true, 2>/dev/null), so a failed read passes for "no verified deploy yet" and the gates compare with the wrong base']);
      const stale = copy("main.yml");
      job(stale, "staging").steps = job(stale, "staging").steps!.filter((s) => s.name !== "Refuse a stale re-run");
      assert.deepEqual(checkReleaseSafety(stale), ['main: job staging: no check before pulumi up that the last good commit is an ancestor of this one (git merge-base --is-ancestor "$LAST_GOOD" "$GITHUB_SHA"), so a stale re-run deploys older code']);
    });

    it("a start announced before the gates, or a failed rollback announced as nothing rolled back", () => {
      const early = copy("main.yml");
      const steps = job(early, "deploy").steps!;
      const started = steps.splice(steps.findIndex((s) => s.name === "Tell the owning teams the deploy started"), 1)[0]!;
      steps.splice(steps.findIndex((s) => s.id === "last-good") + 1, 0, started);
      assert.deepEqual(checkReleaseSafety(early), ["main: job deploy: the start is announced before the freeze and budget gates have decided, so a refused deploy is announced as started"]);
      const blind = copy("main.yml");
      const failed = step(blind, "staging", (s) => s.name === "Tell the owning teams the deploy failed, and what was rolled back");
      failed.run = failed.run!.replace(/\s*failure\) args\+=\(--event rollback-failed[^\n]*/, "");
      assert.deepEqual(checkReleaseSafety(blind), ['main: job staging: the failure notification has no --event rollback-failed, so a failed rollback is announced as "nothing was rolled back"']);
    });

    it("notifications that can fail the deploy, or that are missing", () => {
      const wf = copy("main.yml");
      delete (step(wf, "deploy", (s) => s.name === "Tell the owning teams the deploy started") as Record<string, unknown>)["continue-on-error"];
      reports(checkReleaseSafety(wf), /notify-deploy \(Tell the owning teams the deploy started\) has no continue-on-error: true/);
      const silent = copy("main.yml");
      job(silent, "staging").steps = job(silent, "staging").steps!.filter((s) => !runs("notify-deploy")(s));
      assert.deepEqual(checkReleaseSafety(silent), [
        "main: job staging: the teams are not told when the deploy fails or is rolled back (notify-deploy under if: failure(), --event failed or rolled-back)",
        "main: job staging: the teams are not told the deploy started (notify-deploy --event started before pulumi up)",
        "main: job staging: the teams are not told the deploy succeeded (notify-deploy --event succeeded once last-good is recorded)",
      ]);
      const unannounced = copy("main.yml");
      job(unannounced, "deploy").steps = job(unannounced, "deploy").steps!.filter((s) => !/--event (started|succeeded)/.test(s.run ?? ""));
      assert.deepEqual(checkReleaseSafety(unannounced), [
        "main: job deploy: the teams are not told the deploy started (notify-deploy --event started before pulumi up)",
        "main: job deploy: the teams are not told the deploy succeeded (notify-deploy --event succeeded once last-good is recorded)",
      ]);
    });
  });

  describe("mutation.yml catches", () => {
    it("a matrix that misses a scope, or a mutate step without the scope", () => {
      const wf = copy("mutation.yml");
      (job(wf, "mutate") as Job & { strategy: { matrix: { scope: string[] } } }).strategy.matrix.scope = ["verify"];
      reports(checkMutationWorkflow(wf, MUTATION_SCOPES), /matrix\.scope is \[verify\], not the scopes/);
      const unscoped = copy("mutation.yml");
      const mutate = step(unscoped, "mutate", runs("npm run mutate"));
      delete mutate.env;
      mutate.run = "npm run mutate -- verify";
      reports(checkMutationWorkflow(unscoped, MUTATION_SCOPES), /runs npm run mutate without the matrix scope/);
    });

    it("a report that is not uploaded, or not when the score breaks", () => {
      const wf = copy("mutation.yml");
      job(wf, "mutate").steps = job(wf, "mutate").steps!.filter((s) => !uses("actions/upload-artifact")(s));
      reports(checkMutationWorkflow(wf, MUTATION_SCOPES), /does not upload the report/);
      const skipped = copy("mutation.yml");
      delete step(skipped, "mutate", uses("actions/upload-artifact")).if;
      reports(checkMutationWorkflow(skipped, MUTATION_SCOPES), /skips the upload when the score breaks/);
      const unnamed = copy("mutation.yml");
      job(unnamed, "mutate").steps = job(unnamed, "mutate").steps!.filter((s) => s.name !== "Name the report");
      reports(checkMutationWorkflow(unnamed, MUTATION_SCOPES), /uploads a report without its scope file/);
    });

    it("a workflow that is no longer weekly", () => {
      const wf = copy("mutation.yml");
      wf.on = { workflow_dispatch: null };
      reports(checkMutationWorkflow(wf, MUTATION_SCOPES), /no weekly schedule/);
    });
  });

  describe("weekly-report.yml catches", () => {
    it("a non-ISO week number", () => {
      const wf = copy("weekly-report.yml");
      const week = step(wf, "report", (s) => s.id === "week");
      week.run = week.run!.replace("%G-W%V", "%Y-W%W");
      reports(checkWeeklyReportWorkflow(wf), /not computed as an ISO week/);
    });

    it("a schedule on the wrong day, and a required week input", () => {
      const wf = copy("weekly-report.yml");
      (wf.on as { schedule: { cron: string }[] }).schedule[0]!.cron = "0 6 * * 5";
      reports(checkWeeklyReportWorkflow(wf), /no schedule on Monday mornings/);
      const required = copy("weekly-report.yml");
      (required.on as { workflow_dispatch: { inputs: Record<string, { required: boolean }> } }).workflow_dispatch.inputs.week!.required = true;
      reports(checkWeeklyReportWorkflow(required), /no optional week input/);
    });

    it("a report that is built and then dropped", () => {
      const wf = copy("weekly-report.yml");
      job(wf, "report").steps = job(wf, "report").steps!.filter((s) => !/git -C|gh issue/.test(s.run ?? ""));
      reports(checkWeeklyReportWorkflow(wf), /neither committed nor posted/);
    });
  });

  describe("common rules catch", () => {
    it("a secret pasted into run:", () => {
      const wf = copy("main.yml");
      job(wf, "deploy").steps!.push({ name: "debug", run: 'echo "key ${{ secrets.DD_API_KEY }}"' });
      reports(checkSecretsNotInRun(wf), /job deploy: step "debug" interpolates a secret into run:/);
    });

    it("an action on a branch, a tag, or without a ref", () => {
      const wf = copy("pull-request.yml");
      step(wf, "preview", uses("pulumi/actions")).uses = "pulumi/actions@main";
      step(wf, "test", uses("actions/checkout")).uses = "actions/checkout@v7";
      job(wf, "test").steps!.push({ uses: "someone/action" });
      const problems = checkPinned(wf);
      reports(problems, /job preview: "pulumi\/actions@main" is not pinned to a full commit SHA/);
      reports(problems, /job test: "actions\/checkout@v7" is not pinned to a full commit SHA/);
      reports(problems, /"someone\/action" is not pinned/);
      // A full commit SHA with its release in a comment is a pin; a short SHA is not.
      step(wf, "preview", uses("pulumi/actions")).uses = `pulumi/actions@${"a".repeat(40)}`;
      step(wf, "test", uses("actions/checkout")).uses = "actions/checkout@3d3c42e";
      job(wf, "test").steps!.pop();
      assert.deepEqual(checkPinned(wf), ['job test: "actions/checkout@3d3c42e" is not pinned to a full commit SHA; a tag or branch can be moved to other code (use the release\'s commit, with "# vX.Y.Z" after it)']);
    });

    it("a commit SHA without the release it is in a comment", () => {
      // The comment is not data, so this starts from the text: parseWorkflow must read it.
      assert.equal(step(load("main.yml"), "deploy", ownCheckout).usesComment, "v7.0.1");
      const text = readFileSync(join(DIR, "main.yml"), "utf8");
      const bare = text.replace(/(uses: actions\/checkout@[0-9a-f]{40}) # v7\.0\.1/, "$1");
      assert.notEqual(bare, text);
      // The first checkout in the file is the staging job's.
      reports(checkPinned(parseWorkflow(bare, "main.yml")), /job staging: "actions\/checkout@[0-9a-f]{40}" has no version comment/);
      // A bare major names a moving tag, not the release the commit is.
      const major = copy("main.yml");
      step(major, "deploy", deployUp).usesComment = "v7";
      reports(checkPinned(major), /job deploy: "pulumi\/actions@[0-9a-f]{40}" has no version comment/);
    });

    // One row per action: the last major that still runs on Node 20, and the first on Node 24.
    const OLD_MAJORS: [action: string, old: string, first: number][] = [
      ["actions/checkout", "v4.2.2", 5],
      ["actions/setup-node", "v4.4.0", 5],
      ["actions/github-script", "v7.0.1", 8],
      ["pulumi/actions", "v6.6.1", 7],
      ["aws-actions/configure-aws-credentials", "v4.3.1", 5],
    ];
    for (const [action, old, first] of OLD_MAJORS) {
      it(`${action} ${old}, a release that runs on Node 20`, () => {
        const file = action === "actions/github-script" ? "pull-request.yml" : "main.yml";
        const wf = copy(file);
        const jobId = file === "main.yml" ? "deploy" : "plan";
        // The first such step of the job (a deploy job installs the Pulumi CLI, then runs up, then maybe a rollback).
        (job(wf, jobId).steps ?? []).find(uses(action))!.usesComment = old;
        assert.deepEqual(checkActionVersions(wf), [`job ${jobId}: ${action} ${old} runs on Node 20, which GitHub is removing from its runners; use v${first} or later`]);
      });
    }

    it("an action with no known Node 24 release", () => {
      const wf = copy("main.yml");
      job(wf, "deploy").steps!.push({ uses: `someone/action/sub@${"b".repeat(40)}`, usesComment: "v1.0.0" });
      assert.deepEqual(checkActionVersions(wf), ['job deploy: someone/action has no known Node 24 release; look up its first major whose action.yml says "using: node24" and add it to NODE24_MAJORS']);
    });

    it("setup-node on Node 20 or an unreadable version", () => {
      for (const version of [20, "22.x", "20.19.0", "lts/*"]) {
        const wf = copy("pull-request.yml");
        step(wf, "test", uses("actions/setup-node")).with!["node-version"] = version;
        assert.deepEqual(checkNodeSetup(wf), [`job test: setup-node with node-version ${version}; use 24 or later (Node 20 is past end of life)`]);
      }
      const none = copy("pull-request.yml");
      delete step(none, "test", uses("actions/setup-node")).with!["node-version"];
      reports(checkNodeSetup(none), /job test: setup-node with node-version \(none\)/);
      for (const version of ["24.x", 25, "24.11.1"]) {
        const wf = copy("pull-request.yml");
        step(wf, "test", uses("actions/setup-node")).with!["node-version"] = version;
        assert.deepEqual(checkNodeSetup(wf), []);
      }
    });

    it("a job without timeout-minutes, or with one that is no limit", () => {
      const wf = copy("pull-request.yml");
      delete job(wf, "preview")["timeout-minutes"];
      assert.deepEqual(checkTimeouts(wf), ["job preview: no timeout-minutes, so a hung step runs for GitHub's default of 6 hours"]);
      for (const t of [0, 360, "30"]) {
        const bad = copy("weekly-report.yml");
        job(bad, "report")["timeout-minutes"] = t;
        assert.deepEqual(checkTimeouts(bad), [`job report: timeout-minutes ${JSON.stringify(t)} is not a number of minutes below GitHub's 360-minute default`]);
      }
      // A job that calls a reusable workflow cannot set one.
      const calls = copy("main.yml");
      calls.jobs.reuse = { uses: "./.github/workflows/other.yml" };
      assert.deepEqual(checkTimeouts(calls), []);
    });

    it("a Pulumi CLI that is not pinned, or not the SDK's version", () => {
      const missing = copy("main.yml");
      delete step(missing, "deploy", deployUp).with!["pulumi-version"];
      assert.deepEqual(checkPulumiCliPinned(missing, "3.270.0"), ["job deploy: pulumi/actions has no pulumi-version, so it installs whichever Pulumi CLI is newest that day"]);
      for (const loose of ["latest", "^3.270.0", "3.x"]) {
        const wf = copy("pull-request.yml");
        step(wf, "preview", uses("pulumi/actions")).with!["pulumi-version"] = loose;
        assert.deepEqual(checkPulumiCliPinned(wf), [`job preview: pulumi-version "${loose}" is not an exact version such as 3.270.0`]);
      }
      const apart = copy("main.yml");
      step(apart, "deploy", deployUp).with!["pulumi-version"] = "3.269.0";
      assert.deepEqual(checkPulumiCliPinned(apart, "3.270.0"), ["job deploy: pulumi-version 3.269.0 differs from @pulumi/pulumi 3.270.0 in package.json; bump them together"]);
      reports(checkCommon(apart, docs), /pulumi-version 3\.269\.0 differs from @pulumi\/pulumi/);
    });

    it("permissions that are missing, broad, or write without a reason", () => {
      const wf = copy("pull-request.yml");
      delete wf.permissions;
      reports(checkPermissions(wf), /no top-level permissions/);
      const broad = copy("main.yml");
      job(broad, "deploy").permissions = "write-all";
      reports(checkPermissions(broad), /job deploy: permissions "write-all" grant everything/);
      const unjustified = copy("pull-request.yml");
      (job(unjustified, "test").permissions as Record<string, string>)["pull-requests"] = "write";
      reports(checkPermissions(unjustified), /job test: pull-requests: write without a step that comments/);
      const unknown = copy("main.yml");
      (job(unknown, "deploy").permissions as Record<string, string>).packages = "write";
      reports(checkPermissions(unknown), /job deploy: packages: write is not needed/);
      const topWrite = copy("weekly-report.yml");
      topWrite.permissions = { contents: "write" };
      reports(checkPermissions(topWrite), /top-level permissions grant contents: write/);
    });

    it("an npm script that does not exist or that the README does not show", () => {
      const wf = copy("main.yml");
      job(wf, "deploy").steps!.push({ run: "npm run verfy-deploy -- --stack prod" });
      reports(checkScriptsDocumented(wf, docs), /npm script "verfy-deploy" is not in package.json scripts/);
      const readme = docs.readme.replace(/npm run build:forwarder/g, "npm run build-the-forwarder");
      reports(checkScriptsDocumented(copy("main.yml"), { ...docs, readme }), /npm script "build:forwarder" is not documented in README.md/);
    });

    it("reads npm scripts the way npm runs them", () => {
      assert.deepEqual(npmScripts('npm ci\nnpm run --silent plan -- --base "x"\nnpm test\nnpm run build:forwarder'), ["plan", "build:forwarder", "test"]);
      assert.deepEqual(npmScripts("npm ci && npm install"), []);
    });
  });
});
