/**
 * The forwarder's SigV4 signing (forwarder/aws/signedRequest.ts, which hands the canonical request
 * to `aws4`) against two references:
 * - AWS's published Signature Version 4 test suite: a handful of its vectors, copied as data into
 *   ./sigv4-test-suite (see SOURCE.md there), must give exactly the Authorization AWS lists;
 * - the AWS SDK's own signer (@smithy/signature-v4, what every @aws-sdk/* client signs with): for
 *   generated requests of the kinds the forwarder sends (JSON protocol POSTs, S3 PUT and GET, with
 *   and without a session token), both must produce the same Authorization at the same fixed instant.
 */
import fc from "fast-check";
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsCredentials } from "../../../forwarder/aws/credentials";
import { amzDate, signRequest } from "../../../forwarder/aws/signedRequest";
import { sdkAuthorization } from "./support/sdkSigner";

const SUITE = join(__dirname, "sigv4-test-suite");
const SUITE_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const SUITE_TIME = new Date("2015-08-30T12:36:00Z");

interface Vector {
  readonly name: string;
  readonly method: string;
  readonly host: string;
  readonly path: string;
  /** Lower-case names, as the request gives them (values untrimmed: trimming is the signer's job). */
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly authorization: string;
}

/** A `.req` file: request line, `Name:value` headers, a blank line and the body. */
function readVector(name: string): Vector {
  const raw = readFileSync(join(SUITE, name, `${name}.req`), "utf8");
  const [head, ...rest] = raw.split("\n\n");
  const [requestLine, ...headerLines] = head!.split("\n");
  const [method, ...target] = requestLine!.split(" ");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1);
  }
  return {
    name,
    method: method!,
    path: target.slice(0, -1).join(" "),
    host: headers["host"]!,
    headers,
    body: rest.length ? rest.join("\n\n") : undefined,
    authorization: readFileSync(join(SUITE, name, `${name}.authz`), "utf8").trim(),
  };
}

describe("SigV4 signing: AWS's test-suite vectors", () => {
  const vectors = readdirSync(SUITE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => readVector(d.name));

  it("has the vectors SOURCE.md lists", () => {
    assert.deepEqual(vectors.map((v) => v.name).sort(), [
      "get-header-value-trim", "get-vanilla", "get-vanilla-query-order-key-case", "get-vanilla-query-unreserved",
      "post-header-key-sort", "post-header-value-case", "post-sts-header-before", "post-vanilla", "post-x-www-form-urlencoded",
    ]);
  });

  for (const name of readdirSync(SUITE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    it(name, () => {
      const v = readVector(name);
      // signRequest adds host, x-amz-date and the session token itself: from the URL, the clock and the credentials.
      const { host, "x-amz-date": date, "x-amz-security-token": token, ...headers } = v.headers;
      assert.equal(host, v.host);
      assert.equal(date, amzDate(SUITE_TIME));
      const credentials: AwsCredentials = token === undefined ? SUITE_CREDENTIALS : { ...SUITE_CREDENTIALS, sessionToken: token };
      const signed = signRequest(
        { method: v.method, url: new URL(`https://${v.host}${v.path}`), headers, ...(v.body !== undefined && { body: v.body }) },
        { service: "service", region: "us-east-1" },
        credentials,
        SUITE_TIME,
      );
      assert.equal(signed["authorization"], v.authorization);
      if (token !== undefined) assert.equal(signed["x-amz-security-token"], token, "the token is sent as the header it was signed as");
    });
  }

  it("a wrong secret, another day or another region changes the signature (the vectors are not passing by accident)", () => {
    const v = readVector("get-vanilla");
    const sign = (credentials: AwsCredentials, at: Date, region: string) =>
      signRequest({ method: "GET", url: new URL(`https://${v.host}/`), headers: {} }, { service: "service", region }, credentials, at)["authorization"];
    assert.equal(sign(SUITE_CREDENTIALS, SUITE_TIME, "us-east-1"), v.authorization);
    assert.notEqual(sign({ ...SUITE_CREDENTIALS, secretAccessKey: "x" }, SUITE_TIME, "us-east-1"), v.authorization);
    assert.notEqual(sign(SUITE_CREDENTIALS, new Date("2015-08-31T12:36:00Z"), "us-east-1"), v.authorization);
    assert.notEqual(sign(SUITE_CREDENTIALS, SUITE_TIME, "eu-west-1"), v.authorization);
  });
});

describe("SigV4 signing: the same Authorization as the AWS SDK's signer", () => {
  const token = fc.stringMatching(/^[A-Za-z0-9+/=]{16,64}$/);
  const headerValue = fc.stringMatching(/^[ -~]{0,40}$/);
  /** Header names the forwarder's requests carry, and custom ones; none the SDK refuses to sign. */
  const headerName = fc.oneof(
    fc.constantFrom("content-type", "content-length", "x-amz-target", "x-amzn-query-mode", "x-amz-checksum-sha256", "x-amz-meta-source"),
    fc.stringMatching(/^x-[a-z][a-z0-9-]{0,15}$/),
  );
  const request = fc.record({
    service: fc.constantFrom("sqs", "secretsmanager", "dynamodb", "s3"),
    region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"),
    method: fc.constantFrom("GET", "POST", "PUT"),
    host: fc.constantFrom("sqs.eu-west-1.amazonaws.com", "bucket-1.s3.us-east-1.amazonaws.com", "127.0.0.1:4566"),
    // Segments as the forwarder's are: never "." or ".." (which URL and aws4 resolve, and the SDK signs as given).
    path: fc.oneof(fc.constant("/"), fc.stringMatching(/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}){1,4}$/)),
    headers: fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
    body: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    sessionToken: fc.option(token, { nil: undefined }),
    at: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(Math.floor(ms / 1000) * 1000)),
  });

  it("for generated requests of the forwarder's kinds (fixed seed)", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const credentials: AwsCredentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ...(r.sessionToken && { sessionToken: r.sessionToken }) };
        const headers: Record<string, string> = { ...r.headers };
        // S3 requires the payload hash header, and both signers then sign that value as the payload.
        if (r.service === "s3") headers["x-amz-content-sha256"] = createHash("sha256").update(r.body ?? "").digest("hex");
        const ours = signRequest({ method: r.method, url: new URL(`https://${r.host}${r.path}`), headers, ...(r.body !== undefined && { body: r.body }) }, { service: r.service, region: r.region }, credentials, r.at);
        const theirs = await sdkAuthorization({ method: r.method, host: r.host, path: r.path, headers, body: r.body }, r.service, r.region, credentials, r.at);
        assert.equal(ours["authorization"], theirs);
      }),
      { seed: 1_740_017, numRuns: 300 },
    );
  });
});
