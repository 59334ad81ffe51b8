/** `plan --base REF`: the diff and its wording on hand-made plans, then the CLI on a real git repository. */
import { names } from "../compiler/lower/names";
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Inventory } from "../compiler/model";
import { describeChanges } from "../compiler/plan/describeChanges";
import { diffPlans, resourceKey, type DiffOptions, type ResourceChange } from "../compiler/plan/diffPlans";
import type { PlannedResource } from "../compiler/plan/plannedResource";
import { composeComment } from "../ops/prComment/compose";
import { buildPlanReview } from "../ops/prComment/planReview";
import { replaceOnce } from "./support/fixture";
import { REPO, runCli } from "./support/runCli";

const MONITOR = "datadog:index/monitor:Monitor";
const SLO = "datadog:index/serviceLevelObjective:ServiceLevelObjective";
const DASHBOARD = "datadog:index/dashboardJson:DashboardJson";
const RUNBOOK = "https://example.com/runbooks/web.md";

/** Just enough inventory to group by: two integrations, in rank order. */
const INVENTORY = {
  integrations: [
    { id: "web", name: "Web leads", rank: 1, revenue: { usdPerHour: 5900 }, tier: 1, owner: "growth-engineering" },
    { id: "ads", name: "Ad conversions", rank: 2, revenue: { usdPerHour: 1800 }, tier: 2, owner: "growth-engineering" },
  ],
  teams: [],
  rotations: [],
  systems: [],
} as unknown as Inventory;

function monitor(name: string, over: Record<string, unknown> = {}, integration = "web"): PlannedResource {
  return {
    type: MONITOR,
    name: names.monitor(integration, name),
    inputs: {
      name: `[${integration}] ${name}`,
      type: "query alert",
      query: "sum(last_15m):(sum:errors{*}.as_count()) / (sum:total{*}.as_count()) * 100 > 5",
      monitorThresholds: { critical: "5" },
      message: `{{#is_alert}}\nSomething broke.\n{{/is_alert}}\n@pagerduty-${integration}\nRunbook: ${RUNBOOK}#old-anchor`,
      priority: "3",
      tags: [`integration:${integration}`, "team:growth-engineering"],
      ...over,
    },
  };
}

function slo(id: string, target: number, over: Record<string, unknown> = {}): PlannedResource {
  const budget = { 99.5: 216, 99.9: 43.2 }[target];
  return {
    type: SLO,
    name: names.slo("web", id),
    inputs: {
      name: `[web] ${id}`,
      type: "metric",
      description: `Leads delivered.\nError budget: ${budget} minutes per 30d. Owner: growth-engineering.\nRunbook: ${RUNBOOK}#detection-and-monitors`,
      thresholds: [{ target, timeframe: "30d" }],
      targetThreshold: target,
      timeframe: "30d",
      tags: ["integration:web", `slo:${id}`],
      ...over,
    },
  };
}

const dashboard = (widgets: string[]): PlannedResource => ({
  type: DASHBOARD,
  name: "reliability-dashboard-weekly",
  inputs: { dashboard: JSON.stringify({ title: "Reliability", widgets: widgets.map((title) => ({ definition: { title, type: "slo" } })) }) },
});

interface Case {
  readonly name: string;
  readonly base: PlannedResource[];
  readonly current: PlannedResource[];
  readonly options?: DiffOptions;
  /** The lines after "Changes against main: ...", exactly. */
  readonly text: string;
  readonly blocking?: boolean;
}

const UPSERTS = "Salesforce rejects lead upserts";

