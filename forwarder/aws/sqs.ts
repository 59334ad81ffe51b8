/**
 * Amazon SQS over its AWS JSON 1.0 protocol: `X-Amz-Target: AmazonSQS.<Action>`,
 * `Content-Type: application/x-amz-json-1.0` (SQS Developer Guide, "Making query API requests
 * using AWS JSON protocol": https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html;
 * API Reference: SendMessage, ChangeMessageVisibility, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/).
 *
 * Without a configured endpoint a call goes to its queue URL's origin (the SDK's default,
 * `useQueueUrlAsEndpoint`), so a queue in another region or partition is reached where it lives.
 * SendMessage checks MD5OfMessageBody against the body sent, as the SDK does (it names a mismatch
 * InvalidChecksumError).
 */
import { createHash } from "node:crypto";
import type { AwsClientOptions } from "./client";
import { createJsonRpcClient, type JsonRpcClient } from "./jsonRpc";

export interface SendMessageInput {
  readonly QueueUrl: string;
  readonly MessageBody: string;
  readonly DelaySeconds?: number;
}
export interface SendMessageOutput {
  readonly MessageId?: string;
  readonly MD5OfMessageBody?: string;
}
export interface ChangeMessageVisibilityInput {
  readonly QueueUrl: string;
  readonly ReceiptHandle: string;
  /** 0 to 43,200 seconds. */
  readonly VisibilityTimeout: number;
}

export interface SqsClient extends JsonRpcClient {
  sendMessage(input: SendMessageInput, signal?: AbortSignal): Promise<SendMessageOutput>;
  changeMessageVisibility(input: ChangeMessageVisibilityInput, signal?: AbortSignal): Promise<void>;
}

export const SQS_SERVICE = { signingName: "sqs", endpointId: "SQS", hostPrefix: "sqs", targetPrefix: "AmazonSQS", jsonVersion: "1.0", queryCompatible: true } as const;

const originOf = (queueUrl: string): string | undefined => {
  try {
    return new URL(queueUrl).origin;
  } catch {
    return undefined;
  }
};

export function createSqsClient(options: AwsClientOptions = {}): SqsClient {
  const rpc = createJsonRpcClient(SQS_SERVICE, options);
  const callOn = <O>(operation: string, input: { QueueUrl: string }, signal?: AbortSignal) => {
    const origin = originOf(input.QueueUrl);
    return rpc.call<O>(operation, input, { ...(signal && { signal }), ...(origin && { origin }) });
  };
  return {
    call: rpc.call,
    async sendMessage(input, signal) {
      const out = await callOn<SendMessageOutput>("SendMessage", input, signal);
      if (out.MD5OfMessageBody !== createHash("md5").update(input.MessageBody, "utf8").digest("hex")) {
        const err = new Error("MD5OfMessageBody does not match the message sent");
        err.name = "InvalidChecksumError";
        throw err;
      }
      return out;
    },
    async changeMessageVisibility(input, signal) {
      await callOn("ChangeMessageVisibility", input, signal);
    },
  };
}
