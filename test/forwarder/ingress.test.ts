/**
 * Ingress Lambda end to end with its own AWS clients (forwarder/aws: SigV4-signed requests)
 * against local SQS / Secrets Manager servers on 127.0.0.1 (test/forwarder/support), and a real UDP
 * server for DogStatsD metrics. Nothing is stubbed: faults are injected in the servers; the
 * clients' retry waits are injected (no sleeps).
 */
import { strict as assert } from "node:assert";
import { createHash, randomBytes } from "node:crypto";
import * as dgram from "node:dgram";
import fc from "fast-check";
import { createSecretsManagerClient, type SecretsManagerClient } from "../../forwarder/aws/secretsManager";
import { createSqsClient, type SqsClient } from "../../forwarder/aws/sqs";
import type { ForwarderConfig, QueuedDelivery, SourceConfig } from "../../forwarder/config";
import { createEmitter, type MetricsEmitter } from "../../forwarder/metrics/emitter";
import { createIngressHandler, type FunctionUrlEvent, type IngressResponse } from "../../forwarder/ingress/handler";
import { redactString } from "../../forwarder/ingress/log";
import { createSecretSource, parseSecretString } from "../../forwarder/ingress/secrets";
import { eventually } from "../support/eventually";
import { signHubspot, signMeta, signShopify, signStripe, soapMessage } from "./signers";
import { localAws } from "./support/awsClients";
import { startSecretsServer, type SecretsServer } from "./support/secretsServer";
import { startSqsServer, type SqsServer } from "./support/sqsServer";

const QUEUE = "ingress";
const SECRET = { stripe: "whsec_" + randomBytes(18).toString("base64url"), hubspot: "hs-" + randomBytes(12).toString("hex"), shopify: randomBytes(16).toString("hex"), meta: randomBytes(16).toString("hex") };
const META_TOKEN = "verify-me-" + randomBytes(6).toString("hex");
const ORG_ID = "00D5e000000AbCd";

const source = (id: string, vendor: SourceConfig["vendor"], extra: Partial<SourceConfig> = {}): SourceConfig => ({
  integration: `${id}-to-crm`,
  source: id,
  vendor,
  publicUrl: `https://hooks.example.com/hooks/${id}-to-crm/${id}`,
  secretId: `forwarder/${id}`,
  targets: [{ system: "crm", url: "https://crm.example.com/in", timeoutMs: 3000 }],
  sloLatencyMs: 60_000,
  ...extra,
});

