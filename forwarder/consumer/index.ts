/**
 * Consumer Lambda entry point (SQS event source mapping with FunctionResponseTypes
 * ["ReportBatchItemFailures"]). Built once per cold start:
 *
 *   forwarder-config.json     StaticForwarderConfig next to index.js (written by the WebhookForwarder
 *                             component); FORWARDER_CONFIG (JSON) wins when set. See ../configSource.ts.
 *   FORWARDER_QUEUE_URL       the queue it consumes: ChangeMessageVisibility delays or releases messages
 *   FORWARDER_BODY_BUCKET     the claim-check bucket: bodies too large for a queue message
 *   DD_DOGSTATSD_HOST / _PORT optional, default 127.0.0.1:8125 (the Datadog Lambda extension)
 *
 * A missing or malformed configuration throws at cold start: every invocation fails, SQS keeps
 * the messages (and after maxReceives dead-letters them, from where redrive.ts replays them once
 * the configuration is fixed). Nothing is lost and the broken deploy is loud. AWS calls are
 * SigV4-signed HTTPS requests (../aws/) with the execution role's credentials from the environment.
 */
import { createDynamoDbClient } from "../aws/dynamodb";
import { createS3Client } from "../aws/s3";
import { createSecretsManagerClient } from "../aws/secretsManager";
import { createSqsClient } from "../aws/sqs";
import { createBodyStore } from "../claimCheck/bodyStore";
import { createCredentialSource } from "../destinations/credentialSource";
import { createTokenCache } from "../destinations/oauth2";
import { loadForwarderConfig, type LoadedForwarderConfig } from "../configSource";
import { createEmitter } from "../metrics/emitter";
import { statsdFromEnv } from "../metrics/statsdEnv";
import { createConsumerHandler, type ConsumerHandler } from "./handler";

/** The consumer's configuration (it needs no queue URL); throws naming the problem, never the value. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, dir?: string): LoadedForwarderConfig {
  const config = loadForwarderConfig(env, dir);
  if (!config.sources || typeof config.sources !== "object" || Array.isArray(config.sources) || typeof config.tableName !== "string"
    || !(config.maxReceives >= 1) || !(config.idempotencyTtlSeconds >= 24 * 3600)) {
    throw new Error("consumer configuration lacks sources, tableName, maxReceives >= 1 or idempotencyTtlSeconds >= 86400");
  }
  return config;
}

const config = configFromEnv();

export const handler: ConsumerHandler = createConsumerHandler({
  config,
  dynamo: createDynamoDbClient(),
  ...(config.queueUrl && { sqs: createSqsClient(), queueUrl: config.queueUrl }),
  ...(config.bodyBucket && { bodies: createBodyStore(createS3Client(), config.bodyBucket) }),
  metrics: createEmitter(statsdFromEnv()),
  now: Date.now,
  log: (entry) => console.log(JSON.stringify(entry)),
  // Module scope: targets' credentials and OAuth2 tokens are reused by every invocation of this
  // execution environment, refreshed before they expire (destinations/oauth2.ts).
  credentials: createCredentialSource({ client: createSecretsManagerClient(), ttlSeconds: config.secretTtlSeconds }),
  tokens: createTokenCache(),
});
