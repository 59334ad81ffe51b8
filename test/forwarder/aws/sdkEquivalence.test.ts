/**
 * Each AWS call the forwarder makes, sent once by the AWS SDK v3 client and once by the
 * forwarder's own client (forwarder/aws) with the same input, credentials (with a session token)
 * and a fixed clock, to a loopback server that records both requests:
 * - the wire request agrees where the protocol fixes it: method, path, X-Amz-Target,
 *   Content-Type, X-Amz-Date, X-Amz-Security-Token, the body (JSON compared as values, S3 bytes
 *   as bytes), S3's payload hash and checksum header;
 * - the SDK's request, re-signed by our signer over the headers the SDK signed, gives the SDK's
 *   Authorization; ours, signed by the SDK's signer (@smithy/signature-v4) over the headers we
 *   signed, gives ours. Each side's signature is the other's.
 * - both clients read the same answer into the same result.
 * The SDK extras (user agent, invocation id, ?x-id=PutObject) are not compared: SigV4 signs
 * whatever headers a client chooses to send.
 */
import { DynamoDBClient, GetItemCommand, UpdateItemCommand, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { createDynamoDbClient, type UpdateItemInput } from "../../../forwarder/aws/dynamodb";
import { createS3Client } from "../../../forwarder/aws/s3";
import { createSecretsManagerClient } from "../../../forwarder/aws/secretsManager";
import { signRequest } from "../../../forwarder/aws/signedRequest";
import { createSqsClient } from "../../../forwarder/aws/sqs";
import { headerOf, startCaptureServer, type Answer, type Captured, type CaptureServer } from "./support/captureServer";
import { sdkAuthorization } from "./support/sdkSigner";

const REGION = "eu-west-1";
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE+session/token==" };
/** 2026-03-14T15:09:26Z */
const FIXED = Date.UTC(2026, 2, 14, 15, 9, 26);
const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");

/** Runs `fn` with Date.now pinned to FIXED: the SDK signs with `new Date(Date.now() + clock offset)`. */
async function atFixedTime<T>(fn: () => Promise<T>): Promise<T> {
  const real = Date.now;
  Date.now = () => FIXED;
  try {
    return await fn();
  } finally {
    Date.now = real;
  }
}

const signedNames = (c: Captured): string[] => /SignedHeaders=([^,\s]+)/.exec(headerOf(c, "authorization") ?? "")?.[1]?.split(";") ?? [];
/** Headers a signer adds itself from the URL, the clock and the credentials. */
const ADDED_BY_SIGNER = new Set(["host", "x-amz-date", "x-amz-security-token"]);
const signedHeaders = (c: Captured): Record<string, string> =>
  Object.fromEntries(signedNames(c).filter((n) => !ADDED_BY_SIGNER.has(n)).map((n) => [n, headerOf(c, n) ?? ""]));

interface Case {
  readonly name: string;
  readonly service: "sqs" | "secretsmanager" | "dynamodb" | "s3";
  readonly answer: (c: Captured) => Answer;
  readonly sdk: (endpoint: string) => Promise<unknown>;
  readonly ours: (endpoint: string) => Promise<unknown>;
  /** The part of the result both must agree on. */
  readonly result: (out: unknown) => unknown;
}

const json10 = (value: unknown): Answer => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify(value) });
const json11 = (value: unknown): Answer => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(value) });
const jsonBody = (c: Captured) => JSON.parse(c.body.toString("utf8")) as Record<string, unknown>;

