/**
 * Exact outputs of the small lower-stage helpers that decide who is notified and when an SLO
 * alerts (notify.ts, burnRate.ts). Every monitor and SLO goes through them, so each row pins a
 * contract a mutant could otherwise change unnoticed: a page routed to chat, a priority off by
 * one, a burn tier created at a rate Datadog refuses. Issue 16, README "Mutation testing".
 */
import { strict as assert } from "node:assert";
import { BURN_TIERS, burnAlerts, burnFactor, burnPolicy, describeBurnPolicy, maxBurnRate, sloBurnPolicy, type BurnPolicy } from "../compiler/lower/burnRate";
import {
  chatHandle,
  datadogName,
  encodePathSegment,
  integrationTags,
  notifyHandle,
  ownerLine,
  pagerdutyHandle,
  pages,
  pagesHere,
  priority,
  runbookFileUrl,
  runbookUrl,
  STAGING_NAME_PREFIX,
  teamChatHandle,
} from "../compiler/lower/notify";
import { AWS, forwarderInvokes, forwarderSecretKeys, forwarderSpecs } from "../compiler/lower/forwarder";
import { DOWNTIME_SCHEDULE, MAINTENANCE_COMPONENT, maintainedSystems, maintenanceSpecs } from "../compiler/lower/maintenance";
import { names } from "../compiler/lower/names";
import type { LowerSettings } from "../compiler/lower/settings";
import type { ArchiveValue, ResourceSpec } from "../compiler/lower/spec";
import { CONFIG_FILE } from "../forwarder/configSource";
import { sampleInventory, sampleSettings } from "./support/sampleState";
import type { Integration, Inventory, Team } from "../compiler/model";
import { counted, detectionQuery, withoutNoDataInStaging } from "../compiler/lower/monitorQuery";
import type { DetectionDoc, SloWindow } from "../compiler/validate/schema";

const settings = (staging: boolean, runbookBaseUrl = "https://github.com/acme/m/blob/main/runbooks"): LowerSettings =>
  ({ staging, environment: staging ? "staging" : "prod", runbookBaseUrl }) as LowerSettings;
const PROD = settings(false);
const STAGING = settings(true);

const team = (id: string, chatChannel: string) => ({ id, chatChannel }) as Team;
const integration = (overrides: Partial<Record<keyof Integration, unknown>> = {}) =>
  ({ id: "hubspot", owner: "growth", rotation: "growth-primary", tier: 1, runbook: "hubspot.md", failureModes: [], slos: [], ...overrides }) as unknown as Integration;
const inventory = { teams: [team("data", "#data-alerts"), team("growth", "#growth-eng-alerts")] } as unknown as Inventory;

describe("notify: who an alert reaches", () => {
  it("names the integration's PagerDuty service and the owning team's Slack channel, without the #", () => {
    assert.equal(pagerdutyHandle(integration()), "@pagerduty-hubspot");
    assert.equal(teamChatHandle(team("growth", "#growth-eng-alerts")), "@slack-growth-eng-alerts");
    // The owner's channel, not the first team's.
    assert.equal(chatHandle(inventory, integration()), "@slack-growth-eng-alerts");
    assert.equal(chatHandle(inventory, integration({ owner: "data" })), "@slack-data-alerts");
  });

  it("pages only for a page response in a stack other than staging; everything else goes to chat", () => {
    assert.equal(pagesHere("page", PROD), true);
    assert.equal(pagesHere("page", STAGING), false);
    assert.equal(pagesHere("ticket", PROD), false);
    assert.equal(pagesHere("ticket", STAGING), false);
    assert.equal(notifyHandle(inventory, integration(), "page", PROD), "@pagerduty-hubspot");
    assert.equal(notifyHandle(inventory, integration(), "page", STAGING), "@slack-growth-eng-alerts");
    assert.equal(notifyHandle(inventory, integration(), "ticket", PROD), "@slack-growth-eng-alerts");
  });

  it("priority: page 1 for tier 1, else 2; ticket 3, or 4 for tier 3", () => {
    const rows: ["page" | "ticket", 1 | 2 | 3, string][] = [
      ["page", 1, "1"], ["page", 2, "2"], ["page", 3, "2"],
      ["ticket", 1, "3"], ["ticket", 2, "3"], ["ticket", 3, "4"],
    ];
    for (const [response, tier, expected] of rows) assert.equal(priority(response, tier), expected, `${response} tier ${tier}`);
  });

  it("the owner line says whether it pages, and in staging that it never does", () => {
    assert.equal(ownerLine(integration(), "page", PROD), "Owner: growth, on call: growth-primary.");
    assert.equal(ownerLine(integration(), "ticket", PROD), "Owner: growth, on call: growth-primary. Opens a ticket; does not page.");
    assert.equal(ownerLine(integration(), "page", STAGING), "Owner: growth. Staging stack: notifies the team's channel only, never PagerDuty.");
  });

  it("tags every resource with integration, team, tier, service, env and managed-by, in that order", () => {
    assert.deepEqual(integrationTags(integration({ tier: 2 }), PROD), ["integration:hubspot", "team:growth", "tier:2", "service:hubspot", "env:prod", "managed-by:pulumi"]);
  });

  it("prefixes Datadog names in staging only", () => {
    assert.equal(STAGING_NAME_PREFIX, "[staging] ");
    assert.equal(datadogName(STAGING, "HubSpot: silent"), "[staging] HubSpot: silent");
    assert.equal(datadogName(PROD, "HubSpot: silent"), "HubSpot: silent");
  });
});

