/**
 * The webhook forwarder in one local process, for trying it by hand (npm run serve:forwarder).
 * LOCAL DEVELOPMENT ONLY: secrets come inline from the config file; nothing here is hardened.
 *
 * It runs the REAL handlers, wired the way Lambda wires them, with local stand-ins for AWS:
 *
 *   curl ──POST /hooks/<source>──▶ HTTP server ──Function URL v2 event──▶ ingress handler
 *                                                                           │ SendMessage (the Lambda's SQS client);
 *                                                                           │ bodies over the queue's 1 MiB:
 *                                                                           │ PutObject (the Lambda's S3 client)
 *                                                                           ▼
 *                                 in-process SQS- and S3-compatible servers (./sqsLocal.ts, ./s3Local.ts)
 *                                                                           │ poll loop: ReceiveMessage
 *                                                                           ▼
 *              consumer handler ◀── SQS event (ApproximateReceiveCount) ────┘
 *                 │  idempotency: dynalite (the Lambda's DynamoDB client), table created at start
 *                 ▼  forward()
 *   targets ──▶ built-in echo target  POST /echo/<system>  (prints what it receives)
 *
 * Messages the consumer does not report as failures are deleted; failures come back after the
 * visibility timeout, or when the consumer set it (ChangeMessageVisibility: a target's Retry-After,
 * or 0 s once every target has settled); a message received more than maxReceives times is moved to an in-memory DLQ
 * (what the queue's redrive policy does in AWS) and printed.
 * Metrics are printed as events and also sent to DogStatsD on 127.0.0.1:8125 (harmless when nothing
 * listens: the emitter's loss warnings are silenced here).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AwsClientOptions } from "../aws/client";
import { createDynamoDbClient } from "../aws/dynamodb";
import { createS3Client } from "../aws/s3";
import { createSqsClient } from "../aws/sqs";
import { createBodyStore } from "../claimCheck/bodyStore";
import { createConsumerHandler, type ConsumerHandler, type SqsRecord } from "../consumer/handler";
import { createIngressHandler, type FunctionUrlEvent, type IngressHandler } from "../ingress/handler";
import type { ActiveSecrets, SecretSource } from "../ingress/secrets";
import { createEmitter, type MetricsEmitter } from "../metrics/emitter";
import type { MetricId, TagsOf } from "../metrics/names";
import { LOCAL_QUEUE, LOCAL_TABLE, secretIdFor, toForwarderConfig, type ServeConfig } from "./config";
import { startS3Server } from "./s3Local";
import { startLocalSqs, type LocalSqs } from "./sqsLocal";

/** The local claim-check bucket. */
export const LOCAL_BUCKET = "forwarder-bodies-local";
/** Largest request body read (a Function URL's own limit is 6 MB; the ingress answers 413 above 1 MiB). */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
/** The Lambdas' own AWS clients, pointed at the local stand-ins. */
const local = (endpoint: string): AwsClientOptions => ({ endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS });

/** ReceiveMessage's messages (SQS API Reference, Message), the fields the poll loop reads. */
interface Message {
  readonly MessageId?: string;
  readonly ReceiptHandle?: string;
  readonly Body?: string;
  readonly Attributes?: Readonly<Record<string, string>>;
}

export interface EchoDelivery {
  readonly system: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly at: number;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
}

export interface ServeOptions {
  /** One human-readable line per event. Default: console.log with a time prefix. */
  print?: (line: string) => void;
  /** Also print the handlers' structured info logs (warnings and errors are always printed). */
  verbose?: boolean;
  /** DogStatsD target for the metrics; null = print only. Default 127.0.0.1:8125. */
  statsd?: { host: string; port: number } | null;
  /** Idle wait between empty receives. Default 100 ms. */
  pollIntervalMs?: number;
}

export interface Serve {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Everything the echo target received, in order. */
  readonly echo: readonly EchoDelivery[];
  /** Messages moved to the local dead-letter queue. */
  readonly deadLetters: readonly DeadLetter[];
  close(): Promise<void>;
}

