/**
 * AWS Secrets Manager over its AWS JSON 1.1 protocol: `X-Amz-Target: secretsmanager.GetSecretValue`,
 * `Content-Type: application/x-amz-json-1.1` (Secrets Manager API Reference, GetSecretValue:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 */
import type { AwsClientOptions } from "./client";
import { createJsonRpcClient, type JsonRpcClient } from "./jsonRpc";

export interface GetSecretValueInput {
  /** A name or an ARN. */
  readonly SecretId: string;
  readonly VersionId?: string;
  readonly VersionStage?: string;
}
export interface GetSecretValueOutput {
  readonly ARN?: string;
  readonly Name?: string;
  readonly SecretString?: string;
  /** Base64 in the JSON protocol. */
  readonly SecretBinary?: string;
  readonly VersionId?: string;
}

export interface SecretsManagerClient extends JsonRpcClient {
  getSecretValue(input: GetSecretValueInput, signal?: AbortSignal): Promise<GetSecretValueOutput>;
}

export const SECRETS_MANAGER_SERVICE = {
  signingName: "secretsmanager", endpointId: "SECRETS_MANAGER", hostPrefix: "secretsmanager", targetPrefix: "secretsmanager", jsonVersion: "1.1",
} as const;

export function createSecretsManagerClient(options: AwsClientOptions = {}): SecretsManagerClient {
  const rpc = createJsonRpcClient(SECRETS_MANAGER_SERVICE, options);
  return {
    call: rpc.call,
    getSecretValue: (input, signal) => rpc.call<GetSecretValueOutput>("GetSecretValue", input, signal ? { signal } : {}),
  };
}
