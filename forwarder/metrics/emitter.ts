/**
 * Metric emitter for the forwarder Lambdas: DogStatsD distributions over UDP to the Datadog
 * Lambda extension on 127.0.0.1:8125.
 *
 * WHY UDP TO THE EXTENSION, NOT THE HTTP DISTRIBUTION-POINTS API
 * - The extension aggregates and flushes to Datadog asynchronously, outside the invocation's
 *   critical path; a UDP send to loopback is a non-blocking syscall that never waits for a
 *   peer, so a slow or dead Datadog cannot stretch a delivery (or the time a vendor waits for
 *   our 2xx: Shopify and Segment give up after 5 s).
 * - Calling `POST /api/v1/distribution_points` from the function adds a TLS round trip to
 *   Datadog per flush: awaited before the response it adds latency and a failure mode to every
 *   delivery; done after the response it runs while Lambda may freeze the sandbox, so points
 *   are lost or sent minutes late; either way the API key has to live in the function.
 * - Loopback UDP loses nothing in practice while the extension runs. When it does not run we
 *   still notice: the socket is CONNECTED, so the kernel's ICMP "port unreachable" surfaces as
 *   ECONNREFUSED, which is counted and reported like any other send error.
 *
 * RULES (losing metrics must never fail or slow a delivery)
 * - emit()/record() never throw and never touch the network synchronously beyond handing a
 *   full datagram to the socket; they only append to an in-memory batch.
 * - Lines are batched into datagrams of at most `maxDatagramBytes` (default 8192, the
 *   DogStatsD server's default read buffer; a bigger datagram would be truncated there).
 * - flush() (call it at the end of each invocation) sends the batch and waits at most
 *   `flushTimeoutMs` for the local send callbacks; it never rejects.
 * - Every lost point is COUNTED (stats()) and reported through `onWarning` (default: one JSON
 *   line on console.warn, rate limited) instead of a debug log nobody reads
 *   (datadog-lambda-js issue 638).
 */
import * as dgram from "node:dgram";
import { isIPv6 } from "node:net";
import { METRIC_NAME_PATTERN, MAX_TAG_LENGTH, metric, type MetricId, type MetricPoint, type TagsOf } from "./names";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8125;
export const DEFAULT_MAX_DATAGRAM_BYTES = 8192;

export type LossReason =
  /** The socket reported an error for a datagram (send callback or synchronous throw). */
  | "send_failed"
  /** Resolving or connecting to host:port failed; datagrams are dropped until the backoff ends. */
  | "connect_failed"
  /** ICMP port unreachable: nothing listens on host:port (extension not running). */
  | "refused"
  /** Too many datagrams waiting for the socket to connect. */
  | "queue_full"
  /** A point that cannot be serialized (bad name, non-finite value, bigger than a datagram). */
  | "invalid_metric"
  /** emit() after close(). */
  | "closed";

export interface EmitterStats {
  /** Points accepted into a batch. */
  readonly emitted: number;
  /** Datagrams the socket accepted (for UDP that is not proof of receipt: see `refused`). */
  readonly datagramsSent: number;
  /** Errors seen: send callbacks, synchronous throws, connect failures, ICMP refusals. */
  readonly sendErrors: number;
  /**
   * Points known to be lost after they were accepted. A lower bound: an ICMP refusal says an
   * earlier datagram was refused, not which one, so it counts the last datagram sent.
   */
  readonly lostMetrics: number;
  /** Points refused before batching (also reported, never sent). */
  readonly invalidMetrics: number;
}

/** Structured, one per warning; safe to log (no tag values, no payloads). */
export interface MetricsWarning {
  readonly event: "forwarder_metrics_lost";
  readonly reason: LossReason;
  /** `ECONNREFUSED`, `ENOTFOUND`, `ERR_SOCKET_BAD_PORT`... when an error caused it. */
  readonly errorCode?: string;
  readonly message: string;
  /** `host:port` of the DogStatsD server. */
  readonly target: string;
  /** Points lost or refused since the previous warning, including the suppressed ones. */
  readonly lostSinceLastWarning: number;
  /** Warnings folded into this one by the rate limit. */
  readonly suppressedWarnings: number;
  readonly stats: EmitterStats;
}

