import type { FailureReason, VerifyOptions } from "./types";

const DEFAULT_TOLERANCE_SECONDS = 300;

/** Whole non-negative integers only: "1e3", "0x10", " 12", "-5" and 20-digit values are not timestamps. */
export function parseTimestamp(value: string | undefined): number | null {
  // Stryker disable next-line StringLiteral: any non-digit stand-in for a missing value is rejected the same way.
  if (!/^\d{1,15}$/.test(value ?? "")) return null;
  return Number(value);
}

/**
 * Window check, symmetric: a request too far in the future is as suspect as a stale one.
 * Written so that NaN (a broken clock or option) rejects instead of slipping through.
 */
export function checkWindow(timestampMs: number, opts: VerifyOptions): FailureReason | null {
  const tol = opts.toleranceSeconds;
  // Number.isFinite is false for anything but a finite number (undefined, NaN, Infinity, a string from a bad config).
  const toleranceMs = (Number.isFinite(tol) && (tol as number) >= 0 ? (tol as number) : DEFAULT_TOLERANCE_SECONDS) * 1000;
  const age = opts.now() - timestampMs;
  if (!Number.isFinite(age)) return "bad-timestamp";
  if (age > toleranceMs) return "stale-timestamp";
  if (-age > toleranceMs) return "future-timestamp";
  return null;
}
