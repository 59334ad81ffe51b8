/**
 * Deliver one queued webhook to one downstream target, retrying in-process while that is cheap and
 * handing the message back to SQS ("retry-later") when it is not. Nothing is lost: every outcome that
 * is not "delivered" or "failed-permanently" leaves the message on the queue.
 *
 * Per target (TargetConfig, from the inventory's `forwardTo`):
 * - the body is the vendor's raw bytes, or the target's JSONata `transform` of its JSON
 *   (destinations/transform.ts; a transform failing on this event is permanent: nothing is sent);
 * - credentials come from the target's Secrets Manager secret (destinations/credentialSource.ts) and
 *   go where its API expects them (destinations/authHeaders.ts); OAuth2 tokens come from the token
 *   cache, and a 401 from the target invalidates the token and retries once with a fresh one;
 * - the answer is read by the target kind's classifier (destinations/classify/): a 2xx carrying an
 *   error is not a success, and the failure carries bounded metric tags (reason, error_code).
 *
 * No logging here, on purpose: the body is customer data, headers carry credentials, and the caller
 * owns logs and metrics. The result carries only statuses, counts and low-cardinality names.
 */
import type { TargetAuth } from "../config";
import { CLASSIFIERS, READS_BODY } from "../destinations/classify";
import type { CredentialSource } from "../destinations/credentialSource";
import { placeAuth, tokenRequest, type AuthPlacement } from "../destinations/authHeaders";
import type { AuthCredential, TargetCredentials } from "../destinations/credentials";
import { DEFAULT_IDEMPOTENCY_HEADER, DEFAULT_TRANSFORM_CONTENT_TYPE, isOAuth2, type DestinationKind, type TargetMethod } from "../destinations/kinds";
import type { OAuth2Credential, TokenCache } from "../destinations/oauth2";
import { compileTransform, serializeTransformResult } from "../destinations/transform";
import { errorCodeTag, failReasonForStatus, type ErrorCode, type FailReason } from "../metrics/names";
import {
  backoffDelayMs, classifyError, honoursRetryAfter, parseRetryAfter,
  type AttemptFailure, type Classified, type RetryPolicy,
} from "./retryPolicy";

export { DEFAULT_RETRY_POLICY, type AttemptFailure, type RetryPolicy } from "./retryPolicy";

export interface ForwardTarget {
  url: string;
  /** Per-attempt timeout; also cut short by the overall budget. */
  timeoutMs: number;
  /** Extra headers with fixed values. Content-Type and the idempotency header are set from the request. */
  headers?: Readonly<Record<string, string>>;
  /** How the answer is read; default generic (the status alone). */
  kind?: DestinationKind;
  /** Default POST. */
  method?: TargetMethod;
  auth?: TargetAuth;
  /** Secret with the credentials for `auth` and `secretHeaders`. */
  credentialsSecretId?: string;
  secretHeaders?: readonly string[];
  /** Header carrying the delivery id; default Idempotency-Key. */
  idempotencyHeader?: string;
  /** Content-Type of a transformed body; default application/json. */
  contentType?: string;
  /** JSONata from the vendor's JSON body to the destination's body. */
  transform?: string;
}

export interface ForwardRequest {
  /** Raw bytes exactly as the vendor sent them: forwarded unchanged unless the target transforms them. */
  body: Buffer;
  contentType?: string;
  /** Stable across SQS redeliveries; sent in the target's idempotency header so downstreams can dedupe. */
  deliveryId: string;
}

export interface ForwardPolicy extends RetryPolicy {
  /**
   * Time this call may take, in ms: the Lambda's remaining time minus a safety margin for the
   * caller's own work (logging, metrics, deleting the SQS message). See `budgetFromRemaining`.
   */
  budgetMs: number;
}

export interface ForwardDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Reads targets' credentials secrets; required by targets with `credentialsSecretId`. */
  credentials?: CredentialSource;
  /** OAuth2 access tokens; required by oauth2 targets. */
  tokens?: TokenCache;
}