describe("notify: runbook links", () => {
  it("joins base and path with one slash, whatever slashes the base ends with", () => {
    for (const base of ["https://x.test/runbooks", "https://x.test/runbooks/", "https://x.test/runbooks///"]) {
      assert.equal(runbookFileUrl(settings(false, base), "a.md"), "https://x.test/runbooks/a.md", base);
    }
  });

  it("adds #anchor only when there is one, and encodes each segment but keeps the folders", () => {
    const s = settings(false, "https://x.test/r");
    assert.equal(runbookFileUrl(s, "team a/b#1?.md", "when-it-fails"), "https://x.test/r/team%20a/b%231%3F.md#when-it-fails");
    assert.equal(runbookFileUrl(s, "a.md", ""), "https://x.test/r/a.md");
    assert.equal(runbookFileUrl(s, "a.md"), "https://x.test/r/a.md");
    assert.equal(runbookUrl(s, integration({ runbook: "crm/hubspot.md" }), "detection"), "https://x.test/r/crm/hubspot.md#detection");
  });

  it("percent-encodes ! ' ( ) * too, in upper-case hex, and leaves other safe characters alone", () => {
    assert.equal(encodePathSegment("!'()*"), "%21%27%28%29%2A");
    assert.equal(encodePathSegment("a-b_c.d~e"), "a-b_c.d~e");
    assert.equal(encodePathSegment("50% off"), "50%25%20off");
  });
});

describe("notify: whether an integration pages at all", () => {
  const slo = (alerting: object | undefined, retired = false) => ({ objective: 99.9, window: "30d", alerting, ...(retired ? { retired: { reason: "replaced" } } : {}) });

  it("pages when a failure mode pages, or a live SLO's burn tier pages", () => {
    assert.equal(pages(integration({ failureModes: [{ response: "ticket" }, { response: "page" }] })), true);
    assert.equal(pages(integration({ failureModes: [{ response: "ticket" }] })), false, "ticket-only: default burn tiers are lowered to tickets");
    assert.equal(pages(integration({ failureModes: [{ response: "ticket" }], slos: [slo({ fast: "page" })] })), true);
    assert.equal(pages(integration({ failureModes: [{ response: "ticket" }], slos: [slo({ fast: "page" }, true)] })), false, "a retired SLO alerts nobody");
    assert.equal(pages(integration({ tier: 3, failureModes: [], slos: [slo(undefined)] })), false, "tier 3 burn alerts never page by default");
  });
});

