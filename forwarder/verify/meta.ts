/**
 * Meta (Facebook/Instagram/WhatsApp) webhooks: `X-Hub-Signature-256: sha256=<hex>` = HMAC-SHA256(app
 * secret, raw body). Meta escapes non-ASCII in the JSON it signs, so only the raw bytes verify.
 * The legacy SHA-1 `X-Hub-Signature` is not accepted.
 */
import { decodeHex, hmac } from "./digest";
import { matchesAny, safeEqualString } from "./timingSafe";
import { bodyOf, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "./types";

export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions): Verdict => {
  const value = header(req, "X-Hub-Signature-256");
  if (!value) return fail("missing-signature");
  const hex = value.length <= MAX_HEADER_LENGTH && /^sha256=/i.test(value) ? value.slice("sha256=".length) : "";
  const given = decodeHex(hex);
  if (!given) return fail("bad-signature");
  const body = bodyOf(req);
  const expected = usableSecrets(opts).map((secret) => hmac("sha256", secret, body));
  return matchesAny(given, expected) ? { ok: true } : fail("bad-signature");
});

export type Handshake = { ok: true; challenge: string } | { ok: false; reason: "missing-signature" | "not-allowed" };

/**
 * GET subscription check: echo hub.challenge only when hub.mode=subscribe and hub.verify_token
 * matches. The challenge is reflected into our response, so only a short token-like value is echoed.
 */
export function handshake(req: WebhookRequest, verifyToken: string): Handshake {
  try {
    if (String(req.method ?? "").toUpperCase() !== "GET") return { ok: false, reason: "not-allowed" };
    const query = new URL(String(req.url)).searchParams;
    const token = query.get("hub.verify_token");
    const challenge = query.get("hub.challenge");
    if (token === null || challenge === null) return { ok: false, reason: "missing-signature" };
    const allowed =
      query.get("hub.mode") === "subscribe" &&
      typeof verifyToken === "string" &&
      verifyToken.length > 0 &&
      safeEqualString(token, verifyToken) &&
      /^[A-Za-z0-9._~-]{1,512}$/.test(challenge);
    return allowed ? { ok: true, challenge } : { ok: false, reason: "not-allowed" };
  } catch {
    return { ok: false, reason: "not-allowed" };
  }
}
