/**
 * Per-target idempotency records in DynamoDB (table `config.tableName`, partition key `deliveryKey`,
 * TTL attribute `expiresAt`). One item per (source, target system, delivery id):
 *
 *   deliveryKey  "<source>#<target system>#<deliveryId>"
 *   state        "in-progress" | "released" | "delivered" | "rejected"
 *   leaseUntil   epoch ms: until when the in-progress attempt owns the key
 *   attemptId    random id of the attempt that wrote the item (only it may release or settle it)
 *   rejectedBy   string set: the SQS message ids whose attempt the target refused for good
 *   reason       the last refusal's failure, a `failed{reason}` value
 *   expiresAt    epoch SECONDS (DynamoDB TTL): now + idempotencyTtlSeconds (>= 24 h)
 *
 * STATE MACHINE (per key)
 *
 *   (absent) --claim--> in-progress --2xx--> delivered             (terminal until TTL removes it)
 *   released -claim-->   |  ^    |
 *   rejected -claim-->   |  |    +--permanent 4xx--> rejected, this message added to rejectedBy
 *                        |  |
 *     retryable: release +  +--claim (retake) when leaseUntil < now (a crashed attempt)
 *     (-> released)
 *
 *   A claim by a message in rejectedBy never succeeds: that message was refused for good, and the
 *   same bytes would be refused again, so its redeliveries skip the target (claim says "rejected").
 *   Any other message of the delivery may claim: a vendor's retry, a copy, or a redriven dead letter,
 *   which SQS gives a new message id, so a fix deployed since (rotated credentials, a schema) gets
 *   its try. A refusal is therefore sent once per message, whatever the redeliveries.
 *
 * - claim = UpdateItem (an upsert: it keeps rejectedBy) with
 *     (attribute_not_exists(rejectedBy) OR NOT contains(rejectedBy, :message)) AND
 *     (attribute_not_exists(deliveryKey) OR state IN (released, rejected) OR (state = in-progress AND leaseUntil < now)).
 *   Exactly one concurrent claimer wins; the others read the item and get "delivered" (skip: the
 *   downstream already has it), "rejected" (this message was refused: skip, it is settled) or
 *   "busy" (a live attempt owns it: hand the message back to SQS).
 * - The lease lasts as long as the invocation that took it can live (its remaining time when the
 *   batch started, plus a grace). Lambda kills an invocation at its timeout and SQS requires the
 *   queue's visibility timeout to be at least the function timeout, so a message redelivered after
 *   a crash (sandbox died, timeout mid-forward) always finds the crashed attempt's lease expired and
 *   retakes it: a crash never blocks a delivery, it only costs one receive.
 * - "delivered" is written unconditionally after the 2xx: if our lease had expired and another
 *   attempt retook the key meanwhile, the downstream may see the delivery twice (same idempotency
 *   header, so it can dedupe) and both attempts end "delivered". That needs an attempt longer than
 *   the whole function timeout, which forward()'s budget prevents.
 * - If writing "delivered" fails (DynamoDB throttled), the delivery still counts as delivered (the
 *   2xx happened); the item stays in-progress until its lease expires, after which only a NEW
 *   duplicate of the same event could be re-sent. Logged as `idempotency_mark_failed`.
 */
import type { AttributeValue, DynamoDbClient } from "../aws/dynamodb";
import { randomUUID } from "node:crypto";

export const STATE_IN_PROGRESS = "in-progress";
export const STATE_RELEASED = "released";
export const STATE_DELIVERED = "delivered";
export const STATE_REJECTED = "rejected";

/** Smallest TTL accepted: 24 h (vendors retry for up to 3 days; config may ask for more). */
export const MIN_IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const deliveryKey = (source: string, targetSystem: string, deliveryId: string): string =>
  `${source}#${targetSystem}#${deliveryId}`;

export type ClaimResult =
  /** retaken: an expired in-progress attempt was taken over; retried: another message's refusal was. */
  | { kind: "claimed"; attemptId: string; retaken: boolean; retried: boolean }
  | { kind: "delivered" }
  /** This message was refused for good by an earlier receive: the target is settled, nothing is sent. */
  | { kind: "rejected"; reason: string }
  | { kind: "busy"; leaseUntil: number };

export interface IdempotencyStore {
  /** messageId: the SQS message id, which scopes a refusal (see the module comment). */
  claim(key: string, nowMs: number, leaseMs: number, messageId: string): Promise<ClaimResult>;
  markDelivered(key: string, attemptId: string, nowMs: number): Promise<void>;
  /** Records a permanent refusal of this message; resolves false when the claim was no longer ours (nothing written). */
  markRejected(key: string, attemptId: string, nowMs: number, messageId: string, reason: string): Promise<boolean>;
  /** Gives the key up after a retryable failure, so the next receive can claim it at once. */
  release(key: string, attemptId: string): Promise<void>;
}

const NAMES = { "#state": "state" };