describe("burn rates at their boundaries", () => {
  const all: BurnPolicy = { fast: "page", medium: "page", slow: "ticket" };

  it("factor = budget share x SLO window / long window", () => {
    assert.deepEqual(BURN_TIERS.map((t) => burnFactor(t, "30d")), [14.4, 6, 3]);
    assert.deepEqual(BURN_TIERS.map((t) => burnFactor(t, "7d")), [3.36, 1.4, 0.7]);
    assert.deepEqual(BURN_TIERS.map((t) => burnFactor(t, "90d")), [43.2, 18, 9]);
  });

  it("the highest burn rate a target allows is 100 / (100 - target), to three decimals", () => {
    assert.equal(maxBurnRate(99.9), 1000);
    assert.equal(maxBurnRate(90), 10);
    assert.equal(maxBurnRate(99.95), 2000);
    assert.equal(maxBurnRate(97), 33.333);
  });

  it("keeps a tier whose factor is exactly 1x (a 10-day window's slow tier) and drops one just below", () => {
    const at = burnAlerts(99.9, "10d" as SloWindow, all);
    assert.deepEqual(at.alerts.find((a) => a.id === "slow"), { ...BURN_TIERS[2], factor: 1, response: "ticket" });
    assert.deepEqual(at.dropped, []);
    const below = burnAlerts(99.9, "7d", all);
    assert.deepEqual(below.dropped, [{ ...BURN_TIERS[2], factor: 0.7, why: "below-one" }]);
  });

  it("drops a tier whose factor equals the highest burn rate (a `>` could never fire) as unreachable", () => {
    // 100 / (100 - 66.667) rounds to 3: the 30-day slow tier's factor.
    const { alerts, dropped } = burnAlerts(66.667, "30d", all);
    assert.deepEqual(alerts, []);
    assert.deepEqual(dropped.map((d) => [d.id, d.factor, d.why]), [["fast", 14.4, "unreachable"], ["medium", 6, "unreachable"], ["slow", 3, "unreachable"]]);
    // Just under: the slow tier is created.
    assert.deepEqual(burnAlerts(70, "30d", all).alerts.map((a) => [a.id, a.factor, a.response]), [["slow", 3, "ticket"]]);
  });

  it("a tier set to off is neither created nor reported dropped", () => {
    assert.deepEqual(burnAlerts(99.9, "7d", { fast: "off", medium: "ticket", slow: "off" }), { alerts: [{ ...BURN_TIERS[1], factor: 1.4, response: "ticket" }], dropped: [] });
  });

  it("describes an unreachable tier in words", () => {
    assert.equal(describeBurnPolicy(90, "30d", all), "fast not created (14.4x cannot be reached), medium page, slow ticket");
    // Two tiers dropped for different reasons: each is described by its own.
    assert.equal(describeBurnPolicy(70, "7d", all), "fast not created (3.36x cannot be reached), medium page, slow not created (0.7x is below 1x)");
  });

  it("an SLO's integration is ticket-only when none of its failure modes pages, whatever their order", () => {
    const tier1 = (responses: ("page" | "ticket")[]) => ({ tier: 1 as const, failureModes: responses.map((response) => ({ response })) });
    const paging = { fast: "page", medium: "page", slow: "ticket" };
    assert.deepEqual(sloBurnPolicy(tier1(["ticket", "page"]), {}), paging);
    assert.deepEqual(sloBurnPolicy(tier1(["page"]), {}), paging);
    assert.deepEqual(sloBurnPolicy(tier1(["ticket"]), {}), { fast: "ticket", medium: "ticket", slow: "ticket" });
    assert.deepEqual(sloBurnPolicy(tier1([]), {}), { fast: "ticket", medium: "ticket", slow: "ticket" });
    assert.deepEqual(sloBurnPolicy(tier1(["ticket"]), { alerting: { fast: "page" } }), { fast: "page", medium: "ticket", slow: "ticket" });
  });

  it("the SLO's own alerting wins over the tier default, tier by tier, and ticket-only lowers only pages", () => {
    assert.deepEqual(burnPolicy(1, { medium: "off" }, false), { fast: "page", medium: "off", slow: "ticket" });
    assert.deepEqual(burnPolicy(1, undefined, true), { fast: "ticket", medium: "ticket", slow: "ticket" });
    assert.deepEqual(burnPolicy(2, { slow: "page" }, true), { fast: "ticket", medium: "ticket", slow: "page" });
  });
});

