/**
 * The real forwarder, run in simulated time for an alert drill: the ingress and consumer handlers
 * (createIngressHandler, createConsumerHandler) wired as Lambda wires them, with the Lambdas' own
 * AWS clients (forwarder/aws) talking to loopback stand-ins (the SQS-compatible server of
 * `npm run serve:forwarder`, dynalite, a Secrets Manager-compatible server), real fetch to the
 * destinations' fakes, and real DogStatsD emitters sending UDP to a capture socket. The event
 * source mapping's receives and deletes go through the AWS SDK's SQS client.
 *
 * What Lambda and SQS do between invocations is played here as a discrete-event loop over
 * simulated time: webhooks arrive at their instants and go through the ingress; whenever a
 * message is visible the event source mapping receives up to ten and invokes the consumer
 * (SQS's long polling makes that "at once"); a failed message comes back when its visibility
 * timeout ends (or when the consumer changed it), and after maxReceives receives the queue's
 * redrive policy moves it to the dead-letter queue instead of delivering it again. Nothing
 * sleeps: the clock jumps from one event to the next.
 *
 * Every datagram the emitters send is waited for before the clock moves again, so each is stamped
 * with the simulated instant its invocation ended, when the Datadog extension would have received it.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import type { DynamoDbClient } from "../../../forwarder/aws/dynamodb";
import type { SecretsManagerClient } from "../../../forwarder/aws/secretsManager";
import { createSqsClient } from "../../../forwarder/aws/sqs";
import type { ForwarderConfig, StaticForwarderConfig } from "../../../forwarder/config";
import { createConsumerHandler, type ConsumerHandler, type SqsRecord } from "../../../forwarder/consumer/handler";
import { createCredentialSource } from "../../../forwarder/destinations/credentialSource";
import { createTokenCache } from "../../../forwarder/destinations/oauth2";
import { createIngressHandler, type FunctionUrlEvent, type IngressHandler, type IngressResponse } from "../../../forwarder/ingress/handler";
import { createSecretSource } from "../../../forwarder/ingress/secrets";
import { createEmitter, type MetricsEmitter, type MetricsWarning } from "../../../forwarder/metrics/emitter";
import { CONSUMER_TIMEOUT_SECONDS, VISIBILITY_TIMEOUT_SECONDS } from "../../../compiler/lower/forwarder";
import { localAws } from "../../forwarder/support/awsClients";
import { startSqsServer, type SqsServer } from "../../forwarder/support/sqsServer";
import type { SimulatedClock } from "./simulatedClock";
import { startStatsdCapture, type StatsdCapture } from "./statsdCapture";

const QUEUE = "martech-drill-webhooks";
const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
/** More events than any drill minute holds: a loop that does not end is a harness bug, said plainly. */
const MAX_EVENTS_PER_STEP = 10_000;

export interface DrillDeps {
  readonly clock: SimulatedClock;
  /** The deployed forwarder-config.json (destinations pointed at loopback), and the idempotency table. */
  readonly config: StaticForwarderConfig;
  readonly dynamo: Pick<DynamoDbClient, "getItem" | "updateItem">;
  readonly secretsManager: SecretsManagerClient;
}

/** A request as a vendor sends it, turned into the Function URL event Lambda hands the ingress. */
export interface Arrival {
  /** Simulated ms from second 0. */
  readonly atMs: number;
  /** Built when it is sent, so signatures and timestamps use the clock of that instant. */
  readonly request: () => FunctionUrlEvent;
  /** What the ingress answered, for the caller's record. */
  readonly onAnswer?: (response: IngressResponse) => void;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly receiveCount: number;
  readonly atSeconds: number;
}

export interface ForwarderDrill {
  readonly capture: StatsdCapture;
  readonly deadLetters: readonly DeadLetter[];
  readonly consumerLog: readonly Record<string, unknown>[];
  readonly emitterWarnings: readonly MetricsWarning[];
  /** Plays `[fromMs, toMs)` of simulated time: the arrivals in it, and every receive that falls due. */
  run(fromMs: number, toMs: number, arrivals: readonly Arrival[]): Promise<void>;
  emitterStats(): { ingress: ReturnType<MetricsEmitter["stats"]>; consumer: ReturnType<MetricsEmitter["stats"]> };
  close(): Promise<void>;
}

/**
 * The waits that run on the real clock while the simulated one stands still: a secret fetch, the
 * enqueue, a metrics flush. No drill is about them (faults are answers or refused connections), so
 * they are the longest setTimeout takes: a busy machine must not turn a slow local answer into a
 * fault, or let flush() return before the socket took every datagram (metricsDelivered counts them).
 */
const REAL_WAIT_MS = 2 ** 31 - 1;

