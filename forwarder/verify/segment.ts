/**
 * Segment (Webhooks destination): X-Signature = hex HMAC-SHA1(shared secret, request body).
 *
 * Batched deliveries (Webhooks (Actions) with batch size > 1) sign only JSON.stringify of the FIRST
 * event, not the body (see segmentio/action-destinations webhook tests), which would leave every
 * other event in the batch unauthenticated. We only accept a signature over the whole body, so
 * the Segment destination must be configured without batching.
 */
import { decodeHex, hmac } from "./digest";
import { matchesAny } from "./timingSafe";
import { bodyOf, cleanId, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "./types";

export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions): Verdict => {
  const signature = header(req, "X-Signature");
  if (!signature) return fail("missing-signature");
  const given = signature.length <= MAX_HEADER_LENGTH ? decodeHex(signature) : null;
  if (!given) return fail("bad-signature");
  const body = bodyOf(req);
  const expected = usableSecrets(opts).map((secret) => hmac("sha1", secret, body));
  if (!matchesAny(given, expected)) return fail("bad-signature");
  return { ok: true, deliveryId: messageId(body) };
});

function messageId(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    return parsed && typeof parsed === "object" ? cleanId((parsed as { messageId?: unknown }).messageId) : undefined;
  } catch {
    return undefined;
  }
}