describe("monitor queries: words, staging and edge cases", () => {
  const Q = "sum:leads{integration:x}.as_count()";

  it("describes each detection in the words messages and the plan show", () => {
    const rows: [DetectionDoc, string][] = [
      [{ kind: "threshold", query: "avg:api.remaining{app:x}", aggregation: "min", window: "15m", below: 100 }, "min over 15m below 100"],
      [{ kind: "threshold", query: Q, aggregation: "sum", window: "1h", above: 5 }, "sum over 1h above 5"],
      [{ kind: "error-rate", errors: Q, total: Q, window: "15m", maxPercent: 5 }, "error rate over 15m above 5%"],
      [{ kind: "heartbeat", query: Q, silentMinutes: 60 }, "no data for 60 minutes"],
      [{ kind: "anomaly", query: Q, window: "1h", direction: "below", algorithm: "agile", deviations: 2 }, "unusually low volume over 1h; agile, weekly seasonality, 2 deviations"],
      [{ kind: "anomaly", query: Q, window: "1h", direction: "above", algorithm: "basic", deviations: 3 }, "unusually high volume over 1h; basic, 3 deviations"],
      [{ kind: "anomaly", query: Q, window: "4h", direction: "both", algorithm: "robust", deviations: 3, seasonality: "daily" }, "unusual volume over 4h; robust, daily seasonality, 3 deviations"],
      [
        { kind: "reconciliation", upstream: { system: "webflow", count: Q }, downstream: { system: "salesforce", count: Q }, window: "4h", maxDropPercent: 5 },
        "salesforce count short of webflow count by more than 5% over 4h",
      ],
    ];
    for (const [detection, words] of rows) assert.equal(detectionQuery(detection).describe, words, detection.kind);
  });

  it("passes the evaluation delay through on every kind, and adds none when unset", () => {
    const withDelay: DetectionDoc[] = [
      { kind: "error-rate", errors: Q, total: Q, window: "15m", maxPercent: 5, evaluationDelaySeconds: 300 },
      { kind: "heartbeat", query: Q, silentMinutes: 60, evaluationDelaySeconds: 300 },
      { kind: "anomaly", query: Q, window: "1h", direction: "below", algorithm: "agile", deviations: 2, evaluationDelaySeconds: 300 },
      { kind: "reconciliation", upstream: { system: "a", count: Q }, downstream: { system: "b", count: Q }, window: "4h", maxDropPercent: 5, evaluationDelaySeconds: 300 },
    ];
    for (const d of withDelay) assert.equal(detectionQuery(d).options.evaluationDelay, 300, d.kind);
    assert.equal("evaluationDelay" in detectionQuery({ kind: "heartbeat", query: Q, silentMinutes: 60 }).options, false);
  });

  it("a heartbeat evaluates over at least one minute", () => {
    assert.equal(detectionQuery({ kind: "heartbeat", query: Q, silentMinutes: 1 }).query, `sum(last_1m):${Q} < 1`);
    assert.equal(detectionQuery({ kind: "heartbeat", query: Q, silentMinutes: 3 }).query, `sum(last_1m):${Q} < 1`);
  });

  it("a threshold on a gauge, or on a query the parser cannot read, keeps Datadog's default for missing data", () => {
    const gauge = detectionQuery({ kind: "threshold", query: "avg:api.remaining{app:x}", aggregation: "min", window: "15m", below: 100 });
    assert.deepEqual(gauge.options, { monitorThresholds: { critical: "100" } });
    const unreadable = detectionQuery({ kind: "threshold", query: "sum:((", aggregation: "sum", window: "15m", above: 1 });
    assert.deepEqual(unreadable.options, { monitorThresholds: { critical: "1" } });
    // A mix of a count and a gauge is not a count query.
    const mixed = detectionQuery({ kind: "threshold", query: "sum:a{x:y}.as_count() / avg:b{x:y}", aggregation: "sum", window: "15m", above: 1 });
    assert.equal("onMissingData" in mixed.options, false);
    // No metric at all counts no events either (every() of nothing would say it does).
    assert.equal("onMissingData" in detectionQuery({ kind: "threshold", query: "1", aggregation: "sum", window: "15m", above: 0 }).options, false);
  });

  it("counted() refuses a query it cannot parse, naming it", () => {
    assert.throws(() => counted("sum:(("), /cannot lower the metric query "sum:\(\(": /);
    assert.equal(counted("avg:a{x:y} + sum:b{x:y} + sum:c{x:y}.as_count()"), "avg:a{x:y} + sum:b{x:y}.as_count() + sum:c{x:y}.as_count()");
    // Several inserts, applied from the end so earlier offsets stay right.
    assert.equal(counted("sum:a{x:y} / sum:b{x:y}.rollup(sum, 60) - count:c{x:y}"), "sum:a{x:y}.as_count() / sum:b{x:y}.as_count().rollup(sum, 60) - count:c{x:y}.as_count()");
  });

  it("staging turns off no-data notifications only, and says so; prod and other monitors are untouched", () => {
    const heartbeat = detectionQuery({ kind: "heartbeat", query: Q, silentMinutes: 60 });
    const off = withoutNoDataInStaging(heartbeat, { staging: true });
    assert.deepEqual(off.options, { monitorThresholds: { critical: "1" }, requireFullWindow: false });
    assert.equal(off.query, heartbeat.query);
    assert.equal(off.describe, "no data for 60 minutes (staging: no-data notifications off)");
    assert.equal(withoutNoDataInStaging(heartbeat, { staging: false }), heartbeat);
    const threshold = detectionQuery({ kind: "threshold", query: Q, aggregation: "sum", window: "1h", above: 5 });
    assert.equal(withoutNoDataInStaging(threshold, { staging: true }), threshold);
  });
});