const CASES: Case[] = [
  {
    name: "an added monitor",
    base: [],
    current: [monitor(UPSERTS)],
    text: `Changes against main: 1 added, 0 changed, 0 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  + monitor [web] ${UPSERTS} (P3, notifies @pagerduty-web)
`,
  },
  {
    name: "a removed monitor",
    base: [monitor(UPSERTS)],
    current: [],
    text: `Changes against main: 0 added, 0 changed, 1 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  - monitor [web] ${UPSERTS} (P3, notifies @pagerduty-web)
`,
  },
  {
    name: "a query threshold (said once, not again as the critical threshold)",
    base: [monitor(UPSERTS)],
    current: [monitor(UPSERTS, { query: "sum(last_15m):(sum:errors{*}.as_count()) / (sum:total{*}.as_count()) * 100 > 3", monitorThresholds: { critical: "3" } })],
    text: `Changes against main: 0 added, 1 changed, 0 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  ~ monitor "[web] ${UPSERTS}": query threshold 5 → 3
`,
  },
  {
    name: "a runbook link, tags and priority",
    base: [monitor(UPSERTS)],
    current: [
      monitor(UPSERTS, {
        message: `{{#is_alert}}\nSomething broke.\n{{/is_alert}}\n@pagerduty-web\nRunbook: ${RUNBOOK}#new-anchor`,
        tags: ["integration:web", "team:revenue-operations"],
        priority: "1",
      }),
    ],
    text: `Changes against main: 0 added, 1 changed, 0 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  ~ monitor "[web] ${UPSERTS}"
      message changed (runbook link now ${RUNBOOK}#new-anchor)
      priority P3 → P1
      tags: added team:revenue-operations, removed team:growth-engineering
`,
  },
  {
    name: "who a monitor notifies",
    base: [monitor(UPSERTS)],
    current: [monitor(UPSERTS, { message: `{{#is_alert}}\nSomething broke.\n{{/is_alert}}\n@slack-growth-alerts\nRunbook: ${RUNBOOK}#old-anchor` })],
    text: `Changes against main: 0 added, 1 changed, 0 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  ~ monitor "[web] ${UPSERTS}": message changed (notifies @slack-growth-alerts instead of @pagerduty-web)
`,
  },
  {
    name: "an SLO target, with its error budget before and after",
    base: [slo("lead-delivered", 99.5)],
    current: [slo("lead-delivered", 99.9)],
    text: `Changes against main: 0 added, 1 changed, 0 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  ~ SLO "[web] lead-delivered": target 99.5% → 99.9% over 30d: error budget 216 → 43.2 minutes per 30d
`,
  },
  {
    name: "a rename through an alias: kept, not replaced",
    base: [monitor("silent")],
    current: [{ ...monitor("silent"), name: names.monitor("web", "no-submissions") }],
    options: { aliases: new Map([[resourceKey(MONITOR, names.monitor("web", "no-submissions")), [names.monitor("web", "silent")]]]) },
    text: `Changes against main: 0 added, 0 changed, 0 removed, 1 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  → monitor "[web] silent" renamed from web--monitor--silent to web--monitor--no-submissions (kept, not replaced)
`,
  },
  {
    name: "an SLO removed without being retired: blocking",
    base: [slo("lead-delivered", 99.5)],
    current: [],
    options: { protectedAtBase: new Set([resourceKey(SLO, names.slo("web", "lead-delivered"))]) },
    blocking: true,
    text: `Changes against main: 0 added, 0 changed, 1 removed, 0 renamed

BLOCKING: SLO "[web] lead-delivered" is removed without being retired. SLOs are protected in Pulumi and deleting one loses its history: first mark it retired: { reason: ... } in the inventory in one change, then remove it in a later one.

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  - SLO "[web] lead-delivered": BLOCKED, removed without being retired first
`,
  },
  {
    name: "a retired SLO removed: fine",
    base: [slo("lead-delivered", 99.5)],
    current: [],
    options: { protectedAtBase: new Set() },
    text: `Changes against main: 0 added, 0 changed, 1 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  - SLO [web] lead-delivered: 99.5% over 30d (error budget 216 min) (was retired; its history is deleted)
`,
  },
  {
    name: "dashboard JSON, said by its titles",
    base: [dashboard(["lead-delivered: 99.5% over 30d", "accepted: 99.9% over 7d"])],
    current: [dashboard(["lead-delivered: 99.9% over 30d"])],
    text: `Changes against main: 0 added, 1 changed, 0 removed, 0 renamed

Shared: on-call rotations, routing, webhook forwarder and dashboard
  ~ dashboard "Reliability": dashboard layout changed ("lead-delivered: 99.5% over 30d" → "lead-delivered: 99.9% over 30d"; removed "accepted: 99.9% over 7d")
`,
  },
  {
    name: "grouped by revenue exposure, shared resources last, whatever the input order",
    base: [dashboard(["a"])],
    current: [dashboard(["b"]), monitor("token invalid", {}, "ads"), monitor("b", {}, "web"), monitor("a", {}, "web")],
    text: `Changes against main: 3 added, 1 changed, 0 removed, 0 renamed

#1 web: Web leads ($5,900/h, tier 1, owner growth-engineering)
  + monitor [web] a (P3, notifies @pagerduty-web)
  + monitor [web] b (P3, notifies @pagerduty-web)

#2 ads: Ad conversions ($1,800/h, tier 2, owner growth-engineering)
  + monitor [ads] token invalid (P3, notifies @pagerduty-ads)

Shared: on-call rotations, routing, webhook forwarder and dashboard
  ~ dashboard "Reliability": dashboard layout changed (a → b)
`,
  },
  {
    name: "nothing changed (key order does not count)",
    base: [monitor(UPSERTS)],
    current: [{ ...monitor(UPSERTS), inputs: Object.fromEntries(Object.entries(monitor(UPSERTS).inputs).reverse()) }],
    text: "No changes against main.\n",
  },
];

