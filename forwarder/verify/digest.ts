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
  return s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s) ? Buffer.from(s, "hex") : null;
}

/** Canonical padded base64 only: spare low bits must be zero, so one digest has exactly one accepted spelling. */
export function decodeBase64(s: string): Buffer | null {
  if (s.length === 0 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  const bytes = Buffer.from(s, "base64");
  return bytes.toString("base64") === s ? bytes : null;
}

export function decode(s: string, encoding: "hex" | "base64"): Buffer | null {
  return encoding === "hex" ? decodeHex(s) : decodeBase64(s);
}
