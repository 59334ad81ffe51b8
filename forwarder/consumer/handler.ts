/**
 * Consumer Lambda: SQS event source with ReportBatchItemFailures. Each record is a QueuedDelivery
 * (forwarder/config.ts); each is forwarded to every target of its source, at most once per target
 * thanks to the DynamoDB idempotency records (state machine in ./idempotency.ts).
 *
 * OUTCOMES PER RECORD (the handler never throws: every problem is one record's failure)
 * - every target delivered now or earlier (idempotency says "delivered")  -> success (SQS deletes it)
 * - any target retry-later, failed-permanently, busy (a live attempt owns the key) or DynamoDB
 *   unavailable                                                            -> batchItemFailures
 *   Only that record goes back; its already-delivered targets are skipped on the next receive.
 * - unparsable body or unknown source -> logged (no body in the log) and reported as a failure, so
 *   after maxReceives the queue's redrive moves the FULL original message to the DLQ.
 *
 * PERMANENT FAILURES (4xx, redirect, bad URL) are reported like retryable ones, NOT dead-lettered at
 * once: the consumer has no DLQ client, the queue's redrive policy is the one path to the DLQ, and
 * the extra receives (one request each: forward() stops at the first non-retryable answer) let a fix
 * on the target side (rotated credentials behind a 401, a deployed schema) land before the message
 * is parked. Cost: up to maxReceives requests to a target that answers 4xx.
 *
 * DEAD-LETTERING: when ApproximateReceiveCount >= maxReceives and the record still fails, SQS will
 * move it to the DLQ instead of redelivering; we emit dead_lettered once for the message
 * (integration/source "unknown" when the message cannot be read) and settle each failing target.
 *
 * METRICS (never fail or slow a delivery: emitter.record() only appends; one flush at the end;
 * forwarder/metrics/names.ts defines them):
 *   settled{integration,source,destination,synthetic,outcome,within_slo[,reason]}: exactly once per
 *     message and target: outcome:forwarded (+ end_to_end_latency) on the 2xx, whichever receive
 *     it comes on (a later receive finds the target "delivered" and counts nothing); on the last
 *     receive, each target still failing settles as rejected (refused for good) or dead_lettered.
 *     Error rates and SLOs divide these, so a delivery retried on five receives counts once.
 *   failed{...,reason}: one per target per receive without a 2xx (forward() retries in-process
 *     and reports only the last failure): attempts, for diagnosis and early warnings.
 *   dead_lettered{integration,source,synthetic}: one per message on its failing last receive.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { QueuedDelivery, SourceConfig, StaticForwarderConfig, TargetConfig } from "../config";
import {
  budgetFromRemaining, DEFAULT_RETRY_POLICY, DEFAULT_SAFETY_MARGIN_MS, forward, type ForwardResult, type RetryPolicy,
} from "../forward/forward";
import type { AttemptFailure } from "../forward/retryPolicy";
import type { MetricsEmitter } from "../metrics/emitter";
import { failReasonForStatus, type FailReason, type SettleOutcome, type SettleReason } from "../metrics/names";
import { sloVerdict } from "../metrics/sloLatency";
import { header } from "../verify/types";
import { createIdempotencyStore, deliveryKey, type IdempotencyStore } from "./idempotency";

export interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: { readonly ApproximateReceiveCount: string | number };
}
export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** The part of the emitter the consumer uses. */
export type ConsumerMetrics = Pick<MetricsEmitter, "record" | "flush">;
/** One structured line per event; never receives a body or a header value. */
export type ConsumerLog = (entry: Record<string, unknown>) => void;

export interface ConsumerDeps {
  /** The queue URL is not needed: the event source mapping delivers the records. */
  config: StaticForwarderConfig;
  dynamo: DynamoDBClient;
  metrics: ConsumerMetrics;
  now: () => number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log: ConsumerLog;
  /** In-process retry policy; default DEFAULT_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
  /** Time kept back from forward()'s budget for DynamoDB writes and the metric flush. */
  safetyMarginMs?: number;
  /** Lease of an in-progress claim; default the invocation's remaining time at claim (see idempotency.ts). */
  leaseMs?: number;
  /** Records processed at once (different deliveries); default 10. */
  concurrency?: number;
}

export type ConsumerHandler = (event: SqsEvent, context: LambdaContext) => Promise<BatchResponse>;

/** Where one target stands after this receive; a failing one says how it settles if this is the last receive. */
type TargetOutcome =
  | { readonly kind: "delivered" | "duplicate" }
  | { readonly kind: "not-delivered"; readonly settles: { readonly outcome: Exclude<SettleOutcome, "forwarded">; readonly reason: SettleReason } };

const DELIVERED: TargetOutcome = { kind: "delivered" };
const DUPLICATE: TargetOutcome = { kind: "duplicate" };
/** No request was made this receive (idempotency table down, or another attempt holds the delivery). */
const NOT_ATTEMPTED: TargetOutcome = { kind: "not-delivered", settles: { outcome: "dead_lettered", reason: "not_attempted" } };