export interface EmitterOptions {
  /** Default 127.0.0.1 (the extension). An IPv6 literal selects a udp6 socket. */
  readonly host?: string;
  /** Default 8125. */
  readonly port?: number;
  /** Largest datagram, default 8192; batches split below it. */
  readonly maxDatagramBytes?: number;
  /** Longest flush() waits for send callbacks, default 200 ms. */
  readonly flushTimeoutMs?: number;
  /** A partial batch is also sent this long after its first point; 0 turns it off. Default 1000 ms (unref'd). */
  readonly autoFlushMs?: number;
  /** Datagrams kept while the socket connects, default 64. */
  readonly maxQueuedDatagrams?: number;
  /** After a connect failure, drop (and count) instead of reconnecting for this long. Default 1000 ms. */
  readonly reconnectBackoffMs?: number;
  /** At most one warning per this interval, the rest are folded into the next one. Default 60 s. */
  readonly warnIntervalMs?: number;
  /** Default: `console.warn(JSON.stringify(warning))`. An exception it throws is swallowed. */
  readonly onWarning?: (warning: MetricsWarning) => void;
  /** Clock for the warning rate limit and the backoff. */
  readonly now?: () => number;
  /** Custom resolver for `host` (dgram's `lookup` option). */
  readonly lookup?: dgram.SocketOptions["lookup"];
}

type State = "idle" | "connecting" | "connected" | "closed";

interface Datagram {
  readonly buf: Buffer;
  readonly count: number;
}

interface Counters {
  emitted: number;
  datagramsSent: number;
  sendErrors: number;
  lostMetrics: number;
  invalidMetrics: number;
}

const VALID_TAG = /^[a-z][a-z0-9_\-:./]*$/;

const defaultWarning = (w: MetricsWarning): void => {
  console.warn(JSON.stringify(w));
};

export class MetricsEmitter {
  private readonly host: string;
  private readonly port: number;
  private readonly maxBytes: number;
  private readonly flushTimeoutMs: number;
  private readonly autoFlushMs: number;
  private readonly maxQueued: number;
  private readonly backoffMs: number;
  private readonly warnIntervalMs: number;
  private readonly onWarning: (w: MetricsWarning) => void;
  private readonly now: () => number;
  private readonly lookup: dgram.SocketOptions["lookup"];

  private lines: string[] = [];
  private bytes = 0;
  private state: State = "idle";
  private socket: dgram.Socket | undefined;
  private queue: Datagram[] = [];
  private inFlight = 0;
  /** Bumped whenever the socket is dropped: callbacks of an old socket no longer count as in flight. */
  private generation = 0;
  private waiters: (() => void)[] = [];
  private retryAt = -Infinity;
  private lastConnectError: unknown;
  private lastSentCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly counters: Counters = { emitted: 0, datagramsSent: 0, sendErrors: 0, lostMetrics: 0, invalidMetrics: 0 };
  private lastWarnAt = -Infinity;
  private unwarnedLost = 0;
  private suppressed = 0;
  private pendingWarning: { reason: LossReason; err: unknown } | undefined;

  constructor(options: EmitterOptions = {}) {
    const o = options ?? {};
    this.host = typeof o.host === "string" && o.host !== "" ? o.host : DEFAULT_HOST;
    this.port = typeof o.port === "number" ? o.port : DEFAULT_PORT;
    this.maxBytes = positive(o.maxDatagramBytes, DEFAULT_MAX_DATAGRAM_BYTES);
    this.flushTimeoutMs = nonNegative(o.flushTimeoutMs, 200);
    this.autoFlushMs = nonNegative(o.autoFlushMs, 1000);
    this.maxQueued = nonNegative(o.maxQueuedDatagrams, 64);
    this.backoffMs = nonNegative(o.reconnectBackoffMs, 1000);
    this.warnIntervalMs = nonNegative(o.warnIntervalMs, 60_000);
    this.onWarning = typeof o.onWarning === "function" ? o.onWarning : defaultWarning;
    this.now = typeof o.now === "function" ? o.now : Date.now;
    this.lookup = o.lookup;
  }

  /** Snapshot of the counters. */
  stats(): EmitterStats {
    return { ...this.counters };
  }

  /** Builds and emits a point of a metric defined in names.ts. Never throws. */
  record<M extends MetricId>(id: M, tags: TagsOf<M>, value = 1): void {
    let point: MetricPoint;
    try {
      point = metric(id, tags, value);
    } catch (err) {
      this.counters.invalidMetrics++;
      this.report("invalid_metric", 1, err);
      return;
    }
    this.emit(point);
  }

  /** Appends one point to the current batch (sending the batch first if the point does not fit). Never throws, never waits. */
  emit(point: MetricPoint): void {
    try {
      if (this.state === "closed") {
        this.lose(1, "closed");
        return;
      }
      const line = serialize(point);
      const size = line === undefined ? 0 : Buffer.byteLength(line);
      if (line === undefined || size > this.maxBytes) {
        this.counters.invalidMetrics++;
        this.report("invalid_metric", 1, line === undefined ? undefined : new RangeError(`a ${size}-byte metric line exceeds the ${this.maxBytes}-byte datagram limit`));
        return;
      }
      if (this.lines.length > 0 && this.bytes + 1 + size > this.maxBytes) this.dispatch();
      this.bytes += (this.lines.length > 0 ? 1 : 0) + size;
      this.lines.push(line);
      this.counters.emitted++;
      this.armTimer();
    } catch (err) {
      this.counters.invalidMetrics++;
      this.report("invalid_metric", 1, err);
    }
  }