interface UdpServer {
  port: number;
  lines(): string[];
  /** Resolves once `ok()`, which reads lines() only, holds: re-checked on each datagram, no deadline. */
  until(ok: () => boolean): Promise<void>;
  close(): Promise<void>;
}
async function udpServer(): Promise<UdpServer> {
  const socket = dgram.createSocket("udp4");
  const got: string[] = [];
  socket.on("message", (msg) => got.push(...msg.toString("utf8").split("\n")));
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    port: socket.address().port,
    lines: () => got,
    until: (ok) => eventually(ok, { emitter: socket, event: "message" }).then(() => undefined),
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

function event(path: string, body: Buffer | string | undefined, headers: Record<string, string> = {}, opts: { method?: string; base64?: boolean; query?: string } = {}): FunctionUrlEvent {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return {
    rawPath: path,
    rawQueryString: opts.query ?? "",
    headers: { "content-type": "application/json", "user-agent": "vendor/1.0", ...headers },
    body: buf === undefined ? undefined : opts.base64 ? buf.toString("base64") : buf.toString("utf8"),
    isBase64Encoded: opts.base64 ?? false,
    requestContext: { http: { method: opts.method ?? "POST" } },
  };
}

describe("forwarder ingress", function () {

  let sqsServer: SqsServer;
  let secretsServer: SecretsServer;
  let udp: UdpServer;
  let sqs: SqsClient;
  let sm: SecretsManagerClient;
  let emitter: MetricsEmitter;
  let logs: object[];
  let clock: number;
  let config: ForwarderConfig;

  before(async () => {
    sqsServer = await startSqsServer();
    secretsServer = await startSecretsServer();
    udp = await udpServer();
    sqs = createSqsClient(localAws(sqsServer.endpoint, { maxAttempts: 2 }));
    sm = createSecretsManagerClient(localAws(secretsServer.endpoint));
    config = {
      sources: {
        "stripe-to-crm/stripe": source("stripe", "stripe"),
        "hubspot-to-crm/hubspot": source("hubspot", "hubspot"),
        "shopify-to-crm/shopify": source("shopify", "shopify"),
        "meta-to-crm/meta": source("meta", "meta"),
        "salesforce-to-crm/salesforce": source("salesforce", "salesforce"),
      },
      queueUrl: sqsServer.queueUrl(QUEUE),
      tableName: "idempotency",
      maxReceives: 5,
      idempotencyTtlSeconds: 86_400,
      secretTtlSeconds: 300,
    };
  });

  after(async () => {
    await Promise.all([sqsServer.close(), secretsServer.close(), udp.close()]);
  });

  beforeEach(() => {
    sqsServer.reset();
    secretsServer.reset();
    secretsServer.secrets.clear();
    secretsServer.secrets.set("forwarder/stripe", JSON.stringify([SECRET.stripe]));
    secretsServer.secrets.set("forwarder/hubspot", JSON.stringify(["old-rotated-out", SECRET.hubspot]));
    secretsServer.secrets.set("forwarder/shopify", SECRET.shopify);
    secretsServer.secrets.set("forwarder/meta", JSON.stringify({ secrets: [SECRET.meta], verifyToken: META_TOKEN }));
    secretsServer.secrets.set("forwarder/salesforce", JSON.stringify([ORG_ID]));
    udp.lines().length = 0;
    logs = [];
    clock = Date.now();
    emitter = createEmitter({ host: "127.0.0.1", port: udp.port, autoFlushMs: 0, onWarning: () => {} });
  });

  afterEach(async () => {
    await emitter.close();
  });

  /**
   * The secret fetch's and SendMessage's timeouts: generous, as no test here is about them (faults
   * are answers the local servers give); on a busy machine a tight one would turn a slow local
   * answer into a 500.
   */
  const AWS_CALL_TIMEOUT_MS = 60_000;
  const makeHandler = (overrides: { ttlSeconds?: number; config?: ForwarderConfig } = {}) =>
    createIngressHandler({
      config: overrides.config ?? config,
      sqs,
      secrets: createSecretSource({ client: sm, ttlSeconds: overrides.ttlSeconds ?? config.secretTtlSeconds, now: () => clock, fetchTimeoutMs: AWS_CALL_TIMEOUT_MS }),
      metrics: emitter,
      now: () => clock,
      log: (entry) => logs.push(entry),
      enqueueTimeoutMs: AWS_CALL_TIMEOUT_MS,
    });

  const queued = (): QueuedDelivery[] => sqsServer.messages(QUEUE).map((m) => JSON.parse(m.body) as QueuedDelivery);
  const bodyOf = (d: QueuedDelivery) => {
    assert.notEqual(d.bodyEncoding, "s3", "these deliveries travel inline (claim checks: claimCheck.test.ts)");
    return d.bodyEncoding === "s3" ? Buffer.alloc(0) : Buffer.from(d.body, d.bodyEncoding === "base64" ? "base64" : "utf8");
  };
  const logText = () => JSON.stringify(logs);

  const stripeEvent = (body: Buffer, extra: Record<string, string> = {}, opts: { base64?: boolean; t?: number } = {}) =>
    event("/hooks/stripe-to-crm/stripe", body, { "stripe-signature": signStripe(SECRET.stripe, opts.t ?? Math.floor(clock / 1000), body), ...extra }, { base64: opts.base64 });

  describe("valid deliveries", () => {
    it("Stripe: 200, exactly one message with the original bytes, the event id as deliveryId", async () => {
      const handler = makeHandler();
      const body = Buffer.from(JSON.stringify({ id: "evt_1Abc", type: "invoice.paid", data: { name: "Zoë", amount: 1200 } }, null, 2));
      const res = await handler(stripeEvent(body));
      assert.equal(res.statusCode, 200);
      const msgs = queued();
      assert.equal(msgs.length, 1);
      const d = msgs[0]!;
      assert.ok(bodyOf(d).equals(body));
      assert.equal(d.bodyEncoding, "utf8");
      assert.equal(d.deliveryId, "evt_1Abc");
      assert.equal(d.source, "stripe-to-crm/stripe", "the config key: source ids are unique only within an integration");
      assert.equal(d.method, "POST");
      assert.equal(d.url, "https://hooks.example.com/hooks/stripe-to-crm/stripe");
      assert.equal(d.receivedAt, clock);
      assert.equal(d.synthetic, false);
      assert.ok(d.headers["stripe-signature"], "the full request is kept for replay");
    });

    it("HubSpot: signs the PUBLIC url with the query string, any active secret verifies; deliveryId falls back to sha256(body)", async () => {
      const handler = makeHandler();
      const body = Buffer.from(JSON.stringify([{ eventId: 1, subscriptionType: "contact.creation", objectId: 42 }]));
      const ts = String(clock);
      const uri = "https://hooks.example.com/hooks/hubspot-to-crm/hubspot?portal=123";
      const res = await handler(
        event("/hooks/hubspot-to-crm/hubspot", body, { "x-hubspot-signature-v3": signHubspot(SECRET.hubspot, "POST", uri, body, ts), "x-hubspot-request-timestamp": ts, host: "abc123.lambda-url.us-east-1.on.aws" }, { query: "portal=123" }),
      );
      assert.equal(res.statusCode, 200);
      const msgs = queued();
      assert.equal(msgs.length, 1);
      assert.ok(bodyOf(msgs[0]!).equals(body));
      assert.equal(msgs[0]!.deliveryId, createHash("sha256").update(body).digest("hex"));
      assert.equal(msgs[0]!.url, uri);
    });

    it("Shopify: 200, body bytes equal, X-Shopify-Event-Id as deliveryId, synthetic header honoured", async () => {
      const handler = makeHandler();
      const body = Buffer.from('{"id":820982911946154500,"email":"jon@example.com","note":"caf\\u00e9 ✓"}');
      const res = await handler(event("/hooks/shopify-to-crm/shopify", body, { "x-shopify-hmac-sha256": signShopify(SECRET.shopify, body), "x-shopify-event-id": "ev-98765", "x-martech-synthetic": "true" }));
      assert.equal(res.statusCode, 200);
      const msgs = queued();
      assert.equal(msgs.length, 1);
      assert.ok(bodyOf(msgs[0]!).equals(body));
      assert.equal(msgs[0]!.deliveryId, "ev-98765");
      assert.equal(msgs[0]!.synthetic, true);
    });

    it("base64-encoded event: decoded, verified over the raw bytes, stored as base64 when not UTF-8", async () => {
      const handler = makeHandler();
      // Valid JSON text with a Latin-1 byte inside a string: not UTF-8, so it cannot be parsed as JSON...
      const latin1 = Buffer.concat([Buffer.from('{"id":"evt_b64","name":"'), Buffer.from([0xe9]), Buffer.from('"}')]);
      const res1 = await handler(stripeEvent(latin1, {}, { base64: true }));
      assert.equal(res1.statusCode, 400, "non-UTF-8 JSON is unparsable");
      // ...while a UTF-8 body sent base64-encoded verifies and is stored as text.
      const body = Buffer.from('{"id":"evt_b64ok","name":"é"}');
      const res2 = await handler(stripeEvent(body, {}, { base64: true }));
      assert.equal(res2.statusCode, 200);
      const msgs = queued();
      assert.equal(msgs.length, 1);
      assert.ok(bodyOf(msgs[0]!).equals(body));
      assert.equal(msgs[0]!.deliveryId, "evt_b64ok");
    });

    it("Salesforce: allowlisted org gets the SOAP Ack as text/xml, and the raw XML is queued", async () => {
      const handler = makeHandler();
      const body = soapMessage(ORG_ID, ["04l5e000000AAAAAAA", "04l5e000000BBBBAAA"]);
      const res = await handler(event("/hooks/salesforce-to-crm/salesforce", body, { "content-type": "text/xml; charset=utf-8", soapaction: '""' }));
      assert.equal(res.statusCode, 200);
      assert.match(res.headers?.["content-type"] ?? "", /^text\/xml/);
      assert.match(res.body ?? "", /<Ack>true<\/Ack>/);
      const msgs = queued();
      assert.equal(msgs.length, 1);
      assert.ok(bodyOf(msgs[0]!).equals(body));
      assert.equal(msgs[0]!.deliveryId, "04l5e000000AAAAAAA,04l5e000000BBBBAAA");
    });

    it("Salesforce: an org that is not allowlisted gets 401 and nothing is queued", async () => {
      const handler = makeHandler();
      const res = await handler(event("/hooks/salesforce-to-crm/salesforce", soapMessage("00D5e000000ZzZz", ["04l5e000000AAAAAAA"]), { "content-type": "text/xml" }));
      assert.equal(res.statusCode, 401);
      assert.equal(queued().length, 0);
    });
  });

  describe("rejections", () => {
    it("bad signature: 401, nothing queued, the body never appears in logs", async () => {
      const handler = makeHandler();
      const marker = "secret-payload-" + randomBytes(8).toString("hex");
      const body = Buffer.from(JSON.stringify({ id: "evt_x", marker }));
      const res = await handler(event("/hooks/stripe-to-crm/stripe", body, { "stripe-signature": signStripe("whsec_wrong", Math.floor(clock / 1000), body) }));
      assert.equal(res.statusCode, 401);
      assert.equal(queued().length, 0);
      assert.equal(sqsServer.calls.length, 0);
      assert.ok(logs.length > 0, "the rejection is logged");
      assert.ok(!logText().includes(marker), "body text must not be logged");
      assert.ok(!logText().includes(SECRET.stripe));
      assert.ok(!logText().includes("v1="), "signature header values must not be logged");
      assert.ok(!(res.body ?? "").includes(marker));
    });

    it("stale and future timestamps: 401", async () => {
      const handler = makeHandler();
      const body = Buffer.from('{"id":"evt_old"}');
      assert.equal((await handler(stripeEvent(body, {}, { t: Math.floor(clock / 1000) - 301 }))).statusCode, 401);
      assert.equal((await handler(stripeEvent(body, {}, { t: Math.floor(clock / 1000) + 301 }))).statusCode, 401);
      const ts = String(clock - 10 * 60_000);
      const uri = "https://hooks.example.com/hooks/hubspot-to-crm/hubspot";
      const hs = await handler(event("/hooks/hubspot-to-crm/hubspot", body, { "x-hubspot-signature-v3": signHubspot(SECRET.hubspot, "POST", uri, body, ts), "x-hubspot-request-timestamp": ts }));
      assert.equal(hs.statusCode, 401);
      assert.equal(queued().length, 0);
    });

    it("unknown source: 404; paths that are not /hooks/<integration>/<source>: 404", async () => {
      const handler = makeHandler();
      const paths = [
        "/hooks/nope", "/hooks/nope/stripe", "/hooks/stripe-to-crm/nope", "/hooks/__proto__", "/hooks/constructor", "/hooks/__proto__/x", "/hooks/x/__proto__",
        "/", "", "/hooks/", "/hooks//", "/hooks/stripe-to-crm//stripe", "//hooks/stripe-to-crm/stripe", "/HOOKS/stripe-to-crm/stripe",
        // a source id alone no longer names it: the key is <integration>/<source>
        "/hooks/stripe",
        "/hooks/stripe-to-crm/stripe/extra", "/hooks/stripe-to-crm/stripe//",
        // traversal and encoded separators are never decoded into a key
        "/hooks/stripe-to-crm%2Fstripe", "/hooks/stripe-to-crm%2fstripe", "/hooks/stripe-to-crm/%73tripe",
        "/hooks/x/../stripe-to-crm/stripe", "/hooks/../hooks/stripe-to-crm/stripe", "/hooks/stripe-to-crm/./stripe", "/hooks/./stripe", "/hooks/..",
        "/hooks/Stripe-To-Crm/stripe", "/hooks/-stripe-to-crm/stripe", "/hooks/stripe-to-crm/stripe.json", "/hooks/stripe-to-crm/stripe?x=1",
        `/hooks/${"a".repeat(129)}/stripe`, `/hooks/stripe-to-crm/${"s".repeat(129)}`,
      ];
      for (const path of paths) {
        const res = await handler(event(path, "{}"));
        assert.equal(res.statusCode, 404, path);
      }
      assert.equal(secretsServer.totalCalls(), 0, "no secret is fetched for an unknown source");
      assert.equal(queued().length, 0);
      // The trailing slash some vendors' URL fields add is tolerated.
      const slash = { ...stripeEvent(Buffer.from('{"id":"evt_slash"}')), rawPath: "/hooks/stripe-to-crm/stripe/" };
      assert.equal((await handler(slash)).statusCode, 200);
    });

    it("two integrations with the same source id: each path reaches its own source, secret and tags", async () => {
      const other: SourceConfig = { ...source("stripe", "stripe"), integration: "billing", publicUrl: "https://hooks.example.com/hooks/billing/stripe", secretId: "forwarder/billing/stripe" };
      const handler = makeHandler({ config: { ...config, sources: { ...config.sources, "billing/stripe": other } } });
      const billingSecret = "whsec_" + randomBytes(18).toString("base64url");
      secretsServer.secrets.set("forwarder/billing/stripe", JSON.stringify([billingSecret]));
      const body = Buffer.from('{"id":"evt_twins"}');
      const signed = (secret: string, path: string) => event(path, body, { "stripe-signature": signStripe(secret, Math.floor(clock / 1000), body) });
      assert.equal((await handler(signed(billingSecret, "/hooks/stripe-to-crm/stripe"))).statusCode, 401, "the other integration's secret does not verify");
      assert.equal((await handler(signed(billingSecret, "/hooks/billing/stripe"))).statusCode, 200);
      assert.equal((await handler(signed(SECRET.stripe, "/hooks/stripe-to-crm/stripe"))).statusCode, 200);
      assert.deepEqual(queued().map((d) => [d.source, d.url]), [
        ["billing/stripe", "https://hooks.example.com/hooks/billing/stripe"],
        ["stripe-to-crm/stripe", "https://hooks.example.com/hooks/stripe-to-crm/stripe"],
      ]);
      await udp.until(() => udp.lines().filter((l) => l.startsWith("martech.forwarder.enqueued:")).length === 2);
      assert.deepEqual(udp.lines().filter((l) => l.startsWith("martech.forwarder.enqueued:")).sort(), [
        "martech.forwarder.enqueued:1|d|#integration:billing,source:stripe,synthetic:false",
        "martech.forwarder.enqueued:1|d|#integration:stripe-to-crm,source:stripe,synthetic:false",
      ]);
    });

    it("a config key without a slash routes as /hooks/<key> (the local serve example's simple ids), only then", async () => {
      const legacy = { ...source("stripe", "stripe"), publicUrl: "https://hooks.example.com/hooks/stripe-invoices" };
      const handler = makeHandler({ config: { ...config, sources: { "stripe-invoices": legacy } } });
      const body = Buffer.from('{"id":"evt_simple"}');
      const signed = (path: string) => event(path, body, { "stripe-signature": signStripe(SECRET.stripe, Math.floor(clock / 1000), body) });
      assert.equal((await handler(signed("/hooks/stripe-invoices"))).statusCode, 200);
      assert.equal(queued()[0]!.source, "stripe-invoices");
      for (const path of ["/hooks/x/stripe-invoices", "/hooks/stripe-invoices/x", "/hooks/stripe-to-crm/stripe"]) assert.equal((await handler(signed(path))).statusCode, 404, path);
    });

    it("a config key no path can reach is logged at startup", () => {
      const entries: Record<string, unknown>[] = [];
      createIngressHandler({
        config: { ...config, sources: { "Bad Key/x": source("stripe", "stripe"), "a/b/c": source("stripe", "stripe"), "ok-int/ok-src": source("stripe", "stripe") } },
        sqs, secrets: createSecretSource({ client: sm, ttlSeconds: 60 }), metrics: emitter, now: () => clock, log: (e) => entries.push(e as Record<string, unknown>),
      });
      assert.deepEqual(entries.filter((e) => e["event"] === "source_unroutable").map((e) => e["source"]).sort(), ["Bad Key/x", "a/b/c"]);
    });

    it("1 MiB + 1 byte: 413 before any secret is fetched; without a claim-check bucket, a message over SQS's 1 MiB is 413 too", async () => {
      const handler = makeHandler();
      const tooBig = Buffer.alloc(1024 * 1024 + 1, 0x20);
      const res = await handler(stripeEvent(tooBig));
      assert.equal(res.statusCode, 413);
      assert.equal(secretsServer.totalCalls(), 0);
      const res64 = await handler(stripeEvent(tooBig, {}, { base64: true }));
      assert.equal(res64.statusCode, 413);
      // Exactly MAX_BODY_BYTES of JSON passes the body check (and the 1 MiB message check fails only with the envelope).
      const prefix = '{"id":"evt_big","pad":"';
      const exact = Buffer.from(prefix + "a".repeat(1024 * 1024 - prefix.length - 2) + '"}');
      assert.equal(exact.length, 1024 * 1024);
      const resExact = await handler(stripeEvent(exact));
      assert.equal(resExact.statusCode, 413, "the envelope around a 1 MiB body does not fit a 1 MiB SQS message, and no bucket is configured here");
      assert.ok(logs.some((l) => (l as Record<string, unknown>)["claimCheck"] === "unconfigured"));
      const fits = Buffer.from(prefix + "a".repeat(900 * 1024) + '"}');
      assert.equal((await handler(stripeEvent(fits))).statusCode, 200);
      assert.equal(queued().length, 1);
    });

    it("unparsable JSON after a valid signature: 400, nothing queued, the parser message is not logged", async () => {
      const handler = makeHandler();
      const body = Buffer.from("hello-not-json-" + randomBytes(4).toString("hex"));
      const res = await handler(stripeEvent(body));
      assert.equal(res.statusCode, 400);
      assert.equal(queued().length, 0);
      assert.ok(!logText().includes(body.toString()));
    });

    it("methods other than POST: 405 with the Allow header RFC 9110 requires (GET too on Meta's handshake route)", async () => {
      const handler = makeHandler();
      for (const [path, method, allow] of [
        ["/hooks/stripe-to-crm/stripe", "PUT", "POST"],
        ["/hooks/stripe-to-crm/stripe", "GET", "POST"],
        ["/hooks/hubspot-to-crm/hubspot", "DELETE", "POST"],
        ["/hooks/meta-to-crm/meta", "PUT", "GET, POST"],
        ["/hooks/meta-to-crm/meta", "HEAD", "GET, POST"],
      ] as const) {
        const res = await handler(event(path, "{}", {}, { method }));
        assert.equal(res.statusCode, 405, `${method} ${path}`);
        assert.deepEqual(res.headers, { "content-type": "text/plain; charset=utf-8", allow }, `${method} ${path}`);
      }
      assert.equal(queued().length, 0);
      assert.equal(secretsServer.totalCalls(), 0, "refused before any secret is read");
    });
  });

  describe("Meta", () => {
    it("GET handshake echoes hub.challenge when the verify token matches, 403 otherwise", async () => {
      const handler = makeHandler();
      const ok = await handler(event("/hooks/meta-to-crm/meta", undefined, {}, { method: "GET", query: `hub.mode=subscribe&hub.verify_token=${META_TOKEN}&hub.challenge=1158201444` }));
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.body, "1158201444");
      const bad = await handler(event("/hooks/meta-to-crm/meta", undefined, {}, { method: "GET", query: "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444" }));
      assert.equal(bad.statusCode, 403);
      assert.ok(!logText().includes(META_TOKEN), "the verify token (in the query) is never logged");
      assert.equal(queued().length, 0);
    });

    it("signed POST is queued", async () => {
      const handler = makeHandler();
      const body = Buffer.from('{"object":"page","entry":[{"id":"1","changes":[{"value":"\\u00e9"}]}]}');
      const res = await handler(event("/hooks/meta-to-crm/meta", body, { "x-hub-signature-256": signMeta(SECRET.meta, body) }));
      assert.equal(res.statusCode, 200);
      assert.equal(queued().length, 1);
    });
  });

  describe("public URL from the source's secret", () => {
    const FN_URL = "https://abc123xyz.lambda-url.us-east-1.on.aws/hooks/hubspot-to-crm/hubspot";
    const only = (key: string, s: SourceConfig): ForwarderConfig => ({ ...config, sources: { [key]: s } });
    const { publicUrl: _unused, ...hubspotNoUrl } = source("hubspot", "hubspot");
    const hubspotEvent = (uri: string, body: Buffer, query = "") => {
      const ts = String(clock);
      return event("/hooks/hubspot-to-crm/hubspot", body, { "x-hubspot-signature-v3": signHubspot(SECRET.hubspot, "POST", uri, body, ts), "x-hubspot-request-timestamp": ts, host: "spoofed.example.net" }, { query });
    };

    it("HubSpot: the secret's publicUrl (with the query) is verified and queued; it wins over SourceConfig.publicUrl and the Host header", async () => {
      secretsServer.secrets.set("forwarder/hubspot", JSON.stringify({ secrets: [SECRET.hubspot], publicUrl: FN_URL }));
      const handler = makeHandler({ config: only("hubspot-to-crm/hubspot", source("hubspot", "hubspot")) });
      const body = Buffer.from('[{"eventId":7}]');
      assert.equal((await handler(hubspotEvent(`${FN_URL}?portal=9`, body, "portal=9"))).statusCode, 200);
      assert.deepEqual(queued().map((d) => d.url), [`${FN_URL}?portal=9`]);
      for (const other of ["https://hooks.example.com/hooks/hubspot-to-crm/hubspot?portal=9", "https://spoofed.example.net/hooks/hubspot-to-crm/hubspot?portal=9"]) {
        assert.equal((await handler(hubspotEvent(other, body, "portal=9"))).statusCode, 401, other);
      }
      assert.equal(queued().length, 1);
    });

    it("HubSpot: SourceConfig.publicUrl is used when the secret has none", async () => {
      const handler = makeHandler({ config: only("hubspot-to-crm/hubspot", source("hubspot", "hubspot")) });
      const body = Buffer.from('[{"eventId":8}]');
      assert.equal((await handler(hubspotEvent("https://hooks.example.com/hooks/hubspot-to-crm/hubspot", body))).statusCode, 200);
    });

    it("HubSpot with no public URL anywhere: 500 (our misconfiguration, vendors retry), never 401; logged, not a rejection, nothing queued", async () => {
      const handler = makeHandler({ config: only("hubspot-to-crm/hubspot", hubspotNoUrl) });
      const body = Buffer.from('[{"eventId":9}]');
      const res = await handler(hubspotEvent("https://spoofed.example.net/hooks/hubspot-to-crm/hubspot", body));
      assert.equal(res.statusCode, 500);
      assert.equal(queued().length, 0);
      assert.ok(logs.some((l) => (l as Record<string, unknown>)["problem"] === "public_url_missing"), logText());
      assert.ok(!logText().includes(SECRET.hubspot));
      // A barrier: the unknown source's rejection leaves through the same emitter after anything the
      // HubSpot request emitted, so once it is in, that would be too.
      await handler(event("/hooks/who-knows", "{}"));
      await udp.until(() => udp.lines().some((l) => l.includes("reason:unknown_source")));
      assert.ok(!udp.lines().some((l) => l.includes("integration:hubspot-to-crm")), "our misconfiguration is not a rejection");
    });

    it("a secret whose publicUrl is broken: 500, never 401, and the secret is not logged", async () => {
      const handler = makeHandler();
      secretsServer.secrets.set("forwarder/stripe", JSON.stringify({ secrets: [SECRET.stripe], publicUrl: "hooks.example.com/no-scheme" }));
      assert.equal((await handler(stripeEvent(Buffer.from('{"id":"evt_badurl"}')))).statusCode, 500);
      assert.equal(queued().length, 0);
      assert.ok(!logText().includes(SECRET.stripe));
    });

    it("Meta: the GET handshake works with the URL only in the secret, or nowhere (the query is the request's)", async () => {
      const { publicUrl: _u, ...metaNoUrl } = source("meta", "meta");
      const handler = makeHandler({ config: only("meta-to-crm/meta", metaNoUrl) });
      const handshake = (token: string) => event("/hooks/meta-to-crm/meta", undefined, {}, { method: "GET", query: `hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42` });
      const ok = await handler(handshake(META_TOKEN));
      assert.deepEqual([ok.statusCode, ok.body], [200, "42"]);
      assert.equal((await handler(handshake("wrong"))).statusCode, 403);
      secretsServer.secrets.set("forwarder/meta", JSON.stringify({ secrets: [SECRET.meta], verifyToken: META_TOKEN, publicUrl: "https://abc.lambda-url.us-east-1.on.aws/hooks/meta-to-crm/meta" }));
      const fresh = makeHandler({ config: only("meta-to-crm/meta", metaNoUrl) });
      const ok2 = await fresh(handshake(META_TOKEN));
      assert.deepEqual([ok2.statusCode, ok2.body], [200, "42"]);
    });

    it("vendors that sign no URL need none: queued with the request's own URL, for the record", async () => {
      const { publicUrl: _u, ...stripeNoUrl } = source("stripe", "stripe");
      const handler = makeHandler({ config: only("stripe-to-crm/stripe", stripeNoUrl) });
      assert.equal((await handler(stripeEvent(Buffer.from('{"id":"evt_nourl"}'), { host: "abc.lambda-url.us-east-1.on.aws" }))).statusCode, 200);
      assert.equal((await handler(stripeEvent(Buffer.from('{"id":"evt_nourl2"}'), { host: "bad host/../x" }))).statusCode, 200);
      assert.deepEqual(queued().map((d) => d.url), ["https://abc.lambda-url.us-east-1.on.aws/hooks/stripe-to-crm/stripe", "https://ingress.invalid/hooks/stripe-to-crm/stripe"]);
    });
  });

  describe("SQS down", () => {
    for (const fault of ["error500", "refuse"] as const) {
      it(`${fault}: 500 so the vendor retries, received but not enqueued, the failure logged`, async () => {
        const handler = makeHandler();
        sqsServer.fault = fault;
        const res = await handler(stripeEvent(Buffer.from('{"id":"evt_down"}')));
        assert.equal(res.statusCode, 500);
        assert.ok(sqsServer.calls.includes("SendMessage"));
        const failure = logs.find((l) => (l as { event?: string }).event === "enqueue_failed") as Record<string, unknown> | undefined;
        assert.ok(failure, "enqueue failure logged");
        assert.equal(failure.deliveryId, "evt_down");
        // received and (had it been) enqueued leave in the one flush at the end of the invocation.
        await udp.until(() => udp.lines().some((l) => l.startsWith("martech.forwarder.received:")));
        assert.ok(!udp.lines().some((l) => l.startsWith("martech.forwarder.enqueued:")), "not counted as enqueued");
        // And once SQS is back, the vendor's retry goes through.
        sqsServer.fault = "none";
        assert.equal((await handler(stripeEvent(Buffer.from('{"id":"evt_down"}')))).statusCode, 200);
        assert.equal(queued().length, 1);
      });
    }
  });

  describe("secrets", () => {
    it("TTL cache: a second request within the TTL makes no call, after the TTL exactly one", async () => {
      const handler = makeHandler({ ttlSeconds: 60 });
      const body = Buffer.from('{"id":"evt_ttl"}');
      assert.equal((await handler(stripeEvent(body))).statusCode, 200);
      assert.equal(secretsServer.callsFor("forwarder/stripe"), 1);
      clock += 59_000;
      assert.equal((await handler(stripeEvent(body))).statusCode, 200);
      assert.equal(secretsServer.callsFor("forwarder/stripe"), 1);
      clock += 2_000;
      assert.equal((await handler(stripeEvent(body))).statusCode, 200);
      assert.equal(secretsServer.callsFor("forwarder/stripe"), 2);
    });

    it("concurrent first requests share one GetSecretValue", async () => {
      const handler = makeHandler();
      secretsServer.delayMs = 50;
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => handler(stripeEvent(Buffer.from(`{"id":"evt_c${i}"}`)))));
      assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200, 200, 200]);
      assert.equal(secretsServer.callsFor("forwarder/stripe"), 1);
    });

    it("Secrets Manager down with nothing cached: 500, not 401, nothing queued", async () => {
      for (const fault of ["error500", "refuse"] as const) {
        const handler = makeHandler();
        secretsServer.fault = fault;
        const res = await handler(stripeEvent(Buffer.from('{"id":"evt_nosecret"}')));
        assert.equal(res.statusCode, 500, fault);
        assert.equal(queued().length, 0);
      }
      // A barrier: this rejection leaves through the same emitter after anything the requests above emitted.
      await makeHandler()(event("/hooks/who-knows", "{}"));
      await udp.until(() => udp.lines().some((l) => l.includes("reason:unknown_source")));
      assert.deepEqual(udp.lines().filter((l) => l.startsWith("martech.forwarder.rejected:")), [
        "martech.forwarder.rejected:1|d|#integration:unknown,source:unknown,reason:unknown_source",
      ], "our outage is not a rejection");
    });

    it("a missing secret or one with no usable value: 500, not 401", async () => {
      const handler = makeHandler();
      secretsServer.secrets.delete("forwarder/stripe");
      assert.equal((await handler(stripeEvent(Buffer.from('{"id":"evt_1"}')))).statusCode, 500);
      secretsServer.secrets.set("forwarder/shopify", "[]");
      const body = Buffer.from("{}");
      assert.equal((await handler(event("/hooks/shopify-to-crm/shopify", body, { "x-shopify-hmac-sha256": signShopify("", body) }))).statusCode, 500);
    });

    it("Secrets Manager down after the TTL: the stale value is used within the grace period, with a warning", async () => {
      const warnings: object[] = [];
      const source = createSecretSource({
        client: sm,
        ttlSeconds: 60,
        graceSeconds: 120,
        retryAfterFailureMs: 1000,
        now: () => clock,
        fetchTimeoutMs: AWS_CALL_TIMEOUT_MS,
        logger: { info: () => {}, warn: (e, f) => warnings.push({ e, ...f }), error: () => {} },
      });
      assert.deepEqual((await source.get("forwarder/hubspot")).secrets, ["old-rotated-out", SECRET.hubspot]);
      secretsServer.fault = "error500";
      clock += 61_000;
      assert.deepEqual((await source.get("forwarder/hubspot")).secrets, ["old-rotated-out", SECRET.hubspot]);
      assert.equal(warnings.length, 1);
      assert.equal(secretsServer.callsFor("forwarder/hubspot"), 2);
      clock += 500; // within retryAfterFailureMs: no new call
      await source.get("forwarder/hubspot");
      assert.equal(secretsServer.callsFor("forwarder/hubspot"), 2);
      clock += 200_000; // past TTL + grace: the failure surfaces
      await assert.rejects(source.get("forwarder/hubspot"));
    });

    it("parses arrays, objects with a verify token, plain and JSON-quoted strings", () => {
      assert.deepEqual(parseSecretString('["a","","b"]'), { secrets: ["a", "b"] });
      assert.deepEqual(parseSecretString('{"secrets":["a"],"verifyToken":"t"}'), { secrets: ["a"], verifyToken: "t" });
      assert.deepEqual(parseSecretString("whsec_abc"), { secrets: ["whsec_abc"] });
      assert.deepEqual(parseSecretString('"quoted"'), { secrets: ["quoted"] });
      assert.throws(() => parseSecretString("[]"));
      assert.throws(() => parseSecretString('{"other":1}'));
      assert.throws(() => parseSecretString(undefined));
    });
  });

  describe("logs", () => {
    it("emails, phone numbers and IPv4/IPv6 addresses in header values are redacted; signature headers are dropped", async () => {
      const handler = makeHandler();
      const body = Buffer.from('{"id":"evt_log"}');
      await handler(
        event("/hooks/stripe-to-crm/stripe", body, {
          "stripe-signature": "t=1,v1=deadbeefdeadbeef",
          "x-forwarded-for": "203.0.113.195, 2001:db8:85a3::8a2e:370:7334",
          "x-contact": "jane.doe+crm@example.co.uk",
          "x-phone": "+1 (415) 555-2671",
          "x-api-key": "sk_live_should_not_appear",
        }),
      );
      const text = logText();
      assert.ok(logs.length > 0);
      for (const leaked of ["203.0.113.195", "2001:db8:85a3::8a2e:370:7334", "jane.doe+crm@example.co.uk", "555-2671", "deadbeefdeadbeef", "sk_live_should_not_appear"]) {
        assert.ok(!text.includes(leaked), `${leaked} leaked into ${text}`);
      }
      assert.match(text, /\[email\]/);
      assert.match(text, /\[phone\]/);
      assert.match(text, /\[ip\]/);
      assert.match(text, /"user-agent":"vendor\/1.0"/, "harmless headers are kept");
      for (const entry of logs) assert.doesNotThrow(() => JSON.parse(JSON.stringify(entry)));
    });

    it("redactString keeps timestamps, ids and dates", () => {
      assert.equal(redactString("2024-05-01T12:30:45.123Z"), "2024-05-01T12:30:45.123Z");
      assert.equal(redactString("evt_1234567890abc"), "evt_1234567890abc");
      assert.equal(redactString("call 020 7946 0958 or ::1 or 10.0.0.1."), "call [phone] or [ip] or [ip].");
      assert.equal(redactString("fe80::1%eth0"), "[ip]%eth0");
    });
  });

  describe("metrics", () => {
    it("received / rejected / enqueued reach a real UDP server with the names.ts tags", async () => {
      const handler = makeHandler();
      await handler(stripeEvent(Buffer.from('{"id":"evt_m1"}'), { "x-martech-synthetic": "true" }));
      await handler(event("/hooks/stripe-to-crm/stripe", '{"id":"evt_m2"}', { "stripe-signature": "t=1,v1=00" }));
      await handler(event("/hooks/who-knows", "{}"));
      await handler(stripeEvent(Buffer.alloc(1024 * 1024 + 1, 0x20)));
      // The last invocation's line: each invocation flushes through the same socket, in order.
      await udp.until(() => udp.lines().some((l) => l.endsWith("reason:too_large")));
      const lines = udp.lines();
      assert.deepEqual([...lines].sort(), [
        "martech.forwarder.enqueued:1|d|#integration:stripe-to-crm,source:stripe,synthetic:true",
        "martech.forwarder.received:1|d|#integration:stripe-to-crm,source:stripe,synthetic:true",
        "martech.forwarder.rejected:1|d|#integration:stripe-to-crm,source:stripe,reason:signature_invalid",
        "martech.forwarder.rejected:1|d|#integration:stripe-to-crm,source:stripe,reason:too_large",
        "martech.forwarder.rejected:1|d|#integration:unknown,source:unknown,reason:unknown_source",
      ]);
    });

    it("a dead metrics endpoint never fails a request", async () => {
      const dead = createEmitter({ host: "127.0.0.1", port: 9, autoFlushMs: 0, flushTimeoutMs: 50, onWarning: () => {} });
      try {
        const handler = createIngressHandler({
          config, sqs, secrets: createSecretSource({ client: sm, ttlSeconds: 60, now: () => clock, fetchTimeoutMs: AWS_CALL_TIMEOUT_MS }), metrics: dead, now: () => clock, log: () => {},
          enqueueTimeoutMs: AWS_CALL_TIMEOUT_MS,
        });
        for (let i = 0; i < 3; i++) assert.equal((await handler(stripeEvent(Buffer.from(`{"id":"evt_d${i}"}`)))).statusCode, 200);
      } finally {
        await dead.close();
      }
    });
  });

  describe("properties", () => {
    const statusOk = (r: IngressResponse) => Number.isInteger(r.statusCode) && r.statusCode >= 200 && r.statusCode < 600;

    it("random paths, headers, methods and bodies never crash and never enqueue without a valid signature", async () => {
      const handler = makeHandler();
      const headerName = fc.stringMatching(/^x-r-[a-z0-9-]{1,12}$/);
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            path: fc.oneof(fc.constantFrom("/hooks/stripe-to-crm/stripe", "/hooks/shopify-to-crm/shopify", "/hooks/salesforce-to-crm/salesforce", "/hooks/meta-to-crm/meta"), fc.string().map((s) => "/hooks/" + s), fc.string()),
            method: fc.constantFrom("POST", "POST", "GET", "PUT", "post", ""),
            body: fc.oneof(fc.json().map((j) => Buffer.from(j)), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)), fc.string().map((s) => Buffer.from(s))),
            base64: fc.boolean(),
            headers: fc.dictionary(headerName, fc.string({ maxLength: 40 }), { maxKeys: 4 }),
            signature: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 64 })),
          }),
          async (p) => {
            sqsServer.reset();
            const headers: Record<string, string> = { ...p.headers };
            if (p.signature !== undefined) {
              headers["stripe-signature"] = p.signature;
              headers["x-shopify-hmac-sha256"] = p.signature;
              headers["x-hub-signature-256"] = p.signature;
            }
            const res = await handler(event(p.path, p.body, headers, { method: p.method, base64: p.base64 }));
            assert.ok(statusOk(res), `status ${res.statusCode}`);
            assert.equal(queued().length, 0, "nothing enqueued without a valid signature");
            if (res.statusCode === 200) assert.equal(p.method, "GET", "only a handshake may answer 200");
          },
        ),
        { numRuns: 150, seed: 17 },
      );
    });

    it("a validly signed body is enqueued byte for byte iff it is untampered JSON", async () => {
      const handler = makeHandler();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.json().map((j) => Buffer.from(j)), fc.uint8Array({ minLength: 1, maxLength: 100 }).map((a) => Buffer.from(a))),
          fc.boolean(),
          fc.boolean(),
          async (body, tamper, base64) => {
            sqsServer.reset();
            const sent = tamper ? Buffer.concat([body, Buffer.from(" ")]) : body;
            const e = event("/hooks/shopify-to-crm/shopify", sent, { "x-shopify-hmac-sha256": signShopify(SECRET.shopify, body) }, { base64 });
            const res = await handler(e);
            assert.ok(statusOk(res));
            const msgs = queued();
            let isJson = false;
            try {
              JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
              isJson = true;
            } catch {
              isJson = false;
            }
            // Without base64, a non-UTF-8 body could not have been transmitted as is: the Function URL would base64 it.
            const transmittedExactly = base64 || Buffer.from(sent.toString("utf8"), "utf8").equals(sent);
            if (tamper || !transmittedExactly) {
              assert.equal(msgs.length, 0);
              assert.notEqual(res.statusCode, 200);
            } else {
              assert.equal(res.statusCode, isJson ? 200 : 400);
              assert.equal(msgs.length, isJson ? 1 : 0);
              if (isJson) assert.ok(bodyOf(msgs[0]!).equals(body));
            }
          },
        ),
        { numRuns: 100, seed: 17 },
      );
    });
  });
});
