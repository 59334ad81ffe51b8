/**
 * Honour back-pressure, never hammer: a target's Retry-After longer than the invocation can wait
 * hides the message until then (ChangeMessageVisibility, at most 12 h) and counts as `deferred`, not
 * `failed`; a message whose targets have all settled, one refusing it for good, is released at once
 * to the dead-letter queue. The real consumer with its own SQS client (the test enqueues and
 * receives with the SDK's) against the local SQS server (with a virtual clock: no test here waits
 * for time to pass), dynalite, and HTTP targets on 127.0.0.1.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { createSqsClient, type SqsClient } from "../../forwarder/aws/sqs";
import type { QueuedDelivery, SourceConfig, StaticForwarderConfig } from "../../forwarder/config";
import { createConsumerHandler, type SqsRecord } from "../../forwarder/consumer/handler";
import { deliveryKey } from "../../forwarder/consumer/idempotency";
import { MAX_VISIBILITY_SECONDS, visibilityForRetryAfter } from "../../forwarder/consumer/visibility";
import type { MetricId, TagsOf } from "../../forwarder/metrics/names";
import { localAws } from "./support/awsClients";
import { startDynamo, type LocalDynamo } from "./support/consumerHarness";
import { startSqsServer, type SqsServer } from "./support/sqsServer";
import { startTarget, type Step, type Target } from "./support/targets";

const creds = { accessKeyId: "test", secretAccessKey: "test" };
const QUEUE = "backpressure";
/** What `npm run serve:forwarder` and the local tests use as the queue's visibility timeout. */
const LOCAL_VISIBILITY_SECONDS = 10;
const MAX_RECEIVES = 3;

