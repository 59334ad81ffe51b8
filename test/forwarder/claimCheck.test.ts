/**
 * Never refuse a body a vendor may send: every validly signed body up to the ingress limit
 * (MAX_BODY_BYTES, 1 MiB) is queued, inline while the message fits SQS's 1 MiB and through the
 * claim-check bucket when it does not; the consumer (and so a redriven dead letter) reads it back
 * byte for byte. The Lambdas' own AWS clients (forwarder/aws) against local SQS, S3 and Secrets
 * Manager servers and dynalite on 127.0.0.1; the target records the bytes it receives.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { AWS, DLQ_RETENTION_SECONDS, forwarderSpecs } from "../../compiler/lower/forwarder";
import { names } from "../../compiler/lower/names";
import type { ResourceSpec } from "../../compiler/lower/spec";
import { createS3Client, type S3Client } from "../../forwarder/aws/s3";
import { createSecretsManagerClient, type SecretsManagerClient } from "../../forwarder/aws/secretsManager";
import { createSqsClient, type SqsClient } from "../../forwarder/aws/sqs";
import { ClaimCheckError, createBodyStore, sha256Hex } from "../../forwarder/claimCheck/bodyStore";
import {
  BODY_KEY_PREFIX, CLAIM_CHECK_EXPIRY_DAYS, MAX_BODY_BYTES, MAX_MESSAGE_BYTES, type ForwarderConfig, type QueuedDelivery, type QueuedEnvelope,
} from "../../forwarder/config";
import { createConsumerHandler, parseDelivery } from "../../forwarder/consumer/handler";
import { createIngressHandler, type FunctionUrlEvent } from "../../forwarder/ingress/handler";
import { claimMessage, inlineMessage } from "../../forwarder/ingress/queueMessage";
import { createSecretSource } from "../../forwarder/ingress/secrets";
import type { MetricId, TagsOf } from "../../forwarder/metrics/names";
import { startS3Server, type S3Server, type StoredObject } from "../../forwarder/serve/s3Local";
import { sampleInventory, sampleSettings } from "../support/sampleState";
import { signStripe } from "./signers";
import { localAws } from "./support/awsClients";
import { startDynamo, type LocalDynamo } from "./support/consumerHarness";
import { startSecretsServer, type SecretsServer } from "./support/secretsServer";
import { startSqsServer, type SqsServer } from "./support/sqsServer";
import { startTarget, type Target } from "./support/targets";

const BUCKET = "martech-test-webhook-bodies-000000000000-us-east-1";
const QUEUE = "claim-check";
const KEY = "big-int/stripe";
const SECRET = "whsec_" + randomBytes(18).toString("base64url");
const MiB = 1024 * 1024;
/**
 * The target's, the secret fetch's and the enqueue's timeouts: generous, as no test here is about
 * them; on a busy machine moving megabytes through local servers must not time out.
 */
const GENEROUS_MS = 60_000;