export function createConsumerHandler(deps: ConsumerDeps): ConsumerHandler {
  const { config, metrics, now } = deps;
  const store = createIdempotencyStore(deps.dynamo, config.tableName, config.idempotencyTtlSeconds);
  const policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const margin = deps.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  const log: ConsumerLog = (entry) => {
    try {
      deps.log(entry);
    } catch {
      // A broken logger must not fail a delivery.
    }
  };
  const forwardDeps = {
    now,
    ...(deps.fetch && { fetch: deps.fetch }),
    ...(deps.sleep && { sleep: deps.sleep }),
    ...(deps.random && { random: deps.random }),
  };

  async function processTarget(d: QueuedDelivery, source: SourceConfig, target: TargetConfig, context: LambdaContext): Promise<TargetOutcome> {
    const key = deliveryKey(d.source, target.system, d.deliveryId);
    const base = { messageKey: key, destination: target.system };
    let claim;
    try {
      claim = await store.claim(key, now(), deps.leaseMs ?? Math.max(1_000, context.getRemainingTimeInMillis()));
    } catch (err) {
      log({ event: "idempotency_unavailable", ...base, error: errorName(err) });
      return NOT_ATTEMPTED;
    }
    if (claim.kind === "delivered") {
      // Settled (and counted) by the receive that delivered it.
      log({ event: "duplicate_skipped", ...base });
      return DUPLICATE;
    }
    if (claim.kind === "busy") {
      log({ event: "delivery_in_progress_elsewhere", ...base, leaseUntil: claim.leaseUntil });
      return NOT_ATTEMPTED;
    }
    if (claim.retaken) log({ event: "expired_attempt_retaken", ...base });

    let result: ForwardResult;
    try {
      result = await forward(
        { url: target.url, timeoutMs: target.timeoutMs },
        { body: Buffer.from(d.body, d.bodyEncoding === "base64" ? "base64" : "utf8"), deliveryId: d.deliveryId, ...contentType(d.headers) },
        { ...policy, budgetMs: budgetFromRemaining(context.getRemainingTimeInMillis(), margin) },
        forwardDeps,
      );
    } catch (err) {
      // forward() returns a result for every outcome; this is belt and braces.
      result = { outcome: "retry-later", reason: "budget-exhausted", attempts: 0 };
      log({ event: "forward_threw", ...base, error: errorName(err) });
    }
    const tags = { integration: source.integration, source: source.source, destination: target.system, synthetic: d.synthetic };

    if (result.outcome === "delivered") {
      const verdict = sloVerdict(d.receivedAt, now(), source.sloLatencyMs);
      metrics.record("settled", { ...tags, outcome: "forwarded", within_slo: verdict.withinSlo });
      if (verdict.latencyMs !== undefined) metrics.record("end_to_end_latency", tags, verdict.latencyMs);
      try {
        await store.markDelivered(key, claim.attemptId, now());
      } catch (err) {
        log({ event: "idempotency_mark_failed", ...base, error: errorName(err) });
      }
      log({ event: "delivered", ...base, status: result.status, attempts: result.attempts, withinSlo: verdict.withinSlo });
      return DELIVERED;
    }

    const failure = result.outcome === "retry-later" ? result.lastFailure : result.reason;
    const reason = failReason(failure);
    metrics.record("failed", { ...tags, reason });
    try {
      await store.release(key, claim.attemptId);
    } catch (err) {
      // The lease expires by itself; the next receive after it retakes the key.
      log({ event: "idempotency_release_failed", ...base, error: errorName(err) });
    }
    log({
      event: "delivery_failed", ...base, outcome: result.outcome, attempts: result.attempts,
      ...(failure !== undefined && { failure }), ...(result.outcome === "retry-later" && { reason: result.reason }),
    });
    return { kind: "not-delivered", settles: { outcome: result.outcome === "failed-permanently" ? "rejected" : "dead_lettered", reason } };
  }

  /** true when the record can be deleted from the queue. */
  async function processRecord(record: SqsRecord, parsed: Parsed, context: LambdaContext): Promise<boolean> {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount);
    const lastReceive = Number.isFinite(receiveCount) && receiveCount >= config.maxReceives;
    const ids = { messageId: record.messageId, receiveCount };
    if (!parsed.ok) {
      log({ event: "unparsable_message", ...ids, problem: parsed.problem, lastReceive });
      if (lastReceive) metrics.record("dead_lettered", { integration: "unknown", source: "unknown", synthetic: false });
      return false;
    }
    const d = parsed.delivery;
    const source = Object.hasOwn(config.sources, d.source) ? config.sources[d.source] : undefined;
    if (!source) {
      log({ event: "unknown_source", ...ids, source: d.source, lastReceive });
      if (lastReceive) metrics.record("dead_lettered", { integration: "unknown", source: d.source, synthetic: d.synthetic });
      return false;
    }
    const outcomes = await Promise.all(source.targets.map((t) => processTarget(d, source, t, context)));
    const failing = source.targets.flatMap((target, i) => {
      const outcome = outcomes[i]!;
      return outcome.kind === "not-delivered" ? [{ target, settles: outcome.settles }] : [];
    });
    if (failing.length === 0) return true;
    if (lastReceive) {
      // The queue moves the message to the DLQ after this receive: each failing target's delivery is final.
      const tags = { integration: source.integration, source: source.source, synthetic: d.synthetic };
      for (const { target, settles } of failing) metrics.record("settled", { ...tags, destination: target.system, ...settles, within_slo: false });
      metrics.record("dead_lettered", tags);
      log({ event: "dead_lettered", ...ids, source: d.source, destinations: failing.map((f) => f.target.system) });
    }
    return false;
  }

  return async (event, context) => {
    const failures: { itemIdentifier: string }[] = [];
    try {
      const records = Array.isArray(event?.Records) ? event.Records : [];
      const limit = semaphore(Math.max(1, deps.concurrency ?? 10));
      // Records of one delivery (same source and deliveryId: a vendor retry enqueued twice, a
      // redelivery) run one after the other, so the second sees the first's "delivered" instead
      // of finding it busy. Different deliveries run concurrently.
      const chains = new Map<string, Promise<unknown>>();
      const tasks = records.map((record) => {
        const parsed = parseDelivery(record?.body);
        const chainKey = parsed.ok ? `${parsed.delivery.source}#${parsed.delivery.deliveryId}` : `msg#${String(record?.messageId)}`;
        const task = (chains.get(chainKey) ?? Promise.resolve())
          .then(() => limit(() => processRecord(record, parsed, context)))
          .catch((err: unknown) => {
            log({ event: "record_error", messageId: record?.messageId, error: errorName(err) });
            return false;
          })
          .then((ok) => {
            if (!ok) failures.push({ itemIdentifier: String(record?.messageId) });
          });
        chains.set(chainKey, task);
        return task;
      });
      await Promise.all(tasks);
    } catch (err) {
      // Should not happen; if it does, nothing may be lost: hand every record not known good back.
      log({ event: "batch_error", error: errorName(err) });
      const reported = new Set(failures.map((f) => f.itemIdentifier));
      for (const r of event?.Records ?? []) if (!reported.has(String(r?.messageId))) failures.push({ itemIdentifier: String(r?.messageId) });
    }
    await metrics.flush().catch(() => undefined);
    return { batchItemFailures: failures };
  };
}