const sdkOptions = (endpoint: string) => ({ endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
const ourOptions = (endpoint: string) => ({ endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 1, now: () => FIXED });

const MESSAGE = JSON.stringify({ source: "lead-sync/stripe-payments", deliveryId: "evt_1", body: "Zoë \u2028 ✓" });
const BODY = Buffer.concat([Buffer.from("claim-check body \u0000\u00ff "), Buffer.alloc(2048, 0xab)]);
const BODY_SHA = createHash("sha256").update(BODY).digest("base64");
const KEY = "bodies/lead-sync/stripe-payments/3f1c2a9e-8b7d-4c6e-9f01-23456789abcd";
const CLAIM: UpdateItemInput = {
  TableName: "martech-prod-webhook-deliveries",
  Key: { deliveryKey: { S: "lead-sync/stripe-payments#crm#evt_1" } },
  UpdateExpression: "SET #state = :inProgress, leaseUntil = :lease, attemptId = :attempt, expiresAt = :exp",
  ConditionExpression: "(attribute_not_exists(rejectedBy) OR NOT contains(rejectedBy, :message)) AND (attribute_not_exists(deliveryKey) OR #state IN (:released, :rejected))",
  ExpressionAttributeNames: { "#state": "state" },
  ExpressionAttributeValues: {
    ":inProgress": { S: "in-progress" }, ":released": { S: "released" }, ":rejected": { S: "rejected" }, ":lease": { N: "1773500966000" },
    ":attempt": { S: "a-1" }, ":exp": { N: "1773846566" }, ":message": { S: "m-1" },
  },
  ReturnValues: "ALL_OLD",
};

const CASES: readonly Case[] = [
  {
    name: "SQS SendMessage",
    service: "sqs",
    answer: (c) => json10({ MessageId: "5fea7756-0ea4-451a-a703-a558b933e274", MD5OfMessageBody: md5(String(jsonBody(c)["MessageBody"])) }),
    sdk: (e) => new SQSClient(sdkOptions(e)).send(new SendMessageCommand({ QueueUrl: `${e}/000000000000/webhooks`, MessageBody: MESSAGE })),
    ours: (e) => createSqsClient(ourOptions(e)).sendMessage({ QueueUrl: `${e}/000000000000/webhooks`, MessageBody: MESSAGE }),
    result: (out) => (out as { MessageId?: string }).MessageId,
  },
  {
    name: "SQS ChangeMessageVisibility",
    service: "sqs",
    answer: () => json10({}),
    sdk: (e) => new SQSClient(sdkOptions(e)).send(new ChangeMessageVisibilityCommand({ QueueUrl: `${e}/000000000000/webhooks`, ReceiptHandle: "AQEB+handle/==", VisibilityTimeout: 42_300 })),
    ours: (e) => createSqsClient(ourOptions(e)).changeMessageVisibility({ QueueUrl: `${e}/000000000000/webhooks`, ReceiptHandle: "AQEB+handle/==", VisibilityTimeout: 42_300 }),
    result: () => undefined,
  },
  {
    name: "Secrets Manager GetSecretValue",
    service: "secretsmanager",
    answer: (c) => json11({ ARN: `arn:aws:secretsmanager:${REGION}:000000000000:secret:x-AbCdEf`, Name: jsonBody(c)["SecretId"], SecretString: '["whsec_test"]', VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: 1_700_000_000 }),
    sdk: (e) => new SecretsManagerClient(sdkOptions(e)).send(new GetSecretValueCommand({ SecretId: "martech/prod/forwarder/lead-sync/stripe-payments" })),
    ours: (e) => createSecretsManagerClient(ourOptions(e)).getSecretValue({ SecretId: "martech/prod/forwarder/lead-sync/stripe-payments" }),
    result: (out) => (out as { SecretString?: string }).SecretString,
  },
  {
    name: "DynamoDB UpdateItem (the idempotency claim)",
    service: "dynamodb",
    answer: () => json10({ Attributes: { state: { S: "released" }, rejectedBy: { SS: ["m-0"] }, leaseUntil: { N: "1" } } }),
    // The same value; the SDK's AttributeValue type is a tagged union (with Uint8Array for B) where ours is plain JSON.
    sdk: (e) => new DynamoDBClient(sdkOptions(e)).send(new UpdateItemCommand(CLAIM as unknown as UpdateItemCommandInput)),
    ours: (e) => createDynamoDbClient(ourOptions(e)).updateItem(CLAIM),
    result: (out) => (out as { Attributes?: unknown }).Attributes,
  },
  {
    name: "DynamoDB GetItem",
    service: "dynamodb",
    answer: () => json10({ Item: { deliveryKey: { S: "k" }, state: { S: "delivered" }, leaseUntil: { N: "12" } } }),
    sdk: (e) => new DynamoDBClient(sdkOptions(e)).send(new GetItemCommand({ TableName: "t", Key: { deliveryKey: { S: "k" } }, ConsistentRead: true })),
    ours: (e) => createDynamoDbClient(ourOptions(e)).getItem({ TableName: "t", Key: { deliveryKey: { S: "k" } }, ConsistentRead: true }),
    result: (out) => (out as { Item?: unknown }).Item,
  },
  {
    name: "S3 PutObject (the claim-check body, with its SHA-256 checksum)",
    service: "s3",
    answer: () => ({ status: 200, headers: { etag: '"0123456789abcdef0123456789abcdef"', "x-amz-checksum-sha256": BODY_SHA } }),
    sdk: (e) => new S3Client({ ...sdkOptions(e), forcePathStyle: true }).send(new PutObjectCommand({
      Bucket: "martech-prod-webhook-bodies-000000000000-eu-west-1", Key: KEY, Body: BODY, ContentLength: BODY.length, ContentType: "application/octet-stream", ChecksumSHA256: BODY_SHA,
    })),
    ours: (e) => createS3Client(ourOptions(e)).putObject({
      Bucket: "martech-prod-webhook-bodies-000000000000-eu-west-1", Key: KEY, Body: BODY, ContentType: "application/octet-stream", ChecksumSHA256: BODY_SHA,
    }),
    result: (out) => (out as { ETag?: string }).ETag,
  },
  {
    name: "S3 GetObject",
    service: "s3",
    answer: () => ({ status: 200, headers: { "content-type": "application/octet-stream", etag: '"e"' }, body: BODY }),
    sdk: async (e) => Buffer.from(await (await new S3Client({ ...sdkOptions(e), forcePathStyle: true }).send(new GetObjectCommand({ Bucket: "martech-prod-webhook-bodies-000000000000-eu-west-1", Key: KEY }))).Body!.transformToByteArray()),
    ours: async (e) => (await createS3Client(ourOptions(e)).getObject({ Bucket: "martech-prod-webhook-bodies-000000000000-eu-west-1", Key: KEY })).Body,
    result: (out) => Buffer.from(out as Buffer).toString("hex"),
  },
];

describe("forwarder AWS clients: the same requests as the AWS SDK's, signed alike (fixed clock)", () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let server: CaptureServer;
      let sdk: Captured;
      let ours: Captured;
      let sdkResult: unknown;
      let ourResult: unknown;

      before(async () => {
        server = await startCaptureServer((req) => c.answer(req));
        sdkResult = await atFixedTime(() => c.sdk(server.endpoint));
        ourResult = await c.ours(server.endpoint);
        assert.equal(server.requests.length, 2);
        [sdk, ours] = server.requests as [Captured, Captured];
      });
      after(() => server.close());

      it("sends what the protocol fixes as the SDK does", () => {
        assert.equal(ours.method, sdk.method);
        assert.equal(ours.target, sdk.target.replace(/\?x-id=\w+$/, ""), "the same path (the SDK adds ?x-id=<Operation> for S3)");
        for (const name of ["host", "x-amz-target", "content-type", "x-amzn-query-mode", "x-amz-date", "x-amz-security-token", "x-amz-checksum-sha256"]) {
          assert.equal(headerOf(ours, name), headerOf(sdk, name), name);
        }
        assert.equal(headerOf(ours, "x-amz-date"), "20260314T150926Z");
        if (c.service === "s3") assert.equal(headerOf(ours, "x-amz-content-sha256"), headerOf(sdk, "x-amz-content-sha256"));
        if (c.service === "s3") assert.ok(ours.body.equals(sdk.body), "the same bytes");
        else assert.deepEqual(jsonBody(ours), jsonBody(sdk));
      });

      it("our signer, over the headers the SDK signed, gives the SDK's Authorization", () => {
        const resigned = signRequest(
          { method: sdk.method, url: new URL(`${server.endpoint}${sdk.target}`), headers: signedHeaders(sdk), body: sdk.body },
          { service: c.service, region: REGION }, CREDENTIALS, new Date(FIXED),
        );
        assert.equal(resigned["authorization"], headerOf(sdk, "authorization"));
      });

      it("the SDK's signer, over the headers we signed, gives our Authorization", async () => {
        assert.deepEqual(signedNames(ours).filter((n) => ADDED_BY_SIGNER.has(n)), ["host", "x-amz-date", "x-amz-security-token"]);
        const url = new URL(`${server.endpoint}${ours.target}`);
        const theirs = await sdkAuthorization({ method: ours.method, host: url.host, path: url.pathname, headers: signedHeaders(ours), body: ours.body }, c.service, REGION, CREDENTIALS, new Date(FIXED));
        assert.equal(headerOf(ours, "authorization"), theirs);
      });

      it("reads the answer into the same result", () => {
        assert.deepEqual(c.result(ourResult), c.result(sdkResult));
      });
    });
  }
});
