/**
 * Retries as the AWS SDKs' standard retry mode makes them, with the parameters of the updated
 * ("2026") behaviour that the pinned SDK (@aws-sdk/* 3.11xx, @smithy/core's retry module) already
 * applies, so a call fails and waits as it did with the SDK:
 *
 * - at most 3 attempts (DynamoDB 4), only for throttling and transient errors:
 *   throttling = HTTP 429 or a throttling code (THROTTLING_ERROR_CODES);
 *   transient  = HTTP 500/502/503/504, a timeout code, or a connection error (ECONNRESET,
 *                ECONNREFUSED, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN);
 *   anything else (4xx, other 5xx, an abort) is not retried;
 * - before retry i (0-based): exponential backoff with full jitter, random() * min(base * 2^i, 20 s),
 *   base 1,000 ms after throttling, else 50 ms (DynamoDB 25 ms); a server hint (x-amz-retry-after
 *   in ms, Retry-After) lengthens the wait up to the hint, by at most 5 s more than the backoff;
 * - a retry quota per client: 500 tokens, a retry costs 14 (5 after throttling); a success gives
 *   back what its last retry cost (1 when it needed none); no retry while the tokens are short, so
 *   a client stops adding load to a service that is failing everything.
 * Sources: AWS SDKs and Tools Reference Guide, "Retry behavior"
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html); AWS Developer
 * Tools Blog, "Announcing updated retry behavior for AWS SDKs and Tools"; the pinned SDK's
 * node_modules/@smithy/core/dist-cjs/submodules/retry/index.js (constants and classification).
 *
 * The jitter (`random`) and the wait (`delay`) are injected, so tests run without real sleeps.
 */
import { abortError } from "./errors";

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 50;
export const THROTTLING_BASE_DELAY_MS = 1_000;
export const MAX_BACKOFF_MS = 20_000;
/** The longest a server hint may stretch a wait past the computed backoff. */
export const MAX_HINT_EXTENSION_MS = 5_000;
export const RETRY_QUOTA_TOKENS = 500;
export const TRANSIENT_RETRY_COST = 14;
export const THROTTLING_RETRY_COST = 5;
export const NO_RETRY_INCREMENT = 1;

export const THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set([
  "BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException", "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
  "SlowDown", "ThrottledException", "Throttling", "ThrottlingException", "TooManyRequestsException", "TransactionInProgressException",
]);
const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

export type ErrorKind = "throttling" | "transient" | "server" | "client";

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  retryAfterMs?: unknown;
}

const statusOf = (e: ErrorLike): number | undefined => (typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined);

function isTransient(err: unknown, depth = 0): boolean {
  const e = (err ?? {}) as ErrorLike;
  if (typeof err !== "object" || err === null || e.name === "AbortError") return false;
  return TRANSIENT_ERROR_CODES.has(String(e.name))
    || CONNECTION_ERROR_CODES.has(String(e.code))
    || TRANSIENT_STATUS.has(statusOf(e) ?? 0)
    // A signature that expired in transit is worth signing again.
    || (e.name === "InvalidSignatureException" && String(e.message).includes("Signature expired"))
    || (e.cause !== undefined && depth < 10 && isTransient(e.cause, depth + 1));
}

/** How the SDK's standard mode sees a failure (its getRetryErrorType). */
export function classifyError(err: unknown): ErrorKind {
  const e = (err ?? {}) as ErrorLike;
  if (typeof err === "object" && err !== null && (statusOf(e) === 429 || THROTTLING_ERROR_CODES.has(String(e.name)))) return "throttling";
  if (isTransient(err)) return "transient";
  const status = statusOf(e);
  return status !== undefined && status >= 500 ? "server" : "client";
}

/** The wait before retry `retryIndex` (0 for the first retry). */
export function retryDelayMs(err: unknown, kind: ErrorKind, retryIndex: number, baseDelayMs: number, random: () => number): number {
  const base = kind === "throttling" ? THROTTLING_BASE_DELAY_MS : baseDelayMs;
  const backoff = Math.floor(random() * Math.min(base * 2 ** retryIndex, MAX_BACKOFF_MS));
  const hint = (err as ErrorLike | null)?.retryAfterMs;
  const wait = typeof hint === "number" && Number.isFinite(hint) ? Math.max(backoff, Math.min(hint, backoff + MAX_HINT_EXTENSION_MS)) : backoff;
  return Math.min(MAX_BACKOFF_MS, wait);
}

/** The per-client token bucket that stops retries when most calls fail. */
export class RetryQuota {
  tokens = RETRY_QUOTA_TOKENS;

  /** Takes a retry's cost and returns it, or undefined when the quota cannot pay for one. */
  take(kind: ErrorKind): number | undefined {
    const cost = kind === "throttling" ? THROTTLING_RETRY_COST : TRANSIENT_RETRY_COST;
    if (this.tokens < cost) return undefined;
    this.tokens -= cost;
    return cost;
  }

  /** A success: gives back the cost of the retry that got it, or NO_RETRY_INCREMENT. */
  success(lastRetryCost: number | undefined): void {
    this.tokens = Math.min(RETRY_QUOTA_TOKENS, this.tokens + (lastRetryCost ?? NO_RETRY_INCREMENT));
  }
}

export interface RetryConfig {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random: () => number;
  /** Waits ms (rejecting if the signal fires first); default a timer. */
  readonly delay: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A real wait that an abort ends early (with the SDK's AbortError). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function recordAttempts(err: unknown, attempts: number, totalRetryDelay: number): void {
  if (typeof err !== "object" || err === null || !Object.isExtensible(err)) return;
  const e = err as { $metadata?: Record<string, unknown> };
  e.$metadata = { ...(e.$metadata ?? {}), attempts, totalRetryDelay };
}

/** Runs `attempt` until it succeeds or the rules above say stop; the last error is thrown with $metadata.attempts. */
export async function withRetries<T>(attempt: () => Promise<T>, config: RetryConfig, quota: RetryQuota, signal?: AbortSignal): Promise<T> {
  let attempts = 0;
  let totalRetryDelay = 0;
  let lastCost: number | undefined;
  for (;;) {
    attempts++;
    try {
      const result = await attempt();
      quota.success(lastCost);
      return result;
    } catch (err) {
      recordAttempts(err, attempts, totalRetryDelay);
      if (signal?.aborted) throw (err as ErrorLike | null)?.name === "AbortError" ? err : abortError(signal);
      const kind = classifyError(err);
      if ((kind !== "throttling" && kind !== "transient") || attempts >= config.maxAttempts) throw err;
      const cost = quota.take(kind);
      if (cost === undefined) throw err;
      lastCost = cost;
      const wait = retryDelayMs(err, kind, attempts - 1, config.baseDelayMs, config.random);
      await config.delay(wait, signal);
      totalRetryDelay += wait;
    }
  }
}