// ---------------------------------------------------------------------------------------

type Parsed = { ok: true; delivery: QueuedDelivery } | { ok: false; problem: string };

/** Validates the queue message shape; the problem names a field, never echoes a value. */
export function parseDelivery(body: unknown): Parsed {
  if (typeof body !== "string") return { ok: false, problem: "body-not-string" };
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return { ok: false, problem: "invalid-json" };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false, problem: "not-an-object" };
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === "string" && (o[k] as string).length > 0;
  for (const k of ["source", "deliveryId", "method", "url"]) if (!str(k)) return { ok: false, problem: `field-${k}` };
  if (typeof o["body"] !== "string") return { ok: false, problem: "field-body" };
  if (typeof o["receivedAt"] !== "number" || !Number.isFinite(o["receivedAt"])) return { ok: false, problem: "field-receivedAt" };
  if (o["bodyEncoding"] !== "utf8" && o["bodyEncoding"] !== "base64") return { ok: false, problem: "field-bodyEncoding" };
  if (typeof o["synthetic"] !== "boolean") return { ok: false, problem: "field-synthetic" };
  const h = o["headers"];
  if (!h || typeof h !== "object" || Array.isArray(h) || Object.values(h).some((x) => typeof x !== "string")) return { ok: false, problem: "field-headers" };
  return { ok: true, delivery: o as unknown as QueuedDelivery };
}

function contentType(headers: Readonly<Record<string, string>>): { contentType?: string } {
  const value = header({ headers }, "content-type");
  return value === undefined ? {} : { contentType: value };
}

/** Downstream failure (forward's AttemptFailure) as a `failed{reason}` tag. */
export function failReason(failure: AttemptFailure | undefined): FailReason {
  if (failure === undefined) return "timeout"; // the budget ran out before an attempt could start
  if (failure === "timeout") return "timeout";
  const http = /^http-(\d+)$/.exec(failure);
  if (http) return failReasonForStatus(Number(http[1]));
  if (failure.startsWith("network-") || failure === "blocked-port") return "connection_error";
  return "unexpected_response"; // redirect, invalid-url, invalid-header
}

function errorName(err: unknown): string {
  const e = err as { name?: unknown; code?: unknown } | null;
  return typeof e?.name === "string" ? e.name : typeof e?.code === "string" ? e.code : "unknown";
}

function semaphore(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    // A released slot is handed straight to the next waiter, so `active` never exceeds max.
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export type { IdempotencyStore };
