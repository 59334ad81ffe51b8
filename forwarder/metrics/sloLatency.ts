/**
 * Latency SLI: a delivery to a target is good (`settled{within_slo:true}`) when the destination's
 * 2xx arrived within the source's latency threshold, counted from the moment ingress received
 * the webhook. SLI total = `settled` with the same integration, source, destination and
 * synthetic filter: every delivery to that target, whatever its outcome (names.ts).
 *
 * The threshold is configuration, per source (the consumer is configured per webhook), e.g.
 * `sloLatency: 5m` for a "lead delivered within 5 minutes" SLO. Parse it once at cold start
 * with parseSloThreshold() (throws on a bad value, so a misconfiguration fails the deploy's
 * smoke test instead of every delivery); sloVerdict() is pure and never throws.
 */

export interface SloVerdict {
  /** Whether this delivery counts as good. */
  readonly withinSlo: boolean;
  /** Receipt to 2xx in ms, for `end_to_end_latency`; absent when the timestamps are unusable. */
  readonly latencyMs?: number;
}

/**
 * Ingress and consumer are different Lambdas, so their clocks may disagree by a little: a 2xx
 * up to this much "before" receipt counts as latency 0. Beyond it the timestamps are wrong
 * (units mixed up, a corrupted message attribute), and a delivery we cannot measure is not
 * counted as good.
 */
export const MAX_CLOCK_SKEW_MS = 5_000;

/**
 * Pure: `deliveredAtMs - receivedAtMs <= thresholdMs` (inclusive) is good. NaN, infinite or
 * non-number inputs, a threshold that is not positive, or a delivery far "before" its receipt
 * are not good: the SLI must never report good on data it cannot trust.
 */
export function sloVerdict(receivedAtMs: number, deliveredAtMs: number, thresholdMs: number): SloVerdict {
  if (!isFiniteNumber(receivedAtMs) || !isFiniteNumber(deliveredAtMs)) return { withinSlo: false };
  const raw = deliveredAtMs - receivedAtMs;
  if (raw < -MAX_CLOCK_SKEW_MS) return { withinSlo: false };
  const latencyMs = Math.max(0, raw);
  const usableThreshold = isFiniteNumber(thresholdMs) && thresholdMs > 0;
  return { withinSlo: usableThreshold && latencyMs <= thresholdMs, latencyMs };
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Longest threshold we accept: the longest SQS retention is 14 days, nothing is delivered later. */
export const MAX_SLO_THRESHOLD_MS = 14 * 24 * 3_600_000;

/**
 * The configured threshold in ms. Accepts a number of SECONDS (`60`) or a duration string
 * (`"60s"`, `"5m"`, `"1h"`, `"1500ms"`). Throws on anything else: call it at cold start.
 */
export function parseSloThreshold(value: unknown): number {
  let ms: number | undefined;
  if (typeof value === "number") ms = value * 1000;
  else if (typeof value === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(value);
    if (m) ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  }
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0 || ms > MAX_SLO_THRESHOLD_MS) {
    throw new Error(`SLO latency threshold must be a positive number of seconds or a duration such as "60s", "5m" or "1h" (at most 14 days), got ${typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? String(value) : typeof value}`);
  }
  return Math.round(ms);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}
