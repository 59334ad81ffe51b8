/**
 * One AWS request, signed with Signature Version 4 and sent once over node:http(s).
 *
 * Signing is the `aws4` package's (github.com/mhart/aws4, tested against AWS's published SigV4
 * test suite; test/forwarder/aws/sigv4.test.ts runs a handful of those vectors and compares with
 * the SDK's own signer). What is signed (AWS General Reference, "Create a signed AWS API request":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-signed-request-examples.html):
 * the method, the path, the query, every header given here plus `host`, `x-amz-date` and, with
 * temporary credentials, `x-amz-security-token` (added here, so aws4 is told to add nothing:
 * what is signed is exactly what is sent), and the SHA-256 of the body (or the caller's
 * `x-amz-content-sha256`, which S3 requires). The clock is the caller's, so a test signs at a fixed instant.
 *
 * node:https is required at the first https request, not at import: the cold start of a Lambda
 * bundle does not pay for TLS before it needs it.
 */
import type { IncomingHttpHeaders } from "node:http";
import { RequestSigner } from "aws4";
import type { AwsCredentials } from "./credentials";

export interface UnsignedRequest {
  readonly method: string;
  /** Origin, path and query, already percent-encoded as they go on the wire. */
  readonly url: URL;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

export interface SigningScope {
  /** The signing name: sqs, secretsmanager, dynamodb, s3. */
  readonly service: string;
  readonly region: string;
}

export interface AwsHttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** `20150830T123600Z`: SigV4's ISO 8601 basic format, in UTC. */
export const amzDate = (at: Date): string => at.toISOString().replace(/[:-]|\.\d{3}/g, "");

/** The request's headers plus host, x-amz-date, x-amz-security-token and authorization (lower-case names). */
export function signRequest(req: UnsignedRequest, scope: SigningScope, credentials: AwsCredentials, at: Date): Record<string, string> {
  const datetime = amzDate(at);
  const headers: Record<string, string> = {
    ...req.headers,
    host: req.url.host,
    "x-amz-date": datetime,
    ...(credentials.sessionToken && { "x-amz-security-token": credentials.sessionToken }),
  };
  const signer = new RequestSigner(
    {
      method: req.method,
      host: req.url.host,
      path: req.url.pathname + req.url.search,
      headers,
      ...(req.body !== undefined && { body: req.body }),
      service: scope.service,
      region: scope.region,
      doNotModifyHeaders: true,
    },
    credentials,
  );
  // With doNotModifyHeaders aws4 reads no date from the headers: the signing instant is set here.
  signer.datetime = datetime;
  return { ...headers, authorization: signer.authHeader() };
}

type Transport = Pick<typeof import("node:http"), "request">;
let https: Transport | undefined;
let http: Transport | undefined;
const transportFor = (url: URL): Transport =>
  url.protocol === "https:" ? (https ??= require("node:https") as Transport) : (http ??= require("node:http") as Transport);

/** Sends once; resolves with any status (the caller decides what an error is), rejects on a network failure or an abort. */
export function sendRequest(url: URL, method: string, headers: Readonly<Record<string, string>>, body: Buffer | string | undefined, signal?: AbortSignal): Promise<AwsHttpResponse> {
  return new Promise((resolve, reject) => {
    const req = transportFor(url).request(url, { method, headers, ...(signal && { signal }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
