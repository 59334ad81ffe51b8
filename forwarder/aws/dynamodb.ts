/**
 * Amazon DynamoDB over its AWS JSON 1.0 protocol: `X-Amz-Target: DynamoDB_20120810.<Operation>`,
 * `Content-Type: application/x-amz-json-1.0` (DynamoDB Developer Guide, "DynamoDB low-level API":
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html;
 * API Reference: GetItem, UpdateItem). Items are in DynamoDB's own JSON ({"S": "..."}, {"N": "1"}),
 * as the low-level SDK client takes them.
 *
 * Retries: DynamoDB's own SDK defaults, 4 attempts and a 25 ms base for transient errors
 * (./retry.ts; the pinned @aws-sdk/client-dynamodb's runtime config).
 */
import type { AwsClientOptions } from "./client";
import { createJsonRpcClient, type JsonRpcClient } from "./jsonRpc";

/** An attribute value in DynamoDB JSON; one member is set. */
export interface AttributeValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}
export type Item = Record<string, AttributeValue>;

export interface GetItemInput {
  readonly TableName: string;
  readonly Key: Item;
  readonly ConsistentRead?: boolean;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
}
export interface GetItemOutput {
  readonly Item?: Item;
}
export interface UpdateItemInput {
  readonly TableName: string;
  readonly Key: Item;
  readonly UpdateExpression: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Item;
  readonly ReturnValues?: "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW";
}
export interface UpdateItemOutput {
  readonly Attributes?: Item;
}

export interface DynamoDbClient extends JsonRpcClient {
  getItem(input: GetItemInput, signal?: AbortSignal): Promise<GetItemOutput>;
  updateItem(input: UpdateItemInput, signal?: AbortSignal): Promise<UpdateItemOutput>;
}

export const DYNAMODB_SERVICE = {
  signingName: "dynamodb", endpointId: "DYNAMODB", hostPrefix: "dynamodb", targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0", maxAttempts: 4, baseDelayMs: 25,
} as const;

export function createDynamoDbClient(options: AwsClientOptions = {}): DynamoDbClient {
  const rpc = createJsonRpcClient(DYNAMODB_SERVICE, options);
  return {
    call: rpc.call,
    getItem: (input, signal) => rpc.call<GetItemOutput>("GetItem", input, signal ? { signal } : {}),
    updateItem: (input, signal) => rpc.call<UpdateItemOutput>("UpdateItem", input, signal ? { signal } : {}),
  };
}
