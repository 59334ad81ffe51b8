/**
 * How long to wait before the next attempt. A server that says when to come back is obeyed:
 * `Retry-After` (seconds or an HTTP-date), else, on a 429 only, Datadog's `X-RateLimit-Reset` or
 * PagerDuty's `ratelimit-reset` (both seconds until the window resets; Datadog sends them on every
 * response of a rate-limited endpoint, so after a 5xx they say nothing about when to retry). Otherwise exponential backoff with
 * full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"), so clients that failed
 * together do not retry together.
 */

export const BACKOFF = { baseMs: 500, capMs: 20_000 };

export interface DelayInput {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  /** HTTP status of the failed attempt; absent for a timeout or network error. */
  readonly status?: number;
  readonly headers?: Headers;
  readonly random: () => number;
  readonly now?: () => number;
}

export function retryDelayMs({ attempt, status, headers, random, now = Date.now }: DelayInput): number {
  const told = headers ? serverDelayMs(headers, now(), status) : undefined;
  if (told !== undefined) return told;
  const ceiling = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The wait the server asked for, in ms, or undefined when it did not say (or said nonsense). */
export function serverDelayMs(headers: Headers, nowMs: number, status: number | undefined): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  if (status !== 429) return undefined;
  const reset = (headers.get("x-ratelimit-reset") ?? headers.get("ratelimit-reset"))?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset) * 1000;
  return undefined;
}
