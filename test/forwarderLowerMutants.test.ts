/**
 * Exact outputs of the forwarder lowering's helpers on hand-built inputs the sample does not
 * have: targets' optional fields, the systems a forwarder query names, when a failure mode
 * already covers a source's silence, the metrics' tag configurations. Each row pins what a
 * surviving mutant of the part `lower-forwarder` changed unnoticed (issue 16, README
 * "Mutation testing"). Everything is built inside each `it`.
 */
import { strict as assert } from "node:assert";
import { metricTagConfigSpecs, sloCountedMetrics } from "../compiler/lower/forwarderMetricConfigs";
import { coveringHeartbeat, forwarderMonitorSpecs, sourceSilenceSpecs } from "../compiler/lower/forwarderMonitors";
import { physicalNames } from "../compiler/lower/forwarderNames";
import { forwarderSystems, webhookUpstreamSystem } from "../compiler/lower/forwarderSystems";
import { targetConfig, targetCredentialSpecs } from "../compiler/lower/forwardTargets";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Integration, Inventory } from "../compiler/model";
import type { ForwardTargetDoc, WebhookDoc } from "../compiler/validate/schema";
import { sharedSample } from "./support/sampleState";

const hooks = (...list: [id: string, vendor: string][]) => list.map(([id, vendor]) => ({ id, vendor }));
const sys = (upstream: string[], downstream: string[], ...webhooks: [string, string][]) =>
  ({ upstream, downstream, webhooks: hooks(...webhooks) }) as unknown as Integration;

describe("forwarderSystems and webhookUpstreamSystem: exact systems (lowerfx)", () => {
  it("reads destination and source tags of forwarder metrics only, skipping wildcards, unknown sources and unparseable queries", () => {
    const integration = sys(["shopify"], ["klaviyo", "typeform"], ["shop-orders", "shopify"], ["tf", "typeform"]);
    const queries = [
      "(((",
      "sum:aws.sqs.sent{destination:aws-thing}.as_count()",
      "sum:martech.forwarder.settled{destination:klaviyo,source:shop-orders}.as_count()",
      "sum:martech.forwarder.received{integration:tf}.as_count()",
      "sum:martech.forwarder.settled{destination:kla*}.as_count()",
      "sum:martech.forwarder.received{source:unknown-hook}.as_count()",
      "sum:martech.forwarder.failed{destination:klaviyo}.as_count()",
    ];
    assert.deepStrictEqual(forwarderSystems(integration, queries), ["klaviyo", "shopify"]);
    assert.deepStrictEqual(forwarderSystems(integration, []), []);
  });

  it("names the sender: one named system, else the only upstream, else none", () => {
    assert.equal(webhookUpstreamSystem(sys(["website", "x"], ["meta-ads"], ["m", "meta"]), "m"), "meta-ads", "a <vendor>-... system");
    assert.equal(webhookUpstreamSystem(sys(["typeform"], ["hubspot"], ["t", "generic-hmac"]), "t"), "typeform", "none named: the only upstream");
    assert.equal(webhookUpstreamSystem(sys(["a", "b"], ["c"], ["t", "generic-hmac"]), "t"), undefined, "none named, two upstream");
    assert.equal(webhookUpstreamSystem(sys(["shopify"], ["shopify-plus"], ["s", "shopify"]), "s"), undefined, "two named, one upstream");
    assert.equal(webhookUpstreamSystem(sys(["shopify"], [], ["s", "shopify"]), "other"), undefined, "not a webhook of the integration");
  });
});

describe("forward targets: optional fields and credentials (lowerfx)", () => {
  const target = (t: Record<string, unknown>) => ({ system: "dest", url: "https://dest.example/hook", kind: "generic", method: "POST", ...t }) as unknown as ForwardTargetDoc;
  const shopIntegration = { id: "shop" } as Integration;
  const hook = (forwardTo: ForwardTargetDoc[]) => ({ id: "orders", forwardTo }) as unknown as WebhookDoc;

  it("writes only the fields a target sets", () => {
    const aws = physicalNames("prod");
    const bare = target({ auth: { type: "bearer", secretConfigKey: "destToken" } });
    assert.deepStrictEqual(targetConfig(shopIntegration, hook([bare]), bare, aws, 5000), {
      system: "dest",
      url: "https://dest.example/hook",
      timeoutMs: 5000,
      auth: { type: "bearer" },
      credentialsSecretId: "martech/prod/forwarder-destinations/shop/orders/dest",
    });
    const full = target({
      auth: { type: "oauth2-client-credentials", secretConfigKey: "destOauth", tokenUrl: "https://dest.example/token", scope: "events.write" },
      idempotencyHeader: "X-Delivery",
    });
    assert.deepStrictEqual(targetConfig(shopIntegration, hook([full]), full, aws, 5000), {
      system: "dest",
      url: "https://dest.example/hook",
      timeoutMs: 5000,
      auth: { type: "oauth2-client-credentials", tokenUrl: "https://dest.example/token", scope: "events.write" },
      credentialsSecretId: "martech/prod/forwarder-destinations/shop/orders/dest",
      idempotencyHeader: "X-Delivery",
    });
    const plain = target({});
    assert.deepStrictEqual(targetConfig(shopIntegration, hook([plain]), plain, aws, 5000), { system: "dest", url: "https://dest.example/hook", timeoutMs: 5000 });
  });

  it("makes a credentials secret only for a target with credentials", () => {
    const withAuth = target({ system: "a", auth: { type: "bearer", secretConfigKey: "aToken" } });
    const without = target({ system: "b" });
    const specs = targetCredentialSpecs(shopIntegration, hook([without, withAuth, without]), physicalNames("prod"), { env: "prod" }, 7);
    assert.deepStrictEqual(
      specs.map((s) => [s.type, (s.inputs as { name?: string }).name]),
      [
        ["aws:secretsmanager/secret:Secret", "martech/prod/forwarder-destinations/shop/orders/a"],
        ["aws:secretsmanager/secretVersion:SecretVersion", undefined],
      ],
    );
  });
});

