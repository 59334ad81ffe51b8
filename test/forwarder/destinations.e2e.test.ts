/**
 * The real consumer (createConsumerHandler, with dynalite for idempotency, a Secrets Manager-compatible
 * server for the targets' credentials, a UDP DogStatsD listener) delivering the sample inventory's
 * webhooks, configured exactly as the deployment configures it (the lowered forwarder-config.json,
 * with each destination's host pointed at a loopback fake of its API: test/forwarder/fakes/). The
 * fakes enforce what each API documents, so a passing delivery proves the sample's credentials,
 * headers, versions and transforms are ones the destination accepts.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { createSecretsManagerClient } from "../../forwarder/aws/secretsManager";
import { CONFIG_FILE } from "../../forwarder/configSource";
import type { QueuedDelivery, SourceConfig, StaticForwarderConfig, TargetConfig } from "../../forwarder/config";
import { createConsumerHandler, type SqsRecord } from "../../forwarder/consumer/handler";
import { createCredentialSource } from "../../forwarder/destinations/credentialSource";
import { targetCredentialsSecretString } from "../../forwarder/destinations/credentials";
import { createTokenCache, type TokenCache } from "../../forwarder/destinations/oauth2";
import type { RetryPolicy } from "../../forwarder/forward/forward";
import { createEmitter, type MetricsEmitter } from "../../forwarder/metrics/emitter";
import { names } from "../../compiler/lower/names";
import type { ArchiveValue } from "../../compiler/lower/spec";
import { startGoogleAdsApi, type GoogleAdsFake } from "./fakes/googleAdsApi";
import { startHubspotFormsApi, type HubspotFormsFake } from "./fakes/hubspotFormsApi";
import { startKlaviyoApi, type KlaviyoFake } from "./fakes/klaviyoApi";
import { startMetaConversionsApi, type MetaFake } from "./fakes/metaConversionsApi";
import { startOAuth2Server, type OAuth2Server } from "./fakes/oauth2Server";
import { startSalesforceApi, type SalesforceFake } from "./fakes/salesforceApi";
import { startSnowflakeSqlApi, type SnowflakeFake } from "./fakes/snowflakeSqlApi";
import { localAws } from "./support/awsClients";
import { startDynamo, startMetricsListener, type LocalDynamo, type MetricsListener } from "./support/consumerHarness";
import { startSecretsServer, type SecretsServer } from "./support/secretsServer";
import { sampleState } from "../support/sampleState";

const POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10, minAttemptMs: 5 };

// Credentials as an operator would set them with `pulumi config set --secret` (test values only).
const META_TOKEN = "EAAtestSystemUserToken0001";
const GOOGLE = { clientId: "1234-ads.apps.googleusercontent.com", clientSecret: "google-client-secret", refreshToken: "1//google-refresh-token" };
const DEVELOPER_TOKEN = "dev-token-approved";
const KLAVIYO_KEY = "pk_test_klaviyo_0001";
const SNOWFLAKE_PAT = "snowflake-pat-0001";
const SF_BILLING = { clientId: "3MVG9billing", clientSecret: "billing-secret" };
const SF_LEADS = { clientId: "3MVG9leads", clientSecret: "leads-secret", refreshToken: "5Aep861leads" };
const HUBSPOT_TOKEN = "pat-na1-hubspot-0001";
const CONFIG_VALUES: Record<string, string> = {
  metaCapiAccessToken: META_TOKEN,
  googleAdsOAuthClient: JSON.stringify(GOOGLE),
  googleAdsDeveloperToken: DEVELOPER_TOKEN,
  klaviyoPrivateApiKey: KLAVIYO_KEY,
  snowflakeForwarderToken: SNOWFLAKE_PAT,
  salesforceBillingClient: JSON.stringify(SF_BILLING),
  salesforceLeadSyncClient: JSON.stringify(SF_LEADS),
  hubspotFormsAccessToken: HUBSPOT_TOKEN,
  // The synthetic probe's Datadog Events key (its delivery is tested in test/release/syntheticWebhook.test.ts).
  datadogSyntheticEventsApiKey: "dd-synthetic-events-key-0001",
};

let dynamo: LocalDynamo;
let udp: MetricsListener;
let secrets: SecretsServer;
let meta: MetaFake;
let googleOAuth: OAuth2Server;
let google: GoogleAdsFake;
let klaviyo: KlaviyoFake;
let snowflake: SnowflakeFake;
let salesforceOAuth: OAuth2Server;
let salesforce: SalesforceFake;
let hubspot: HubspotFormsFake;
let config: StaticForwarderConfig;
const emitters: MetricsEmitter[] = [];

/** The deployed forwarder-config.json, each destination's origin replaced by its fake's. */
function sampleConfig(): StaticForwarderConfig {
  const state = sampleState();
  const consumer = state.resources.find((r) => r.name === names.forwarder("consumer"))!;
  const text = ((consumer.inputs as { code: ArchiveValue }).code.$archive[CONFIG_FILE] as { text: string }).text;
  const hosts: Record<string, string> = {
    "https://graph.facebook.com": meta.origin,
    "https://googleads.googleapis.com": google.origin,
    "https://oauth2.googleapis.com/token": googleOAuth.tokenUrl,
    "https://a.klaviyo.com": klaviyo.origin,
    "https://examplecorp-analytics.snowflakecomputing.com": snowflake.origin,
    "https://examplecorp.my.salesforce.com/services/oauth2/token": salesforceOAuth.tokenUrl,
    "https://examplecorp.my.salesforce.com": salesforce.origin,
    "https://api.hsforms.com": hubspot.origin,
  };
  let rewritten = text;
  for (const [from, to] of Object.entries(hosts)) rewritten = rewritten.split(from).join(to);
  return { ...(JSON.parse(rewritten) as StaticForwarderConfig), tableName: dynamo.tableName, maxReceives: 3 };
}

