/**
 * The deployed webhook forwarder in one test process, on loopback: the REAL ingress and consumer
 * handlers, configured with the forwarder-config.json the sample inventory lowers to (prod), the
 * Datadog Events API target pointed at a loopback fake of it (./datadogEventsApi.ts), secrets in a
 * Secrets Manager-compatible server, idempotency records in dynalite under the deployed table name,
 * and an HTTP server turning requests into Function URL events as Lambda does.
 *
 * The queue is a stand-in: in "deliver" mode each SendMessage runs the consumer on the message
 * before the ingress answers, so a delivery is recorded by the time the sender hears 200 (no
 * waiting anywhere); in "hold" mode messages stay queued, as when the consumer is broken.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { names } from "../../../compiler/lower/names";
import type { ArchiveValue } from "../../../compiler/lower/spec";
import { createSecretsManagerClient } from "../../../forwarder/aws/secretsManager";
import type { SqsClient } from "../../../forwarder/aws/sqs";
import type { ForwarderConfig, StaticForwarderConfig } from "../../../forwarder/config";
import { CONFIG_FILE } from "../../../forwarder/configSource";
import { createConsumerHandler } from "../../../forwarder/consumer/handler";
import { createCredentialSource } from "../../../forwarder/destinations/credentialSource";
import { targetCredentialsSecretString } from "../../../forwarder/destinations/credentials";
import { createIngressHandler } from "../../../forwarder/ingress/handler";
import { createSecretSource, secretStringFor } from "../../../forwarder/ingress/secrets";
import { toFunctionUrlEvent } from "../../../forwarder/serve/serve";
import { localAws } from "../../forwarder/support/awsClients";
import { startDynamo, type LocalDynamo } from "../../forwarder/support/consumerHarness";
import { listenOnLoopback } from "../../forwarder/support/loopback";
import { startSecretsServer, type SecretsServer } from "../../forwarder/support/secretsServer";
import { sampleState } from "../../support/sampleState";
import { startDatadogEventsApi, type DatadogEventsFake } from "./datadogEventsApi";

export const SYNTHETIC_KEY = "web-lead-form-to-crm/synthetic-probe";
/** Made-up test values; the signing secret is `whsec_` + base64 of 32 bytes, as Standard Webhooks secrets are. */
export const PROBE_SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
export const EVENTS_KEY = "dd-synthetic-events-key-0123456789";
/**
 * Secret fetches' and the enqueue's timeouts (the enqueue here runs the consumer): generous, as no
 * test is about them; on a busy machine a local server's slow answer must not time out.
 */
const LOCAL_CALL_TIMEOUT_MS = 60_000;

export interface ForwarderLoop {
  /** The synthetic source's webhook URL on this loopback "Function URL". */
  readonly url: string;
  readonly origin: string;
  readonly dynamo: LocalDynamo;
  readonly datadog: DatadogEventsFake;
  readonly secrets: SecretsServer;
  /** Messages the ingress queued while in "hold" mode. */
  readonly held: string[];
  mode: "deliver" | "hold";
  /** The forwarder's own log lines (already scrubbed by its loggers). */
  readonly logs: unknown[];
  close(): Promise<void>;
}

/** The lowered config, with Datadog's API origin replaced by the fake's. */
function loweredConfig(datadogOrigin: string): StaticForwarderConfig {
  const consumer = sampleState().resources.find((r) => r.name === names.forwarder("consumer"))!;
  const text = ((consumer.inputs as { code: ArchiveValue }).code.$archive[CONFIG_FILE] as { text: string }).text;
  return JSON.parse(text.split("https://api.datadoghq.com").join(datadogOrigin)) as StaticForwarderConfig;
}

export async function startForwarderLoop(options: { eventsKeyAtDatadog?: string } = {}): Promise<ForwarderLoop> {
  const datadog = await startDatadogEventsApi({ apiKey: options.eventsKeyAtDatadog ?? EVENTS_KEY });
  const static_ = loweredConfig(datadog.origin);
  const dynamo = await startDynamo(static_.tableName);
  const secrets = await startSecretsServer();
  const source = static_.sources[SYNTHETIC_KEY];
  if (!source) throw new Error(`the sample inventory has no ${SYNTHETIC_KEY}`);
  const target = source.targets[0]!;
  // What the deployment writes: the source's secret with its public URL, the target's credentials from the config value.
  secrets.secrets.set(target.credentialsSecretId!, targetCredentialsSecretString({ type: "api-key", configKey: "datadogSyntheticEventsApiKey", value: EVENTS_KEY }, []));

  const logs: unknown[] = [];
  const held: string[] = [];
  const sm = createSecretsManagerClient(localAws(secrets.endpoint));
  const metrics = { record: () => undefined, flush: async () => undefined };
  const config: ForwarderConfig = { ...static_, queueUrl: "http://127.0.0.1/queue/local" };
  const consumer = createConsumerHandler({
    config, dynamo: dynamo.client, metrics, now: Date.now, sleep: async () => {}, random: () => 0.5, log: (e) => logs.push(e),
    credentials: createCredentialSource({ client: sm, ttlSeconds: 300, fetchTimeoutMs: LOCAL_CALL_TIMEOUT_MS }),
  });
  const loop: { mode: "deliver" | "hold" } = { mode: "deliver" };
  const sqs: Pick<SqsClient, "sendMessage"> = {
    sendMessage: async ({ MessageBody: body }) => {
      if (loop.mode === "hold") held.push(body);
      else {
        // Lambda's remaining time held still: a busy machine cannot run the consumer's budget out.
        await consumer({ Records: [{ messageId: randomUUID(), receiptHandle: randomUUID(), body, attributes: { ApproximateReceiveCount: "1" } }] }, { getRemainingTimeInMillis: () => 30_000 });
      }
      return { MessageId: randomUUID() };
    },
  };
  const ingress = createIngressHandler({
    config, sqs, secrets: createSecretSource({ client: sm, ttlSeconds: 300, fetchTimeoutMs: LOCAL_CALL_TIMEOUT_MS }), metrics, now: Date.now, log: (e) => logs.push(e),
    enqueueTimeoutMs: LOCAL_CALL_TIMEOUT_MS,
  });

  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void ingress(toFunctionUrlEvent(req, Buffer.concat(chunks))).then((out) => res.writeHead(out.statusCode, out.headers ?? {}).end(out.body ?? ""));
    });
  });
  const http = await listenOnLoopback(server);
  const url = `${http.endpoint}/hooks/${SYNTHETIC_KEY}`;
  secrets.secrets.set(source.secretId, secretStringFor(PROBE_SECRET, url));
  return Object.assign(loop, {
    url,
    origin: http.endpoint,
    dynamo,
    datadog,
    secrets,
    held,
    logs,
    async close() {
      await Promise.all([http.close(), dynamo.close(), secrets.close(), datadog.close()]);
    },
  });
}
