/**
 * Segment (Webhooks destination): X-Signature = hex HMAC-SHA1(shared secret, request body).
 *
 * Batched deliveries (Webhooks (Actions) with batch size > 1) sign only JSON.stringify of the FIRST
 * event, not the body (see segmentio/action-destinations webhook tests), which would leave every
 * other event in the batch unauthenticated. We only accept a signature over the whole body, so
 * the Segment destination must be configured without batching.
 */
import { bodyHmac, jsonField } from "./bodyHmac";
import { cleanId } from "./types";

export const verify = bodyHmac({ header: "X-Signature", encoding: "hex", algorithm: "sha1" }, (_req, body) => cleanId(jsonField(body, "messageId")));
