/**
 * Reads one idempotency record of the forwarder's deliveries table (forwarder/consumer/
 * idempotency.ts): GetItem with ConsistentRead, so a record the consumer has just written is seen
 * (DynamoDB's reads are eventually consistent by default). Only `state` and `reason` are asked for.
 * Needs dynamodb:GetItem on the table, which the deploy role has. The client is the forwarder's own
 * (forwarder/aws/dynamodb.ts: SigV4-signed requests with the environment's credentials).
 */
import type { DynamoDbClient } from "../../forwarder/aws/dynamodb";
import type { DeliveryRecord } from "./syntheticProbe";

export function deliveryReader(dynamo: Pick<DynamoDbClient, "getItem">, tableName: string): (key: string) => Promise<DeliveryRecord | undefined> {
  return async (key) => {
    let item;
    try {
      ({ Item: item } = await dynamo.getItem({
        TableName: tableName,
        Key: { deliveryKey: { S: key } },
        ConsistentRead: true,
        ProjectionExpression: "#state, reason",
        ExpressionAttributeNames: { "#state": "state" },
      }));
    } catch (e) {
      // DynamoDB's error name and message (AccessDeniedException, ResourceNotFoundException) say what to fix; no credential is in them.
      const err = e as { name?: string; message?: string };
      throw new Error(`could not read the forwarder's deliveries table ${tableName} (${err.name ?? "error"}): ${err.message ?? String(e)}`);
    }
    const state = item?.["state"]?.S;
    if (state === undefined) return undefined;
    const reason = item?.["reason"]?.S;
    return reason === undefined ? { state } : { state, reason };
  };
}