/** Every target's credentials secret, built from the config values as the deployment builds it. */
function storeCredentials(cfg: StaticForwarderConfig): void {
  const state = sampleState();
  const inputsOf = (r: { inputs: object }) => r.inputs as Record<string, unknown>;
  for (const spec of state.resources.filter((r) => "$targetCredentials" in Object(inputsOf(r)["secretString"]))) {
    const value = (inputsOf(spec)["secretString"] as { $targetCredentials: { auth?: { type: never; configKey: string }; headers: { name: string; configKey: string }[] } }).$targetCredentials;
    const secretName = String(inputsOf(state.resources.find((r) => r.name === String(inputsOf(spec)["secretId"]).replace(/^\$\{ref:(.+):id\}$/, "$1"))!)["name"]);
    secrets.secrets.set(secretName, targetCredentialsSecretString(
      value.auth && { ...value.auth, value: CONFIG_VALUES[value.auth.configKey]! },
      value.headers.map((h) => ({ ...h, value: CONFIG_VALUES[h.configKey]! })),
    ));
  }
  assert.ok(Object.values(cfg.sources).every((s) => s.targets.every((t) => t.credentialsSecretId === undefined || secrets.secrets.has(t.credentialsSecretId))));
}

before(async function () {
  dynamo = await startDynamo("destinations-e2e");
  udp = await startMetricsListener();
  secrets = await startSecretsServer();
  meta = await startMetaConversionsApi({ token: META_TOKEN });
  googleOAuth = await startOAuth2Server([GOOGLE]);
  google = await startGoogleAdsApi({ developerToken: DEVELOPER_TOKEN, acceptsToken: (t) => googleOAuth.accepts(t) });
  klaviyo = await startKlaviyoApi({ privateKey: KLAVIYO_KEY, oldestRevision: "2024-11-30" });
  snowflake = await startSnowflakeSqlApi({ token: SNOWFLAKE_PAT });
  snowflake.tables.add("RAW.SHOPIFY.ORDERS");
  // Salesforce's token endpoint omits expires_in.
  salesforceOAuth = await startOAuth2Server([SF_BILLING, SF_LEADS], {});
  salesforce = await startSalesforceApi({ acceptsToken: (t) => salesforceOAuth.accepts(t) });
  hubspot = await startHubspotFormsApi({ token: HUBSPOT_TOKEN, portalId: "4417205", formGuid: "3f8e2c71-5d0a-4b8e-9c1f-2a7d6e9b0c44" });
  config = sampleConfig();
  storeCredentials(config);
});

