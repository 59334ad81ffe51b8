import type { FailureReason, VerifyOptions } from "./types";

const DEFAULT_TOLERANCE_SECONDS = 300;

/** Whole non-negative integers only: "1e3", "0x10", " 12", "-5" and 20-digit values are not timestamps. */
export function parseTimestamp(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/**
 * Window check, symmetric: a request too far in the future is as suspect as a stale one.
 * Written so that NaN (a broken clock or option) rejects instead of slipping through.
 */
export function checkWindow(timestampMs: number, opts: VerifyOptions): FailureReason | null {
  const tol = opts.toleranceSeconds;
  const toleranceMs = (typeof tol === "number" && Number.isFinite(tol) && tol >= 0 ? tol : DEFAULT_TOLERANCE_SECONDS) * 1000;
  const age = opts.now() - timestampMs;
  if (!Number.isFinite(age)) return "bad-timestamp";
  if (age > toleranceMs) return "stale-timestamp";
  if (-age > toleranceMs) return "future-timestamp";
  return null;
}
