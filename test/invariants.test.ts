/**
 * Invariants over the whole sample inventory's plan: what must hold for every monitor,
 * SLO and page, checked independently of the code that generated them.
 */
import { strict as assert } from "node:assert";
import { scopeToEnvironment } from "../compiler/lower/environmentScope";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRunbook } from "../compiler/load/runbook";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { BURN_TIERS, sloBurnPolicy } from "../compiler/lower/burnRate";
import { names } from "../compiler/lower/names";
import { plannedResources, SECRET, type PlannedResource } from "../compiler/plan/plannedResource";
import { containsSecret, looksLikeSecret } from "../compiler/validate/secretPatterns";
import { validateInventory } from "../compiler/validate/validateInventory";
import { readInventory, runbookReader } from "../compiler/load/readInventory";
import { REPO } from "./support/runCli";
import { sampleState, sharedSample } from "./support/sampleState";
import { memo } from "./support/memo";

// Made inside each test, not while the file loads (support/memo.ts says why).
const settings = sharedSample.settings;
const inventory = sharedSample.inventory;
const planned = memo(() => plannedResources(sharedSample.state()));
const monitors = memo(() => planned().filter((r) => r.type === "datadog:index/monitor:Monitor"));
const inputs = (r: PlannedResource) => r.inputs as Record<string, any>;