const time = () => new Date().toISOString().slice(11, 23);
const defaultPrint = (line: string) => console.log(`${time()}  ${line}`);
const pad = (event: string) => event.padEnd(10);

/** Function URL payload 2.0 from a Node request: lower-case headers, repeats joined with commas, raw body (base64 when not UTF-8). */
export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): FunctionUrlEvent {
  const target = req.url ?? "/";
  const q = target.indexOf("?");
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    text = undefined;
  }
  return {
    rawPath: q < 0 ? target : target.slice(0, q),
    rawQueryString: q < 0 ? "" : target.slice(q + 1),
    headers,
    ...(body.length > 0 && (text !== undefined ? { body: text, isBase64Encoded: false } : { body: body.toString("base64"), isBase64Encoded: true })),
    requestContext: { http: { method: req.method ?? "GET" } },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Metrics: printed as events, and teed to a real emitter (DogStatsD) when one is given. */
function printingMetrics(print: (line: string) => void, emitter: MetricsEmitter | undefined) {
  return {
    record<M extends MetricId>(id: M, tags: TagsOf<M>, value = 1): void {
      emitter?.record(id, tags, value);
      const t = tags as Record<string, unknown>;
      const src = `${String(t["source"])}`;
      const to = t["destination"] !== undefined ? ` → ${String(t["destination"])}` : "";
      const syn = t["synthetic"] === true ? " (synthetic)" : "";
      switch (id) {
        case "received": return print(`${pad("verified")} ${src}: signature ok${syn}`);
        case "rejected": return print(`${pad("rejected")} ${src}: ${String(t["reason"])}`);
        case "enqueued": return print(`${pad("enqueued")} ${src}${syn}`);
        case "settled":
          return t["outcome"] === "forwarded"
            ? print(`${pad("forwarded")} ${src}${to}${t["within_slo"] === false ? " (outside SLO)" : ""}${syn}`)
            : print(`${pad("settled")} ${src}${to}: ${String(t["outcome"])} (${String(t["reason"])})${syn}`);
        case "failed": return print(`${pad("failed")} ${src}${to}: ${String(t["reason"])}${syn}`);
        case "dead_lettered": return print(`${pad("last-try")} ${src}: last receive failed, SQS would dead-letter it`);
        default: return; // end_to_end_latency: the forwarded line covers it
      }
    },
    flush: () => emitter?.flush() ?? Promise.resolve(),
  };
}

/**
 * Starts everything on 127.0.0.1 (port 0 = any free port) and returns once it is ready.
 * On a startup failure, whatever already started is closed again.
 */
export async function startServe(config: ServeConfig, port = 0, options: ServeOptions = {}): Promise<Serve> {
  const print = options.print ?? defaultPrint;
  const verbose = options.verbose ?? false;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const cleanups: (() => Promise<void> | void)[] = [];
  const runCleanups = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // Best effort: keep closing the rest.
      }
    }
  };

  try {
    // ---- DynamoDB: dynalite, in memory ----
    // dynalite ships no types; it returns a node:http server.
    const dynalite = require("dynalite") as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
    const dynaliteServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await listen(dynaliteServer, 0);
    cleanups.push(() => closeServer(dynaliteServer));
    const dynamo = createDynamoDbClient(local(`http://127.0.0.1:${(dynaliteServer.address() as AddressInfo).port}`));
    await dynamo.call("CreateTable", {
      TableName: LOCAL_TABLE,
      AttributeDefinitions: [{ AttributeName: "deliveryKey", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "deliveryKey", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });

    // ---- SQS: the in-process compatible server, a real client ----
    const localSqs: LocalSqs = await startLocalSqs();
    cleanups.push(() => localSqs.close());
    const sqs = createSqsClient(local(localSqs.endpoint));
    const queueUrl = localSqs.queueUrl(LOCAL_QUEUE);

    // ---- S3: the claim-check bucket, in-process, a real client ----
    const localS3 = await startS3Server();
    cleanups.push(() => localS3.close());
    localS3.createBucket(LOCAL_BUCKET);
    const bodies = createBodyStore(createS3Client(local(localS3.endpoint)), LOCAL_BUCKET);

    // ---- Metrics ----
    const statsd = options.statsd === undefined ? { host: "127.0.0.1", port: 8125 } : options.statsd;
    const emitter = statsd ? createEmitter({ host: statsd.host, port: statsd.port, onWarning: () => undefined }) : undefined;
    if (emitter) cleanups.push(() => emitter.close());
    const metrics = printingMetrics(print, emitter);

    // ---- HTTP: hooks, echo target ----
    const echo: EchoDelivery[] = [];
    const deadLetters: DeadLetter[] = [];
    let ingress: IngressHandler | undefined;
    const server = createServer((req, res) => {
      void route(req, res).catch((err: unknown) => {
        print(`${pad("error")} ${req.method} ${req.url}: ${(err as Error)?.message ?? String(err)}`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error");
      });
    });
    const route = async (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? "/").split("?")[0]!;
      const body = await readBody(req);
      if (body === "too-large") return void res.writeHead(413, { "content-type": "text/plain" }).end("payload too large");
      const echoMatch = /^\/echo\/([^/]+)\/?$/.exec(path);
      if (echoMatch) {
        const system = decodeURIComponent(echoMatch[1]!);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        echo.push({ system, method: req.method ?? "", headers, body, at: Date.now() });
        const shown = body.length > 2000 ? `${body.subarray(0, 2000).toString("utf8")}… (${body.length} bytes)` : body.toString("utf8");
        print(`${pad("echo")} ${system} got ${req.method} ${body.length} bytes, idempotency-key=${headers["idempotency-key"] ?? "-"}, content-type=${headers["content-type"] ?? "-"}: ${shown}`);
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, bytes: body.length }));
      }
      if (path.startsWith("/hooks/")) {
        if (!ingress) return void res.writeHead(503, { "content-type": "text/plain" }).end("starting");
        const started = Date.now();
        print(`${pad("received")} ${req.method} ${path} (${body.length} bytes)`);
        const out = await ingress(toFunctionUrlEvent(req, body));
        res.writeHead(out.statusCode, out.headers ?? {}).end(out.body ?? "");
        print(`${pad("answered")} ${out.statusCode} to ${req.method} ${path} in ${Date.now() - started} ms`);
        return;
      }
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: POST /hooks/<source> or /echo/<system>\n");
    };
    await listen(server, port);
    cleanups.push(() => closeServer(server));
    const actualPort = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${actualPort}`;
    const forwarderConfig = { ...toForwarderConfig(config, url, queueUrl), bodyBucket: LOCAL_BUCKET };

    // ---- Secrets: inline, served as Secrets Manager would after parsing ----
    const secretsById = new Map<string, ActiveSecrets>();
    for (const [id, s] of Object.entries(config.sources)) {
      secretsById.set(secretIdFor(id), { secrets: s.secrets, ...(s.verifyToken !== undefined && { verifyToken: s.verifyToken }) });
    }
    const secrets: SecretSource = {
      get: async (secretId) => {
        const value = secretsById.get(secretId);
        if (!value) throw new Error(`no local secret ${secretId}`);
        return value;
      },
    };

    // ---- The real handlers ----
    const handlerLog = (origin: string) => (entry: object) => {
      const e = entry as Record<string, unknown>;
      const level = e["level"];
      // Consumer entries carry no level: their events other than "delivered" are worth seeing.
      const quiet = level === "info" || e["event"] === "delivered" || e["event"] === "ingress_rejected";
      if (e["event"] === "visibility_changed") {
        const why = e["why"] === "deferred" ? "the target asked to wait (Retry-After)" : "every target has settled, one refused it: on to the dead-letter queue";
        return print(`${pad("delayed")} message ${String(e["messageId"])} comes back in ${String(e["visibilitySeconds"])} s: ${why}`);
      }
      if (e["event"] === "duplicate_skipped") return print(`${pad("duplicate")} ${String(e["messageKey"])}: already delivered (idempotency record), not forwarded again`);
      if (quiet && !verbose) return;
      print(`${pad(origin)} ${JSON.stringify(entry)}`);
    };
    ingress = createIngressHandler({ config: forwarderConfig, sqs, secrets, metrics, now: Date.now, log: handlerLog("ingress"), bodies });
    const consumer: ConsumerHandler = createConsumerHandler({ config: forwarderConfig, dynamo, metrics, now: Date.now, log: handlerLog("consumer"), sqs, queueUrl, bodies });

    // ---- The poll loop (what the SQS event source mapping does) ----
    const visibilityMs = config.visibilityTimeoutSeconds * 1000;
    let stopped = false;
    let wake: (() => void) | undefined;
    const idle = (ms: number) => new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
    const deleteMessage = async (m: Message) => {
      try {
        await sqs.call("DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle });
      } catch (err) {
        print(`${pad("error")} DeleteMessage ${m.MessageId}: ${(err as Error).message}`);
      }
    };
    const poll = async () => {
      while (!stopped) {
        let messages: Message[];
        try {
          const out = await sqs.call<{ Messages?: Message[] }>("ReceiveMessage", {
            QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: config.visibilityTimeoutSeconds, MessageSystemAttributeNames: ["ApproximateReceiveCount"],
          });
          messages = out.Messages ?? [];
        } catch (err) {
          if (stopped) break;
          print(`${pad("error")} ReceiveMessage: ${(err as Error).message}`);
          await idle(1000);
          continue;
        }
        if (messages.length === 0) {
          await idle(pollIntervalMs);
          continue;
        }
        const receivedAt = Date.now();
        // Redrive: SQS moves a message to the DLQ instead of delivering it a (maxReceives + 1)th time.
        const live: Message[] = [];
        for (const m of messages) {
          const count = Number(m.Attributes?.ApproximateReceiveCount ?? "1");
          if (count > forwarderConfig.maxReceives) {
            deadLetters.push({ messageId: m.MessageId ?? "", body: m.Body ?? "", receiveCount: count - 1 });
            print(`${pad("dlq")} message ${m.MessageId} moved to the local dead-letter queue after ${count - 1} receives`);
            await deleteMessage(m);
          } else live.push(m);
        }
        if (live.length === 0) continue;
        const records: SqsRecord[] = live.map((m) => ({
          messageId: m.MessageId ?? "",
          ...(m.ReceiptHandle && { receiptHandle: m.ReceiptHandle }),
          body: m.Body ?? "",
          attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1" },
        }));
        const result = await consumer({ Records: records }, { getRemainingTimeInMillis: () => Math.max(0, receivedAt + visibilityMs - Date.now()) });
        const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
        for (const m of live) {
          if (!failed.has(m.MessageId ?? "")) await deleteMessage(m);
          else {
            const count = Number(m.Attributes?.ApproximateReceiveCount ?? "1");
            const next = count >= forwarderConfig.maxReceives ? "goes to the dead-letter queue at its next receive" : "is retried";
            print(`${pad("retry")} message ${m.MessageId} stays queued (receive ${count} of ${forwarderConfig.maxReceives}); ${next} in ${config.visibilityTimeoutSeconds} s unless the consumer set another time`);
          }
        }
      }
    };
    const polling = poll().catch((err: unknown) => print(`${pad("error")} poll loop stopped: ${(err as Error)?.message ?? String(err)}`));
    // Stop polling first (before the servers it talks to close); an in-flight batch is awaited.
    cleanups.push(async () => {
      stopped = true;
      wake?.();
      await polling;
    });

    let closing: Promise<void> | undefined;
    return {
      url,
      port: actualPort,
      echo,
      deadLetters,
      close: () => (closing ??= runCleanups()),
    };
  } catch (err) {
    await runCleanups();
    throw err;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
