/**
 * Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256(app secret, raw body). No signed timestamp,
 * so replays cannot be bounded in time: dedupe on X-Shopify-Event-Id downstream. That header is
 * NOT covered by the signature, so it is a dedupe hint, not proof of anything.
 */
import { bodyHmac } from "./bodyHmac";
import { cleanId, header } from "./types";

export const verify = bodyHmac(
  {
    header: "X-Shopify-Hmac-Sha256",
    // Stryker disable next-line StringLiteral: decode() reads every encoding but "hex" as base64, so "" decodes identically.
    encoding: "base64",
  },
  (req) => cleanId(header(req, "X-Shopify-Event-Id")) ?? cleanId(header(req, "X-Shopify-Webhook-Id")),
);
