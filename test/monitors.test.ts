/**
 * Monitors that fire right and say something in every state: a body for each state a monitor
 * can reach, status pages of the systems a failure mode involves, one page per silent source,
 * and anomaly monitors judged against the history their seasonality needs.
 */
import { strict as assert } from "node:assert";
import { coveringHeartbeat } from "../compiler/lower/forwarderMonitors";
import { webhookUpstreamSystem } from "../compiler/lower/forwarderSystems";
import { monitorMessage, statusLines } from "../compiler/lower/monitorMessage";
import { detectionQuery } from "../compiler/lower/monitorQuery";
import { involvedSystems, MONITOR } from "../compiler/lower/monitors";
import type { FailureMode, Integration } from "../compiler/model";
import { seasonalityProblem, seasonsLearntOn } from "../compiler/validate/rules/anomalySeasonality";
import type { DetectionDoc } from "../compiler/validate/schema";
import type { AlertTest } from "../compiler/simulate/alertTest";
import { plannedMonitors, type PlannedMonitor } from "../compiler/simulate/plannedMonitors";
import { runAlertTest } from "../compiler/simulate/runAlertTest";
import { inStackEnvironment } from "../compiler/simulate/stackEnvironment";
import { sampleInventory, sampleState, sharedSample } from "./support/sampleState";
import { memo } from "./support/memo";

type State = "alert" | "warning" | "no_data" | "recovery";

/**
 * Datadog's conditional blocks for one state (https://docs.datadoghq.com/monitors/notify/variables/#conditional-variables):
 * `{{#is_x}}` shows in state x only, `{{^is_x}}` in every other; text outside blocks always.
 * `is_recovery` is true on recovery from alert, warning or no data alike.
 */
