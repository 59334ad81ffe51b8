/**
 * Per-target idempotency records in DynamoDB (table `config.tableName`, partition key `deliveryKey`,
 * TTL attribute `expiresAt`). One item per (source, target system, delivery id):
 *
 *   deliveryKey  "<source>#<target system>#<deliveryId>"
 *   state        "in-progress" | "delivered"
 *   leaseUntil   epoch ms: until when the in-progress attempt owns the key
 *   attemptId    random id of the attempt that wrote the item (only it may release it)
 *   expiresAt    epoch SECONDS (DynamoDB TTL): now + idempotencyTtlSeconds (>= 24 h)
 *
 * STATE MACHINE (per key)
 *
 *   (absent) --claim--> in-progress --2xx--> delivered            (terminal until TTL removes it)
 *                          |  ^
 *     not 2xx: release ----+  |  (release deletes the item, conditioned on our attemptId,
 *     (back to absent)        |   so the next receive can claim it at once)
 *                             |
 *   in-progress with leaseUntil < now --claim (retake)--+
 *
 * - claim = PutItem with `attribute_not_exists(deliveryKey) OR (state = in-progress AND leaseUntil < now)`.
 *   Exactly one concurrent claimer wins; the others read the item and get "delivered" (skip: the
 *   downstream already has it) or "busy" (a live attempt owns it: hand the message back to SQS).
 * - The lease lasts as long as the invocation that took it can live (its remaining time when the
 *   batch started, plus a grace). Lambda kills an invocation at its timeout and SQS requires the
 *   queue's visibility timeout to be at least the function timeout, so a message redelivered after
 *   a crash (sandbox died, timeout mid-forward) always finds the crashed attempt's lease expired and
 *   retakes it: a crash never blocks a delivery, it only costs one receive.
 * - "delivered" is written unconditionally after the 2xx: if our lease had expired and another
 *   attempt retook the key meanwhile, the downstream may see the delivery twice (same
 *   Idempotency-Key header, so it can dedupe) and both attempts end "delivered". That needs an
 *   attempt longer than the whole function timeout, which forward()'s budget prevents.
 * - If writing "delivered" fails (DynamoDB throttled), the delivery still counts as delivered (the
 *   2xx happened); the item stays in-progress until its lease expires, after which only a NEW
 *   duplicate of the same event could be re-sent. Logged as `idempotency_mark_failed`.
 */
import {
  ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";

export const STATE_IN_PROGRESS = "in-progress";
export const STATE_DELIVERED = "delivered";

/** Smallest TTL accepted: 24 h (vendors retry for up to 3 days; config may ask for more). */
export const MIN_IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const deliveryKey = (source: string, targetSystem: string, deliveryId: string): string =>
  `${source}#${targetSystem}#${deliveryId}`;

export type ClaimResult =
  | { kind: "claimed"; attemptId: string; retaken: boolean }
  | { kind: "delivered" }
  | { kind: "busy"; leaseUntil: number };

export interface IdempotencyStore {
  claim(key: string, nowMs: number, leaseMs: number): Promise<ClaimResult>;
  markDelivered(key: string, attemptId: string, nowMs: number): Promise<void>;
  release(key: string, attemptId: string): Promise<void>;
}

export function createIdempotencyStore(dynamo: DynamoDBClient, tableName: string, ttlSeconds: number): IdempotencyStore {
  const ttl = Math.max(MIN_IDEMPOTENCY_TTL_SECONDS, Number.isFinite(ttlSeconds) ? ttlSeconds : 0);
  const expiresAt = (nowMs: number) => String(Math.ceil(nowMs / 1000) + ttl);

  return {
    async claim(key, nowMs, leaseMs) {
      // Retries: a lost race shows up as a condition failure, then a read; if the item vanished or
      // expired in between (released by its owner), claiming again is right.
      for (let i = 0; i < 3; i++) {
        const attemptId = randomUUID();
        try {
          const put = await dynamo.send(new PutItemCommand({
            TableName: tableName,
            Item: {
              deliveryKey: { S: key },
              state: { S: STATE_IN_PROGRESS },
              leaseUntil: { N: String(nowMs + leaseMs) },
              attemptId: { S: attemptId },
              expiresAt: { N: expiresAt(nowMs) },
            },
            ConditionExpression: "attribute_not_exists(deliveryKey) OR (#state = :inProgress AND leaseUntil < :now)",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":inProgress": { S: STATE_IN_PROGRESS }, ":now": { N: String(nowMs) } },
            // Tells us whether we took over an expired lease (for the log).
            ReturnValues: "ALL_OLD",
          }));
          return { kind: "claimed", attemptId, retaken: put.Attributes !== undefined };
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
        }
        const got = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: { deliveryKey: { S: key } }, ConsistentRead: true }));
        const state = got.Item?.["state"]?.S;
        if (state === STATE_DELIVERED) return { kind: "delivered" };
        const lease = Number(got.Item?.["leaseUntil"]?.N);
        if (state === STATE_IN_PROGRESS && Number.isFinite(lease) && lease >= nowMs) return { kind: "busy", leaseUntil: lease };
      }
      return { kind: "busy", leaseUntil: nowMs };
    },

    async markDelivered(key, attemptId, nowMs) {
      await dynamo.send(new UpdateItemCommand({
        TableName: tableName,
        Key: { deliveryKey: { S: key } },
        UpdateExpression: "SET #state = :delivered, deliveredAt = :now, expiresAt = :exp, attemptId = :attempt REMOVE leaseUntil",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":delivered": { S: STATE_DELIVERED }, ":now": { N: String(nowMs) }, ":exp": { N: expiresAt(nowMs) }, ":attempt": { S: attemptId },
        },
      }));
    },

    async release(key, attemptId) {
      try {
        await dynamo.send(new DeleteItemCommand({
          TableName: tableName,
          Key: { deliveryKey: { S: key } },
          ConditionExpression: "attemptId = :attempt AND #state = :inProgress",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":attempt": { S: attemptId }, ":inProgress": { S: STATE_IN_PROGRESS } },
        }));
      } catch (err) {
        // Someone else owns it now (our lease expired and it was retaken): theirs to finish.
        if (!isConditionFailure(err)) throw err;
      }
    },
  };
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: unknown } | null)?.name === "ConditionalCheckFailedException";
}
