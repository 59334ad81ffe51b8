/**
 * The SQS message body for a verified delivery: the full request with its body inline when that
 * fits MAX_MESSAGE_BYTES, else only the envelope and a claim on the body kept in S3. Pure, so the
 * size arithmetic is testable without a queue.
 *
 * Size: the body travels as a JSON string, so every `"` and `\` costs two bytes and each control
 * character six (`\u001f`): a 1 MiB body never fits with its envelope, and quote-dense JSON
 * overflows from about 873 KB. Measuring the serialized message, not the body, is the only exact test.
 */
import { MAX_MESSAGE_BYTES, type BodyClaim, type QueuedDelivery, type QueuedEnvelope } from "../config";

export interface InlineMessage {
  readonly text: string;
  readonly bytes: number;
  /** Whether SQS accepts it as is; when false the body must go to the claim-check store. */
  readonly fits: boolean;
}

/** The message with the body inline: UTF-8 text as is, base64 for bytes that are not valid UTF-8 (or that SQS refuses). */
export function inlineMessage(envelope: QueuedEnvelope, body: Buffer, bodyText: string | undefined): InlineMessage {
  const delivery: QueuedDelivery = bodyText === undefined
    ? { ...envelope, body: body.toString("base64"), bodyEncoding: "base64" }
    : { ...envelope, body: bodyText, bodyEncoding: "utf8" };
  const text = JSON.stringify(delivery);
  const bytes = Buffer.byteLength(text, "utf8");
  return { text, bytes, fits: bytes <= MAX_MESSAGE_BYTES };
}

/** The message that carries a claim instead of the body. */
export function claimMessage(envelope: QueuedEnvelope, claim: BodyClaim): InlineMessage {
  const delivery: QueuedDelivery = { ...envelope, bodyEncoding: "s3", bodyClaim: claim };
  const text = JSON.stringify(delivery);
  const bytes = Buffer.byteLength(text, "utf8");
  return { text, bytes, fits: bytes <= MAX_MESSAGE_BYTES };
}