function render(message: string, state: State): string {
  const on = (v: string) => (v === "is_recovery" ? state === "recovery" : v === `is_${state}`);
  return message
    .replace(/\{\{([#^])(is_[a-z_]+)\}\}\n?([\s\S]*?)\{\{\/\2\}\}\n?/g, (_, sign: string, v: string, body: string) => ((sign === "#") === on(v) ? body : ""))
    .trim();
}

interface MonitorInputs {
  name: string;
  type: string;
  query: string;
  message: string;
  notifyNoData?: boolean;
  monitorThresholds?: { warning?: string };
  tags: string[];
}
const inputs = (r: { inputs: object }) => r.inputs as MonitorInputs;

/** What a responder reads besides the routing handle and the runbook link. */
const body = (text: string) => text.split("\n").filter((l) => l && !/^@\S+$/.test(l) && !l.startsWith("Runbook: ")).join("\n");

describe("monitor messages", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const inventory = sharedSample.inventory;
  const monitors = memo(() => sharedSample.state().resources.filter((r) => r.type === MONITOR));

  it("renders the template blocks as Datadog does", () => {
    const m = "{{#is_alert}}\nA\n{{/is_alert}}\n{{#is_no_data}}\nN\n{{/is_no_data}}\n{{^is_recovery}}\nC\n{{/is_recovery}}\n{{#is_recovery}}\nR\n{{/is_recovery}}\n@x";
    assert.equal(render(m, "alert"), "A\nC\n@x");
    assert.equal(render(m, "no_data"), "N\nC\n@x");
    assert.equal(render(m, "warning"), "C\n@x");
    assert.equal(render(m, "recovery"), "R\n@x");
  });

  it("says something in every state each monitor can reach", () => {
    const query = monitors().filter((m) => inputs(m).type === "query alert");
    assert.ok(query.length > 40, `${query.length} monitors`);
    for (const m of query) {
      const i = inputs(m);
      const reachable: State[] = ["alert", "recovery", ...(i.monitorThresholds?.warning !== undefined ? ["warning" as const] : []), ...(i.notifyNoData ? ["no_data" as const] : [])];
      for (const state of reachable) {
        const text = body(render(i.message, state));
        assert.ok(text.length > 0, `${i.name}: empty ${state} body`);
        assert.match(render(i.message, state), /^Runbook: https:\/\//m, `${i.name}: ${state} carries the runbook`);
      }
      if (i.notifyNoData) assert.match(i.message, /\{\{#is_no_data\}\}\n.*no data at all for \d+ minutes/, i.name);
      if (i.monitorThresholds?.warning !== undefined) assert.match(i.message, /\{\{#is_warning\}\}\nEarly warning: /, i.name);
    }
    const names = query.map((m) => inputs(m).name);
    assert.ok(names.includes("[martech] Webhook forwarder: Forwarder Lambda errors"), "the forwarder's error monitor warns");
  });

  it("keeps the paging handle in every state, so a no-data page reaches PagerDuty", () => {
    for (const m of monitors().filter((m) => inputs(m).tags.includes("response:page") && inputs(m).notifyNoData)) {
      const handle = /^@pagerduty-\S+$/m.exec(inputs(m).message)![0];
      assert.ok(render(inputs(m).message, "no_data").split("\n").includes(handle), inputs(m).name);
    }
  });

  it("links the status page of each system a failure mode involves", () => {
    const lead = inventory().integrations.find((i) => i.id === "web-lead-form-to-crm")!;
    const mode = lead.failureModes.find((m) => m.id === "crm-field-deprecated-leads-dropped")!;
    // The forwarder's source here is a generic-hmac webhook of an integration with two upstream systems: no sender is guessed.
    assert.deepEqual(involvedSystems(mode, lead), ["webflow-forms", "salesforce"], "a reconciliation involves its two sides");
    const message = inputs(monitors().find((m) => inputs(m).name === `[${lead.id}] ${mode.title}`)!).message;
    assert.ok(message.includes("Status: Webflow forms https://status.webflow.com\nStatus: Salesforce Sales Cloud https://status.salesforce.com"), message);
    assert.ok(!render(message, "recovery").includes("Status:"), "a recovery needs no status page");
    // `systems:` adds the others; a system without a status page adds no line.
    assert.deepEqual(involvedSystems({ detection: mode.detection, systems: ["salesforce", "hubspot"] }, lead), ["webflow-forms", "salesforce", "hubspot"]);
    assert.deepEqual(statusLines(inventory().systems, ["website", "hubspot"]), ["Status: HubSpot Marketing Hub https://status.hubspot.com"]);
  });

  it("reads the systems a forwarder detection involves from its destination: and source: tags", () => {
    const shop = inventory().integrations.find((i) => i.id === "shopify-orders-to-klaviyo")!;
    const heartbeat = (query: string): Pick<FailureMode, "detection" | "systems"> => ({ detection: { kind: "heartbeat", query, silentMinutes: 30 } });
    const settled = "count:martech.forwarder.settled";
    const rows: [query: string, systems: string[]][] = [
      // destination names the system; source the webhook's sender (its vendor, shopify, is one of the integration's systems)
      [`${settled}{integration:shopify-orders-to-klaviyo,source:shopify-order-events,destination:klaviyo}`, ["shopify", "klaviyo"]],
      [`${settled}{source:shopify-order-events AND destination IN (klaviyo, snowflake)}`, ["shopify", "klaviyo", "snowflake"]],
      // excluded destinations and wildcards name nothing; nor do other metrics' tags
      [`${settled}{source:shopify-order-events AND NOT destination:snowflake}`, ["shopify"]],
      [`${settled}{destination:klav*,!source:shopify-order-events}`, []],
      ["sum:martech.shopify.orders_created{destination:klaviyo,source:shopify-order-events}.as_count()", []],
    ];
    for (const [query, systems] of rows) assert.deepEqual(involvedSystems(heartbeat(query), shop), systems, query);
    // An error rate reads both of its queries; explicit systems follow.
    const rate: DetectionDoc = { kind: "error-rate", errors: `${settled}{destination:klaviyo,!outcome:forwarded}`, total: `${settled}{destination:klaviyo}`, window: "30m", maxPercent: 5 };
    assert.deepEqual(involvedSystems({ detection: rate, systems: ["snowflake"] }, shop), ["klaviyo", "snowflake"]);
  });

  it("names the sender of a webhook only when the inventory says which system it is", () => {
    const hook = (id: string, vendor: string) => ({ id, vendor }) as Integration["webhooks"][number];
    const integration = (upstream: string[], downstream: string[], ...webhooks: Integration["webhooks"][number][]) => ({ upstream, downstream, webhooks });
    assert.equal(webhookUpstreamSystem(integration(["website", "hubspot"], ["salesforce"], hook("h", "hubspot")), "h"), "hubspot", "the system named after the vendor");
    assert.equal(webhookUpstreamSystem(integration(["website"], ["meta-ads"], hook("m", "meta")), "m"), "meta-ads", "a <vendor>-... system");
    assert.equal(webhookUpstreamSystem(integration(["typeform"], ["hubspot"], hook("t", "generic-hmac")), "t"), "typeform", "the only upstream system");
    assert.equal(webhookUpstreamSystem(integration(["website", "webflow-forms"], ["hubspot"], hook("w", "generic-hmac")), "w"), undefined, "ambiguous: none");
    assert.equal(webhookUpstreamSystem(integration(["a"], ["b"], hook("w", "generic-hmac")), "other"), undefined, "not a webhook of the integration");
  });

  it("links the sender's status page from the forwarder's no-deliveries monitor, and forwarder detections' systems from theirs", () => {
    const message = (name: string) => inputs(monitors().find((m) => inputs(m).name === name)!).message;
    assert.match(message("[stripe-billing-to-crm-attribution] No deliveries from webhook stripe-billing-events"), /^Status: Stripe Billing https:\/\/status\.stripe\.com$/m);
    assert.match(message("[shopify-orders-to-klaviyo] Order events delayed in the forwarder queue"), /^Status: Shopify store https:\/\/www\.shopifystatus\.com\nStatus: Klaviyo https:\/\/status\.klaviyo\.com$/m);
  });

  it("refuses a warning threshold without words for it", () => {
    const detection = { ...detectionQuery({ kind: "threshold", query: "avg:x{a:b}", aggregation: "avg", window: "5m", above: 5 }), options: { monitorThresholds: { critical: "5", warning: "3" } } };
    assert.throws(() => monitorMessage({ subject: "x", detection, context: [], recovered: "ok", notify: "@slack-x", runbookUrl: "https://r" }), /a warning threshold needs its words/);
  });
});

describe("one page per silent webhook source", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const inventory = sharedSample.inventory;
  const monitors = memo(() => sharedSample.state().resources.filter((r) => r.type === MONITOR));

  /** integration/source of a monitor that fires when the forwarder receives nothing from a source. */
  const silencedSource = (query: string) => {
    const m = /martech\.forwarder\.received\{([^}]*)\}(?:\.as_count\(\))? < 1$/.exec(query);
    if (!m) return undefined;
    const tags = m[1]!.split(",");
    const tag = (k: string) => tags.find((t) => t.startsWith(`${k}:`))?.slice(k.length + 1);
    return tag("source") && `${tag("integration")}/${tag("source")}`;
  };

  it("the sample has no two paging monitors on the same source's silence", () => {
    const paging = monitors().filter((m) => inputs(m).tags.includes("response:page"));
    const sources = paging.map((m) => silencedSource(inputs(m).query)).filter((s): s is string => s !== undefined);
    assert.ok(sources.length >= 4, sources.join(", "));
    assert.deepEqual(sources.filter((s, i) => sources.indexOf(s) !== i), []);
  });

  it("keeps the failure mode's monitor, linking the integration's runbook, and drops the forwarder's", () => {
    const shopify = inventory().integrations.find((i) => i.id === "shopify-orders-to-klaviyo")!;
    const watched = monitors().filter((m) => silencedSource(inputs(m).query) === "shopify-orders-to-klaviyo/shopify-order-events");
    assert.deepEqual(watched.map((m) => inputs(m).name), ["[shopify-orders-to-klaviyo] Shopify stops sending order webhooks"]);
    assert.match(inputs(watched[0]!).message, /^Runbook: \S+\/shopify-orders-to-klaviyo\.md#shopify-stops-sending-order-webhooks$/m);
    assert.equal(coveringHeartbeat(shopify, "shopify-order-events", 60, true)?.id, "shopify-webhook-subscription-removed");
  });

  it("keeps the forwarder's silence monitor when no failure mode watches the source as fast and as loud", () => {
    const source = "orders";
    const heartbeat = (silentMinutes: number, response: "page" | "ticket", query = `sum:martech.forwarder.received{integration:shop,source:${source}}.as_count()`, evaluationDelaySeconds?: number): FailureMode =>
      ({ id: "silent", title: "Silent", frequency: "rare", response, rank: 1, runbookAnchor: "silent", previousIds: [], detection: { kind: "heartbeat", query, silentMinutes, ...(evaluationDelaySeconds === undefined ? {} : { evaluationDelaySeconds }) } }) as FailureMode;
    const shop = (mode: FailureMode) => ({ id: "shop", failureModes: [mode] }) as unknown as Integration;
    assert.ok(coveringHeartbeat(shop(heartbeat(60, "page")), source, 60, true), "as fast and paging");
    assert.ok(coveringHeartbeat(shop(heartbeat(30, "page", `sum:martech.forwarder.received{integration:shop,source:${source},synthetic:false}.as_count()`)), source, 60, true), "a narrower query goes silent no later");
    assert.ok(coveringHeartbeat(shop(heartbeat(30, "page", `count:martech.forwarder.received{integration:shop,source:${source}}`)), source, 60, true), "a distribution's count form");
    assert.ok(coveringHeartbeat(shop(heartbeat(30, "ticket")), source, 60, false), "a ticket covers a ticket");
    assert.equal(coveringHeartbeat(shop(heartbeat(90, "page")), source, 60, true), undefined, "slower than the source's heartbeat");
    assert.equal(coveringHeartbeat(shop(heartbeat(55, "page", undefined, 600)), source, 60, true), undefined, "slower once its evaluation delay counts");
    assert.equal(coveringHeartbeat(shop(heartbeat(30, "ticket")), source, 60, true), undefined, "would turn a page into a ticket");
    assert.equal(coveringHeartbeat(shop(heartbeat(30, "page", "sum:martech.forwarder.received{integration:shop,source:other}.as_count()")), source, 60, true), undefined, "another source");
    assert.equal(coveringHeartbeat(shop(heartbeat(30, "page", `sum:martech.forwarder.enqueued{integration:shop,source:${source}}.as_count()`)), source, 60, true), undefined, "another metric");
  });
});

describe("anomaly seasonality", () => {
  const anomaly = (extra: Partial<Extract<DetectionDoc, { kind: "anomaly" }>>): Extract<DetectionDoc, { kind: "anomaly" }> => ({ kind: "anomaly", query: "sum:x{a:b}.as_count()", window: "1h", direction: "below", algorithm: "agile", deviations: 2, ...extra });

  it("needs three seasons of history (Datadog: three times the seasonality)", () => {
    assert.equal(seasonsLearntOn("2026-03-02", "weekly"), "2026-03-23");
    assert.equal(seasonsLearntOn("2026-02-27", "daily"), "2026-03-02");
    assert.equal(seasonsLearntOn("2026-12-31", "hourly"), "2027-01-01");
  });

  const rows: [string, Partial<Extract<DetectionDoc, { kind: "anomaly" }>>, string, RegExp | undefined][] = [
    ["weekly by default, old enough", { metricSince: "2026-03-02" }, "2026-03-23", undefined],
    ["weekly by default, too young", { metricSince: "2026-03-02" }, "2026-03-22", /weekly seasonality needs 3 weeks .* the metric reports since 2026-03-02, so until 2026-03-23 this monitor may page on normal traffic/],
    ["daily, old enough", { seasonality: "daily", metricSince: "2026-03-02" }, "2026-03-05", undefined],
    ["robust, age unknown", { algorithm: "robust" }, "2030-01-01", /robust algorithm with weekly seasonality .* add metricSince: YYYY-MM-DD/],
    ["basic has no seasons to learn", { algorithm: "basic" }, "2026-01-01", undefined],
  ];
  for (const [name, extra, today, problem] of rows) {
    it(name, () => {
      const found = seasonalityProblem(anomaly(extra), today);
      if (problem === undefined) assert.equal(found, undefined);
      else assert.match(found ?? "", problem);
    });
  }
});

describe("alert tests in the stack's environment", () => {
  const monitorsTagged = (env: string) => new Map([["m", { inputs: { tags: ["integration:a", `env:${env}`] } } as unknown as PlannedMonitor]]);
  const test = (tags: string[], metric = "martech.forwarder.received"): AlertTest => ({ input: [{ metric, tags, values: [1] }] }) as unknown as AlertTest;

  it("adds the monitors' env to a forwarder series that names none, and leaves a written env and vendor metrics alone", () => {
    assert.deepEqual(inStackEnvironment(test(["integration:a"]), monitorsTagged("prod")).input[0]!.tags, ["integration:a", "env:prod"]);
    assert.deepEqual(inStackEnvironment(test(["integration:a"]), monitorsTagged("staging")).input[0]!.tags, ["integration:a", "env:staging"]);
    assert.deepEqual(inStackEnvironment(test(["integration:a", "env:staging"]), monitorsTagged("prod")).input[0]!.tags, ["integration:a", "env:staging"]);
    assert.deepEqual(inStackEnvironment(test(["integration:a"], "hubspot.api.rate_limit.remaining"), monitorsTagged("prod")).input[0]!.tags, ["integration:a"]);
  });

  it("runs the sample's alert tests against prod's env-scoped monitors: a series of staging's points alone moves none of them", () => {
    const inventory = sampleInventory();
    const resources = sampleState().resources;
    const integration = inventory.integrations.find((i) => i.alertTests.some((t) => t.input.every((s) => s.metric.startsWith("martech.forwarder."))))!;
    const alertTest = integration.alertTests.find((t) => t.input.every((s) => s.metric.startsWith("martech.forwarder.")))!;
    const monitors = plannedMonitors(resources, integration);
    assert.deepEqual(runAlertTest(inStackEnvironment(alertTest, monitors), monitors).failures, []);
    const staging = { ...alertTest, input: alertTest.input.map((s) => ({ ...s, tags: [...s.tags, "env:staging"] })) };
    assert.ok(runAlertTest(inStackEnvironment(staging, monitors), monitors).failures.length > 0, "prod's monitors ignore staging's points");
  });
});