describe("forwarder monitors: covering heartbeats, silence of a ticketing integration, the team (lowerfx)", () => {
  const QUERY = "count:martech.forwarder.received{integration:shop,source:orders}";
  const shop = (detection: Record<string, unknown>, response = "page") =>
    ({ id: "shop", failureModes: [{ id: "fm", response, detection: { kind: "heartbeat", query: QUERY, silentMinutes: 60, ...detection } }] }) as unknown as Integration;
  const covers = (i: Integration, paging = true) => coveringHeartbeat(i, "orders", 60, paging)?.id;

  it("covers only as fast as the source, evaluation delay included", () => {
    assert.equal(covers(shop({})), "fm", "exactly as fast");
    assert.equal(covers(shop({ silentMinutes: 61 })), undefined, "a minute slower");
    assert.equal(covers(shop({ silentMinutes: 90 })), undefined, "half an hour slower");
    assert.equal(covers(shop({ evaluationDelaySeconds: 300 })), undefined, "as fast but delayed five minutes");
    assert.equal(covers(shop({ silentMinutes: 55, evaluationDelaySeconds: 300 })), "fm", "delay included, exactly as fast");
  });

  it("covers a paging source only with a paging mode", () => {
    assert.equal(covers(shop({}, "ticket"), true), undefined);
    assert.equal(covers(shop({}, "ticket"), false), "fm");
  });

  it("reads only a whole count of received deliveries, spaces trimmed", () => {
    assert.equal(covers(shop({ query: `  ${QUERY} ` })), "fm", "surrounding spaces");
    assert.equal(covers(shop({ query: "count:martech.forwarder.received{integration:shop, source:orders}" })), "fm", "a space after a comma");
    assert.equal(covers(shop({ query: `avg:${QUERY}` })), undefined, "something before the count");
    assert.equal(covers(shop({ query: `${QUERY}.rollup(sum, 60)` })), undefined, "something after the count");
  });

  it("tickets a source's silence for an integration that never pages", () => {
    const inventory = sharedSample.inventory();
    const settings = sharedSample.settings();
    const withHeartbeat = inventory.integrations.find((i) => i.webhooks.some((h) => h.heartbeatMinutes !== undefined));
    assert.ok(withHeartbeat, "the sample has a source with a heartbeat");
    const quiet = { ...withHeartbeat, failureModes: [], slos: [] } as Integration;
    const specs = sourceSilenceSpecs(inventory, quiet, settings, (s) => s);
    assert.ok(specs.length > 0);
    for (const spec of specs) {
      const tags = (spec.inputs as { tags: string[] }).tags;
      assert.ok(tags.includes("response:ticket"), tags.join(" "));
      assert.ok(!tags.some((t) => t === "response:" || t === "response:page"), tags.join(" "));
    }
  });

  it("names the missing forwarder team and the teams there are", () => {
    const inventory = { teams: [{ id: "growth" }, { id: "data" }] } as unknown as Inventory;
    const settings = { environment: "prod", forwarder: { team: "nobody" } } as unknown as LowerSettings;
    assert.throws(() => forwarderMonitorSpecs(inventory, [], settings, (s) => s), {
      message: 'config forwarderTeam names team "nobody", which is not in the inventory (teams: growth, data)',
    });
  });
});

describe("forwarder metric tag configurations (lowerfx)", () => {
  it("configures each SLO-counted distribution, skipping an unparseable SLI", () => {
    const inventory = {
      integrations: [{ slos: [{ sli: { good: "(((", total: "count:martech.forwarder.end_to_end_latency{integration:a}" } }] }],
    } as unknown as Inventory;
    assert.deepStrictEqual(sloCountedMetrics(inventory), ["end_to_end_latency"]);
    assert.deepStrictEqual(metricTagConfigSpecs(inventory, { forwarder: { percentiles: true }, staging: false } as unknown as LowerSettings), [
      {
        type: "datadog:index/metricTagConfiguration:MetricTagConfiguration",
        name: "webhook-forwarder--metric-tags-end-to-end-latency",
        inputs: {
          metricName: "martech.forwarder.end_to_end_latency",
          metricType: "distribution",
          includePercentiles: true,
          tags: ["integration", "source", "destination", "synthetic", "env"],
          excludeTagsMode: false,
        },
      },
    ]);
  });
});
