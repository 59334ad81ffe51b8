/**
 * What to retry and how long to wait. Pure functions: no I/O, no clock, no randomness of their own
 * (the caller passes `now` and `random`), so the arithmetic is table-testable.
 */

export interface RetryPolicy {
  /** Attempts per invocation, the first one included. SQS redelivery (then the DLQ) takes over after. */
  maxAttempts: number;
  /** Backoff base: the ceiling before retry n (0-based) is min(maxDelayMs, baseDelayMs * 2^n). */
  baseDelayMs: number;
  /** Backoff cap. */
  maxDelayMs: number;
  /** Longest Retry-After we sleep for; a longer one that still fits the budget is slept for this long. */
  maxRetryAfterMs: number;
  /** Do not start an attempt (or a wait followed by one) with less time than this left in the budget. */
  minAttemptMs: number;
}

/**
 * Defaults sized for a consumer Lambda with a timeout of tens of seconds. 4 attempts with full jitter
 * over 250 ms / 500 ms / 1 s ceilings spend at most ~1.75 s sleeping, so a flapping target is retried
 * quickly and a dead one is handed back to SQS (whose visibility timeout is a free, long sleep) instead
 * of burning Lambda time. 10 s covers rate-limit windows of a second to ten seconds; the cap only
 * applies when the full Retry-After still fits the budget (otherwise the message goes back to SQS).
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
  minAttemptMs: 250,
});

/** Low-cardinality description of one failed attempt: safe as a metric tag or log field. */
export type AttemptFailure =
  | `http-${number}` | "timeout" | `network-${string}` | "redirect" | "blocked-port"
  /** Refused before any attempt: fetch would reject the URL or a header value every time. */
  | "invalid-url" | "invalid-header"
  /** A 2xx whose body refuses some of what was sent (Google Ads partialFailureError, Salesforce per-record errors). */
  | "partial-failure"
  /** A 2xx whose body is an error (a Graph API `error` object). */
  | "destination-error"
  /** Nothing sent: the target's transform failed on this event (destinations/transform.ts). */
  | "transform-failed"
  /** Nothing sent: the target's credentials secret could not be read or is malformed. */
  | "credentials-unavailable"
  /** Nothing sent: the OAuth2 token endpoint failed (`token-http-400`, `token-timeout`, `token-network`...). */
  | `token-${string}`;

export interface Classified {
  retryable: boolean;
  failure: AttemptFailure;
}

/**
 * 5xx, 429 and 408 (a timeout reported by the server) are worth retrying; every other non-2xx is
 * permanent: the same bytes will get the same 400 forever. 3xx too: fetch runs with redirect "manual",
 * because following a 301/302 would turn the POST into a GET and drop the body, and a redirect to a
 * login page answered 200 would count as "delivered". A moved endpoint is a configuration fix.
 */
export function classifyStatus(status: number): Classified {
  const failure: AttemptFailure = status >= 300 && status < 400 ? "redirect" : `http-${status}`;
  return { retryable: status >= 500 || status === 429 || status === 408, failure };
}

/** Statuses whose Retry-After we honour (RFC 9110 defines it for 503 and 3xx; RFC 6585 for 429). */
export const honoursRetryAfter = (status: number): boolean => status === 429 || status === 503;

/**
 * fetch() rejects with TypeError("fetch failed") and puts the socket error in `cause` (sometimes an
 * AggregateError when happy-eyeballs tried several addresses). Everything network-level is retryable:
 * resets, refusals, hang-ups, DNS failures (ENOTFOUND, EAI_AGAIN), TLS errors, unknown errors. An
 * unknown error retried a few times and then dead-lettered by SQS loses nothing; a wrong "permanent"
 * would. The one exception is fetch's blocked-port list (e.g. 6000, 6667): that fails forever.
 */
export function classifyError(err: unknown, timedOut: boolean): Classified {
  if (timedOut) return { retryable: true, failure: "timeout" };
  const messages: string[] = [];
  let code: string | undefined;
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (!e || typeof e !== "object" || seen.has(e) || seen.size > 10) return;
    seen.add(e);
    const rec = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (code === undefined && typeof rec.code === "string" && /^[A-Z0-9_]{1,40}$/.test(rec.code)) code = rec.code;
    if (typeof rec.message === "string") messages.push(rec.message);
    visit(rec.cause);
    if (Array.isArray(rec.errors)) rec.errors.forEach(visit);
  };
  visit(err);
  if (messages.includes("bad port")) return { retryable: false, failure: "blocked-port" };
  if (code === undefined && messages.some((m) => /socket hang up/i.test(m))) code = "ECONNRESET";
  return { retryable: true, failure: `network-${code ?? "error"}` };
}

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in
 * [0, min(cap, base * 2^retry)). Full rather than equal jitter because Lambda runs many consumers at
 * once and a burst of failures must not come back as a synchronized burst of retries.
 * `retry` is 0 before the second attempt. `random` must return [0, 1); anything else is clamped into it.
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry)); // 2^1100 = Infinity: min() still caps
  const raw = random();
  const r = raw > 0 ? Math.min(raw, 1 - Number.EPSILON) : 0; // NaN and negatives read as 0
  return Number.isFinite(ceiling) && ceiling > 0 ? Math.floor(r * ceiling) : 0;
}

const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/**
 * Retry-After as milliseconds from `nowMs`, or null when absent or unusable (the caller falls back to
 * backoff). Accepts delta-seconds (digits only: "1.5", "-5", " 3", "1e3" are garbage) and the three
 * RFC 9110 HTTP-date forms, all of which start with a day name; that prefix check keeps Date.parse's
 * leniency ("2024", "1") out. A date in the past means "now": 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000; // 9 digits is ~31 years: longer is not a real header
  if (!HTTP_DATE.test(v)) return null;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}