describe("forwarder lowering, computed inside each test", () => {
  // Lowered here, not at describe time: code run while the file loads is, to Stryker, covered by no test in particular.
  const lowered = (edit: (inventory: Inventory) => Inventory = (i) => i, settings = sampleSettings()) => forwarderSpecs(edit(sampleInventory()), settings);
  const find = (specs: ResourceSpec[], name: string) => {
    const found = specs.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found.inputs as Record<string, any>;
  };
  const configOf = (specs: ResourceSpec[], kind: "ingress" | "consumer") =>
    JSON.parse(((find(specs, names.forwarder(kind)).code as ArchiveValue).$archive[CONFIG_FILE] as { text: string }).text);

  it("passes a source's own signature tolerance to the Lambdas, and none when the inventory sets none", () => {
    const key = "web-lead-form-to-crm/hubspot-contact-events";
    const withTolerance = (inventory: Inventory): Inventory => ({
      ...inventory,
      integrations: inventory.integrations.map((i) => (i.id !== "web-lead-form-to-crm" ? i : { ...i, webhooks: i.webhooks.map((h) => (h.id === "hubspot-contact-events" ? { ...h, toleranceSeconds: 600 } : h)) })),
    });
    const specs = lowered(withTolerance);
    for (const kind of ["ingress", "consumer"] as const) assert.equal(configOf(specs, kind).sources[key].toleranceSeconds, 600, kind);
    assert.equal("toleranceSeconds" in configOf(lowered(), "ingress").sources[key], false);
    assert.equal("genericHmac" in configOf(lowered(), "ingress").sources[key], false);
  });

  it("writes the limits both functions read: receives, idempotency and secret cache lifetimes", () => {
    const config = configOf(lowered(), "consumer");
    assert.equal(config.maxReceives, 5);
    assert.equal(config.idempotencyTtlSeconds, 4 * 24 * 3600, "longer than Stripe's three days of retries");
    assert.equal(config.secretTtlSeconds, 300);
    for (const source of Object.values(config.sources) as { targets: { timeoutMs: number }[] }[]) {
      for (const t of source.targets) assert.equal(t.timeoutMs, 10_000);
    }
  });

  it("gives ingress a 10 s timeout and reserved concurrency, the consumer 60 s and none", () => {
    const specs = lowered();
    const ingress = find(specs, names.forwarder("ingress"));
    const consumer = find(specs, names.forwarder("consumer"));
    assert.equal(ingress.timeout, 10);
    assert.equal(ingress.reservedConcurrentExecutions, sampleSettings().forwarder.ingressConcurrency);
    assert.equal(consumer.timeout, 60);
    assert.equal("reservedConcurrentExecutions" in consumer, false);
    for (const fn of [ingress, consumer]) {
      assert.equal(fn.memorySize, 256);
      assert.equal(fn.handler, "index.handler");
      assert.deepEqual(fn.loggingConfig.logFormat, "Text");
      assert.equal(fn.environment.variables.DD_SERVERLESS_LOGS_ENABLED, "false");
      assert.equal(fn.environment.variables.NODE_OPTIONS, "--enable-source-maps");
      assert.equal(fn.environment.variables.DD_SERVICE, "martech-webhook-forwarder");
    }
    // The SQS visibility timeout is six times the consumer's (AWS's guidance for SQS-triggered functions).
    assert.equal(find(specs, names.forwarder("queue")).visibilityTimeoutSeconds, 360);
  });

  it("reads the bundles from the configured folder, however many slashes end it", () => {
    const base = sampleSettings();
    const specs = lowered(undefined, { ...base, forwarder: { ...base.forwarder, bundleDir: "out/fw//" } });
    const code = find(specs, names.forwarder("consumer")).code as ArchiveValue;
    assert.deepEqual(code.$archive["index.js"], { path: "out/fw/consumer/index.js" });
    assert.deepEqual(code.$archive["index.js.map"], { path: "out/fw/consumer/index.js.map" });
  });

  it("keeps the claim-check bucket private, encrypted, and its bodies only as long as dead letters", () => {
    const specs = lowered();
    assert.deepEqual(find(specs, names.forwarder("bodies-public-access")), {
      bucket: `\${ref:${names.forwarder("bodies")}:id}`,
      blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    assert.deepEqual(find(specs, names.forwarder("bodies-encryption")).rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const [rule] = find(specs, names.forwarder("bodies-lifecycle")).rules;
    assert.equal(rule.status, "Enabled");
    assert.deepEqual(rule.abortIncompleteMultipartUpload, { daysAfterInitiation: 1 });
    assert.ok(rule.expiration.days * 86400 >= find(specs, names.forwarder("dlq")).messageRetentionSeconds);
  });

  it("lowers nothing, and reads no secret, for an inventory without webhooks", () => {
    const none = (inventory: Inventory): Inventory => ({ ...inventory, integrations: inventory.integrations.map((i) => ({ ...i, webhooks: [] })) });
    assert.deepEqual(lowered(none), []);
    assert.deepEqual(forwarderSecretKeys(none(sampleInventory())), []);
    assert.deepEqual(forwarderInvokes(none(sampleInventory())), []);
    assert.deepEqual(forwarderInvokes(sampleInventory()).map((i) => i.token), [AWS.getCallerIdentity, AWS.getRegion, AWS.getPartition]);
  });
});

describe("maintenance downtimes, computed inside each test", () => {
  const edit = (id: string, change: (i: Integration) => Partial<Integration>) => {
    const inventory = sampleInventory();
    const integration = inventory.integrations.find((i) => i.id === id)!;
    return { inventory, integration: { ...integration, ...change(integration) } as Integration };
  };
  const types = (specs: ResourceSpec[]) => specs.map((s) => s.type);

  it("depends on a system only when it lists it up- or downstream and the system has windows", () => {
    const { inventory, integration } = edit("clearbit-enrichment", () => ({}));
    assert.deepEqual(maintainedSystems(inventory, integration).map((s) => s.id), ["salesforce"]);
    const emptied = { ...inventory, systems: inventory.systems.map((s) => (s.id === "salesforce" ? { ...s, maintenance: [] } : s)) };
    assert.deepEqual(maintainedSystems(emptied, integration), []);
    assert.deepEqual(maintenanceSpecs(emptied, integration, sampleSettings()), [], "no component without a window");
    const unrelated = { ...integration, upstream: [], downstream: [] } as unknown as Integration;
    assert.deepEqual(maintainedSystems(inventory, unrelated), []);
  });

  it("mutes only an integration that has monitors in the stack: failure modes, live SLOs or webhook heartbeats", () => {
    const none = edit("clearbit-enrichment", () => ({ failureModes: [], slos: [], webhooks: [] }));
    assert.deepEqual(types(maintenanceSpecs(none.inventory, none.integration, sampleSettings())), [MAINTENANCE_COMPONENT]);
    const web = edit("web-lead-form-to-crm", (i) => ({ failureModes: [], slos: i.slos.map((s) => ({ ...s, retired: { reason: "replaced by a newer SLO" } })) }));
    assert.deepEqual(types(maintenanceSpecs(web.inventory, web.integration, sampleSettings())), [MAINTENANCE_COMPONENT, DOWNTIME_SCHEDULE], "its webhook heartbeats are monitors; retired SLOs get no correction");
    const quiet = edit("web-lead-form-to-crm", (i) => ({ failureModes: [], slos: i.slos.map((s) => ({ ...s, retired: { reason: "replaced by a newer SLO" } })), webhooks: i.webhooks.map((h) => ({ ...h, heartbeatMinutes: undefined })) }));
    assert.deepEqual(types(maintenanceSpecs(quiet.inventory, quiet.integration, sampleSettings())), [MAINTENANCE_COMPONENT]);
  });

  it("says in the downtime which window mutes which integration, and that nothing is changed", () => {
    const { inventory, integration } = edit("clearbit-enrichment", () => ({}));
    const specs = maintenanceSpecs(inventory, integration, sampleSettings());
    const downtime = specs.find((s) => s.type === DOWNTIME_SCHEDULE)!;
    assert.equal(MAINTENANCE_COMPONENT, "martech:datadog:IntegrationMaintenance");
    assert.equal((downtime.inputs as { message: string }).message.split("\n")[1], "Window salesforce/weekly-maintenance: the monitors of clearbit-enrichment are muted meanwhile, not changed; managed by martech-reliability.");
    assert.deepEqual(downtime.aliases, [], "an integration never renamed keeps no alias");
  });
});

describe("maintenance downtimes: live SLOs and unchecked windows (maintcat)", () => {
  const withSalesforce = (change: (s: Inventory["systems"][number]) => object) => {
    const inventory = sampleInventory();
    return { ...inventory, systems: inventory.systems.map((s) => (s.id === "salesforce" ? { ...s, ...change(s) } : s)) } as Inventory;
  };

  it("mutes an integration whose only monitors are its live SLOs' burn-rate alerts", () => {
    const inventory = sampleInventory();
    const web = inventory.integrations.find((i) => i.id === "web-lead-form-to-crm")!;
    const sloOnly = { ...web, failureModes: [], webhooks: web.webhooks.map((h) => ({ ...h, heartbeatMinutes: undefined })) } as Integration;
    assert.deepEqual(
      maintenanceSpecs(inventory, sloOnly, sampleSettings()).map((s) => [s.type, s.name]),
      [
        [MAINTENANCE_COMPONENT, "web-lead-form-to-crm--maintenance"],
        [DOWNTIME_SCHEDULE, "web-lead-form-to-crm--maintenance--salesforce--weekly-maintenance"],
        ["datadog:index/sloCorrection:SloCorrection", "web-lead-form-to-crm--maintenance--salesforce--weekly-maintenance--slo--lead-delivered-within-5m"],
        ["datadog:index/sloCorrection:SloCorrection", "web-lead-form-to-crm--maintenance--salesforce--weekly-maintenance--slo--lead-complete-in-salesforce"],
      ],
    );
  });

  it("refuses, as an internal error naming the window, a window check would have rejected: no time zone, or a start that does not parse", () => {
    const message = { name: "Error", message: "internal: unchecked maintenance window salesforce/weekly-maintenance" };
    for (const inventory of [
      withSalesforce(() => ({ timeZone: undefined })),
      withSalesforce((s) => ({ maintenance: s.maintenance!.map((w) => ({ ...w, start: "next Saturday" })) })),
    ]) {
      const clearbit = inventory.integrations.find((i) => i.id === "clearbit-enrichment")!;
      assert.throws(() => maintenanceSpecs(inventory, clearbit, sampleSettings()), message);
    }
  });
});