describe("plan --base: diff and wording", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const report = describeChanges(diffPlans(c.base, c.current, c.options), { ref: "main", inventory: INVENTORY });
      assert.equal(report.text, c.text);
      assert.equal(report.blocking, c.blocking ?? false);
    });
  }

  /** The PR comment's part about the plan (ops/prComment), as `plan --markdown` writes it. */
  const comment = (changes: ResourceChange[]) => {
    const report = describeChanges(changes, { ref: "main", inventory: INVENTORY });
    return composeComment({ plan: buildPlanReview({ ref: "main", report, inventory: INVENTORY, resources: [] }), withBudget: false }).body;
  };

  it("makes a blocking removal stand out in the PR comment", () => {
    const changes = diffPlans([slo("lead-delivered", 99.5)], [], { protectedAtBase: new Set([resourceKey(SLO, names.slo("web", "lead-delivered"))]) });
    const md = comment(changes);
    assert.equal(
      md.slice(0, md.indexOf("\n### The whole plan")),
      [
        "<!-- martech-plan -->",
        "**Plan:** ❌ blocked: an SLO is removed without being retired",
        "",
        "> [!CAUTION]",
        "> **This change cannot be applied as is.**",
        ">",
        '> SLO "\\[web\\] lead-delivered" is removed without being retired. SLOs are protected in Pulumi and deleting one loses its history: first mark it `retired: { reason: ... }` in the inventory in one change, then remove it in a later one.',
        "",
        "### Changes against main",
        "",
        "**0 added, 0 changed, 1 removed, 0 renamed**",
        "",
        "**`#1` web: Web leads (\\$5,900/h, tier 1, owner growth-engineering)**",
        "",
        '- ❌ **blocked** SLO "\\[web\\] lead-delivered": removed without being retired first',
        "",
      ].join("\n"),
    );
  });

  it("says so in the PR comment when nothing changed", () => {
    assert.equal(comment([]), "<!-- martech-plan -->\n**Plan:** ✅ valid\n\nNo changes against main.\n");
  });

  it("does not let an alias claim a base resource that still exists under its own name", () => {
    const changes = diffPlans([monitor("a"), monitor("b")], [monitor("a"), monitor("b")], { aliases: new Map([[resourceKey(MONITOR, "web-b"), ["web-a"]]]) });
    assert.deepEqual(changes, []);
  });
});

