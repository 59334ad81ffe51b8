/**
 * Lambda entry point: builds the dependencies once per execution environment (at the first
 * invocation) from forwarder/configSource.ts: `forwarder-config.json` next to index.js plus
 * FORWARDER_QUEUE_URL and FORWARDER_BODY_BUCKET (the claim-check bucket) (or FORWARDER_CONFIG for tests and serve). Without a usable configuration
 * the invocation fails, Lambda answers 5xx and vendors retry. DD_DOGSTATSD_HOST / _PORT override
 * the Datadog extension's 127.0.0.1:8125 (metrics/statsdEnv.ts). AWS calls are SigV4-signed
 * HTTPS requests (../aws/) with the execution role's credentials from the environment.
 */
import { createS3Client } from "../aws/s3";
import { createSecretsManagerClient } from "../aws/secretsManager";
import { createSqsClient } from "../aws/sqs";
import { createBodyStore } from "../claimCheck/bodyStore";
import type { ForwarderConfig } from "../config";
import { loadForwarderConfig } from "../configSource";
import { createEmitter } from "../metrics/emitter";
import { statsdFromEnv } from "../metrics/statsdEnv";
import { createIngressHandler, type FunctionUrlEvent, type IngressHandler, type IngressResponse } from "./handler";
import { createLogger, stdoutSink } from "./log";
import { createSecretSource } from "./secrets";

export { createIngressHandler, type FunctionUrlEvent, type IngressDeps, type IngressHandler, type IngressResponse } from "./handler";
export { createSecretSource, parseSecretString, type ActiveSecrets, type SecretSource } from "./secrets";
/** The function's own AWS clients, for a caller of the bundle that wires the handler itself (the benchmark). */
export { createSecretsManagerClient } from "../aws/secretsManager";
export { createSqsClient } from "../aws/sqs";

/** The ingress's configuration; throws with a message that names the problem, never the value. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, dir?: string): ForwarderConfig {
  const c = loadForwarderConfig(env, dir);
  if (!c.sources || typeof c.sources !== "object" || Array.isArray(c.sources) || typeof c.queueUrl !== "string" || typeof c.secretTtlSeconds !== "number") {
    throw new Error("ingress configuration needs sources, queueUrl (FORWARDER_QUEUE_URL) and secretTtlSeconds");
  }
  return c as ForwarderConfig;
}

let cached: IngressHandler | undefined;

function build(): IngressHandler {
  const config = configFromEnv();
  return createIngressHandler({
    config,
    sqs: createSqsClient(),
    ...(config.bodyBucket && { bodies: createBodyStore(createS3Client(), config.bodyBucket) }),
    secrets: createSecretSource({ client: createSecretsManagerClient(), ttlSeconds: config.secretTtlSeconds, logger: createLogger(stdoutSink) }),
    metrics: createEmitter(statsdFromEnv()),
    now: Date.now,
    log: stdoutSink,
  });
}

export const handler = (event: FunctionUrlEvent): Promise<IngressResponse> => {
  cached ??= build();
  return cached(event);
};