  /**
   * Sends what is batched and waits (at most flushTimeoutMs) until the socket has taken every
   * datagram. Call it at the end of each invocation, after the response is decided. Never rejects.
   */
  flush(): Promise<void> {
    try {
      this.clearTimer();
      this.dispatch();
      this.reportPending(false);
    } catch (err) {
      this.report("send_failed", 0, err);
    }
    return this.whenIdle();
  }

  /** flush(), then releases the socket; later points are counted as lost. Never rejects. */
  async close(): Promise<void> {
    await this.flush();
    this.state = "closed";
    this.clearTimer();
    this.dropSocket();
    this.reportPending(true);
    this.settle();
  }

  // ---- batching ----

  private dispatch(): void {
    if (this.lines.length === 0) return;
    const datagram = { buf: Buffer.from(this.lines.join("\n")), count: this.lines.length };
    this.lines = [];
    this.bytes = 0;
    this.transmit(datagram);
  }

  private armTimer(): void {
    if (this.autoFlushMs <= 0 || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.dispatch();
      } catch (err) {
        this.report("send_failed", 0, err);
      }
    }, this.autoFlushMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  // ---- socket ----

  private transmit(d: Datagram): void {
    if (this.state === "closed") return this.lose(d.count, "closed");
    if (this.state === "idle") this.connect();
    if (this.state === "connected") return this.send(d);
    if (this.state === "connecting") {
      if (this.queue.length >= this.maxQueued) return this.lose(d.count, "queue_full");
      this.queue.push(d);
      return;
    }
    // Still idle: the connect failed synchronously or we are backing off after a failure.
    this.lose(d.count, "connect_failed", this.lastConnectError);
  }

  private connect(): void {
    if (this.now() < this.retryAt) return;
    let socket: dgram.Socket | undefined;
    try {
      const options: dgram.SocketOptions = { type: isIPv6(this.host) ? "udp6" : "udp4" };
      if (this.lookup) options.lookup = this.lookup;
      socket = dgram.createSocket(options);
      const s = socket;
      // Without an 'error' listener a dgram error is an uncaught exception: the Lambda would crash.
      s.on("error", (err) => this.onSocketError(s, err));
      s.unref();
      this.socket = s;
      this.state = "connecting";
      s.connect(this.port, this.host, (err?: Error) => this.onConnect(s, err));
    } catch (err) {
      if (socket) closeQuietly(socket);
      this.socket = undefined;
      this.state = "idle";
      this.retryAt = this.now() + this.backoffMs;
      this.lastConnectError = err;
      this.counters.sendErrors++;
      this.report("connect_failed", 0, err);
    }
  }

  private onConnect(socket: dgram.Socket, err: Error | undefined): void {
    if (this.socket !== socket) return;
    const queued = this.queue;
    this.queue = [];
    if (err) {
      this.dropSocket();
      this.state = "idle";
      this.retryAt = this.now() + this.backoffMs;
      this.lastConnectError = err;
      this.counters.sendErrors++;
      this.lose(queued.reduce((n, d) => n + d.count, 0), "connect_failed", err);
    } else {
      this.state = "connected";
      for (const d of queued) this.send(d);
    }
    this.settle();
  }

  private send(d: Datagram): void {
    const socket = this.socket;
    if (!socket) return this.lose(d.count, "send_failed");
    const generation = this.generation;
    this.inFlight++;
    try {
      socket.send(d.buf, (err) => {
        if (generation === this.generation) this.inFlight--;
        if (err) {
          this.counters.sendErrors++;
          // The kernel reports an earlier datagram's ICMP "port unreachable" on the next send.
          this.lose(d.count, (err as NodeJS.ErrnoException).code === "ECONNREFUSED" ? "refused" : "send_failed", err);
        } else {
          this.counters.datagramsSent++;
          this.lastSentCount = d.count;
        }
        this.settle();
      });
    } catch (err) {
      this.inFlight--;
      this.counters.sendErrors++;
      this.lose(d.count, "send_failed", err);
    }
  }