export function createIdempotencyStore(dynamo: Pick<DynamoDbClient, "getItem" | "updateItem">, tableName: string, ttlSeconds: number): IdempotencyStore {
  const ttl = Math.max(MIN_IDEMPOTENCY_TTL_SECONDS, Number.isFinite(ttlSeconds) ? ttlSeconds : 0);
  const expiresAt = (nowMs: number) => String(Math.ceil(nowMs / 1000) + ttl);
  const Key = (key: string) => ({ deliveryKey: { S: key } });
  /** Only our own live claim: if the lease expired and another attempt took the key, it is theirs. */
  /** An update made only while `attemptId` still owns the live attempt; false when another owns it now. */
  const updateIfOurs = async (key: string, attemptId: string, UpdateExpression: string, values: Record<string, AttributeValue>): Promise<boolean> => {
    try {
      await dynamo.updateItem({
        TableName: tableName,
        Key: Key(key),
        UpdateExpression,
        ConditionExpression: "attemptId = :attempt AND #state = :inProgress",
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ...values, ":attempt": { S: attemptId }, ":inProgress": { S: STATE_IN_PROGRESS } },
      });
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  };

  return {
    async claim(key, nowMs, leaseMs, messageId) {
      // Retries: a lost race shows up as a condition failure, then a read; if the item changed in
      // between (released by its owner), claiming again is right.
      for (let i = 0; i < 3; i++) {
        const attemptId = randomUUID();
        try {
          const updated = await dynamo.updateItem({
            TableName: tableName,
            Key: Key(key),
            UpdateExpression: "SET #state = :inProgress, leaseUntil = :lease, attemptId = :attempt, expiresAt = :exp",
            ConditionExpression:
              "(attribute_not_exists(rejectedBy) OR NOT contains(rejectedBy, :message)) AND "
              + "(attribute_not_exists(deliveryKey) OR #state IN (:released, :rejected) OR (#state = :inProgress AND leaseUntil < :now))",
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: {
              ":inProgress": { S: STATE_IN_PROGRESS }, ":released": { S: STATE_RELEASED }, ":rejected": { S: STATE_REJECTED },
              ":lease": { N: String(nowMs + leaseMs) }, ":attempt": { S: attemptId }, ":exp": { N: expiresAt(nowMs) },
              ":now": { N: String(nowMs) }, ":message": { S: messageId },
            },
            // Tells us what we took over, if anything (for the log).
            ReturnValues: "ALL_OLD",
          });
          const previous = updated.Attributes?.["state"]?.S;
          return { kind: "claimed", attemptId, retaken: previous === STATE_IN_PROGRESS, retried: previous === STATE_REJECTED };
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
        }
        const got = await dynamo.getItem({ TableName: tableName, Key: Key(key), ConsistentRead: true });
        const state = got.Item?.["state"]?.S;
        if (state === STATE_DELIVERED) return { kind: "delivered" };
        if (got.Item?.["rejectedBy"]?.SS?.includes(messageId)) return { kind: "rejected", reason: got.Item?.["reason"]?.S ?? "unknown" };
        const lease = Number(got.Item?.["leaseUntil"]?.N);
        if (state === STATE_IN_PROGRESS && Number.isFinite(lease) && lease >= nowMs) return { kind: "busy", leaseUntil: lease };
      }
      return { kind: "busy", leaseUntil: nowMs };
    },

    async markDelivered(key, attemptId, nowMs) {
      await dynamo.updateItem({
        TableName: tableName,
        Key: Key(key),
        UpdateExpression: "SET #state = :delivered, deliveredAt = :now, expiresAt = :exp, attemptId = :attempt REMOVE leaseUntil",
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ":delivered": { S: STATE_DELIVERED }, ":now": { N: String(nowMs) }, ":exp": { N: expiresAt(nowMs) }, ":attempt": { S: attemptId },
        },
      });
    },

    markRejected(key, attemptId, nowMs, messageId, reason) {
      return updateIfOurs(key, attemptId, "SET #state = :rejected, reason = :reason, rejectedAt = :now, expiresAt = :exp ADD rejectedBy :message REMOVE leaseUntil", {
        ":rejected": { S: STATE_REJECTED }, ":message": { SS: [messageId] }, ":reason": { S: reason }, ":now": { N: String(nowMs) }, ":exp": { N: expiresAt(nowMs) },
      });
    },

    async release(key, attemptId) {
      // Kept, not deleted: rejectedBy must survive a retryable failure of another message's attempt.
      // A condition failure means someone else owns it now (our lease expired and it was retaken): theirs to finish.
      await updateIfOurs(key, attemptId, "SET #state = :released REMOVE leaseUntil", { ":released": { S: STATE_RELEASED } });
    },
  };
}

/** DynamoDB's answer to a ConditionExpression that does not hold (HTTP 400, never retried). */
function isConditionFailure(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === "ConditionalCheckFailedException";
}