export type RetryLaterReason = "attempts-exhausted" | "budget-exhausted" | "retry-after-exceeds-budget";

/** The bounded metric tags of a failure: `reason` and, when the destination gave one, `error_code`. */
export interface FailureTags {
  readonly reason: FailReason;
  readonly errorCode?: ErrorCode;
}

export type ForwardResult =
  /** latencyMs: from the call to the 2xx, retries and waits included. */
  | { outcome: "delivered"; status: number; attempts: number; latencyMs: number }
  /**
   * Leave the message on the queue. `lastFailure` is the last attempt's failure (absent if the budget
   * was gone before the first one); `retryAfterMs` is the target's own Retry-After, which the caller
   * may use as the message's visibility timeout; `tags` are the last failure's metric tags.
   */
  | { outcome: "retry-later"; reason: RetryLaterReason; lastFailure?: AttemptFailure; status?: number; retryAfterMs?: number; attempts: number; tags?: FailureTags }
  /** Retrying cannot help (4xx, redirect, bad URL, a refusal in the body, a failing transform): dead-letter it and alert. */
  | { outcome: "failed-permanently"; status?: number; reason: AttemptFailure; attempts: number; tags: FailureTags };

/** Margin left for the caller after forward() returns; comfortably above a DLQ send and a metric flush. */
export const DEFAULT_SAFETY_MARGIN_MS = 3_000;

/** Most of a response body a classifier reads; error bodies are small, and a huge one must not cost memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** Budget from Lambda's `context.getRemainingTimeInMillis()`. */
export const budgetFromRemaining = (remainingMs: number, safetyMarginMs = DEFAULT_SAFETY_MARGIN_MS): number =>
  Math.max(0, remainingMs - safetyMarginMs);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Attempt = Classified & { status?: number; retryAfterMs?: number; tags?: FailureTags; accessToken?: string };

export async function forward(
  target: ForwardTarget,
  request: ForwardRequest,
  policy: ForwardPolicy,
  deps: ForwardDeps = {},
): Promise<ForwardResult> {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  const start = now();
  const deadline = start + Math.max(0, policy.budgetMs);

  // A URL or header fetch refuses fails the same way every time: say so instead of retrying (and
  // instead of throwing: callers get a result, always).
  let url: URL;
  try {
    url = new URL(target.url);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
    if (url.username || url.password) throw new Error("fetch rejects credentials in URLs");
  } catch {
    return permanent("invalid-url", 0, "unexpected_response");
  }

  const shaped = await shapeBody(target, request);
  if (!shaped.ok) return permanent("transform-failed", 0, "transform_error");

  let baseHeaders: Headers;
  try {
    baseHeaders = new Headers(target.headers);
    if (shaped.contentType) baseHeaders.set("content-type", shaped.contentType);
    // Set last so a target's static headers cannot replace it with a key that does not follow the message.
    baseHeaders.set(target.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER, request.deliveryId);
  } catch {
    return permanent("invalid-header", 0, "unexpected_response");
  }

  const kind = target.kind ?? "generic";
  let attempts = 0;
  let refreshedAfter401 = false;
  let last: Attempt | undefined;
  for (;;) {
    const remaining = deadline - now();
    if (remaining < policy.minAttemptMs) return retryLater("budget-exhausted", attempts, last);

    attempts++;
    const timeoutMs = Math.min(target.timeoutMs, remaining);
    const prepared = await prepareAttempt(target, url, baseHeaders, deps, timeoutMs);
    last = prepared.ok
      ? await attempt(doFetch, prepared.url, target.method ?? "POST", prepared.headers, shaped.body, timeoutMs, now, kind)
      : prepared.failure;
    if (prepared.ok && prepared.accessToken !== undefined) last.accessToken = prepared.accessToken;
    if (last.tags === undefined && last.status !== undefined && last.status >= 200 && last.status < 300) {
      return { outcome: "delivered", status: last.status, attempts, latencyMs: now() - start };
    }
    // A 401 to an OAuth2 target: its token may have been revoked or expired early. One fresh token, at once.
    if (last.status === 401 && target.auth && isOAuth2(target.auth.type) && !refreshedAfter401 && last.accessToken !== undefined) {
      refreshedAfter401 = true;
      const credential = prepared.ok ? prepared.oauth2 : undefined;
      if (credential && deps.tokens) deps.tokens.invalidate(tokenRequest(target.auth, credential, timeoutMs), last.accessToken);
      continue;
    }
    if (!last.retryable) {
      return { outcome: "failed-permanently", ...(last.status !== undefined && { status: last.status }), reason: last.failure, attempts, tags: tagsOf(last) };
    }
    if (attempts >= maxAttempts) return retryLater("attempts-exhausted", attempts, last);

    // Budget check uses what the target ASKED for: if it wants longer than we have, waiting the capped
    // time and retrying early would most likely just earn another 429. SQS redelivery waits for free.
    const asked = last.retryAfterMs;
    const wanted = asked ?? backoffDelayMs(attempts - 1, policy, random);
    if (deadline - now() < wanted + policy.minAttemptMs) {
      return retryLater(asked !== undefined ? "retry-after-exceeds-budget" : "budget-exhausted", attempts, last);
    }
    // The cap bounds how long one vendor can park this Lambda even when the budget would allow more.
    await sleep(asked !== undefined ? Math.min(asked, policy.maxRetryAfterMs) : wanted);
  }
}

