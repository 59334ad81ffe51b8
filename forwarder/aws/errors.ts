/**
 * A failed AWS call as the SDK v3 surfaces it, so the code that classifies errors (a DynamoDB
 * ConditionalCheckFailedException, S3's NoSuchKey, the retry rules in ./retry.ts, errorForLog in
 * ingress/log.ts) reads the same fields: `name` is the service's error code, `$fault` "client" or
 * "server", `$metadata.httpStatusCode` / `requestId` / `attempts` / `totalRetryDelay`.
 *
 * Where the code comes from:
 * - AWS JSON 1.0 / 1.1 (SQS, Secrets Manager, DynamoDB): the body's `__type` (or `code`), else the
 *   `x-amzn-ErrorType` header, trimmed of a namespace (`com.amazonaws.dynamodb.v20120810#`) and of a
 *   `:`-suffix (the SDK's sanitizeErrorCode in @smithy/core/protocols does the same). SQS's JSON
 *   protocol also sends its older query code in `x-amzn-query-error` (`AWS.SimpleQueueService.NonExistentQueue;Sender`),
 *   kept as `Code` (SQS Developer Guide, "Interpreting Amazon SQS JSON API responses":
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html).
 * - S3 REST: the XML error document's <Code> (Amazon S3 API Reference, "Error responses":
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); a response without a body
 *   (HEAD) is named after its status, NotFound for 404, as the SDK does.
 */

export interface AwsErrorMetadata {
  readonly httpStatusCode: number;
  readonly requestId?: string;
  attempts: number;
  totalRetryDelay: number;
}

export class AwsError extends Error {
  override readonly name: string;
  readonly $fault: "client" | "server";
  readonly $metadata: AwsErrorMetadata;
  /** SQS: the query-protocol code from `x-amzn-query-error`. */
  readonly Code?: string;
  /** How long the service asked us to wait before retrying (x-amz-retry-after, Retry-After), in ms. */
  readonly retryAfterMs?: number;

  constructor(name: string, message: string, status: number, extra: { requestId?: string; code?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? "server" : "client";
    this.$metadata = { httpStatusCode: status, ...(extra.requestId && { requestId: extra.requestId }), attempts: 1, totalRetryDelay: 0 };
    if (extra.code) this.Code = extra.code;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` -> `ResourceNotFoundException`. */
export function sanitizeErrorCode(raw: string): string {
  let code = raw.split(",")[0]!.split(":")[0]!;
  if (code.includes("#")) code = code.split("#")[1]!;
  return code.trim();
}

/** x-amz-retry-after (milliseconds), else Retry-After (seconds or an HTTP date), as ms from `now`. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const amz = Number(one(headers["x-amz-retry-after"]));
  if (one(headers["x-amz-retry-after"]) !== undefined && Number.isFinite(amz)) return Math.max(0, amz);
  const ra = one(headers["retry-after"])?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const requestIdOf = (headers: Headers) => one(headers["x-amzn-requestid"]) ?? one(headers["x-amz-request-id"]);

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(body.toString("utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The error of an AWS JSON protocol response (status >= 300). */
export function jsonProtocolError(status: number, headers: Headers, body: Buffer, now: number): AwsError {
  const data = parseJson(body);
  const raw = typeof data.__type === "string" ? data.__type : typeof data.code === "string" ? data.code : one(headers["x-amzn-errortype"]);
  const message = typeof data.message === "string" ? data.message : typeof data.Message === "string" ? data.Message : "UnknownError";
  const queryCode = one(headers["x-amzn-query-error"])?.split(";")[0];
  const requestId = requestIdOf(headers);
  const wait = retryAfterMs(headers, now);
  return new AwsError(raw ? sanitizeErrorCode(raw) : "Unknown", message, status, {
    ...(requestId && { requestId }),
    ...(queryCode && { code: queryCode }),
    ...(wait !== undefined && { retryAfterMs: wait }),
  });
}

const STATUS_NAMES: Readonly<Record<number, string>> = { 301: "MovedPermanently", 400: "BadRequest", 403: "Forbidden", 404: "NotFound", 412: "PreconditionFailed" };
const xmlText = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
const unescapeXml = (s: string) => s.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_m, e: string) =>
  e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCharCode(Number(e.slice(1))));

/** The error of an S3 REST response (status >= 300). */
export function s3Error(status: number, headers: Headers, body: Buffer, now: number): AwsError {
  const xml = body.toString("utf8");
  const code = xmlText(xml, "Code");
  const message = xmlText(xml, "Message");
  const requestId = xmlText(xml, "RequestId") ?? requestIdOf(headers);
  const wait = retryAfterMs(headers, now);
  return new AwsError(code ? unescapeXml(code) : (STATUS_NAMES[status] ?? "Unknown"), message ? unescapeXml(message) : "UnknownError", status, {
    ...(requestId && { requestId }),
    ...(wait !== undefined && { retryAfterMs: wait }),
  });
}

/** What `fetch`-style callers see when their signal fires: the SDK's name for it. */
export function abortError(signal: AbortSignal): Error {
  const err = new Error("Request aborted", { cause: signal.reason });
  err.name = "AbortError";
  return err;
}
