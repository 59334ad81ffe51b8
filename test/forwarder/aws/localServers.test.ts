/**
 * The local AWS stand-ins the forwarder's tests, drills and `npm run serve:forwarder` run against
 * (forwarder/serve/sqsLocal.ts, s3Local.ts, the tests' Secrets Manager server, dynalite) accept a
 * request only in the form AWS documents: the right method, Content-Type and X-Amz-Target, and a
 * SigV4 Authorization for that service with its X-Amz-Date (forwarder/serve/sigv4Presence.ts).
 * Each row takes a correctly signed request and breaks one thing; the unbroken one is accepted.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest } from "../../../forwarder/aws/signedRequest";
import { startS3Server, type S3Server } from "../../../forwarder/serve/s3Local";
import { startSecretsServer, type SecretsServer } from "../support/secretsServer";
import { startSqsServer, type SqsServer } from "../support/sqsServer";
import { TEST_CREDENTIALS } from "../support/awsClients";

interface Raw {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
type Breakage = (signed: Raw) => Raw;

async function send(endpoint: string, r: Raw): Promise<{ status: number; text: string }> {
  // fetch sets Host and Content-Length itself (the same values as signed).
  const { "content-length": _length, ...headers } = r.headers;
  const res = await fetch(`${endpoint}${r.path}`, { method: r.method, headers, ...(r.method !== "GET" && { body: r.body }) });
  return { status: res.status, text: await res.text() };
}

/** A correctly signed request for `service` on `endpoint`. */
function signed(endpoint: string, service: string, method: string, path: string, headers: Record<string, string>, body: string): Raw {
  const url = new URL(`${endpoint}${path}`);
  const all = signRequest({ method, url, headers: { ...headers, ...(body && { "content-length": String(Buffer.byteLength(body)) }) }, body }, { service, region: "us-east-1" }, TEST_CREDENTIALS, new Date());
  const { host: _host, ...rest } = all;
  return { method, path, headers: rest, body };
}

const without = (name: string): Breakage => (r) => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== name)) });
const withHeader = (name: string, value: string): Breakage => (r) => ({ ...r, headers: { ...r.headers, [name]: value } });
const scopedTo = (service: string): Breakage => (r) => ({ ...r, headers: { ...r.headers, authorization: r.headers["authorization"]!.replace(/\/[a-z0-9-]+\/aws4_request/, `/${service}/aws4_request`) } });

/** Unsigned, signed for another service, without its date, a non-SigV4 Authorization. */
const SIGNATURE_BREAKAGES: [string, Breakage, RegExp][] = [
  ["no Authorization", without("authorization"), /MissingAuthenticationToken|Access Denied/],
  ["a SigV2-style Authorization", withHeader("authorization", "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="), /MissingAuthenticationToken|Access Denied/],
  ["signed for another service", scopedTo("lambda"), /IncompleteSignature|scoped to correct service/],
  ["no X-Amz-Date", without("x-amz-date"), /IncompleteSignature|X-Amz-Date/],
];

describe("local AWS stand-ins accept only what AWS documents", () => {
  let sqs: SqsServer;
  let s3: S3Server;
  let secrets: SecretsServer;
  let dynalite: Server;
  let dynaliteEndpoint: string;

  before(async () => {
    [sqs, s3, secrets] = await Promise.all([startSqsServer(), startS3Server(), startSecretsServer({ "forwarder/x": "whsec_x" })]);
    s3.createBucket("b");
    const start = require("dynalite") as (options: object) => Server;
    dynalite = start({ createTableMs: 0 });
    await new Promise<void>((resolve) => dynalite.listen(0, "127.0.0.1", resolve));
    dynaliteEndpoint = `http://127.0.0.1:${(dynalite.address() as AddressInfo).port}`;
  });
  after(async () => {
    dynalite.closeAllConnections();
    await Promise.all([sqs.close(), s3.close(), secrets.close(), new Promise<void>((r) => dynalite.close(() => r()))]);
  });

  const json = (endpoint: () => string, service: string, target: string, version: "1.0" | "1.1", body: object) => () =>
    signed(endpoint(), service, "POST", "/", { "content-type": `application/x-amz-json-${version}`, "x-amz-target": target }, JSON.stringify(body));

  const services: { name: string; endpoint: () => string; request: () => Raw; ok: number; protocol: [string, Breakage, number][]; unchecked?: string[] }[] = [
    {
      name: "SQS (sqsLocal)",
      endpoint: () => sqs.endpoint,
      request: json(() => sqs.endpoint, "sqs", "AmazonSQS.SendMessage", "1.0", { QueueUrl: "http://x/0/q", MessageBody: "m" }),
      ok: 200,
      protocol: [
        ["Content-Type application/json", withHeader("content-type", "application/json"), 400],
        ["an X-Amz-Target without the AmazonSQS prefix", withHeader("x-amz-target", "SendMessage"), 400],
        ["an unknown operation", withHeader("x-amz-target", "AmazonSQS.PurgeEverything"), 400],
      ],
    },
    {
      name: "Secrets Manager (test server)",
      endpoint: () => secrets.endpoint,
      request: json(() => secrets.endpoint, "secretsmanager", "secretsmanager.GetSecretValue", "1.1", { SecretId: "forwarder/x" }),
      ok: 200,
      protocol: [
        ["Content-Type application/x-amz-json-1.0", withHeader("content-type", "application/x-amz-json-1.0"), 400],
        ["another operation", withHeader("x-amz-target", "secretsmanager.DeleteSecret"), 400],
      ],
    },
    {
      name: "DynamoDB (dynalite)",
      endpoint: () => dynaliteEndpoint,
      request: json(() => dynaliteEndpoint, "dynamodb", "DynamoDB_20120810.ListTables", "1.0", {}),
      ok: 200,
      protocol: [
        ["an unknown X-Amz-Target", withHeader("x-amz-target", "DynamoDB_20120810.Nope"), 400],
        ["Content-Type text/plain", withHeader("content-type", "text/plain"), 404],
      ],
      // dynalite (a third-party emulator) does not look at the credential scope; DynamoDB does.
      unchecked: ["signed for another service"],
    },
    {
      name: "S3 (s3Local)",
      endpoint: () => s3.endpoint,
      request: () => {
        const body = "claim";
        const sha = createHash("sha256").update(body).digest("hex");
        return signed(s3.endpoint, "s3", "PUT", "/b/bodies/k", { "content-type": "application/octet-stream", "x-amz-content-sha256": sha }, body);
      },
      ok: 200,
      protocol: [
        ["no x-amz-content-sha256", without("x-amz-content-sha256"), 400],
        ["an x-amz-content-sha256 of other bytes", withHeader("x-amz-content-sha256", "0".repeat(64)), 400],
      ],
    },
  ];

  for (const s of services) {
    describe(s.name, () => {
      it("accepts a correctly signed request", async () => {
        const res = await send(s.endpoint(), s.request());
        assert.equal(res.status, s.ok, res.text);
      });
      for (const [label, breakage, message] of SIGNATURE_BREAKAGES.filter(([label]) => !s.unchecked?.includes(label))) {
        it(`refuses ${label}`, async () => {
          const res = await send(s.endpoint(), breakage(s.request()));
          assert.ok(res.status === 400 || res.status === 403, `${res.status} ${res.text}`);
          assert.match(res.text, message);
        });
      }
      for (const [label, breakage, status] of s.protocol) {
        it(`refuses ${label} (${status})`, async () => {
          const res = await send(s.endpoint(), breakage(s.request()));
          assert.equal(res.status, status, res.text);
        });
      }
    });
  }
});