function permanent(reason: AttemptFailure, attempts: number, tag: FailReason): ForwardResult {
  return { outcome: "failed-permanently", reason, attempts, tags: { reason: tag } };
}

function retryLater(reason: RetryLaterReason, attempts: number, last: Attempt | undefined): ForwardResult {
  return {
    outcome: "retry-later",
    reason,
    attempts,
    ...(last && { lastFailure: last.failure, tags: tagsOf(last) }),
    ...(last?.status !== undefined && { status: last.status }),
    ...(last?.retryAfterMs !== undefined && { retryAfterMs: last.retryAfterMs }),
  };
}

/** A failed attempt's metric tags: the classifier's, or from the status or the network failure. */
function tagsOf(a: Attempt): FailureTags {
  if (a.tags) return a.tags;
  if (a.status !== undefined) return { reason: failReasonForStatus(a.status) };
  if (a.failure === "timeout") return { reason: "timeout" };
  if (a.failure.startsWith("network-") || a.failure === "blocked-port") return { reason: "connection_error" };
  return { reason: "unexpected_response" };
}

// ---- the body ----

type Shaped = { ok: true; body: Buffer; contentType?: string } | { ok: false };

/** The raw body, or the transform of its JSON. A transform failing on this event fails the same way every time. */
async function shapeBody(target: ForwardTarget, request: ForwardRequest): Promise<Shaped> {
  if (target.transform === undefined) {
    const contentType = target.contentType ?? request.contentType;
    return { ok: true, body: request.body, ...(contentType !== undefined && { contentType }) };
  }
  const compiled = compileTransform(target.transform);
  if (!compiled.ok) return { ok: false };
  let input: unknown;
  try {
    input = JSON.parse(request.body.toString("utf8"));
  } catch {
    return { ok: false };
  }
  const result = await compiled.transform.evaluate(input);
  if (!result.ok) return { ok: false };
  return { ok: true, body: Buffer.from(serializeTransformResult(result.value), "utf8"), contentType: target.contentType ?? DEFAULT_TRANSFORM_CONTENT_TYPE };
}

// ---- credentials ----

type Prepared =
  | { ok: true; url: URL; headers: Headers; accessToken?: string; oauth2?: OAuth2Credential }
  | { ok: false; failure: Attempt };

