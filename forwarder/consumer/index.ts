/**
 * Consumer Lambda entry point (SQS event source mapping with FunctionResponseTypes
 * ["ReportBatchItemFailures"]). Built once per cold start from the environment:
 *
 *   FORWARDER_CONFIG          ForwarderConfig as JSON (written by the WebhookForwarder component)
 *   DD_DOGSTATSD_HOST / _PORT optional, default 127.0.0.1:8125 (the Datadog Lambda extension)
 *
 * A missing or malformed FORWARDER_CONFIG throws at cold start: every invocation fails, SQS keeps
 * the messages (and after maxReceives dead-letters them, from where redrive.ts replays them once
 * the configuration is fixed). Nothing is lost and the broken deploy is loud.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ForwarderConfig } from "../config";
import { createEmitter } from "../metrics/emitter";
import { createConsumerHandler, type ConsumerHandler } from "./handler";

export function configFromEnv(env: NodeJS.ProcessEnv): ForwarderConfig {
  const raw = env["FORWARDER_CONFIG"];
  if (!raw) throw new Error("FORWARDER_CONFIG is not set");
  let config: ForwarderConfig;
  try {
    config = JSON.parse(raw) as ForwarderConfig;
  } catch {
    throw new Error("FORWARDER_CONFIG is not valid JSON");
  }
  if (!config || typeof config !== "object" || typeof config.sources !== "object" || typeof config.tableName !== "string"
    || !(config.maxReceives >= 1) || !(config.idempotencyTtlSeconds >= 24 * 3600)) {
    throw new Error("FORWARDER_CONFIG lacks sources, tableName, maxReceives >= 1 or idempotencyTtlSeconds >= 86400");
  }
  return config;
}

const config = configFromEnv(process.env);
const port = Number(process.env["DD_DOGSTATSD_PORT"]);

export const handler: ConsumerHandler = createConsumerHandler({
  config,
  dynamo: new DynamoDBClient({}),
  metrics: createEmitter({
    ...(process.env["DD_DOGSTATSD_HOST"] && { host: process.env["DD_DOGSTATSD_HOST"] }),
    ...(Number.isInteger(port) && port > 0 && { port }),
  }),
  now: Date.now,
  log: (entry) => console.log(JSON.stringify(entry)),
});