describe("plan invariants (sample inventory)", () => {
  it("every monitor message ends with a runbook URL whose file exists and whose anchor is one of its headings", () => {
    assert.ok(monitors().length > 30);
    for (const m of monitors()) {
      const last = String(inputs(m).message).split("\n").pop()!;
      const match = /^Runbook: (\S+)$/.exec(last);
      assert.ok(match, `${m.name}: message must end with its runbook link`);
      assert.ok(match[1].startsWith(`${settings().runbookBaseUrl}/`), match[1]);
      const [file, anchor] = match[1].slice(settings().runbookBaseUrl.length + 1).split("#");
      const path = join(REPO, "runbooks", file);
      assert.ok(existsSync(path), `${m.name}: ${file} must exist`);
      assert.ok(parseRunbook(path, readFileSync(path, "utf8")).headings.some((h) => h.anchor === anchor), `${m.name}: #${anchor} must be a heading of ${file}`);
    }
  });

  it("every failure-mode monitor links to its own failure mode's section", () => {
    for (const integration of inventory().integrations) {
      for (const mode of integration.failureModes) {
        const m = monitors().find((r) => inputs(r).tags.includes(`failure_mode:${mode.id}`) && inputs(r).tags.includes(`integration:${integration.id}`));
        assert.ok(m, `${integration.id}/${mode.id} has a monitor`);
        assert.ok(String(inputs(m).message).endsWith(`#${mode.runbookAnchor}`));
        assert.equal(inputs(m).name, `[${integration.id}] ${mode.title}`);
      }
    }
  });

  it("every paging monitor routes to a PagerDuty service created here, every ticket to the team's channel", () => {
    const routes = new Set(planned().filter((r) => r.type === "datadog:pagerduty/serviceObject:ServiceObject").map((r) => `@pagerduty-${inputs(r).serviceName}`));
    const services = new Set(planned().filter((r) => r.type === "pagerduty:index/service:Service").map((r) => r.name));
    for (const m of monitors()) {
      const handles = String(inputs(m).message).split("\n").filter((l) => l.startsWith("@"));
      assert.equal(handles.length, 1, `${m.name} notifies exactly one place`);
      const response = inputs(m).tags.find((t: string) => t.startsWith("response:"));
      if (response === "response:page") {
        assert.ok(routes.has(handles[0]), `${m.name}: ${handles[0]} must be routed`);
        assert.ok(services.has(names.pagerdutyService(handles[0].slice("@pagerduty-".length))));
        assert.ok(["1", "2"].includes(inputs(m).priority) && inputs(m).renotifyInterval === 60);
      } else {
        assert.equal(response, "response:ticket");
        assert.match(handles[0], /^@slack-/);
      }
    }
  });

  it("every inventory SLO has a protected SLO and burn-rate alerts with Datadog's recommended factors and windows, under its effective policy", () => {
    // 2% of the budget over 1h/5m, 5% over 6h/30m, 10% over 24h/2h (Datadog's burn-rate alert docs), scaled per window.
    const factors: Record<string, number[]> = { "7d": [3.36, 1.4, 0.7], "30d": [14.4, 6, 3], "90d": [43.2, 18, 9] };
    const [longs, shorts] = [["1h", "6h", "24h"], ["5m", "30m", "2h"]];
    const state = sampleState();
    for (const integration of inventory().integrations) {
      for (const slo of integration.slos) {
        const spec = state.resources.find((r) => r.type === "datadog:index/serviceLevelObjective:ServiceLevelObjective" && r.name === names.slo(integration.id, slo.id));
        assert.ok(spec, `${integration.id}/${slo.id}`);
        assert.equal(spec.protect, true);
        assert.deepEqual((spec.inputs as any).thresholds, [{ timeframe: slo.window, target: slo.objective }]);
        // The SLI as written, with the forwarder's metrics scoped to this stack's env (lower/environmentScope.ts).
        assert.deepEqual((spec.inputs as any).query, { numerator: scopeToEnvironment(slo.sli.good, settings().environment), denominator: scopeToEnvironment(slo.sli.total, settings().environment) });
        const alerts = monitors().filter((m) => inputs(m).type === "slo alert" && inputs(m).tags.includes(`slo:${slo.id}`) && inputs(m).tags.includes(`integration:${integration.id}`));
        const policy = sloBurnPolicy(integration, slo);
        const expected = BURN_TIERS.map((tier, i) => ({ i, response: policy[tier.id], factor: factors[slo.window][i] })).filter((t) => t.response !== "off" && t.factor >= 1 && t.factor < 100 / (100 - slo.objective));
        assert.deepEqual(
          alerts.map((a) => [inputs(a).query, inputs(a).tags.find((t: string) => t.startsWith("response:"))]),
          expected.map(({ i, factor, response }) => [`burn_rate("\${ref:${spec.name}:id}").over("${slo.window}").long_window("${longs[i]}").short_window("${shorts[i]}") > ${factor}`, `response:${response}`]),
        );
        if (integration.tier === 3 || !integration.failureModes.some((m) => m.response === "page")) {
          assert.ok(slo.alerting !== undefined || alerts.every((a) => !inputs(a).tags.includes("response:page")), `${integration.id}/${slo.id}: tier 3 and ticket-only integrations page from burn-rate alerts only when the SLO asks`);
        }
      }
    }
  });

  it("keeps someone on call out of hours exactly on rotations that page after hours, in the team's time zone", () => {
    const schedules = planned().filter((r) => r.type === "pagerduty:index/schedule:Schedule");
    assert.equal(schedules.length, inventory().rotations.length);
    for (const s of schedules) {
      const rotation = inventory().rotations.find((r) => s.name === names.schedule(r.id))!;
      assert.equal(inputs(s).timeZone, rotation.timeZone);
      const [layer, ...more] = inputs(s).layers;
      assert.deepEqual(more, []);
      assert.equal(layer.rotationTurnLengthSeconds, 604800);
      if (rotation.afterHours === "page") {
        assert.equal(layer.restrictions, undefined, `${rotation.id}: a layer without restrictions is on call around the clock`);
        continue;
      }
      const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
      const seconds = (minutes(rotation.businessHours.end) - minutes(rotation.businessHours.start)) * 60;
      assert.ok(seconds > 0 && seconds <= 12 * 3600, "business hours, not round the clock");
      for (const r of layer.restrictions) assert.deepEqual([r.type, r.startTimeOfDay, r.durationSeconds], ["weekly_restriction", `${rotation.businessHours.start}:00`, seconds]);
    }
  });

  it("pages every tier-1 integration's on-call at any hour, and lets other tiers wait for business hours", () => {
    const services = planned().filter((r) => r.type === "pagerduty:index/service:Service");
    assert.ok(services.length > 0);
    for (const s of services) {
      const integration = inventory().integrations.find((i) => s.name === names.pagerdutyService(i.id))!;
      assert.equal(inputs(s).autoResolveTimeout, "null", `${s.name}: PagerDuty must not resolve what Datadog still alerts on`);
      const urgency = inputs(s).incidentUrgencyRule;
      if (integration.tier === 1) assert.deepEqual(urgency, { type: "constant", urgency: "high" }, s.name);
      else assert.equal(inputs(s).scheduledActions?.[0]?.ats?.[0]?.name, "support_hours_start", `${s.name}: raised to high when support hours start`);
    }
  });

  it("never puts a secret value in a plaintext input", () => {
    // The only secrets are PagerDuty's integration keys: a secret output, passed on as a secret input.
    const specs = sampleState().resources;
    const routes = specs.filter((s) => s.type === "datadog:pagerduty/serviceObject:ServiceObject");
    assert.ok(routes.length > 0 && routes.every((s) => s.secretInputs?.includes("serviceKey")));
    const keys = specs.filter((s) => s.type === "pagerduty:index/serviceIntegration:ServiceIntegration");
    assert.ok(keys.length === routes.length && keys.every((s) => s.secretOutputs?.includes("integrationKey")));
    assert.ok(planned().filter((r) => r.type === "datadog:pagerduty/serviceObject:ServiceObject").every((r) => inputs(r).serviceKey === SECRET));
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") strings.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    planned().forEach((r) => walk(r.inputs));
    assert.deepEqual(strings.filter((s) => containsSecret(s) || (looksLikeSecret(s) && !s.includes("${ref:"))), []);
  });

  it("gives an identical plan when the inventory files are named and read in another order", () => {
    // Renaming the files reverses the order they are processed in (they are sorted by name). An
    // alert-tests file keeps its name, which must be tests/<integration>.yaml; it is only moved.
    const sources = readInventory(join(REPO, "inventory"));
    const rename = (file: string, i: number) => (/\/tests\/[^/]+$/.test(file) ? file.replace(/^.*\/tests\//, `inventory/${String(sources.length - i).padStart(2, "0")}/tests/`) : `inventory/${String(sources.length - i).padStart(2, "0")}.yaml`);
    const renamed = sources.map((s, i) => ({ ...s, file: rename(s.file, i) })).reverse();
    const reordered = validateInventory(renamed, runbookReader(join(REPO, "runbooks"))).inventory!;
    assert.deepEqual(plannedResources(lowerInventory(reordered, settings())), planned());
  });
});