after(async () => {
  await Promise.all([dynamo, udp, secrets, meta, googleOAuth, google, klaviyo, snowflake, salesforceOAuth, salesforce, hubspot].map((s) => s?.close()));
  await Promise.all(emitters.map((e) => e.close()));
});

afterEach(() => udp.clear());

function consumer(tokens: TokenCache = createTokenCache()) {
  const logs: Record<string, unknown>[] = [];
  const metrics = createEmitter({ host: "127.0.0.1", port: udp.port, autoFlushMs: 0, warnIntervalMs: 0, onWarning: () => {} });
  emitters.push(metrics);
  const sm = createSecretsManagerClient(localAws(secrets.endpoint));
  const handler = createConsumerHandler({
    config, dynamo: dynamo.client, metrics, now: Date.now, sleep: async () => {}, random: () => 0.5,
    log: (e) => logs.push(e), retryPolicy: POLICY, safetyMarginMs: 100,
    // Generous: no test here is about the secret fetch's timeout, and a busy machine must not hit it.
    credentials: createCredentialSource({ client: sm, ttlSeconds: 300, fetchTimeoutMs: 60_000 }), tokens,
  });
  return { handler, logs };
}

const source = (key: string): SourceConfig => config.sources[key]!;
const target = (key: string, system: string): TargetConfig => source(key).targets.find((t) => t.system === system)!;

function record(sourceKey: string, body: unknown, receiveCount = 1): SqsRecord {
  const d: QueuedDelivery = {
    source: sourceKey, deliveryId: `evt_${randomUUID()}`, receivedAt: Date.now(), method: "POST", url: `https://hooks.example.com/hooks/${sourceKey}`,
    headers: { "content-type": "application/json" }, body: JSON.stringify(body), bodyEncoding: "utf8", synthetic: false,
  };
  return { messageId: randomUUID(), receiptHandle: randomUUID(), body: JSON.stringify(d), attributes: { ApproximateReceiveCount: String(receiveCount) } };
}
/**
 * Lambda's context with its remaining time held still: forward()'s budget is the same however slowly
 * a busy machine runs the test (a deadline counted down from Date.now() could run out first).
 */
const ctx = () => ({ getRemainingTimeInMillis: () => 30_000 });
const points = (metric: string, destination: string) => udp.named(metric).filter((p) => p.tags["destination"] === destination);
/** Waits for the emitter's datagram: until `metric` has a point for each destination. */
const arrived = (metric: string, ...destinations: string[]) => udp.until(() => destinations.every((d) => points(metric, d).length > 0));

const SEGMENT = "server-side-conversions-to-ads/segment-conversion-events";
const SHOPIFY = "shopify-orders-to-klaviyo/shopify-order-events";
const STRIPE = "stripe-billing-to-crm-attribution/stripe-billing-events";
const WEBFLOW = "web-lead-form-to-crm/webflow-form-submissions";
const HUBSPOT = "web-lead-form-to-crm/hubspot-contact-events";

