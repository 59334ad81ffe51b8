/**
 * Meta (Facebook/Instagram/WhatsApp) webhooks: `X-Hub-Signature-256: sha256=<hex>` = HMAC-SHA256(app
 * secret, raw body). Meta escapes non-ASCII in the JSON it signs, so only the raw bytes verify.
 * The legacy SHA-1 `X-Hub-Signature` is not accepted.
 */
import { bodyHmac } from "./bodyHmac";
import { safeEqualString } from "./timingSafe";
import type { WebhookRequest } from "./types";

export const verify = bodyHmac({ header: "X-Hub-Signature-256", encoding: "hex", prefix: "sha256=" });

export type Handshake = { ok: true; challenge: string } | { ok: false; reason: "missing-signature" | "not-allowed" };

/**
 * GET subscription check: echo hub.challenge only when hub.mode=subscribe and hub.verify_token
 * matches. The challenge is reflected into our response, so only a short token-like value is echoed.
 */
export function handshake(req: WebhookRequest, verifyToken: string): Handshake {
  try {
    // A missing method reads "UNDEFINED": not GET.
    if (String(req.method).toUpperCase() !== "GET") return { ok: false, reason: "not-allowed" };
    const query = new URL(String(req.url)).searchParams;
    const token = query.get("hub.verify_token");
    const challenge = query.get("hub.challenge");
    if (token === null || challenge === null) return { ok: false, reason: "missing-signature" };
    const allowed =
      query.get("hub.mode") === "subscribe" &&
      // Stryker disable next-line ConditionalExpression: a non-string token throws below (.length, hashing) into the catch, which rejects the same way.
      typeof verifyToken === "string" &&
      verifyToken.length > 0 &&
      safeEqualString(token, verifyToken) &&
      /^[A-Za-z0-9._~-]{1,512}$/.test(challenge);
    return allowed ? { ok: true, challenge } : { ok: false, reason: "not-allowed" };
  } catch {
    return { ok: false, reason: "not-allowed" };
  }
}