describe("forwarder claim check: bodies too large for a queue message", function () {

  let sqsServer: SqsServer;
  let s3Server: S3Server;
  let secretsServer: SecretsServer;
  let dynamo: LocalDynamo;
  let target: Target;
  let sqs: SqsClient;
  let s3: S3Client;
  let sm: SecretsManagerClient;
  let config: ForwarderConfig;
  let logs: Record<string, unknown>[];
  const clock = 1_750_000_000_000;
  const noMetrics = { record<M extends MetricId>(_id: M, _tags: TagsOf<M>) {}, flush: async () => {} };

  before(async () => {
    [sqsServer, s3Server, secretsServer, dynamo] = await Promise.all([startSqsServer(), startS3Server(), startSecretsServer(), startDynamo("claim-check-idempotency")]);
    target = await startTarget(() => ({ status: 200 }));
    sqs = createSqsClient(localAws(sqsServer.endpoint));
    s3 = createS3Client(localAws(s3Server.endpoint));
    sm = createSecretsManagerClient(localAws(secretsServer.endpoint));
    config = {
      sources: {
        [KEY]: {
          integration: "big-int", source: "stripe", vendor: "stripe", publicUrl: "https://hooks.example.com/hooks/big-int/stripe",
          secretId: "forwarder/big", targets: [{ system: "warehouse", url: target.url, timeoutMs: GENEROUS_MS }], sloLatencyMs: 60_000,
        },
      },
      queueUrl: sqsServer.queueUrl(QUEUE),
      tableName: dynamo.tableName,
      maxReceives: 3,
      idempotencyTtlSeconds: 86_400,
      secretTtlSeconds: 300,
      bodyBucket: BUCKET,
    };
  });
  after(async () => {
    await Promise.all([sqsServer.close(), s3Server.close(), secretsServer.close(), dynamo.close(), target.close()]);
  });
  beforeEach(() => {
    sqsServer.reset();
    s3Server.reset();
    s3Server.createBucket(BUCKET);
    secretsServer.secrets.set("forwarder/big", JSON.stringify([SECRET]));
    target.reset(() => ({ status: 200 }));
    logs = [];
  });

  const ingress = () => createIngressHandler({
    config, sqs, secrets: createSecretSource({ client: sm, ttlSeconds: 300, now: () => clock, fetchTimeoutMs: GENEROUS_MS }), metrics: noMetrics, now: () => clock,
    log: (e) => logs.push(e as Record<string, unknown>), bodies: createBodyStore(s3, BUCKET), enqueueTimeoutMs: GENEROUS_MS,
  });
  const consumer = () => createConsumerHandler({
    config, dynamo: dynamo.client, metrics: noMetrics, now: () => clock, log: (e) => logs.push(e), bodies: createBodyStore(s3, BUCKET),
    sleep: async () => {}, random: () => 0, safetyMarginMs: 100, retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1, minAttemptMs: 1 },
  });
  const ctx = { getRemainingTimeInMillis: () => 30_000 };

  /** A Stripe delivery, validly signed over exactly these bytes, as a Function URL event. */
  const signed = (body: Buffer): FunctionUrlEvent => ({
    rawPath: `/hooks/${KEY}`, rawQueryString: "", isBase64Encoded: false, body: body.toString("utf8"), requestContext: { http: { method: "POST" } },
    headers: { "content-type": "application/json", "stripe-signature": signStripe(SECRET, Math.floor(clock / 1000), body) },
  });
  /** JSON of exactly `bytes` bytes: `{"id":"evt_…","pad":"aaa…"}`. */
  const paddedJson = (bytes: number, id = `evt_${randomBytes(6).toString("hex")}`) => {
    const prefix = `{"id":"${id}","pad":"`;
    return Buffer.from(prefix + "a".repeat(bytes - prefix.length - 2) + '"}');
  };
  /**
   * Realistic quote-dense JSON of exactly `bytes` bytes: CRM-export-like records whose string values
   * hold escaped quotes and backslashes, each costing two bytes again once the body is itself a JSON string.
   */
  const quoteDenseJson = (bytes: number) => {
    const row = (i: number) => JSON.stringify({ id: `con_${i}`, note: `He said "call me \\"Bob\\" at 5" \\\\ C:\\temp`, tags: ["\"vip\"", "\"q3\""] });
    const rows: string[] = [];
    const head = '{"id":"evt_quotes","type":"contacts.export","data":[';
    let size = head.length + 2;
    for (let i = 0; size + row(i).length + 1 < bytes - 40; i++) {
      rows.push(row(i));
      size += row(i).length + 1;
    }
    const text = `${head}${rows.join(",")}]}`;
    const pad = bytes - Buffer.byteLength(text) - ',"pad":""'.length;
    return Buffer.from(`${text.slice(0, -1)},"pad":"${"\\\"".repeat(Math.floor(pad / 2))}${"x".repeat(pad % 2)}"}`);
  };
  const queued = (): QueuedDelivery[] => sqsServer.messages(QUEUE).map((m) => JSON.parse(m.body) as QueuedDelivery);
  const consumeAll = async (receiveCount = 1, messageId?: string) => {
    const records = sqsServer.messages(QUEUE).map((m) => ({ messageId: messageId ?? m.messageId, body: m.body, attributes: { ApproximateReceiveCount: String(receiveCount) } }));
    return consumer()(({ Records: records }), ctx);
  };

  it("a validly signed body of exactly 1 MiB is accepted, kept in S3, queued as a claim, and forwarded byte for byte", async () => {
    const body = paddedJson(MAX_BODY_BYTES);
    assert.equal(body.length, MiB);
    const res = await ingress()(signed(body));
    assert.equal(res.statusCode, 200);
    const [message] = sqsServer.messages(QUEUE);
    assert.ok(message && Buffer.byteLength(message.body) <= MAX_MESSAGE_BYTES, "the message fits the queue");
    const d = queued()[0]!;
    assert.equal(d.bodyEncoding, "s3");
    if (d.bodyEncoding !== "s3") return;
    assert.equal(d.bodyClaim.bucket, BUCKET);
    assert.ok(d.bodyClaim.key.startsWith(`${BODY_KEY_PREFIX}${KEY}/`), d.bodyClaim.key);
    assert.deepEqual([d.bodyClaim.bytes, d.bodyClaim.sha256], [body.length, sha256Hex(body)]);
    assert.ok(s3Server.objects(BUCKET).get(d.bodyClaim.key)!.body.equals(body), "S3 holds the raw bytes");
    assert.ok(logs.some((l) => l["event"] === "ingress_enqueued" && l["claimCheck"] === true));

    assert.deepEqual((await consumeAll()).batchItemFailures, []);
    assert.equal(target.requests.length, 1);
    assert.ok(target.requests[0]!.body.equals(body), "the target receives exactly what the vendor signed");
  });

  it("a realistic 1,040,000-byte quote-dense JSON is accepted and forwarded byte for byte", async () => {
    const body = quoteDenseJson(1_040_000);
    assert.equal(body.length, 1_040_000);
    JSON.parse(body.toString("utf8"));
    const envelope = inlineMessage({ source: KEY, deliveryId: "x", receivedAt: clock, method: "POST", url: "u", headers: {}, synthetic: false }, body, body.toString("utf8"));
    assert.ok(envelope.bytes > 1.15 * body.length, `escaping makes the inline message ${envelope.bytes} bytes`);
    assert.equal((await ingress()(signed(body))).statusCode, 200);
    assert.equal(queued()[0]!.bodyEncoding, "s3");
    assert.deepEqual((await consumeAll()).batchItemFailures, []);
    assert.ok(target.requests[0]!.body.equals(body));
  });

  it("a body whose message is exactly the queue's limit stays inline; one byte more goes to S3", async () => {
    // The message grows one byte per padding byte: find the body whose inline message is exactly MAX_MESSAGE_BYTES.
    const probe = paddedJson(900_000, "evt_edge");
    const envelopeOf = (b: Buffer): QueuedEnvelope => ({
      source: KEY, deliveryId: "evt_edge", receivedAt: clock, method: "POST", url: config.sources[KEY]!.publicUrl!,
      headers: signed(b).headers as Record<string, string>, synthetic: false,
    });
    const size = (b: Buffer) => inlineMessage(envelopeOf(b), b, b.toString("utf8")).bytes;
    const atLimit = paddedJson(probe.length + (MAX_MESSAGE_BYTES - size(probe)), "evt_edge");
    assert.equal(size(atLimit), MAX_MESSAGE_BYTES);
    assert.equal((await ingress()(signed(atLimit))).statusCode, 200);
    assert.equal(queued()[0]!.bodyEncoding, "utf8", "exactly at the limit: inline");
    assert.equal(Buffer.byteLength(sqsServer.messages(QUEUE)[0]!.body), MAX_MESSAGE_BYTES);
    assert.equal(s3Server.calls.length, 0, "no S3 call for a message that fits");

    sqsServer.reset();
    const over = paddedJson(atLimit.length + 1, "evt_edge");
    assert.equal((await ingress()(signed(over))).statusCode, 200);
    assert.equal(queued()[0]!.bodyEncoding, "s3", "one byte over: claim check");
  });

  it("S3 down: 500 so the vendor retries, nothing queued, the failure logged without the body", async () => {
    s3Server.fault = "error500";
    const body = paddedJson(MAX_BODY_BYTES);
    const res = await ingress()(signed(body));
    assert.equal(res.statusCode, 500);
    assert.equal(sqsServer.messages(QUEUE).length, 0);
    assert.ok(logs.some((l) => l["event"] === "claim_check_failed"));
    assert.ok(!JSON.stringify(logs).includes("aaaaaaaaaa"), "no body in the logs");
  });

  it("a 1 MiB + 1 byte body is still 413: the ingress limit is MAX_BODY_BYTES, not the queue's", async () => {
    const res = await ingress()(signed(paddedJson(MAX_BODY_BYTES + 1)));
    assert.equal(res.statusCode, 413);
    assert.equal(s3Server.calls.length, 0);
  });

  it("a dead letter redriven (a new message id, the same claim) is read back and forwarded", async () => {
    const body = paddedJson(MAX_BODY_BYTES);
    assert.equal((await ingress()(signed(body))).statusCode, 200);
    target.reset(() => ({ status: 503 }));
    const failing = await consumeAll(config.maxReceives, "first-message");
    assert.equal(failing.batchItemFailures.length, 1, "last receive fails: SQS moves it to the DLQ");
    target.reset(() => ({ status: 200 }));
    assert.deepEqual((await consumeAll(1, "redriven-message")).batchItemFailures, []);
    assert.ok(target.requests.at(-1)!.body.equals(body));
  });

  it("a claim whose object is gone or altered is not forwarded: the record fails (body_unavailable), naming why", async () => {
    const body = paddedJson(MAX_BODY_BYTES);
    assert.equal((await ingress()(signed(body))).statusCode, 200);
    const d = queued()[0]!;
    assert.ok(d.bodyEncoding === "s3");
    const objects = s3Server.objects(BUCKET) as Map<string, StoredObject>;
    const stored = objects.get(d.bodyClaim.key)!;
    // Rewritten with other bytes (S3 keeps each write's own checksums, so only our SHA-256 can tell).
    objects.set(d.bodyClaim.key, { ...stored, body: Buffer.concat([stored.body.subarray(0, -1), Buffer.from("!")]), checksums: {} });
    assert.equal((await consumeAll()).batchItemFailures.length, 1);
    objects.delete(d.bodyClaim.key);
    assert.equal((await consumeAll(2)).batchItemFailures.length, 1);
    assert.equal(target.requests.length, 0);
    assert.deepEqual(logs.filter((l) => l["event"] === "body_unavailable").map((l) => l["problem"]), ["corrupt", "missing"]);
  });

  it("the body store refuses a claim on another bucket; parseDelivery refuses a malformed claim", async () => {
    const store = createBodyStore(s3, BUCKET);
    await assert.rejects(store.get({ bucket: "someone-elses", key: `${BODY_KEY_PREFIX}x`, bytes: 1, sha256: "0".repeat(64) }), (e: unknown) => e instanceof ClaimCheckError && e.problem === "wrong-bucket");
    const envelope = { source: KEY, deliveryId: "d", receivedAt: 1, method: "POST", url: "u", headers: {}, synthetic: false };
    const good = { bucket: BUCKET, key: `${BODY_KEY_PREFIX}${KEY}/1`, bytes: 3, sha256: "a".repeat(64) };
    assert.equal(parseDelivery(claimMessage(envelope, good).text).ok, true);
    for (const bad of [{ ...good, key: "elsewhere/1" }, { ...good, sha256: "xyz" }, { ...good, bytes: -1 }, { ...good, bucket: "" }]) {
      assert.deepEqual(parseDelivery(claimMessage(envelope, bad).text), { ok: false, problem: "field-bodyClaim" });
    }
  });
});

