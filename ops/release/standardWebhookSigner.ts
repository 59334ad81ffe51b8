/**
 * Signs a webhook the way Standard Webhooks senders do (standardwebhooks.com, "Signature scheme";
 * the spec the forwarder's verifier follows, forwarder/verify/standardWebhooks.ts): headers
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64
 * HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the key being the bytes base64-encoded after the
 * secret's `whsec_` prefix. The key is decoded by the verifier's own secretKey, so a secret the
 * forwarder would not accept is refused here too, before anything is sent.
 */
import { hmac } from "../../forwarder/verify/digest";
import { secretKey } from "../../forwarder/verify/standardWebhooks";

export interface SignedHeaders {
  readonly "webhook-id": string;
  readonly "webhook-timestamp": string;
  readonly "webhook-signature": string;
}

export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string): SignedHeaders {
  const key = secretKey(secret.trim());
  // Never quotes the secret: this message can reach a CI log.
  if (!key) throw new Error("the signing secret is not a Standard Webhooks secret (whsec_ followed by base64)");
  if (!/^[\x21-\x7e]{1,256}$/.test(id) || id.includes(".")) throw new Error("the webhook id must be 1 to 256 printable characters without a dot");
  if (!Number.isInteger(timestampSeconds) || timestampSeconds < 0) throw new Error("the timestamp must be Unix seconds");
  const signature = hmac("sha256", key, `${id}.${timestampSeconds}.`, Buffer.from(body, "utf8")).toString("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestampSeconds), "webhook-signature": `v1,${signature}` };
}