/** Headers and URL of one attempt, with the target's credentials in place (read from cache, so cheap after the first). */
async function prepareAttempt(target: ForwardTarget, url: URL, base: Headers, deps: ForwardDeps, timeoutMs: number): Promise<Prepared> {
  if (target.credentialsSecretId === undefined) return { ok: true, url, headers: base };
  const unavailable: Attempt = { retryable: true, failure: "credentials-unavailable", tags: { reason: "credentials_unavailable" } };
  if (!deps.credentials) return { ok: false, failure: unavailable };
  const got = await deps.credentials.get({
    secretId: target.credentialsSecretId,
    ...(target.auth && { authType: target.auth.type }),
    ...(target.secretHeaders && { headers: target.secretHeaders }),
  });
  if (!got.ok) return { ok: false, failure: unavailable };
  const headers = new Headers(base);
  let placement: AuthPlacement = { headers: {}, query: {} };
  const credential: AuthCredential | undefined = got.credentials.auth;
  try {
    setSecretHeaders(headers, target.secretHeaders ?? [], got.credentials);
    if (target.auth && credential) {
      const placed = await placeAuth(target.auth, credential, deps.tokens, timeoutMs);
      if (!placed.ok) {
        const t = placed.token;
        const code = errorCodeTag(t.errorCode);
        // A token endpoint refusing the grant is the credentials' fault (auth_error); one that is down is not.
        return {
          ok: false,
          failure: { retryable: t.retryable, failure: `token-${t.failure}`, tags: { reason: t.retryable ? "credentials_unavailable" : "auth_error", ...(code && { errorCode: code }) } },
        };
      }
      placement = placed.placement;
    }
    for (const [name, value] of Object.entries(placement.headers)) headers.set(name, value);
    // The idempotency header stays last-written, whatever the credentials hold.
    headers.set(target.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER, base.get(target.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER) ?? "");
  } catch {
    // A header value fetch refuses (a control character in a stored secret): a configuration fix.
    return { ok: false, failure: { retryable: false, failure: "invalid-header", tags: { reason: "credentials_unavailable" } } };
  }
  let withQuery = url;
  if (Object.keys(placement.query).length > 0) {
    withQuery = new URL(url);
    for (const [name, value] of Object.entries(placement.query)) withQuery.searchParams.set(name, value);
  }
  return {
    ok: true,
    url: withQuery,
    headers,
    ...(placement.accessToken !== undefined && { accessToken: placement.accessToken }),
    ...(credential && (credential.type === "oauth2-client-credentials" || credential.type === "oauth2-refresh-token") && { oauth2: credential }),
  };
}

function setSecretHeaders(headers: Headers, names: readonly string[], credentials: TargetCredentials): void {
  for (const name of names) {
    const value = credentials.headers[name.toLowerCase()];
    if (value !== undefined) headers.set(name, value);
  }
}

// ---- one HTTP attempt ----

async function attempt(
  doFetch: typeof fetch, url: URL, method: TargetMethod, headers: Headers, body: Buffer, timeoutMs: number, now: () => number, kind: DestinationKind,
): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(1, timeoutMs));
  try {
    const res = await doFetch(url, { method, headers, body, redirect: "manual", signal: controller.signal });
    // Kinds that need the body read at most MAX_RESPONSE_BYTES of it; the others cancel it, so the
    // socket is released now rather than at garbage collection.
    const json = READS_BODY.has(kind) ? parseJson(await readCapped(res, MAX_RESPONSE_BYTES)) : undefined;
    if (!READS_BODY.has(kind)) await res.body?.cancel().catch(() => undefined);
    const verdict = CLASSIFIERS[kind]({ status: res.status, json });
    const retryAfterMs = honoursRetryAfter(res.status) ? parseRetryAfter(res.headers.get("retry-after"), now()) : null;
    const extra = { status: res.status, ...(retryAfterMs !== null && { retryAfterMs }) };
    if (verdict.ok) return { retryable: false, failure: `http-${res.status}`, ...extra };
    return { retryable: verdict.retryable, failure: verdict.failure, ...extra, tags: { reason: verdict.reason, ...(verdict.errorCode && { errorCode: verdict.errorCode }) } };
  } catch (err) {
    return classifyError(err, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size >= max) {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks).subarray(0, max).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
