/**
 * Retries, backoff and error mapping of the forwarder's AWS clients (forwarder/aws/retry.ts,
 * errors.ts), against a loopback server answering with error responses in the forms AWS documents:
 * - DynamoDB: HTTP 400 with {"__type":"com.amazonaws.dynamodb.v20120810#<Code>","message":...},
 *   500 InternalServerError (Developer Guide, "Error handling with DynamoDB");
 * - SQS JSON: {"__type":"com.amazonaws.sqs#<Code>","message":...} with `x-amzn-query-error:
 *   <query code>;Sender|Receiver` (Developer Guide, "Interpreting Amazon SQS JSON API responses");
 * - Secrets Manager: {"__type":"ResourceNotFoundException","Message":...} (API Reference, Common Errors);
 * - S3: an XML <Error> document with Code, Message, RequestId (API Reference, "Error responses").
 * Waits are recorded by an injected delay (nothing sleeps) with the jitter fixed at 0.5, so each
 * expected wait is floor(0.5 * min(base * 2^i, 20 s)).
 */
import { strict as assert } from "node:assert";
import type { AwsClientOptions } from "../../../forwarder/aws/client";
import { createDynamoDbClient } from "../../../forwarder/aws/dynamodb";
import { abortError, AwsError } from "../../../forwarder/aws/errors";
import {
  classifyError, MAX_BACKOFF_MS, RETRY_QUOTA_TOKENS, RetryQuota, retryDelayMs, sleep, THROTTLING_RETRY_COST, TRANSIENT_RETRY_COST, withRetries, type ErrorKind,
} from "../../../forwarder/aws/retry";
import { createS3Client } from "../../../forwarder/aws/s3";
import { createSecretsManagerClient } from "../../../forwarder/aws/secretsManager";
import { createSqsClient } from "../../../forwarder/aws/sqs";
import { TEST_CREDENTIALS } from "../support/awsClients";
import { startCaptureServer, type Answer, type CaptureServer } from "./support/captureServer";

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  ({ status, headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "req-1", ...headers }, body: JSON.stringify(body) });
const ddbError = (status: number, code: string, message: string): Answer => json(status, { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message });
const s3Xml = (status: number, code: string, message: string, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/xml", ...headers },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>/b/k</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
});
const THROTTLED = ddbError(400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.");
const OK_ITEM = json(200, { Item: { state: { S: "delivered" } } });
const SQS_INTERNAL = json(500, { __type: "com.amazonaws.sqs#InternalError", message: "We encountered an internal error. Please try again." }, { "x-amzn-query-error": "InternalError;Receiver" });

describe("forwarder AWS clients: retries, backoff and errors (loopback, no sleeps)", () => {
  let server: CaptureServer;
  let script: Answer[];
  let waits: number[];

  before(async () => {
    server = await startCaptureServer((_req, i) => script[Math.min(i, script.length - 1)]!);
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    waits = [];
  });

  /** Client options: the loopback endpoint, the service's own attempt count, recorded waits, jitter 0.5. */
  const options = (over: Partial<AwsClientOptions> = {}): AwsClientOptions => ({
    endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, random: () => 0.5,
    delay: async (ms) => void waits.push(ms), ...over,
  });
  const rejection = async (p: Promise<unknown>): Promise<AwsError & { code?: string }> => {
    try {
      await p;
    } catch (err) {
      return err as AwsError;
    }
    throw new Error("expected a rejection");
  };

  it("throttling (DynamoDB ProvisionedThroughputExceededException, HTTP 400) is retried with a 1,000 ms base, then succeeds", async () => {
    script = [THROTTLED, THROTTLED, OK_ITEM];
    const out = await createDynamoDbClient(options()).getItem({ TableName: "t", Key: { k: { S: "1" } } });
    assert.deepEqual(out, { Item: { state: { S: "delivered" } } });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(waits, [500, 1_000]);
  });

  it("a 5xx is retried up to the SDK's 3 attempts (SQS), then surfaces named as the service names it, with its metadata", async () => {
    script = [SQS_INTERNAL];
    const err = await rejection(createSqsClient(options()).sendMessage({ QueueUrl: `${server.endpoint}/0/q`, MessageBody: "x" }));
    assert.ok(err instanceof AwsError);
    assert.equal(err.name, "InternalError");
    assert.equal(err.Code, "InternalError", "SQS's query code, from x-amzn-query-error");
    assert.equal(err.$fault, "server");
    assert.deepEqual(err.$metadata, { httpStatusCode: 500, requestId: "req-1", attempts: 3, totalRetryDelay: 75 });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(waits, [25, 50], "transient base 50 ms");
  });

  it("DynamoDB gets its own defaults: 4 attempts, a 25 ms base for transient errors", async () => {
    script = [ddbError(500, "InternalServerError", "Internal server error")];
    const err = await rejection(createDynamoDbClient(options()).getItem({ TableName: "t", Key: { k: { S: "1" } } }));
    assert.equal(err.name, "InternalServerError");
    assert.equal(server.requests.length, 4);
    assert.deepEqual(waits, [12, 25, 50]);
  });

  it("a 4xx is never retried: ConditionalCheckFailedException keeps the name the idempotency store looks for", async () => {
    script = [ddbError(400, "ConditionalCheckFailedException", "The conditional request failed")];
    const err = await rejection(createDynamoDbClient(options()).updateItem({ TableName: "t", Key: { k: { S: "1" } }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } } }));
    assert.equal(err.name, "ConditionalCheckFailedException");
    assert.equal(err.message, "The conditional request failed");
    assert.equal(err.$fault, "client");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  it("Secrets Manager's ResourceNotFoundException (JSON 1.1, `Message`) and SQS's QueueDoesNotExist keep their names and messages", async () => {
    script = [{ status: 400, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ __type: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." }) }];
    const missing = await rejection(createSecretsManagerClient(options()).getSecretValue({ SecretId: "martech/prod/x" }));
    assert.deepEqual([missing.name, missing.message], ["ResourceNotFoundException", "Secrets Manager can't find the specified secret."]);
    script = [json(400, { __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." }, { "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender" })];
    const noQueue = await rejection(createSqsClient(options()).changeMessageVisibility({ QueueUrl: `${server.endpoint}/0/q`, ReceiptHandle: "h", VisibilityTimeout: 0 }));
    assert.deepEqual([noQueue.name, noQueue.Code, noQueue.message], ["QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."]);
    assert.equal(server.requests.length, 2);
  });

  it("an error named only by the x-amzn-ErrorType header is named from it, without its namespace suffix", async () => {
    script = [{ status: 400, headers: { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/" }, body: "{}" }];
    assert.equal((await rejection(createDynamoDbClient(options()).getItem({ TableName: "t", Key: {} }))).name, "ValidationException");
  });

  it("S3: NoSuchKey (404 XML) is not retried (the claim check reads it as 'missing'); SlowDown (503) is throttling and retried", async () => {
    script = [s3Xml(404, "NoSuchKey", "The specified key does not exist.")];
    const gone = await rejection(createS3Client(options()).getObject({ Bucket: "b", Key: "k" }));
    assert.deepEqual([gone.name, gone.message, gone.$metadata.requestId, gone.$metadata.httpStatusCode], ["NoSuchKey", "The specified key does not exist.", "4442587FB7D0A2F9", 404]);
    assert.equal(server.requests.length, 1);
    script = [s3Xml(503, "SlowDown", "Please reduce your request rate."), { status: 200, headers: { etag: '"e"' }, body: "ok" }];
    server.requests.length = 0;
    const got = await createS3Client(options()).getObject({ Bucket: "b", Key: "k" });
    assert.equal(got.Body.toString(), "ok");
    assert.deepEqual(waits, [500], "throttling base 1,000 ms");
  });

  it("a server hint (x-amz-retry-after, ms) lengthens the wait up to it, by at most 5 s past the backoff", async () => {
    const unavailable = (hintMs: number) => json(503, { __type: "com.amazonaws.sqs#ServiceUnavailable", message: "Service is unable to handle request." }, { "x-amz-retry-after": String(hintMs) });
    const ok = json(200, {});
    script = [unavailable(3_000), ok];
    await createSqsClient(options()).changeMessageVisibility({ QueueUrl: `${server.endpoint}/0/q`, ReceiptHandle: "h", VisibilityTimeout: 0 });
    script = [unavailable(60_000), ok];
    server.requests.length = 0;
    await createSqsClient(options()).changeMessageVisibility({ QueueUrl: `${server.endpoint}/0/q`, ReceiptHandle: "h", VisibilityTimeout: 0 });
    assert.deepEqual(waits, [3_000, 25 + 5_000]);
  });

  it("a dropped connection is transient: retried, and the call succeeds", async () => {
    script = ["reset", OK_ITEM];
    const out = await createDynamoDbClient(options()).getItem({ TableName: "t", Key: {} });
    assert.ok(out.Item);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(waits, [12]);
  });

  it("an abort ends the call at once, as AbortError: none sent when aborted before, no retry when aborted during the wait", async () => {
    script = [SQS_INTERNAL];
    const before = await rejection(createSqsClient(options()).sendMessage({ QueueUrl: `${server.endpoint}/0/q`, MessageBody: "x" }, AbortSignal.abort()));
    assert.equal(before.name, "AbortError");
    assert.equal(server.requests.length, 0);
    const ctrl = new AbortController();
    const during = await rejection(createSqsClient(options({ delay: (ms, signal) => (ctrl.abort(), sleep(ms, signal)) })).sendMessage({ QueueUrl: `${server.endpoint}/0/q`, MessageBody: "x" }, ctrl.signal));
    assert.equal(during.name, "AbortError");
    assert.equal(server.requests.length, 1);
  });

  it("maxAttempts 1 sends once whatever the error", async () => {
    script = [THROTTLED];
    await rejection(createDynamoDbClient(options({ maxAttempts: 1 })).getItem({ TableName: "t", Key: {} }));
    assert.equal(server.requests.length, 1);
  });
});

describe("forwarder AWS clients: the standard retry mode's rules", () => {
  const status = (s: number, name = "X") => new AwsError(name, "m", s);
  const rows: [string, unknown, ErrorKind][] = [
    ["HTTP 429", status(429), "throttling"],
    ["ThrottlingException (400)", status(400, "ThrottlingException"), "throttling"],
    ["ProvisionedThroughputExceededException", status(400, "ProvisionedThroughputExceededException"), "throttling"],
    ["SlowDown (503)", status(503, "SlowDown"), "throttling"],
    ["RequestThrottled (SQS)", status(403, "RequestThrottled"), "throttling"],
    ["HTTP 500", status(500), "transient"],
    ["HTTP 502", status(502), "transient"],
    ["HTTP 503", status(503), "transient"],
    ["HTTP 504", status(504), "transient"],
    ["RequestTimeout (400)", status(400, "RequestTimeout"), "transient"],
    ["ECONNRESET", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "transient"],
    ["ECONNREFUSED", Object.assign(new Error("refused"), { code: "ECONNREFUSED" }), "transient"],
    ["EAI_AGAIN", Object.assign(new Error("dns"), { code: "EAI_AGAIN" }), "transient"],
    ["a transient cause", new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "EPIPE" }) }), "transient"],
    ["an expired signature", new AwsError("InvalidSignatureException", "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z", 400), "transient"],
    ["HTTP 501 (a server error outside the retried set)", status(501), "server"],
    ["ConditionalCheckFailedException", status(400, "ConditionalCheckFailedException"), "client"],
    ["AccessDeniedException", status(400, "AccessDeniedException"), "client"],
    ["AbortError", abortError(AbortSignal.abort()), "client"],
    ["a plain Error", new Error("x"), "client"],
  ];
  for (const [label, err, kind] of rows) it(`${label} -> ${kind}`, () => assert.equal(classifyError(err), kind));

  it("full jitter: random() * min(base * 2^i, 20 s), floored; throttling uses 1,000 ms", () => {
    const e = new Error("x");
    assert.equal(retryDelayMs(e, "transient", 0, 50, () => 0), 0);
    assert.equal(retryDelayMs(e, "transient", 0, 50, () => 0.999), 49);
    assert.equal(retryDelayMs(e, "transient", 3, 50, () => 0.5), 200);
    assert.equal(retryDelayMs(e, "throttling", 2, 50, () => 0.5), 2_000);
    assert.equal(retryDelayMs(e, "throttling", 10, 50, () => 0.999_999), MAX_BACKOFF_MS - 1, "capped at 20 s");
    assert.equal(retryDelayMs(Object.assign(e, { retryAfterMs: 999_999 }), "transient", 0, 50, () => 0.5), 25 + 5_000);
  });

  it("the retry quota: 500 tokens, 14 a transient retry, 5 a throttled one; a success gives back its retry's cost (1 without)", () => {
    const q = new RetryQuota();
    let transient = 0;
    while (q.take("transient") !== undefined) transient++;
    assert.equal(transient, Math.floor(RETRY_QUOTA_TOKENS / TRANSIENT_RETRY_COST));
    assert.equal(q.tokens, RETRY_QUOTA_TOKENS % TRANSIENT_RETRY_COST);
    assert.equal(q.take("throttling"), THROTTLING_RETRY_COST, "a throttling retry still fits");
    q.success(undefined);
    q.success(TRANSIENT_RETRY_COST);
    assert.equal(q.tokens, RETRY_QUOTA_TOKENS % TRANSIENT_RETRY_COST - THROTTLING_RETRY_COST + 1 + TRANSIENT_RETRY_COST);
    const full = new RetryQuota();
    full.success(TRANSIENT_RETRY_COST);
    assert.equal(full.tokens, RETRY_QUOTA_TOKENS, "never above the capacity");
  });

  it("with the quota spent, a failing call is tried once and not retried", async () => {
    const quota = new RetryQuota();
    quota.tokens = TRANSIENT_RETRY_COST - 1;
    let attempts = 0;
    const err = await withRetries(async () => {
      attempts++;
      throw new AwsError("InternalError", "m", 500);
    }, { maxAttempts: 3, baseDelayMs: 50, random: () => 0.5, delay: async () => {} }, quota).then(() => undefined, (e: AwsError) => e);
    assert.equal(attempts, 1);
    assert.equal(err?.$metadata.attempts, 1);
  });
});
