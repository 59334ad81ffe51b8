/**
 * Lambda entry point: builds the dependencies once per execution environment (cold start) from
 * the environment. FORWARDER_CONFIG (JSON ForwarderConfig) is required: without it the init
 * fails, Lambda answers 5xx and vendors retry. DOGSTATSD_HOST / DOGSTATSD_PORT override the
 * Datadog extension's 127.0.0.1:8125.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { ForwarderConfig } from "../config";
import { createEmitter } from "../metrics/emitter";
import { createIngressHandler, type FunctionUrlEvent, type IngressHandler, type IngressResponse } from "./handler";
import { createLogger, stdoutSink } from "./log";
import { createSecretSource } from "./secrets";

export { createIngressHandler, type FunctionUrlEvent, type IngressDeps, type IngressHandler, type IngressResponse } from "./handler";
export { createSecretSource, parseSecretString, type ActiveSecrets, type SecretSource } from "./secrets";

/** Parses FORWARDER_CONFIG; throws with a message that names the problem, never the value. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ForwarderConfig {
  const raw = env.FORWARDER_CONFIG;
  if (!raw) throw new Error("FORWARDER_CONFIG is not set");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error("FORWARDER_CONFIG is not valid JSON");
  }
  const c = parsed as Partial<ForwarderConfig> | null;
  if (!c || typeof c !== "object" || !c.sources || typeof c.sources !== "object" || typeof c.queueUrl !== "string" || typeof c.secretTtlSeconds !== "number") {
    throw new Error("FORWARDER_CONFIG needs sources, queueUrl and secretTtlSeconds");
  }
  return c as ForwarderConfig;
}

let cached: IngressHandler | undefined;

function build(): IngressHandler {
  const config = configFromEnv();
  const port = Number(process.env.DOGSTATSD_PORT);
  return createIngressHandler({
    config,
    sqs: new SQSClient({}),
    secrets: createSecretSource({ client: new SecretsManagerClient({}), ttlSeconds: config.secretTtlSeconds, logger: createLogger(stdoutSink) }),
    metrics: createEmitter({ host: process.env.DOGSTATSD_HOST || undefined, port: Number.isInteger(port) && port > 0 ? port : undefined }),
    now: Date.now,
    log: stdoutSink,
  });
}

export const handler = (event: FunctionUrlEvent): Promise<IngressResponse> => {
  cached ??= build();
  return cached(event);
};