function segmentEvent(over: { gclid?: string; timestamp?: string } = {}) {
  return {
    type: "track", event: "Demo Booked", messageId: `ajs-${randomUUID()}`, timestamp: over.timestamp ?? new Date().toISOString(),
    properties: { value: 150, currency: "USD", hashed_email: "7b17fb0bd173f625b58636fb796407c22b3d16fc78302d79f0fd30c2fc2fc068", gclid: over.gclid ?? `Cj0KCQ${randomUUID()}` },
    context: { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (test)", page: { url: "https://www.example.com/demo/thanks" } },
  };
}

describe("forwarder destinations, end to end against loopback fakes of each API", function () {

  it("the sample's targets use current API versions and the documented auth placement", () => {
    assert.match(target(SEGMENT, "meta-ads").url, /\/v26\.0\/\d+\/events$/);
    assert.match(target(SEGMENT, "google-ads").url, /\/v26\/customers\/\d+:uploadClickConversions$/);
    assert.deepEqual(target(SEGMENT, "meta-ads").auth, { type: "api-key", queryParam: "access_token" });
    assert.equal(target(SHOPIFY, "klaviyo").headers?.["revision"], "2026-10-15");
    assert.deepEqual(target(SEGMENT, "google-ads").secretHeaders, ["developer-token"]);
  });

  it("delivers one event of each sample source to every destination, as each API accepts it", async () => {
    salesforce.stripeCustomers.add("cus_R4tVb8XyZ2aQ1w");
    salesforce.records.set("Lead/77", { LastName: "Lovelace", Company: "Analytical Engines", HubSpot_Contact_Id__c: "77", Id: "00Q000000000000077" });
    const { handler, logs } = consumer();
    const before = { meta: meta.received.length, google: google.accepted.length, klaviyo: klaviyo.events.length, snowflake: snowflake.statements.length, billing: salesforce.billingEvents.length, hubspot: hubspot.submissions.length };
    const result = await handler({
      Records: [
        record(SEGMENT, segmentEvent()),
        record(SHOPIFY, { id: 5813452210331, order_number: 10482, email: "ada@example.com", created_at: new Date().toISOString(), currency: "USD", total_price: "129.00", customer: { id: 7204418896027, first_name: "Ada", last_name: "Lovelace" }, line_items: [{ title: "Trail Runner 2", quantity: 1, price: "129.00" }] }),
        record(STRIPE, { id: `evt_${randomUUID()}`, type: "invoice.paid", created: Math.floor(Date.now() / 1000), data: { object: { id: "in_1", customer: "cus_R4tVb8XyZ2aQ1w", amount_paid: 12900, currency: "usd", lines: { data: [{ price: { id: "price_team" } }] } } } }),
        record(WEBFLOW, { triggerType: "form_submission", payload: { name: "Demo request", publishedPath: "/demo", submittedAt: new Date().toISOString(), data: { Email: "ada@example.com", "First Name": "Ada", "Last Name": "Lovelace" } } }),
        record(HUBSPOT, [{ eventId: 1, subscriptionType: "contact.propertyChange", objectId: 77, propertyName: "email", propertyValue: "ada@example.com", occurredAt: Date.now() }]),
      ],
    }, ctx());
    assert.deepEqual(result.batchItemFailures, [], JSON.stringify(logs.filter((l) => l.event !== "delivered")));
    assert.equal(meta.received.length, before.meta + 1);
    assert.equal((meta.received.at(-1) as { event_name: string }).event_name, "Schedule");
    assert.equal(google.accepted.length, before.google + 1);
    assert.equal(klaviyo.events.length, before.klaviyo + 1);
    assert.equal(snowflake.statements.length, before.snowflake + 1);
    assert.equal(salesforce.billingEvents.length, before.billing + 1);
    assert.equal(hubspot.submissions.length, before.hubspot + 1);
    assert.equal(salesforce.records.get("Lead/77")?.Email, "ada@example.com");
    await arrived("settled", "meta-ads", "google-ads", "klaviyo", "snowflake", "hubspot", "salesforce");
    for (const system of ["meta-ads", "google-ads", "klaviyo", "snowflake", "hubspot", "salesforce"]) {
      assert.ok(points("settled", system).some((p) => p.tags["outcome"] === "forwarded"), system);
    }
    // No credential ever reaches a log line.
    const logged = JSON.stringify(logs);
    for (const value of [META_TOKEN, DEVELOPER_TOKEN, KLAVIYO_KEY, SNOWFLAKE_PAT, HUBSPOT_TOKEN, GOOGLE.refreshToken, SF_BILLING.clientSecret]) assert.ok(!logged.includes(value), "a credential in the logs");
  });

  it("Meta error 190 over HTTP 400 is auth_error with error_code:190, one request per message and no retry storm", async () => {
    meta.token = "a-rotated-token";
    try {
      const { handler } = consumer();
      const requestsBefore = meta.requests.length;
      const rec = record(SEGMENT, segmentEvent());
      await handler({ Records: [rec] }, ctx());
      // A later receive of the same message does not call Meta again: the refusal is recorded.
      await handler({ Records: [{ ...rec, attributes: { ApproximateReceiveCount: "2" } }] }, ctx());
      assert.equal(meta.requests.length - requestsBefore, 1, "exactly one request to Meta");
      assert.equal(meta.requests.at(-1)!.answered, 400);
      await arrived("settled", "meta-ads", "google-ads");
      const failed = points("failed", "meta-ads");
      assert.deepEqual(failed.map((p) => [p.tags["reason"], p.tags["error_code"]]), [["auth_error", "190"]]);
      assert.deepEqual(points("settled", "meta-ads").map((p) => [p.tags["outcome"], p.tags["reason"], p.tags["error_code"]]), [["rejected", "auth_error", "190"]]);
      // Google, the other target of the same message, was delivered regardless.
      assert.ok(points("settled", "google-ads").some((p) => p.tags["outcome"] === "forwarded"));
    } finally {
      meta.token = META_TOKEN;
    }
  });

  it("a Google Ads partialFailureError inside a 200 is a partial_failure with Google's code, not a success", async () => {
    google.unparseableGclids.add("not-a-real-gclid");
    const { handler } = consumer();
    await handler({ Records: [record(SEGMENT, segmentEvent({ gclid: "not-a-real-gclid" }))] }, ctx());
    await arrived("settled", "google-ads");
    assert.equal(google.requests.at(-1)!.answered, 200);
    assert.deepEqual(points("settled", "google-ads").map((p) => [p.tags["outcome"], p.tags["reason"], p.tags["error_code"]]), [["rejected", "partial_failure", "unparseable_gclid"]]);
  });

  it("a redelivered upload Google already has (CLICK_CONVERSION_ALREADY_EXISTS) counts as delivered: at-least-once is safe", async () => {
    const event = segmentEvent();
    const { handler } = consumer();
    await handler({ Records: [record(SEGMENT, event)] }, ctx());
    await arrived("settled", "google-ads");
    udp.clear();
    // The same event queued again under another delivery id (a vendor retry the ingress could not dedupe).
    await handler({ Records: [record(SEGMENT, event)] }, ctx());
    await arrived("settled", "google-ads");
    assert.equal(google.requests.at(-1)!.answered, 200);
    assert.ok(String(google.requests.at(-1)!.json && JSON.stringify(google.requests.at(-1)!.json)).includes(event.properties.gclid));
    assert.deepEqual(points("settled", "google-ads").map((p) => p.tags["outcome"]), ["forwarded"]);
  });

  it("OAuth2: a token is requested once and reused across invocations; a 401 refreshes it once and the delivery succeeds", async () => {
    const tokens = createTokenCache();
    const { handler } = consumer(tokens);
    salesforce.stripeCustomers.add("cus_refresh");
    const stripeEvent = () => ({ id: `evt_${randomUUID()}`, type: "invoice.paid", created: Math.floor(Date.now() / 1000), data: { object: { id: "in_2", customer: "cus_refresh", amount_paid: 100, currency: "usd" } } });
    const issuedBefore = salesforceOAuth.issued.length;
    await handler({ Records: [record(STRIPE, stripeEvent())] }, ctx());
    await handler({ Records: [record(STRIPE, stripeEvent())] }, ctx());
    assert.equal(salesforceOAuth.issued.length - issuedBefore, 1, "one token for two invocations");
    // Salesforce revokes the session: the next delivery gets 401, refreshes, and goes through.
    salesforceOAuth.revokeAll();
    const calls = salesforce.requests.length;
    const result = await handler({ Records: [record(STRIPE, stripeEvent())] }, ctx());
    assert.deepEqual(result.batchItemFailures, []);
    assert.deepEqual(salesforce.requests.slice(calls).map((r) => r.answered), [401, 200]);
    assert.equal(salesforceOAuth.issued.length - issuedBefore, 2);
  });

  it("a token endpoint that is down is retryable (credentials_unavailable): nothing is sent, the message stays on the queue", async () => {
    googleOAuth.mode = "down";
    try {
      const { handler } = consumer(createTokenCache());
      const calls = google.requests.length;
      const result = await handler({ Records: [record(SEGMENT, segmentEvent())] }, ctx());
      assert.equal(result.batchItemFailures.length, 1, "the message goes back for another receive");
      assert.equal(google.requests.length, calls, "no request without a token");
      // The failure and meta-ads' settlement travel in the same flush as any google-ads settlement would.
      await arrived("failed", "google-ads");
      await arrived("settled", "meta-ads");
      assert.deepEqual(points("failed", "google-ads").map((p) => p.tags["reason"]), ["credentials_unavailable"]);
      assert.deepEqual(points("settled", "google-ads"), [], "not settled before the last receive");
    } finally {
      googleOAuth.mode = "ok";
    }
  });

  it("a revoked refresh token (invalid_grant) is permanent: auth_error with error_code:invalid_grant", async () => {
    googleOAuth.mode = "revoked";
    try {
      const { handler } = consumer(createTokenCache());
      await handler({ Records: [record(SEGMENT, segmentEvent())] }, ctx());
      await arrived("settled", "google-ads");
      assert.deepEqual(points("settled", "google-ads").map((p) => [p.tags["outcome"], p.tags["reason"], p.tags["error_code"]]), [["rejected", "auth_error", "invalid_grant"]]);
    } finally {
      googleOAuth.mode = "ok";
    }
  });

  it("Salesforce per-record errors inside a 200 are a partial_failure (REQUIRED_FIELD_MISSING on a new lead)", async () => {
    const { handler } = consumer();
    await handler({ Records: [record(HUBSPOT, [{ eventId: 2, subscriptionType: "contact.propertyChange", objectId: 9001, propertyName: "email", propertyValue: "new@example.com", occurredAt: Date.now() }])] }, ctx());
    await arrived("settled", "salesforce");
    assert.equal(salesforce.requests.at(-1)!.answered, 200);
    assert.deepEqual(points("settled", "salesforce").map((p) => [p.tags["outcome"], p.tags["reason"], p.tags["error_code"]]), [["rejected", "partial_failure", "required_field_missing"]]);
  });

  it("Klaviyo refusing the key and Snowflake refusing the statement are permanent, with their documented codes", async () => {
    snowflake.tables.delete("RAW.SHOPIFY.ORDERS");
    try {
      const { handler } = consumer();
      await handler({ Records: [record(SHOPIFY, { id: 1, email: "a@example.com", created_at: new Date().toISOString(), currency: "USD", total_price: "1.00", line_items: [] })] }, ctx());
      await arrived("settled", "snowflake", "klaviyo");
      assert.equal(snowflake.requests.at(-1)!.answered, 422);
      assert.deepEqual(points("settled", "snowflake").map((p) => [p.tags["outcome"], p.tags["reason"]]), [["rejected", "client_error"]]);
      assert.ok(points("settled", "klaviyo").some((p) => p.tags["outcome"] === "forwarded"));
    } finally {
      snowflake.tables.add("RAW.SHOPIFY.ORDERS");
    }
  });
});