  private onSocketError(socket: dgram.Socket, err: Error): void {
    if (this.state === "closed") return;
    // Depending on the resolver, a failed connect surfaces here instead of in connect's callback.
    if (this.socket === socket && this.state === "connecting") return this.onConnect(socket, err);
    this.counters.sendErrors++;
    const refused = (err as NodeJS.ErrnoException).code === "ECONNREFUSED";
    this.lose(refused ? this.lastSentCount : 0, refused ? "refused" : "send_failed", err);
    // A refusal leaves the socket usable (the extension may start listening); anything else: start over.
    if (!refused && this.socket === socket) {
      this.dropSocket();
      this.state = "idle";
      this.settle();
    }
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = undefined;
    this.generation++;
    this.inFlight = 0;
    if (s) closeQuietly(s);
    if (this.queue.length > 0) {
      const n = this.queue.reduce((sum, d) => sum + d.count, 0);
      this.queue = [];
      this.lose(n, "closed");
    }
  }

  // ---- flush bookkeeping ----

  private isIdle(): boolean {
    return this.inFlight === 0 && this.queue.length === 0 && this.state !== "connecting";
  }

  private whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      };
      const timer = setTimeout(done, this.flushTimeoutMs);
      timer.unref?.();
      this.waiters.push(done);
    });
  }

  private settle(): void {
    if (!this.isIdle() || this.waiters.length === 0) return;
    for (const done of [...this.waiters]) done();
  }

  // ---- loss accounting ----

  private lose(count: number, reason: LossReason, err?: unknown): void {
    this.counters.lostMetrics += count;
    this.report(reason, count, err);
  }

  private report(reason: LossReason, count: number, err: unknown): void {
    this.unwarnedLost += count;
    if (this.now() - this.lastWarnAt < this.warnIntervalMs) {
      this.suppressed++;
      this.pendingWarning = { reason, err };
      return;
    }
    this.warn(reason, err);
  }

  /** Emits the warning folded by the rate limit, once the interval has passed (or when forced). */
  private reportPending(force: boolean): void {
    const p = this.pendingWarning;
    if (p && (force || this.now() - this.lastWarnAt >= this.warnIntervalMs)) this.warn(p.reason, p.err);
  }

  private warn(reason: LossReason, err: unknown): void {
    const e = err as { code?: unknown; name?: unknown; message?: unknown } | undefined;
    const code = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : undefined;
    const warning: MetricsWarning = {
      event: "forwarder_metrics_lost",
      reason,
      ...(code === undefined ? {} : { errorCode: code }),
      message: typeof e?.message === "string" ? e.message.slice(0, 300) : MESSAGES[reason],
      target: `${this.host}:${this.port}`,
      lostSinceLastWarning: this.unwarnedLost,
      suppressedWarnings: this.suppressed,
      stats: this.stats(),
    };
    this.lastWarnAt = this.now();
    this.unwarnedLost = 0;
    this.suppressed = 0;
    this.pendingWarning = undefined;
    try {
      this.onWarning(warning);
    } catch {
      // A broken warning hook must not break a delivery either.
    }
  }
}

export function createEmitter(options?: EmitterOptions): MetricsEmitter {
  return new MetricsEmitter(options);
}

const MESSAGES: Record<LossReason, string> = {
  send_failed: "the socket refused a datagram",
  connect_failed: "could not resolve or connect to the DogStatsD server; dropping metrics until the backoff ends",
  refused: "nothing listens on the DogStatsD port (is the Datadog extension running?)",
  queue_full: "too many datagrams waiting for the socket to connect",
  invalid_metric: "a metric point could not be serialized",
  closed: "the emitter is closed",
};

/** `name:value|d|#tag,tag`, or undefined when the point cannot be sent. */
export function serialize(point: MetricPoint): string | undefined {
  if (!point || typeof point.name !== "string" || !METRIC_NAME_PATTERN.test(point.name)) return undefined;
  if (typeof point.value !== "number" || !Number.isFinite(point.value)) return undefined;
  const tags: string[] = [];
  if (Array.isArray(point.tags)) {
    for (const t of point.tags) {
      const clean = cleanTag(t);
      if (clean !== undefined) tags.push(clean);
    }
  }
  return `${point.name}:${String(point.value)}|d${tags.length > 0 ? `|#${tags.join(",")}` : ""}`;
}

/** Tags from names.metric() are already clean; anything else is forced into Datadog's rules or dropped. */
function cleanTag(tag: unknown): string | undefined {
  if (typeof tag !== "string") return undefined;
  if (tag.length <= MAX_TAG_LENGTH && VALID_TAG.test(tag) && !tag.endsWith(":")) return tag;
  const t = tag.toLowerCase().replace(/[^a-z0-9_\-:./]/g, "_").slice(0, MAX_TAG_LENGTH).replace(/:+$/, "");
  return /^[a-z]/.test(t) ? t : undefined;
}

function closeQuietly(socket: dgram.Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}

function positive(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback;
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback;
}