describe("forwarder back-pressure", function () {

  let clock = 1_750_000_000_000;
  let sqsServer: SqsServer;
  /** The SDK's client: the test's own sends and receives (the event source mapping's part). */
  let sqs: SQSClient;
  /** The consumer's client (forwarder/aws/sqs.ts). */
  let consumerSqs: SqsClient;
  let dynamo: LocalDynamo;
  let crm: Target;
  let ads: Target;
  let points: { id: string; tags: Record<string, unknown> }[];
  let logs: Record<string, unknown>[];

  before(async () => {
    [sqsServer, dynamo] = await Promise.all([startSqsServer({ now: () => clock }), startDynamo("backpressure-idempotency")]);
    [crm, ads] = await Promise.all([startTarget(() => ({ status: 200 })), startTarget(() => ({ status: 200 }))]);
    sqs = new SQSClient({ region: "us-east-1", credentials: creds, endpoint: sqsServer.endpoint, maxAttempts: 1 });
    consumerSqs = createSqsClient(localAws(sqsServer.endpoint));
  });
  after(async () => {
    sqs.destroy();
    await Promise.all([sqsServer.close(), dynamo.close(), crm.close(), ads.close()]);
  });
  beforeEach(() => {
    sqsServer.reset();
    crm.reset(() => ({ status: 200 }));
    ads.reset(() => ({ status: 200 }));
    points = [];
    logs = [];
  });

  const source: SourceConfig = {
    integration: "ads-sync", source: "stripe", vendor: "stripe", secretId: "unused", sloLatencyMs: 60_000, targets: [],
  };
  // Per-attempt timeouts: generous, nothing here is about them (forward() cuts them to the budget anyway).
  const configWith = (targets: Target[]): StaticForwarderConfig => ({
    sources: { "ads-sync/stripe": { ...source, targets: targets.map((t, i) => ({ system: i === 0 ? "crm" : "ads", url: t.url, timeoutMs: 60_000 })) } },
    tableName: dynamo.tableName, maxReceives: MAX_RECEIVES, idempotencyTtlSeconds: 86_400, secretTtlSeconds: 300,
  });
  const consumer = (targets: Target[], opts: { queue?: boolean } = {}) => createConsumerHandler({
    config: configWith(targets), dynamo: dynamo.client, now: () => clock, log: (e) => logs.push(e), sleep: async () => {}, random: () => 0,
    metrics: { record<M extends MetricId>(id: M, tags: TagsOf<M>) { points.push({ id, tags }); }, flush: async () => {} },
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 10_000, minAttemptMs: 50 }, safetyMarginMs: 100,
    ...(opts.queue !== false && { sqs: consumerSqs, queueUrl: sqsServer.queueUrl(QUEUE) }),
  });
  /**
   * Fifteen seconds left in the invocation, held still: a 20 s Retry-After cannot be waited for in
   * it. The remaining time also caps each real per-attempt timeout and the ChangeMessageVisibility
   * call's, so it is not tighter: a busy machine must not time out a local answer.
   */
  const ctx = { getRemainingTimeInMillis: () => 15_000 };
  const named = (id: string) => points.filter((p) => p.id === id);

  /** Enqueues a delivery and receives it as the event source mapping would: a record with its receipt handle. */
  async function received(receiveCount?: number): Promise<{ record: SqsRecord; deliveryId: string }> {
    if (sqsServer.messages(QUEUE).length === 0) {
      const d: QueuedDelivery = {
        source: "ads-sync/stripe", deliveryId: `evt_${randomUUID()}`, receivedAt: clock, method: "POST", url: "https://hooks.example.com/x",
        headers: { "content-type": "application/json" }, body: '{"id":"evt"}', bodyEncoding: "utf8", synthetic: false,
      };
      await sqs.send(new SendMessageCommand({ QueueUrl: sqsServer.queueUrl(QUEUE), MessageBody: JSON.stringify(d) }));
    }
    const out = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: sqsServer.queueUrl(QUEUE), MaxNumberOfMessages: 1, VisibilityTimeout: LOCAL_VISIBILITY_SECONDS, MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }));
    const m = out.Messages![0]!;
    const body = JSON.parse(m.Body!) as QueuedDelivery;
    return {
      record: { messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, attributes: { ApproximateReceiveCount: String(receiveCount ?? m.Attributes!.ApproximateReceiveCount) } },
      deliveryId: body.deliveryId,
    };
  }
  const visibleInSeconds = () => (sqsServer.messages(QUEUE)[0]!.invisibleUntil - clock) / 1000;
  const tooManyRequests = (retryAfter: string): Step => ({ status: 429, headers: { "retry-after": retryAfter } });

  it("a 429 with Retry-After: 20 beyond the invocation's budget is retried at the requested time, not the queue's 10 s, and counts as deferred", async () => {
    crm.reset(() => tooManyRequests("20"));
    const { record, deliveryId } = await received();
    assert.equal(visibleInSeconds(), LOCAL_VISIBILITY_SECONDS);
    const res = await consumer([crm])({ Records: [record] }, ctx);
    assert.deepEqual(res.batchItemFailures, [{ itemIdentifier: record.messageId }]);
    assert.equal(crm.requests.length, 1, "one request: the Retry-After is not waited for, nor ignored");
    assert.equal(visibleInSeconds(), 20, "hidden until the time the target asked for");
    assert.deepEqual(named("deferred").map((p) => p.tags), [{ integration: "ads-sync", source: "stripe", destination: "crm", synthetic: false, reason: "rate_limited" }]);
    assert.equal(named("failed").length, 0, "deferred, not failed");
    assert.equal(named("settled").length, 0);
    const item = await dynamo.sdk.send(new GetItemCommand({ TableName: dynamo.tableName, Key: { deliveryKey: { S: deliveryKey("ads-sync/stripe", "crm", deliveryId) } }, ConsistentRead: true }));
    assert.equal(item.Item?.["state"]?.S, "released", "the claim is given back for the next receive");

    // Not visible at 10 s, as before the fix; visible at 20 s, and then delivered.
    clock += 10_000;
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: sqsServer.queueUrl(QUEUE) }))).Messages, undefined);
    clock += 10_000;
    crm.reset(() => ({ status: 200 }));
    const again = await received();
    assert.deepEqual((await consumer([crm])({ Records: [again.record] }, ctx)).batchItemFailures, []);
    assert.equal(crm.requests.length, 1);
    assert.deepEqual(named("settled").map((p) => p.tags["outcome"]), ["forwarded"]);
  });

  it("an HTTP-date Retry-After two days away is capped within SQS's 12 hours from the receive; a 503's counts as a server_error deferral", async () => {
    crm.reset(() => tooManyRequests(new Date(clock + 2 * 86_400_000).toUTCString()));
    const first = await received();
    await consumer([crm])({ Records: [first.record] }, ctx);
    assert.equal(visibleInSeconds(), MAX_VISIBILITY_SECONDS);

    sqsServer.reset();
    crm.reset(() => ({ status: 503, headers: { "retry-after": "90" } }));
    const second = await received();
    await consumer([crm])({ Records: [second.record] }, ctx);
    assert.equal(visibleInSeconds(), 90);
    assert.deepEqual(named("deferred").map((p) => p.tags["reason"]), ["rate_limited", "server_error"]);
  });

  it("two targets: the one that answered is not called again; the message waits for the one that asked to", async () => {
    ads.reset((i) => (i === 0 ? tooManyRequests("120") : { status: 200 }));
    const { record } = await received();
    await consumer([crm, ads])({ Records: [record] }, ctx);
    assert.equal(visibleInSeconds(), 120);
    clock += 120_000;
    const again = await received();
    assert.deepEqual((await consumer([crm, ads])({ Records: [again.record] }, ctx)).batchItemFailures, []);
    assert.deepEqual([crm.requests.length, ads.requests.length], [1, 2]);
  });

  it("a short Retry-After that fits the budget is waited for in-process; without one, failures keep the queue's own timeout", async () => {
    crm.reset((i) => (i === 0 ? tooManyRequests("1") : { status: 200 }));
    const { record } = await received();
    assert.deepEqual((await consumer([crm])({ Records: [record] }, ctx)).batchItemFailures, []);
    assert.equal(named("deferred").length, 0);

    sqsServer.reset();
    crm.reset(() => ({ status: 500 }));
    const failing = await received();
    await consumer([crm])({ Records: [failing.record] }, ctx);
    assert.equal(visibleInSeconds(), LOCAL_VISIBILITY_SECONDS, "no visibility change for a plain failure");
    assert.ok(named("failed").length > 0 && named("deferred").length === 0);
  });

  it("every target settled and one refused it for good: released at once (0 s) so the redrive policy dead-letters it now", async () => {
    ads.reset(() => ({ status: 400 }));
    const { record } = await received();
    const res = await consumer([crm, ads])({ Records: [record] }, ctx);
    assert.deepEqual(res.batchItemFailures, [{ itemIdentifier: record.messageId }]);
    assert.equal(visibleInSeconds(), 0);
    assert.deepEqual(named("settled").map((p) => `${String(p.tags["destination"])}:${String(p.tags["outcome"])}`).sort(), ["ads:rejected", "crm:forwarded"]);
    // Its remaining receives send nothing; the last one emits dead_lettered once.
    for (let receive = 2; receive <= MAX_RECEIVES; receive++) {
      const again = await received(receive);
      await consumer([crm, ads])({ Records: [again.record] }, ctx);
    }
    assert.deepEqual([crm.requests.length, ads.requests.length], [1, 1]);
    assert.equal(named("dead_lettered").length, 1);
    assert.equal(named("settled").length, 2, "each target's outcome counted once");
  });

  it("on the last receive nothing is delayed (the message goes to the dead-letter queue); without a queue URL the change is logged as unavailable", async () => {
    crm.reset(() => tooManyRequests("20"));
    const last = await received(MAX_RECEIVES);
    await consumer([crm])({ Records: [last.record] }, ctx);
    assert.equal(visibleInSeconds(), LOCAL_VISIBILITY_SECONDS);
    assert.deepEqual(named("settled").map((p) => [p.tags["outcome"], p.tags["reason"]]), [["dead_lettered", "rate_limited"]]);

    sqsServer.reset();
    const unconfigured = await received();
    await consumer([crm], { queue: false })({ Records: [unconfigured.record] }, ctx);
    assert.equal(visibleInSeconds(), LOCAL_VISIBILITY_SECONDS, "the queue's own timeout: later than asked, never earlier");
    assert.ok(logs.some((l) => l["event"] === "visibility_change_unavailable" && l["visibilitySeconds"] === 20));
  });

  it("the local SQS refuses, as SQS does, a visibility change whose total from the receive passes 12 hours, and accepts the consumer's longest deferral", async () => {
    const { record } = await received();
    clock += 1_000;
    const refused = await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: sqsServer.queueUrl(QUEUE), ReceiptHandle: record.receiptHandle, VisibilityTimeout: 43_200 })).then(() => undefined, (e: Error) => e);
    assert.match(String(refused?.message), /Total VisibilityTimeout for the message is beyond the limit \[43200 seconds\]/);
    clock += 4_000; // still in flight (local visibility 10 s); the cap leaves 900 s of room for a whole Lambda timeout
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: sqsServer.queueUrl(QUEUE), ReceiptHandle: record.receiptHandle, VisibilityTimeout: MAX_VISIBILITY_SECONDS }));
    assert.equal(visibleInSeconds(), MAX_VISIBILITY_SECONDS);
  });

  it("visibilityForRetryAfter: whole seconds rounded up, never negative, at most 12 hours less Lambda's longest timeout (SQS counts the 12 hours from the receive)", () => {
    const rows: [number, number][] = [[0, 0], [-5, 0], [Number.NaN, 0], [1, 1], [999, 1], [1_000, 1], [1_001, 2], [20_000, 20], [42_300_000, 42_300], [43_200_000, 42_300], [86_400_000, 42_300]];
    for (const [ms, seconds] of rows) assert.equal(visibilityForRetryAfter(ms), seconds, `${ms} ms`);
  });
});
