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
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };
const docs: RepoDocs = {
  scripts: pkg.scripts,
  readme: readFileSync(join(REPO, "README.md"), "utf8"),
  pulumiSdk: pkg.dependencies["@pulumi/pulumi"],
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
      assert.equal(step(load("main.yml"), "deploy", uses("actions/checkout")).usesComment, "v7.0.1");
      const text = readFileSync(join(DIR, "main.yml"), "utf8");
      const bare = text.replace(/(uses: actions\/checkout@[0-9a-f]{40}) # v7\.0\.1/, "$1");
      assert.notEqual(bare, text);
      reports(checkPinned(parseWorkflow(bare, "main.yml")), /job deploy: "actions\/checkout@[0-9a-f]{40}" has no version comment/);
      // A bare major names a moving tag, not the release the commit is.
      const major = copy("main.yml");
      step(major, "deploy", uses("pulumi/actions")).usesComment = "v7";
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
        step(wf, jobId, uses(action)).usesComment = old;
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
      delete step(missing, "deploy", uses("pulumi/actions")).with!["pulumi-version"];
      assert.deepEqual(checkPulumiCliPinned(missing, "3.270.0"), ["job deploy: pulumi/actions has no pulumi-version, so it installs whichever Pulumi CLI is newest that day"]);
      for (const loose of ["latest", "^3.270.0", "3.x"]) {
        const wf = copy("pull-request.yml");
        step(wf, "preview", uses("pulumi/actions")).with!["pulumi-version"] = loose;
        assert.deepEqual(checkPulumiCliPinned(wf), [`job preview: pulumi-version "${loose}" is not an exact version such as 3.270.0`]);
      }
      const apart = copy("main.yml");
      step(apart, "deploy", uses("pulumi/actions")).with!["pulumi-version"] = "3.269.0";
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
