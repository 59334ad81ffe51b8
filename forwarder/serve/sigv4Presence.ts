/**
 * What the local AWS stand-ins (./sqsLocal.ts, ./s3Local.ts, the tests' Secrets Manager server)
 * ask of a request's signature before they answer it, as AWS does: an `Authorization` header in
 * SigV4 form whose credential scope names this service, a `Signature` of 64 hex digits,
 * `SignedHeaders` that include `host`, and an `X-Amz-Date` in ISO 8601 basic format on the scope's
 * day. The signature itself is not recomputed (the stand-ins know no secret key); the SDK-equivalence
 * tests (test/forwarder/aws) check the signatures.
 *
 * Errors as the JSON services answer them (Common Errors: MissingAuthenticationToken,
 * IncompleteSignature, e.g. https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html;
 * dynalite, a faithful DynamoDB emulator, answers the same `com.amazon.coral.service#...` types with 400).
 */
import type { IncomingHttpHeaders } from "node:http";

export interface SignatureProblem {
  readonly type: "MissingAuthenticationTokenException" | "IncompleteSignatureException";
  readonly message: string;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function signatureProblem(headers: IncomingHttpHeaders, service: string): SignatureProblem | undefined {
  const auth = String(headers.authorization ?? "");
  if (!auth.startsWith("AWS4-")) return { type: "MissingAuthenticationTokenException", message: "Request is missing Authentication Token" };
  const m = AUTH.exec(auth);
  if (!m) return { type: "IncompleteSignatureException", message: `Authorization header is not a SigV4 header: Credential, SignedHeaders and Signature are required` };
  const [, , day, , scopeService, signedHeaders] = m;
  if (scopeService !== service) return { type: "IncompleteSignatureException", message: `Credential should be scoped to correct service: '${service}'` };
  if (!signedHeaders!.split(";").includes("host")) return { type: "IncompleteSignatureException", message: "'Host' must be a 'SignedHeader' in the AWS Authorization" };
  const date = String(headers["x-amz-date"] ?? "");
  if (!/^\d{8}T\d{6}Z$/.test(date)) return { type: "IncompleteSignatureException", message: "Authorization header requires an 'X-Amz-Date' header in ISO 8601 basic format" };
  if (date.slice(0, 8) !== day) return { type: "IncompleteSignatureException", message: `Credential should be scoped to a valid date: '${date.slice(0, 8)}'` };
  return undefined;
}
