/**
 * Deliver one queued webhook to one downstream target, retrying in-process while that is cheap and
 * handing the message back to SQS ("retry-later") when it is not. Nothing is lost: every outcome that
 * is not "delivered" or "failed-permanently" leaves the message on the queue.
 *
 * No logging here, on purpose: the body is customer data and the caller owns logs and metrics. The
 * result carries only statuses, counts and low-cardinality failure names.
 */
import {
  backoffDelayMs, classifyError, classifyStatus, honoursRetryAfter, parseRetryAfter,
  type AttemptFailure, type Classified, type RetryPolicy,
} from "./retryPolicy";

export { DEFAULT_RETRY_POLICY, type AttemptFailure, type RetryPolicy } from "./retryPolicy";

export interface ForwardTarget {
  url: string;
  /** Per-attempt timeout; also cut short by the overall budget. */
  timeoutMs: number;
  /** Static headers such as Authorization. Content-Type and Idempotency-Key are set from the request. */
  headers?: Record<string, string>;
}

export interface ForwardRequest {
  /** Raw bytes exactly as the vendor sent them: forwarded unchanged. */
  body: Buffer;
  contentType?: string;
  /** Stable across SQS redeliveries; sent as Idempotency-Key so downstreams can dedupe. */
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
}

export type RetryLaterReason = "attempts-exhausted" | "budget-exhausted" | "retry-after-exceeds-budget";

export type ForwardResult =
  /** latencyMs: from the call to the 2xx, retries and waits included. */
  | { outcome: "delivered"; status: number; attempts: number; latencyMs: number }
  /**
   * Leave the message on the queue. `lastFailure` is the last attempt's failure (absent if the budget
   * was gone before the first one); `retryAfterMs` is the target's own Retry-After, which the caller
   * may use as the message's visibility timeout.
   */
  | { outcome: "retry-later"; reason: RetryLaterReason; lastFailure?: AttemptFailure; status?: number; retryAfterMs?: number; attempts: number }
  /** Retrying cannot help (4xx, redirect, bad URL): dead-letter it and alert. */
  | { outcome: "failed-permanently"; status?: number; reason: AttemptFailure; attempts: number };

/** Margin left for the caller after forward() returns; comfortably above a DLQ send and a metric flush. */
export const DEFAULT_SAFETY_MARGIN_MS = 3_000;

/** Budget from Lambda's `context.getRemainingTimeInMillis()`. */
export const budgetFromRemaining = (remainingMs: number, safetyMarginMs = DEFAULT_SAFETY_MARGIN_MS): number =>
  Math.max(0, remainingMs - safetyMarginMs);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Attempt = Classified & { status?: number; retryAfterMs?: number };

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
    return { outcome: "failed-permanently", reason: "invalid-url", attempts: 0 };
  }
  let headers: Headers;
  try {
    headers = new Headers(target.headers);
    if (request.contentType) headers.set("content-type", request.contentType);
    // Set last so a target's static headers cannot replace it with a key that does not follow the message.
    headers.set("idempotency-key", request.deliveryId);
  } catch {
    return { outcome: "failed-permanently", reason: "invalid-header", attempts: 0 };
  }

  let attempts = 0;
  let last: Attempt | undefined;
  for (;;) {
    const remaining = deadline - now();
    if (remaining < policy.minAttemptMs) return retryLater("budget-exhausted", attempts, last);

    attempts++;
    last = await attempt(doFetch, url, headers, request.body, Math.min(target.timeoutMs, remaining), now);
    if (last.status !== undefined && last.status >= 200 && last.status < 300) {
      return { outcome: "delivered", status: last.status, attempts, latencyMs: now() - start };
    }
    if (!last.retryable) {
      return { outcome: "failed-permanently", ...(last.status !== undefined && { status: last.status }), reason: last.failure, attempts };
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

function retryLater(reason: RetryLaterReason, attempts: number, last: Attempt | undefined): ForwardResult {
  return {
    outcome: "retry-later",
    reason,
    attempts,
    ...(last && { lastFailure: last.failure }),
    ...(last?.status !== undefined && { status: last.status }),
    ...(last?.retryAfterMs !== undefined && { retryAfterMs: last.retryAfterMs }),
  };
}

async function attempt(
  doFetch: typeof fetch, url: URL, headers: Headers, body: Buffer, timeoutMs: number, now: () => number,
): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(1, timeoutMs));
  try {
    const res = await doFetch(url, { method: "POST", headers, body, redirect: "manual", signal: controller.signal });
    // The status is the acknowledgement; the body is not needed. Cancel it so the socket is released
    // now rather than at garbage collection.
    await res.body?.cancel().catch(() => undefined);
    const classified = classifyStatus(res.status);
    const retryAfterMs = honoursRetryAfter(res.status) ? parseRetryAfter(res.headers.get("retry-after"), now()) : null;
    return { ...classified, status: res.status, ...(retryAfterMs !== null && { retryAfterMs }) };
  } catch (err) {
    return classifyError(err, timedOut);
  } finally {
    clearTimeout(timer);
  }
}