describe("forwarder claim check: the bucket the component creates", () => {
  const specs = forwarderSpecs(sampleInventory(), sampleSettings());
  const spec = (name: string): ResourceSpec => {
    const found = specs.find((r) => r.name === names.forwarder(name));
    assert.ok(found, `no resource ${name}`);
    return found;
  };
  const inputs = (name: string) => spec(name).inputs as Record<string, any>;
  const statements = (kind: string) => JSON.parse(inputs(`${kind}-policy`).policy).Statement as { Sid: string; Action: string[]; Resource: string }[];

  it("is encrypted, closed to the public, and expires bodies no sooner than dead letters", () => {
    assert.equal(spec("bodies").type, AWS.bucket);
    assert.match(inputs("bodies").bucket, /^martech-[a-z0-9-]+-webhook-bodies-\$\{ref:aws-caller-identity:accountId\}-\$\{ref:aws-region:region\}$/);
    assert.deepEqual(inputs("bodies-encryption").rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const block = inputs("bodies-public-access");
    assert.deepEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
    const [rule] = inputs("bodies-lifecycle").rules;
    assert.deepEqual([rule.status, rule.filter, rule.expiration.days], ["Enabled", { prefix: BODY_KEY_PREFIX }, CLAIM_CHECK_EXPIRY_DAYS]);
    assert.ok(CLAIM_CHECK_EXPIRY_DAYS * 86_400 >= DLQ_RETENTION_SECONDS, "a dead letter can be redriven with its body");
    for (const part of ["bodies-encryption", "bodies-public-access", "bodies-lifecycle"]) assert.equal(inputs(part).bucket, `\${ref:${names.forwarder("bodies")}:id}`);
  });

  it("grants least privilege: the ingress may only put, the consumer only get, body objects under the prefix", () => {
    const objects = `\${ref:${names.forwarder("bodies")}:arn}/${BODY_KEY_PREFIX}*`;
    const s3Of = (kind: string) => statements(kind).filter((st) => st.Action.some((a) => a.startsWith("s3:")));
    assert.deepEqual(s3Of("ingress").map((st) => [st.Action, st.Resource]), [[["s3:PutObject"], objects]]);
    assert.deepEqual(s3Of("consumer").map((st) => [st.Action, st.Resource]), [[["s3:GetObject"], objects]]);
    const consume = statements("consumer").find((st) => st.Sid === "Consume")!;
    assert.ok(consume.Action.includes("sqs:ChangeMessageVisibility"), "the consumer may delay or release its messages");
  });

  it("tells both functions the bucket and the queue", () => {
    for (const kind of ["ingress", "consumer"]) {
      const env = inputs(kind).environment.variables;
      assert.equal(env.FORWARDER_BODY_BUCKET, `\${ref:${names.forwarder("bodies")}:id}`, kind);
      assert.equal(env.FORWARDER_QUEUE_URL, `\${ref:${names.forwarder("queue")}:url}`, kind);
    }
  });
});
