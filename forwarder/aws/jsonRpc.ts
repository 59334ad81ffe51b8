/**
 * The AWS JSON protocol (versions 1.0 and 1.1) that SQS, Secrets Manager and DynamoDB speak:
 * `POST /` with `X-Amz-Target: <TargetPrefix>.<Operation>`, `Content-Type: application/x-amz-json-<version>`
 * and the operation's input as a JSON object; the answer is the output as JSON, or an error
 * ({"__type": ..., "message": ...}, ./errors.ts). (Smithy, "AWS JSON 1.0 protocol":
 * https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html; each service's API reference
 * names its target prefix and version, cited in its module.)
 */
import { createAwsClient, joinUrl, type AwsClientOptions, type ServiceDescription } from "./client";
import { regionalEndpoint } from "./endpoints";
import { jsonProtocolError } from "./errors";

export interface JsonService extends Omit<ServiceDescription, "parseError"> {
  /** `AmazonSQS`, `secretsmanager`, `DynamoDB_20120810`. */
  readonly targetPrefix: string;
  readonly jsonVersion: "1.0" | "1.1";
  /** The first label of the regional host: sqs, secretsmanager, dynamodb. */
  readonly hostPrefix: string;
  /** SQS: ask for its query-compatible error codes (`x-amzn-query-mode: true`), as the SDK does. */
  readonly queryCompatible?: boolean;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Where to send it when no endpoint is configured (SQS: the queue URL's origin); default the regional endpoint. */
  readonly origin?: string;
}

export interface JsonRpcClient {
  /** Any operation of the service; the typed wrappers of each service module call this. */
  call<O = Record<string, unknown>>(operation: string, input: object, options?: CallOptions): Promise<O>;
}

export function createJsonRpcClient(service: JsonService, options: AwsClientOptions = {}): JsonRpcClient {
  const client = createAwsClient({ ...service, parseError: jsonProtocolError }, options);
  const contentType = `application/x-amz-json-${service.jsonVersion}`;
  return {
    async call<O>(operation: string, input: object, callOptions: CallOptions = {}): Promise<O> {
      const body = JSON.stringify(input);
      const base = client.endpoint ?? callOptions.origin ?? regionalEndpoint(service.hostPrefix, client.region());
      const headers: Record<string, string> = {
        "content-type": contentType,
        "content-length": String(Buffer.byteLength(body)),
        "x-amz-target": `${service.targetPrefix}.${operation}`,
        ...(service.queryCompatible && { "x-amzn-query-mode": "true" }),
      };
      const res = await client.send(() => ({ method: "POST", url: joinUrl(base, "/"), headers, body }), callOptions.signal);
      return (res.body.length ? JSON.parse(res.body.toString("utf8")) : {}) as O;
    },
  };
}
