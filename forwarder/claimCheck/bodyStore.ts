/**
 * The claim-check store: bodies whose queue message would exceed SQS's 1 MiB wait in S3, and the
 * message carries a BodyClaim (forwarder/config.ts). The ingress puts, the consumer gets; neither
 * deletes: the bucket's lifecycle rule expires objects after CLAIM_CHECK_EXPIRY_DAYS (../config.ts), longer than
 * a dead letter is kept, so a redriven message still finds its body (compiler/lower/forwarder.ts).
 *
 * One object per message under a random key (never content-addressed): a retried or duplicate
 * delivery writes its own object, so no message can lose its body to another's expiry or rewrite.
 * Reads check the size and SHA-256 the ingress recorded: what is forwarded is what was verified.
 */
import { createHash, randomUUID } from "node:crypto";
import type { S3Client } from "../aws/s3";
import { BODY_KEY_PREFIX } from "../config";
import { ClaimCheckError, sha256Hex, type BodyStore } from "./types";

export { ClaimCheckError, sha256Hex, type BodyStore, type ClaimCheckProblem } from "./types";

/** The object key for one message of `source` (`<integration>/<source>`). */
export const claimKey = (source: string, id: string = randomUUID()): string => `${BODY_KEY_PREFIX}${source}/${id}`;

export function createBodyStore(s3: S3Client, bucket: string, newId: () => string = randomUUID): BodyStore {
  return {
    async put(source, body, signal) {
      const digest = createHash("sha256").update(body).digest();
      const key = claimKey(source, newId());
      await s3.putObject({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: "application/octet-stream",
        // S3 verifies it on arrival and refuses a corrupted upload (BadDigest).
        ChecksumSHA256: digest.toString("base64"),
      }, signal);
      return { bucket, key, bytes: body.length, sha256: digest.toString("hex") };
    },

    async get(claim, signal) {
      // A message may only point into this deployment's bucket: the consumer reads nothing else.
      if (claim.bucket !== bucket) throw new ClaimCheckError("wrong-bucket");
      let body: Buffer;
      try {
        body = (await s3.getObject({ Bucket: bucket, Key: claim.key }, signal)).Body;
      } catch (err) {
        const name = (err as { name?: unknown } | null)?.name;
        throw new ClaimCheckError(name === "NoSuchKey" || name === "NotFound" ? "missing" : "unavailable", { cause: err });
      }
      if (body.length !== claim.bytes || sha256Hex(body) !== claim.sha256) throw new ClaimCheckError("corrupt");
      return body;
    },
  };
}
