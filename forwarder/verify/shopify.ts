/**
 * Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256(app secret, raw body). No signed timestamp,
 * so replays cannot be bounded in time: dedupe on X-Shopify-Event-Id downstream. That header is
 * NOT covered by the signature, so it is a dedupe hint, not proof of anything.
 */
import { decodeBase64, hmac } from "./digest";
import { matchesAny } from "./timingSafe";
import { bodyOf, cleanId, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "./types";

export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions): Verdict => {
  const signature = header(req, "X-Shopify-Hmac-Sha256");
  if (!signature) return fail("missing-signature");
  const given = signature.length <= MAX_HEADER_LENGTH ? decodeBase64(signature) : null;
  if (!given) return fail("bad-signature");
  const body = bodyOf(req);
  const expected = usableSecrets(opts).map((secret) => hmac("sha256", secret, body));
  if (!matchesAny(given, expected)) return fail("bad-signature");
  const deliveryId = cleanId(header(req, "X-Shopify-Event-Id")) ?? cleanId(header(req, "X-Shopify-Webhook-Id"));
  return { ok: true, deliveryId };
});
