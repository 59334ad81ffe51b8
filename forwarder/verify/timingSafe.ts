import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time byte comparison; a length mismatch is a plain `false` (timingSafeEqual would throw). */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True if `expected` equals any candidate. Digest lengths are public, so only the bytes need constant time. */
export function matchesAny(expected: Uint8Array, candidates: readonly Uint8Array[]): boolean {
  let hit = false;
  for (const c of candidates) hit = safeEqual(expected, c) || hit; // no early exit
  return hit;
}

/** Constant-time string comparison that does not leak the length either (for tokens, not digests). */
export function safeEqualString(a: string, b: string): boolean {
  // Hash.update reads a string as UTF-8 unless told otherwise.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
