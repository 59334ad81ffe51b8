/**
 * Local servers for the consumer tests, all on 127.0.0.1 and all real: dynalite (DynamoDB API;
 * the consumer gets the forwarder's own client, tests read and seed items with the SDK's, so the two
 * are checked against each other),
 * HTTP targets whose behaviour is scripted per Idempotency-Key and attempt, and a UDP DogStatsD
 * listener that parses what the emitter sent.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as dgram from "node:dgram";
import { createDynamoDbClient, type DynamoDbClient } from "../../../forwarder/aws/dynamodb";
import type { MetricsEmitter } from "../../../forwarder/metrics/emitter";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eventually } from "../../support/eventually";
import { localAws } from "./awsClients";

// ---- DynamoDB (dynalite) ----

export interface LocalDynamo {
  /** The forwarder's client (what the consumer is given). */
  client: DynamoDbClient;
  /** The AWS SDK's client on the same table: the reference tests seed and read items with. */
  sdk: DynamoDBClient;
  /** http://127.0.0.1:<port>, for clients in other processes. */
  endpoint: string;
  tableName: string;
  close(): Promise<void>;
}

export async function startDynamo(tableName = "forwarder-idempotency"): Promise<LocalDynamo> {
  // dynalite ships no types; it returns a node:http server.
  const dynalite = require("dynalite") as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const sdk = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await sdk.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: "deliveryKey", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "deliveryKey", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  return {
    client: createDynamoDbClient(localAws(`http://127.0.0.1:${port}`)),
    sdk,
    endpoint: `http://127.0.0.1:${port}`,
    tableName,
    async close() {
      sdk.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- HTTP targets ----

export type Behaviour =
  | { status: number }
  /** TCP RST before any answer. */
  | "reset"
  /**
   * Never answers; the forwarder's per-attempt timeout ends it, or, deterministically, the caller
   * that tagged the request with ATTEMPT_HEADER and listens with onHang (hangingFetch).
   */
  | "hang";

/** A test-only request header that lets a target say which attempt it is leaving hanging. */
export const ATTEMPT_HEADER = "x-test-attempt";

export interface TargetRequest {
  key: string;
  /** 0-based attempt number for this key at this target. */
  attempt: number;
  behaviour: Behaviour;
  /** A 2xx was written in full to a client still listening. */
  accepted: boolean;
}

export interface ConsumerTarget {
  url: string;
  requests: TargetRequest[];
  /** How many times the target accepted (2xx, fully sent) this key. */
  acceptedCount(key: string): number;
  setScript(script: (key: string, attempt: number) => Behaviour): void;
  /** Called with the ATTEMPT_HEADER value of each request the target leaves hanging. */
  onHang(listener: (attemptId: string) => void): void;
  close(): Promise<void>;
}

export async function startConsumerTarget(script: (key: string, attempt: number) => Behaviour): Promise<ConsumerTarget> {
  let current = script;
  let hangListener: ((attemptId: string) => void) | undefined;
  const requests: TargetRequest[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      const attempt = requests.filter((r) => r.key === key).length;
      const behaviour = current(key, attempt);
      const entry: TargetRequest = { key, attempt, behaviour, accepted: false };
      requests.push(entry);
      if (behaviour === "reset") return void req.socket.resetAndDestroy();
      if (behaviour === "hang") {
        // Closed by the client's abort or by close().
        const attemptId = req.headers[ATTEMPT_HEADER];
        if (typeof attemptId === "string") hangListener?.(attemptId);
        return;
      }
      res.on("finish", () => {
        if (behaviour.status >= 200 && behaviour.status < 300) entry.accepted = true;
      });
      res.writeHead(behaviour.status, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/in`,
    requests,
    acceptedCount: (key) => requests.filter((r) => r.key === key && r.accepted).length,
    setScript(next) {
      current = next;
    },
    onHang(listener) {
      hangListener = listener;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- DogStatsD over UDP ----

export interface Point {
  name: string;
  value: number;
  tags: Record<string, string>;
}

export interface MetricsListener {
  port: number;
  points: Point[];
  /** Points whose name ends with `.${short}` (e.g. "forwarded"). */
  named(short: string): Point[];
  /** Waits until `ok()`, which reads the points only, holds: re-checked on each datagram, no deadline. */
  until(ok: () => boolean): Promise<void>;
  /**
   * Resolves once everything `emitter` sent before the call has arrived: a sentinel point goes out
   * last through the same emitter (so the same socket), and loopback UDP from one socket arrives in
   * order. "Nothing more arrives" is then asserted after a positive event instead of a sleep.
   */
  caughtUp(emitter: Pick<MetricsEmitter, "emit" | "flush">): Promise<void>;
  clear(): void;
  close(): Promise<void>;
}

export async function startMetricsListener(): Promise<MetricsListener> {
  const socket = dgram.createSocket("udp4");
  const points: Point[] = [];
  socket.on("message", (msg) => {
    for (const line of msg.toString("utf8").split("\n")) {
      const m = /^([^:]+):([^|]+)\|d(?:\|#(.*))?$/.exec(line);
      if (!m) continue;
      const tags: Record<string, string> = {};
      for (const t of (m[3] ?? "").split(",").filter(Boolean)) {
        const i = t.indexOf(":");
        tags[t.slice(0, i)] = t.slice(i + 1);
      }
      points.push({ name: m[1]!, value: Number(m[2]), tags });
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const arrived = { emitter: socket, event: "message" };
  let sentinels = 0;
  return {
    port: socket.address().port,
    points,
    named: (short) => points.filter((p) => p.name === `martech.forwarder.${short}`),
    async until(ok) {
      await eventually(ok, arrived);
    },
    async caughtUp(emitter) {
      // Its own name each time (outside martech.forwarder.*, so named() never counts it).
      const name = `test.sentinel_${++sentinels}`;
      emitter.emit({ name, value: 1, tags: [] });
      await emitter.flush();
      await eventually(() => points.some((p) => p.name === name), arrived);
    },
    clear() {
      points.length = 0;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

// ---- deterministic timeouts ----

/**
 * fetch for a consumer under test whose "hang" attempts end when the target reports them hanging,
 * not when a wall-clock timer fires: the test's outcome then never depends on how fast the machine
 * is (a real per-attempt timeout racing a 2xx on a loaded machine is the at-least-once window the
 * README states, not something a conservation property can assert away). The attempt fails as a
 * network error, which forward() retries like a timeout.
 */
export function hangingFetch(targets: readonly ConsumerTarget[]): typeof fetch {
  const waiting = new Map<string, () => void>();
  let attempts = 0;
  for (const t of targets) t.onHang((id) => waiting.get(id)?.());
  return async (input, init) => {
    const id = String(++attempts);
    const headers = new Headers(init?.headers);
    headers.set(ATTEMPT_HEADER, id);
    const mine = new AbortController();
    const hung = new Promise<never>((_, reject) => {
      waiting.set(id, () => {
        mine.abort();
        reject(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("target left the attempt hanging"), { code: "ETIMEDOUT" }) }));
      });
    });
    hung.catch(() => undefined);
    try {
      const signal = init?.signal ? AbortSignal.any([init.signal, mine.signal]) : mine.signal;
      return await Promise.race([fetch(input, { ...init, headers, signal }), hung]);
    } finally {
      waiting.delete(id);
    }
  };
}
