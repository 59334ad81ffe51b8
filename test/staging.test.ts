/**
 * The staging stack (Pulumi.staging.yaml, `environment: staging`): its settings, and its plan of
 * the sample inventory against prod's. Staging mirrors prod's monitors and SLOs over the
 * forwarder's metrics, scoped to env:staging, but names and tags them as staging's, tells the
 * owning team's chat only, notifies on no data nowhere, creates nothing over prod-only metrics or in
 * PagerDuty, leaves SLOs unprotected, and gives every AWS resource a name prod's cannot have.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { MONITOR } from "../compiler/lower/monitors";
import { chatHandle, STAGING_NAME_PREFIX } from "../compiler/lower/notify";
import { MAX_ENVIRONMENT_LENGTH, settingsFromConfig, type LowerSettings } from "../compiler/lower/settings";
import { SLO } from "../compiler/lower/slos";
import type { ResourceSpec } from "../compiler/lower/spec";
import type { Inventory } from "../compiler/model";
import { messageHandles } from "../compiler/notificationSyntax";
import { planJson, plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import { readStackConfig } from "../cli/stackConfig";
import { isPerEnvironmentMetric } from "../compiler/lower/environmentScope";
import { names } from "../compiler/lower/names";
import type { Expr } from "../compiler/query/ast";
import { metricQueriesIn, parseMetricExpression, parseMonitorQuery } from "../compiler/query/parse";
import { GOLDEN_DIR } from "./support/golden";
import { REPO, runCli } from "./support/runCli";
import { SAMPLE_NOW } from "./support/sampleState";
import { sampleInventory, sampleSettings } from "./support/sampleState";
import { contractViolations, indexPlan } from "./support/vendorContracts";

const BASE = { runbookBaseUrl: "https://github.com/acme/martech-reliability/blob/main/runbooks" };
const settingsOf = (config: Record<string, string>) => settingsFromConfig((k) => ({ ...BASE, ...config })[k]);

describe("staging stack: settings", () => {
  it("is staging exactly when the stack's environment is staging, as Pulumi.staging.yaml says", () => {
    assert.equal(readStackConfig("staging", REPO).environment, "staging");
    assert.equal(sampleSettings("staging").staging, true);
    assert.equal(sampleSettings("prod").staging, false);
    assert.equal(settingsOf({ environment: "prod-eu" }).staging, false);
    assert.equal(settingsOf({}).environment, "prod");
  });

  it("refuses an environment that cannot be part of an AWS name, saying what it must be", () => {
    for (const environment of ["Staging", "staging_2", "stag--ing", "-prod", "prod-", "a".repeat(MAX_ENVIRONMENT_LENGTH + 1), "staging ", ""]) {
      assert.throws(() => settingsOf({ environment }), (e: Error) => {
        assert.equal(e.message, `config environment must be a short lowercase name such as prod or staging (letters, digits and single hyphens, at most 12 characters: it is part of the forwarder's AWS names), but is ${JSON.stringify(environment)}`);
        return true;
      }, JSON.stringify(environment));
    }
    assert.equal(settingsOf({ environment: "a".repeat(MAX_ENVIRONMENT_LENGTH) }).environment.length, 12);
  });

  it("refuses, in staging, the settings that would claim prod's organisation-wide Datadog resources", () => {
    assert.throws(() => settingsOf({ environment: "staging", pagerdutySubdomain: "acme" }), /^Error: config pagerdutySubdomain must stay unset in staging: staging never pages, and Datadog's PagerDuty integration is one per organisation, owned by the prod stack \(pulumi config rm pagerdutySubdomain\)$/);
    assert.throws(() => settingsOf({ environment: "staging", forwarderPercentiles: "true" }), /^Error: config forwarderPercentiles must stay false in staging: a metric's tag configuration is one per Datadog organisation/);
    // The same values are prod's to set.
    assert.equal(settingsOf({ environment: "prod", pagerdutySubdomain: "acme", forwarderPercentiles: "true" }).pagerdutySubdomain, "acme");
  });
});

describe("staging stack: the plan of the sample inventory", () => {
  let inventory: Inventory;
  let prod: readonly ResourceSpec[];
  let staging: readonly ResourceSpec[];
  let stagingInvokes: readonly string[];
  before(() => {
    inventory = sampleInventory();
    prod = lowerInventory(inventory, sampleSettings("prod")).resources;
    const state = lowerInventory(inventory, sampleSettings("staging"));
    staging = state.resources;
    stagingInvokes = state.invokes.map((i) => i.token);
  });
  const inputs = (r: ResourceSpec) => r.inputs as Record<string, any>;
  const monitors = (specs: readonly ResourceSpec[]) => specs.filter((r) => r.type === MONITOR);
  const datadog = (specs: readonly ResourceSpec[]) => specs.filter((r) => r.type.startsWith("datadog:"));

  it("creates no PagerDuty resource, no Datadog PagerDuty route and looks up no PagerDuty user", () => {
    assert.ok(prod.some((r) => r.type.startsWith("pagerduty:")) && prod.some((r) => r.type.startsWith("datadog:pagerduty/")), "prod has them");
    assert.deepEqual(staging.filter((r) => /^pagerduty:|^datadog:pagerduty\/|^martech:pagerduty:/.test(r.type)).map((r) => r.name), []);
    assert.deepEqual(stagingInvokes.filter((t) => t.startsWith("pagerduty:")), []);
  });

  it("notifies no @pagerduty- handle anywhere: every monitor, burn-rate alert and forwarder monitor tells exactly its team's chat", () => {
    const channels = new Map(inventory.teams.map((t) => [t.id, `@slack-${t.chatChannel.slice(1)}`]));
    assert.ok(monitors(staging).length > 0);
    for (const m of monitors(staging)) {
      const { message, tags } = inputs(m);
      assert.doesNotMatch(message, /@pagerduty-/, m.name);
      const team = (tags as string[]).find((t) => t.startsWith("team:"))!.slice(5);
      assert.deepEqual(messageHandles(message), [channels.get(team)], m.name);
      assert.equal(inputs(m).renotifyInterval, undefined, `${m.name}: chat needs no hourly reminder`);
    }
    const paging = monitors(staging).filter((m) => inputs(m).tags.includes("response:page"));
    assert.ok(paging.length > 0, "the prod pages are mirrored, tagged with their response");
    for (const m of paging) assert.ok(inputs(m).message.includes("Staging stack: notifies the team's channel only, never PagerDuty."), m.name);
  });

  it("names every Datadog monitor, SLO and the dashboard [staging] ..., tags them env:staging, and mutes only staging's monitors", () => {
    const DASHBOARD = "datadog:index/dashboardJson:DashboardJson";
    const named = datadog(staging).filter((r) => r.type === MONITOR || r.type === SLO || r.type === DASHBOARD);
    assert.ok(named.some((r) => r.type === DASHBOARD));
    for (const r of named) {
      const name = r.type === DASHBOARD ? JSON.parse(inputs(r).dashboard).title : inputs(r).name;
      assert.ok(String(name).startsWith(STAGING_NAME_PREFIX), `${r.name}: ${name}`);
    }
    for (const r of datadog(staging).filter((s) => Array.isArray(inputs(s).tags))) assert.ok(inputs(r).tags.includes("env:staging") && !inputs(r).tags.includes("env:prod"), r.name);
    // A downtime applies to every monitor of the organisation its tags match: staging's must not mute prod's.
    for (const r of datadog(staging).filter((s) => s.type === "datadog:index/downtimeSchedule:DowntimeSchedule")) assert.ok(inputs(r).monitorIdentifier.monitorTags.includes("env:staging"), r.name);
    for (const r of staging.filter((s) => s.type.startsWith("aws:") && inputs(s).tags)) assert.equal(inputs(r).tags.env, "staging", r.name);
  });

  it("leaves every SLO unprotected (prod protects those not retired)", () => {
    const slos = staging.filter((r) => r.type === SLO);
    assert.ok(slos.length > 0);
    assert.deepEqual(slos.filter((r) => r.protect !== false).map((r) => r.name), []);
    assert.ok(prod.filter((r) => r.type === SLO).every((r) => r.protect === true));
  });

  /** The metric queries of a monitor or SLO, from its query text(s). */
  const queryTexts = (r: ResourceSpec): string[] => (typeof inputs(r).query === "string" ? [inputs(r).query] : [inputs(r).query.numerator, inputs(r).query.denominator]);
  const metricScopes = (r: ResourceSpec) =>
    queryTexts(r).flatMap((text) => {
      const parsed = parseMonitorQuery(text);
      const expr = parsed.ok ? (parsed.query.kind === "monitor" ? parsed.query.expr : undefined) : (parseMetricExpression(text) as { ok: true; expr: Expr }).expr;
      return expr ? metricQueriesIn(expr).map((m) => ({ metric: m.metric, scope: text.slice(m.scopeSpan.start, m.scopeSpan.end) })) : [];
    });
  // The forwarder-wide monitors read AWS metrics of the stack's own queue and functions, named by env (lower/forwarderNames.ts).
  const ownAwsNames = (r: ResourceSpec) => r.name.startsWith(names.forwarder("")) && queryTexts(r).every((q) => /martech-(prod|staging)-/.test(q));
  const prodOnly = (r: ResourceSpec) => !ownAwsNames(r) && metricScopes(r).some((m) => !isPerEnvironmentMetric(m.metric));

  it("mirrors prod's monitors and SLOs over per-environment metrics one for one: same logical names, queries (but env), responses and priorities", () => {
    const shape = (specs: readonly ResourceSpec[]) =>
      datadog(specs)
        .filter((r) => r.type === MONITOR || r.type === SLO)
        .map((r) => ({ name: r.name, query: JSON.stringify(inputs(r).query).replaceAll("staging", "<env>").replaceAll("prod", "<env>"), priority: inputs(r).priority, response: (inputs(r).tags as string[]).find((t) => t.startsWith("response:")) }));
    const omitted = new Set(datadog(prod).filter((r) => (r.type === MONITOR && inputs(r).type === "query alert" && prodOnly(r)) || (r.type === SLO && prodOnly(r))).map((r) => r.name));
    // A burn-rate alert goes with its SLO.
    const kept = (r: ResourceSpec) => !omitted.has(r.name) && ![...omitted].some((slo) => r.parent !== undefined && inputs(r).type === "slo alert" && inputs(r).query.includes(`\${ref:${slo}:id}`));
    assert.ok(omitted.size > 0, "the sample reads vendor metrics (HubSpot's rate-limit header, pollers' counts)");
    assert.deepEqual(shape(staging), shape(prod.filter(kept)));
  });

  it("scopes every query over the forwarder's metrics to its own env, in both stacks: staging never reads prod's points", () => {
    for (const [specs, env, other] of [[prod, "env:prod", "env:staging"], [staging, "env:staging", "env:prod"]] as const) {
      const scopes = datadog(specs).filter((r) => r.type === MONITOR || r.type === SLO).flatMap(metricScopes).filter((m) => isPerEnvironmentMetric(m.metric));
      assert.ok(scopes.length > 20, env);
      for (const m of scopes) assert.ok(m.scope.includes(env) && !m.scope.includes(other), `${env}: ${m.metric}${m.scope}`);
    }
    assert.deepEqual(datadog(staging).filter((r) => (r.type === MONITOR || r.type === SLO) && queryTexts(r).some((q) => q.includes("env:prod"))).map((r) => r.name), []);
    assert.deepEqual(datadog(staging).filter((r) => (r.type === MONITOR && inputs(r).type === "query alert") || r.type === SLO).filter(prodOnly).map((r) => r.name), [], "nothing over prod-only metrics");
  });

  it("turns no-data notifications off in staging, which has no steady traffic, where prod's heartbeats notify on silence", () => {
    assert.ok(monitors(prod).some((r) => inputs(r).notifyNoData === true));
    assert.deepEqual(monitors(staging).filter((r) => inputs(r).notifyNoData !== undefined || inputs(r).noDataTimeframe !== undefined).map((r) => r.name), []);
  });

  it("gives every AWS resource a name no prod resource has, in the same account", () => {
    const physical = (specs: readonly ResourceSpec[]) => specs.filter((r) => r.type.startsWith("aws:")).flatMap((r) => [inputs(r).name, inputs(r).bucket].filter((n): n is string => typeof n === "string" && !/^\$\{ref:[^}]*\}$/.test(n)));
    const ours = physical(staging);
    const theirs = new Set(physical(prod));
    assert.ok(ours.length >= 12, "functions, roles, log groups, queues, table, bucket and secrets");
    assert.deepEqual(ours.filter((n) => theirs.has(n)), []);
    for (const n of ours) assert.match(n, /(^|[-/])staging[-/]/, n);
  });

  it("creates no metric tag configuration, even when settings built by hand ask for percentiles: they are prod's, one per organisation", () => {
    const handMade: LowerSettings = { ...sampleSettings("staging"), forwarder: { ...sampleSettings("staging").forwarder, percentiles: true } };
    assert.deepEqual(lowerInventory(inventory, handMade).resources.filter((r) => r.type === "datadog:index/metricTagConfiguration:MetricTagConfiguration"), []);
  });

  it("keeps every vendor contract; the only gap is prod's: SLO distributions whose percentiles prod's tag configurations enable", () => {
    const plan = (JSON.parse(planJson(plannedResources({ resources: staging, invokes: [] }))) as { resources: PlannedResource[] }).resources;
    const found = contractViolations(indexPlan(plan, inventory.teams.map((t) => t.chatChannel.slice(1))));
    const other = found.filter((v) => !/ \(datadog:index\/serviceLevelObjective:ServiceLevelObjective\): (numerator|denominator): martech\.forwarder\.\w+ is a distribution without percentiles enabled/.test(v));
    assert.deepEqual(other, []);
  });

  it("words the staging SLO's burn-rate policy truthfully: the prod tiers, none paging", () => {
    const slo = staging.find((r) => r.type === SLO && inputs(r).description.includes("fast page"))!;
    assert.match(inputs(slo).description, /\nBurn-rate alerts: fast page, [^\n]*; in staging every tier tells the team's channel, none pages\.\n/);
    const integration = inventory.integrations.find((i) => inputs(slo).tags.includes(`integration:${i.id}`))!;
    const burn = monitors(staging).filter((m) => inputs(m).type === "slo alert" && inputs(m).tags.includes(`integration:${integration.id}`));
    assert.ok(burn.length > 0);
    for (const m of burn) assert.deepEqual(messageHandles(inputs(m).message), [chatHandle(inventory, integration)]);
  });
});

describe("staging stack: npm run plan -- --stack staging", function () {
  // The mock engine runs the real program (index.ts) under Pulumi's mocks: seconds, not milliseconds.
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "plan-staging-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the golden staging plan, and the real program under the mock engine registers exactly the planned resources", () => {
    const json = (engine: string) => {
      const file = join(dir, `${engine}.json`);
      const r = runCli("cli/plan.ts", ["--stack", "staging", "--engine", engine, "--json", file, "--now", new Date(SAMPLE_NOW).toISOString()]);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      if (engine === "spec") assert.equal(r.stdout, readFileSync(join(GOLDEN_DIR, "plan.staging.txt"), "utf8"), "test/golden/plan.staging.txt is out of date: run npm run golden");
      return readFileSync(file, "utf8");
    };
    const spec = json("spec");
    assert.equal(json("mock"), spec);
    const resources = (JSON.parse(spec) as { resources: PlannedResource[] }).resources;
    assert.deepEqual(resources.filter((r) => /pagerduty/i.test(r.type)).map((r) => r.name), []);
    assert.doesNotMatch(spec, /@pagerduty-/);
  });
});