export async function startForwarderDrill(deps: DrillDeps): Promise<ForwarderDrill> {
  const { clock } = deps;
  const cleanups: (() => Promise<void> | void)[] = [];
  const sqsServer: SqsServer = await startSqsServer({ now: clock.now });
  cleanups.push(() => sqsServer.close());
  const sqs = new SQSClient({ ...LOCAL, endpoint: sqsServer.endpoint, maxAttempts: 1 });
  cleanups.push(() => sqs.destroy());
  /** The functions' own client (SendMessage, ChangeMessageVisibility). */
  const lambdaSqs = createSqsClient(localAws(sqsServer.endpoint));
  const queueUrl = sqsServer.queueUrl(QUEUE);
  const capture = await startStatsdCapture(clock);
  cleanups.push(() => capture.close());

  const emitterWarnings: MetricsWarning[] = [];
  // One emitter per function, as each Lambda has its own; sent only by the flush that ends each
  // invocation (no timer), and flush waits until the socket has taken every datagram.
  const emitter = () => createEmitter({
    host: capture.host, port: capture.port, autoFlushMs: 0, flushTimeoutMs: REAL_WAIT_MS, warnIntervalMs: 0, now: clock.now, onWarning: (w) => emitterWarnings.push(w),
  });
  const ingressMetrics = emitter();
  const consumerMetrics = emitter();
  cleanups.push(() => ingressMetrics.close(), () => consumerMetrics.close());

  const config: ForwarderConfig = { ...deps.config, queueUrl };
  const ingressLog: unknown[] = [];
  const consumerLog: Record<string, unknown>[] = [];
  const ingress: IngressHandler = createIngressHandler({
    config,
    sqs: lambdaSqs,
    secrets: createSecretSource({ client: deps.secretsManager, ttlSeconds: config.secretTtlSeconds, now: clock.now, fetchTimeoutMs: REAL_WAIT_MS }),
    metrics: ingressMetrics,
    now: clock.now,
    log: (entry) => ingressLog.push(entry),
    enqueueTimeoutMs: REAL_WAIT_MS,
  });
  const consumer: ConsumerHandler = createConsumerHandler({
    config,
    dynamo: deps.dynamo,
    sqs: lambdaSqs,
    queueUrl,
    metrics: consumerMetrics,
    now: clock.now,
    sleep: clock.sleep,
    // Backoff jitter at its midpoint, so the drill is the same every run.
    random: () => 0.5,
    credentials: createCredentialSource({ client: deps.secretsManager, ttlSeconds: config.secretTtlSeconds, now: clock.now, fetchTimeoutMs: REAL_WAIT_MS }),
    tokens: createTokenCache({ now: clock.now }),
    log: (entry) => consumerLog.push(entry),
  });
  const deadLetters: DeadLetter[] = [];

  /** Waits until every datagram the emitters have sent so far has reached the capture socket. */
  async function metricsDelivered(): Promise<void> {
    await Promise.all([ingressMetrics.flush(), consumerMetrics.flush()]);
    await capture.arrived(ingressMetrics.stats().datagramsSent + consumerMetrics.stats().datagramsSent);
  }

  /** When the next message becomes visible (epoch ms), if any is waiting. */
  function nextVisibleAt(): number | undefined {
    const times = sqsServer.messages(QUEUE).map((m) => Math.max(m.invisibleUntil, clock.now()));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** One poll of the event source mapping: receive, dead-letter what exhausted its receives, invoke the consumer. */
  async function receiveAndInvoke(): Promise<void> {
    const out = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: VISIBILITY_TIMEOUT_SECONDS, MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }));
    const received = out.Messages ?? [];
    const live: Message[] = [];
    for (const m of received) {
      const count = Number(m.Attributes?.ApproximateReceiveCount ?? "1");
      // The redrive policy: a message received maxReceiveCount times moves to the DLQ instead of coming back.
      if (count > config.maxReceives) {
        deadLetters.push({ messageId: m.MessageId ?? "", receiveCount: count - 1, atSeconds: clock.seconds() });
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      } else live.push(m);
    }
    if (live.length === 0) return;
    const started = clock.now();
    const records: SqsRecord[] = live.map((m) => ({
      messageId: m.MessageId ?? "",
      ...(m.ReceiptHandle && { receiptHandle: m.ReceiptHandle }),
      body: m.Body ?? "",
      attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1" },
    }));
    const result = await consumer({ Records: records }, { getRemainingTimeInMillis: () => Math.max(0, started + CONSUMER_TIMEOUT_SECONDS * 1000 - clock.now()) });
    const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    for (const m of live) if (!failed.has(m.MessageId ?? "")) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
  }

  return {
    capture,
    deadLetters,
    consumerLog,
    emitterWarnings,
    async run(fromMs, toMs, arrivals) {
      clock.advanceTo(fromMs);
      const pending = [...arrivals].sort((a, b) => a.atMs - b.atMs);
      const end = clock.epochMs + toMs;
      for (let events = 0; ; events++) {
        if (events > MAX_EVENTS_PER_STEP) throw new Error(`more than ${MAX_EVENTS_PER_STEP} events between ${fromMs} and ${toMs} ms: the queue never drains`);
        const arrivalAt = pending[0] ? clock.epochMs + pending[0].atMs : Infinity;
        const visibleAt = nextVisibleAt() ?? Infinity;
        const at = Math.min(arrivalAt, visibleAt);
        if (at >= end) break;
        clock.advanceTo(at - clock.epochMs);
        if (arrivalAt <= visibleAt) {
          const arrival = pending.shift()!;
          const response = await ingress(arrival.request());
          arrival.onAnswer?.(response);
        } else {
          await receiveAndInvoke();
        }
        await metricsDelivered();
      }
      clock.advanceTo(toMs);
    },
    emitterStats: () => ({ ingress: ingressMetrics.stats(), consumer: consumerMetrics.stats() }),
    async close() {
      for (const c of cleanups.splice(0).reverse()) await c();
    },
  };
}
