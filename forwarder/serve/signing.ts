/**
 * Signers for trying the local forwarder by hand (forwarder/serve): they produce the headers the
 * real vendors send, so the REAL verifiers in forwarder/verify accept them. Written against the
 * vendors' documentation with node:crypto only. Local development helpers: never feed them a
 * production secret on a shared machine (it ends up in shell history).
 */
import { createHmac } from "node:crypto";

/**
 * The `Stripe-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
 * the endpoint secret used verbatim (whsec_ prefix included).
 */
export function computeStripeSignature(secret: string, body: string | Buffer, timestampSeconds: number): string {
  if (!Number.isInteger(timestampSeconds) || timestampSeconds < 0) throw new Error("timestampSeconds must be a non-negative integer (unix seconds)");
  const raw = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const v1 = createHmac("sha256", secret).update(`${timestampSeconds}.`).update(raw).digest("hex");
  return `t=${timestampSeconds},v1=${v1}`;
}

/** A generic-hmac header value: prefix + HMAC-SHA256(secret, raw body) in hex or base64. */
export function computeGenericHmacSignature(secret: string, body: string | Buffer, encoding: "hex" | "base64" = "hex", prefix = ""): string {
  const raw = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return prefix + createHmac("sha256", secret).update(raw).digest(encoding);
}