describe("plan --base: CLI on a git repository", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd: repo, stdio: "pipe" });
  const file = (path: string) => join(repo, path);
  const edit = (path: string, from: string, to: string) => writeFileSync(file(path), replaceOnce(readFileSync(file(path), "utf8"), from, to));
  const INTEGRATION = "inventory/integrations/integration-0001.yaml";
  const plan = (ref: string, markdown = file("plan.md")) => runCli("cli/plan.ts", ["--base", ref, "--inventory", "inventory", "--runbooks", "runbooks", "--markdown", markdown], repo);
  /** Removes SLO delivered-within-60s of integration-0001, and the failure mode's reference to it. */
  const removeSlo = () => {
    const text = readFileSync(file(INTEGRATION), "utf8");
    const from = text.indexOf("  - id: delivered-within-60s");
    writeFileSync(file(INTEGRATION), replaceOnce(text.slice(0, from) + text.slice(text.indexOf("  - id: accepted")), "    slo: delivered-within-60s\n", ""));
  };

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "plan-base-repo-"));
    git("init", "-q");
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.staging.yaml"]) copyFileSync(join(REPO, f), file(f));
    git("add", "-A");
    git("commit", "-qm", "stack files only");
    git("tag", "before-inventory");
    for (const dir of ["inventory", "runbooks"]) cpSync(join(REPO, "test", "fixtures", "valid", dir), file(dir), { recursive: true });
    git("add", "-A");
    git("commit", "-qm", "inventory");
  });
  after(() => rmSync(repo, { recursive: true, force: true }));
  afterEach(() => git("checkout", "-q", "HEAD", "--", "inventory", "runbooks"));

  const TARGET = '  ~ SLO "[integration-0001] accepted": target 99.9% → 99.5% over 7d: error budget 10.08 → 50.4 minutes per 7d\n';
  const BLOCKING =
    'BLOCKING: SLO "[integration-0001] delivered-within-60s" is removed without being retired. SLOs are protected in Pulumi and deleting one loses its history: first mark it retired: { reason: ... } in the inventory in one change, then remove it in a later one.\n';

  it("exits 0 when an SLO target changed, with its error budget in minutes", () => {
    edit(INTEGRATION, "objective: 99.9", "objective: 99.5");
    const r = plan("HEAD");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\nChanges against HEAD: 0 added, 4 changed, 0 removed, 0 renamed\n/);
    assert.ok(r.stdout.includes(TARGET), r.stdout);
    assert.ok(!r.stdout.includes("BLOCKING"));
    assert.ok(readFileSync(file("plan.md"), "utf8").includes("### Changes against HEAD\n"));
  });

  it("exits 1 when an SLO is removed without being retired first, and says why in the PR comment", () => {
    edit(INTEGRATION, "objective: 99.9", "objective: 99.5");
    removeSlo();
    const r = plan("HEAD");
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.includes(TARGET), r.stdout);
    assert.ok(r.stdout.includes(`\n${BLOCKING}`), r.stdout);
    assert.ok(r.stdout.includes('  - SLO "[integration-0001] delivered-within-60s": BLOCKED, removed without being retired first\n'));
    const md = readFileSync(file("plan.md"), "utf8");
    assert.ok(md.includes("> [!CAUTION]\n> **This change cannot be applied as is.**\n"), md);
    assert.ok(md.includes("first mark it `retired: { reason: ... }` in the inventory in one change, then remove it in a later one."));
  });

  it("exits 0 when the SLO was retired at the base", () => {
    edit(INTEGRATION, "    window: 30d\n", "    window: 30d\n    retired: { reason: Replaced by accepted. }\n");
    git("commit", "-qam", "retire delivered-within-60s");
    try {
      removeSlo();
      const r = plan("HEAD");
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.ok(r.stdout.includes("  - SLO [integration-0001] delivered-within-60s: 99.5% over 30d (error budget 216 min) (was retired; its history is deleted)\n"), r.stdout);
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("reports everything as added when the base has no inventory yet", () => {
    const r = plan("before-inventory");
    assert.equal(r.status, 0, r.stderr);
    // The whole plan of the valid fixture: with its 9 Software Catalog entities (6 services, 3 systems).
    assert.match(r.stdout, /^Plan: 141 resources \([^)]*, 9 Software Catalog\)/);
    assert.match(r.stdout, /\nChanges against before-inventory: 141 added, 0 changed, 0 removed, 0 renamed\nNote: there is no inventory folder at before-inventory, so everything is added\.\n/);
  });

  it("says no changes against the same commit", () => {
    const r = plan("HEAD");
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.endsWith("\nNo changes against HEAD.\n"), r.stdout.slice(-200));
  });

  /** `plan --stack staging --base REF`: the same comparison with the staging stack's settings. */
  const planStaging = (ref: string) => runCli("cli/plan.ts", ["--stack", "staging", "--base", ref, "--inventory", "inventory", "--runbooks", "runbooks"], repo);

  it("with --stack staging, compares staging's resources: [staging] names, chat handles, no PagerDuty", () => {
    edit(INTEGRATION, "objective: 99.9", "objective: 99.5");
    const r = planStaging("HEAD");
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes('  ~ SLO "[staging] [integration-0001] accepted": target 99.9% → 99.5% over 7d: error budget 10.08 → 50.4 minutes per 7d\n'), r.stdout);
    assert.doesNotMatch(r.stdout, /@pagerduty-|PagerDuty/);
    const all = planStaging("before-inventory");
    assert.equal(all.status, 0, all.stderr);
    const added = Number(/\nChanges against before-inventory: (\d+) added, 0 changed, 0 removed, 0 renamed\n/.exec(all.stdout)?.[1]);
    const prodAdded = Number(/\nChanges against before-inventory: (\d+) added/.exec(plan("before-inventory").stdout)?.[1]);
    assert.ok(added > 0 && added < prodAdded, `staging adds ${added}, prod ${prodAdded}: staging has no on-call`);
  });

  it("with --stack staging, removing an SLO is not blocking (staging's SLOs are not protected), while prod blocks it", () => {
    removeSlo();
    const r = planStaging("HEAD");
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.ok(!r.stdout.includes("BLOCKING"), r.stdout);
    assert.match(r.stdout, /\n {2}- SLO \[staging\] \[integration-0001\] delivered-within-60s: 99\.5% over 30d/);
    assert.equal(plan("HEAD").status, 1, "the same change blocks on prod");
  });

  it("explains a bad ref in one line, without a stack trace", () => {
    const r = plan("nope");
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'plan: git ref "nope" not found\n');
    assert.ok(!(r.stdout + r.stderr).includes("\n    at "));
  });
});
