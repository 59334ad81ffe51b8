import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./support/runCli";
import {
  checkCommon,
  checkMainWorkflow,
  checkPermissions,
  checkPinned,
  checkPullRequestWorkflow,
  checkScriptsDocumented,
  checkSecretsNotInRun,
  checkWeeklyReportWorkflow,
  loadWorkflow,
  npmScripts,
  parseWorkflow,
  type Job,
  type RepoDocs,
  type Step,
  type Workflow,
} from "./support/workflowChecks";

const DIR = join(REPO, ".github", "workflows");
const load = (name: string) => loadWorkflow(join(DIR, name));
const docs: RepoDocs = {
  scripts: (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
  readme: readFileSync(join(REPO, "README.md"), "utf8"),
};

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
/** Asserts the problems include one matching `re` (and shows them all when not). */
function reports(problems: string[], re: RegExp): void {
  assert.ok(problems.some((p) => re.test(p)), `expected a problem matching ${re}, got:\n${problems.join("\n") || "(none)"}`);
}

describe("GitHub Actions workflows", () => {
  const CHECKS: Record<string, (wf: Workflow) => string[]> = {
    "pull-request.yml": checkPullRequestWorkflow,
    "main.yml": checkMainWorkflow,
    "weekly-report.yml": checkWeeklyReportWorkflow,
  };

  it("has exactly the three workflows, each valid YAML", () => {
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
      comment.with!.script = String(comment.with!.script).replace(/if \(mine\)[^\n]*\n/, "");
      reports(checkPullRequestWorkflow(wf), /one comment updated in place/);
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
      delete job(wf, "plan").env!.IS_DEPENDABOT;
      reports(checkPullRequestWorkflow(wf), /budget-gate fails Dependabot pull requests/);
      const preview = copy("pull-request.yml");
      delete step(preview, "preview", (s) => s.id === "secrets").env!.IS_DEPENDABOT;
      reports(checkPullRequestWorkflow(preview), /secrets check does not treat Dependabot pull requests/);
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

    it("a deploy triggered by pull requests", () => {
      const wf = copy("main.yml");
      (wf.on as Record<string, unknown>).pull_request = null;
      reports(checkMainWorkflow(wf), /deploys on pull_request too/);
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

    it("an action on a branch or without a ref", () => {
      const wf = copy("pull-request.yml");
      step(wf, "preview", uses("pulumi/actions")).uses = "pulumi/actions@main";
      job(wf, "test").steps!.push({ uses: "someone/action" });
      const problems = checkPinned(wf);
      reports(problems, /"pulumi\/actions@main" is not pinned/);
      reports(problems, /"someone\/action" is not pinned/);
      // A full commit SHA and a patch tag are pins.
      step(wf, "preview", uses("pulumi/actions")).uses = `pulumi/actions@${"a".repeat(40)}`;
      job(wf, "test").steps!.pop();
      job(wf, "test").steps!.push({ uses: "someone/action@v1.2.3" });
      assert.deepEqual(checkPinned(wf), []);
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
