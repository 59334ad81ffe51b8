import { createHmac } from "node:crypto";

export type Algorithm = "sha256" | "sha1";

/** HMAC over the concatenation of `parts`; raw bytes stay raw (no utf-8 round trip of the body). */
export function hmac(algorithm: Algorithm, key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Strict decoders: Buffer.from(s, "hex"|"base64") silently skips junk, so validate first and
 * return null for anything that is not a clean encoding. Digests are then compared as bytes.
 */
export function decodeHex(s: string): Buffer | null {
  // The `+` rejects the empty string.
  return s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s) ? Buffer.from(s, "hex") : null;
}

/**
 * Canonical padded base64 only: spare low bits must be zero, so one digest has exactly one accepted
 * spelling. Node's decoder skips junk and accepts base64url and missing padding; re-encoding the
 * bytes and comparing rejects all of those (and a non-empty result rules out "").
 */
export function decodeBase64(s: string): Buffer | null {
  const bytes = Buffer.from(s, "base64");
  return bytes.length > 0 && bytes.toString("base64") === s ? bytes : null;
}

export function decode(s: string, encoding: "hex" | "base64"): Buffer | null {
  return encoding === "hex" ? decodeHex(s) : decodeBase64(s);
}
