/**
 * Consumer Lambda: SQS event source with ReportBatchItemFailures. Each record is a QueuedDelivery
 * (forwarder/config.ts); each is forwarded to every target of its source, at most once per target
 * thanks to the DynamoDB idempotency records (state machine in ./idempotency.ts). A body the ingress
 * kept in S3 (claim check) is read back once per record, only when some target still needs it.
 *
 * OUTCOMES PER TARGET AND RECEIVE
 * - 2xx now, or "delivered" by an earlier receive or copy               -> settled (forwarded)
 * - refused for good now (4xx but 408/429, redirect, a refusal in a 2xx body, a failing transform):
 *   recorded as "rejected" for THIS message, settled{outcome:rejected} counted now; the message's
 *   redeliveries skip the target (no request), a redriven dead letter (a new message) tries again
 * - 429/503 with a Retry-After longer than the invocation can wait      -> deferred: the message is
 *   hidden until then (ChangeMessageVisibility, capped at 12 h), `deferred` counted, not `failed`
 * - any other failure (5xx, 429, 408, timeout, network), busy (a live attempt elsewhere owns the
 *   key), DynamoDB or the claim-check body unavailable                  -> pending: retried on the
 *   message's next receive
 *
 * OUTCOMES PER RECORD (the handler never throws: every problem is one record's failure)
 * - every target delivered                                 -> success (SQS deletes it)
 * - every target settled, one or more rejected             -> failure, made visible again at once:
 *   its remaining receives send nothing and the queue's redrive policy moves it to the DLQ (the
 *   consumer has no DLQ client: the redrive policy stays the one path there)
 * - any target pending                                     -> failure (batchItemFailures); only that
 *   record goes back, its settled targets are skipped on the next receive
 * - unparsable body or unknown source                      -> failure, logged without the body, so
 *   after maxReceives the queue moves the FULL original message to the DLQ
 *
 * DEAD-LETTERING: when ApproximateReceiveCount >= maxReceives and the record still fails, SQS will
 * move it to the DLQ instead of redelivering; we emit dead_lettered once for the message
 * (integration/source "unknown" when the message cannot be read) and settle each pending target.
 *
 * METRICS (never fail or slow a delivery: emitter.record() only appends; one flush at the end;
 * forwarder/metrics/names.ts defines them):
 *   settled{...,outcome,within_slo[,reason]}: exactly once per message and target: forwarded on the
 *     2xx, rejected when the target refuses it for good, or on the last receive dead_lettered (or
 *     rejected, when the refusal could not be recorded) for each target still pending.
 *   failed{...,reason}: one per target per receive without a 2xx, deferrals excepted.
 *   deferred{...,reason}: one per target per receive postponed at the target's request.
 *   dead_lettered{integration,source,synthetic}: one per message on its failing last receive.
 */
import type { DynamoDbClient } from "../aws/dynamodb";
import type { SqsClient } from "../aws/sqs";
import { ClaimCheckError, type BodyStore } from "../claimCheck/types";
import type { QueuedDelivery, SourceConfig, StaticForwarderConfig, TargetConfig } from "../config";
import {
  budgetFromRemaining, DEFAULT_RETRY_POLICY, DEFAULT_SAFETY_MARGIN_MS, forward, type ForwardDeps, type ForwardResult, type RetryPolicy,
} from "../forward/forward";
import type { AttemptFailure } from "../forward/retryPolicy";
import type { MetricsEmitter } from "../metrics/emitter";
import { failReasonForStatus, type DeferReason, type FailReason, type SettleOutcome, type SettleReason } from "../metrics/names";
import { sloVerdict } from "../metrics/sloLatency";
import { header } from "../verify/types";
import { createIdempotencyStore, deliveryKey, type IdempotencyStore } from "./idempotency";
import { parseDelivery, type Parsed } from "./parseDelivery";
import { changeVisibility, visibilityForRetryAfter, type VisibilityChange } from "./visibility";

export { parseDelivery } from "./parseDelivery";

export interface SqsRecord {
  readonly messageId: string;
  /** In every Lambda SQS event; needed to delay or release the message (ChangeMessageVisibility). */
  readonly receiptHandle?: string;
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
  config: StaticForwarderConfig;
  dynamo: Pick<DynamoDbClient, "getItem" | "updateItem">;
  metrics: ConsumerMetrics;
  now: () => number;
  /**
   * The queue the records come from (FORWARDER_QUEUE_URL) and a client for it: ChangeMessageVisibility
   * delays a message a target asked to postpone and releases one whose targets have all settled.
   * Without them the queue's own visibility timeout applies (later than asked, never earlier).
   */
  sqs?: Pick<SqsClient, "changeMessageVisibility">;
  queueUrl?: string;
  /** The claim-check store (FORWARDER_BODY_BUCKET): bodies the ingress kept in S3. */
  bodies?: BodyStore;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Targets' credentials and OAuth2 tokens (forwarder/destinations), passed to forward(). */
  credentials?: ForwardDeps["credentials"];
  tokens?: ForwardDeps["tokens"];
  log: ConsumerLog;
  /** In-process retry policy; default DEFAULT_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
  /** Time kept back from forward()'s budget for DynamoDB writes, visibility changes and the metric flush. */
  safetyMarginMs?: number;
  /** Lease of an in-progress claim; default the invocation's remaining time at claim (see idempotency.ts). */
  leaseMs?: number;
  /** Records processed at once (different deliveries); default 10. */
  concurrency?: number;
}

export type ConsumerHandler = (event: SqsEvent, context: LambdaContext) => Promise<BatchResponse>;

/** How a pending target settles if this receive is the message's last. */
type Settles = { readonly outcome: Exclude<SettleOutcome, "forwarded">; readonly reason: SettleReason };

/** Where one target stands after this receive. */
type TargetOutcome =
  /** Its fate is final and counted (now or by an earlier receive): delivered, or refused for good. */
  | { readonly kind: "settled"; readonly rejected: boolean }
  /** Not yet: retried on the next receive; deferMs when the target asked to wait that long. */
  | { readonly kind: "pending"; readonly settles: Settles; readonly deferMs?: number };

const DELIVERED: TargetOutcome = { kind: "settled", rejected: false };
const REJECTED: TargetOutcome = { kind: "settled", rejected: true };
/** No request was made this receive (idempotency table down, another attempt holds the delivery, the body unreadable). */
const NOT_ATTEMPTED: TargetOutcome = { kind: "pending", settles: { outcome: "dead_lettered", reason: "not_attempted" } };

/** What a record's receive decides: delete it, or hand it back (with a new visibility, possibly). */
interface RecordVerdict {
  readonly ok: boolean;
  readonly visibility?: Omit<VisibilityChange, "messageId" | "receiptHandle">;
}

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
  const forwardDeps: ForwardDeps = {
    now,
    ...(deps.fetch && { fetch: deps.fetch }),
    ...(deps.sleep && { sleep: deps.sleep }),
    ...(deps.random && { random: deps.random }),
    ...(deps.credentials && { credentials: deps.credentials }),
    ...(deps.tokens && { tokens: deps.tokens }),
  };

  /** The raw body: inline, or read back from the claim-check bucket. */
  function loadBody(d: QueuedDelivery): Promise<Buffer> {
    if (d.bodyEncoding !== "s3") return Promise.resolve(Buffer.from(d.body, d.bodyEncoding === "base64" ? "base64" : "utf8"));
    if (!deps.bodies) return Promise.reject(new ClaimCheckError("unconfigured"));
    return deps.bodies.get(d.bodyClaim);
  }

  async function release(key: string, attemptId: string, base: Record<string, unknown>): Promise<void> {
    try {
      await store.release(key, attemptId);
    } catch (err) {
      // The lease expires by itself; the next receive after it retakes the key.
      log({ event: "idempotency_release_failed", ...base, error: errorName(err) });
    }
  }

  async function processTarget(
    record: SqsRecord, d: QueuedDelivery, source: SourceConfig, target: TargetConfig, body: () => Promise<Buffer>, context: LambdaContext,
  ): Promise<TargetOutcome> {
    const key = deliveryKey(d.source, target.system, d.deliveryId);
    const base = { messageKey: key, destination: target.system };
    let claim;
    try {
      claim = await store.claim(key, now(), deps.leaseMs ?? Math.max(1_000, context.getRemainingTimeInMillis()), record.messageId);
    } catch (err) {
      log({ event: "idempotency_unavailable", ...base, error: errorName(err) });
      return NOT_ATTEMPTED;
    }
    if (claim.kind === "delivered") {
      // Settled (and counted) by the receive that delivered it.
      log({ event: "duplicate_skipped", ...base });
      return DELIVERED;
    }
    if (claim.kind === "rejected") {
      // This message's earlier receive was refused for good (and counted): the same bytes would be refused again.
      log({ event: "rejected_skipped", ...base, reason: claim.reason });
      return REJECTED;
    }
    if (claim.kind === "busy") {
      log({ event: "delivery_in_progress_elsewhere", ...base, leaseUntil: claim.leaseUntil });
      return NOT_ATTEMPTED;
    }
    if (claim.retaken) log({ event: "expired_attempt_retaken", ...base });
    if (claim.retried) log({ event: "rejected_delivery_retried", ...base });

    let bytes: Buffer;
    try {
      bytes = await body();
    } catch (err) {
      log({ event: "body_unavailable", ...base, problem: err instanceof ClaimCheckError ? err.problem : errorName(err) });
      await release(key, claim.attemptId, base);
      return NOT_ATTEMPTED;
    }

    let result: ForwardResult;
    try {
      const { system: _system, ...forwardTarget } = target;
      result = await forward(
        forwardTarget,
        { body: bytes, deliveryId: d.deliveryId, ...contentType(d.headers) },
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
    const reason = result.tags?.reason ?? failReason(failure);
    const errorCode = result.tags?.errorCode;
    const failedTags = { ...tags, reason, ...(errorCode !== undefined && { error_code: errorCode }) };
    const details = {
      ...base, outcome: result.outcome, attempts: result.attempts,
      ...(failure !== undefined && { failure }), ...(result.outcome === "retry-later" && { reason: result.reason }),
    };

    // The target asked for more time than this invocation has: hide the message until then (see visibility.ts).
    if (result.outcome === "retry-later" && result.reason === "retry-after-exceeds-budget" && result.retryAfterMs !== undefined) {
      metrics.record("deferred", { ...tags, reason: deferReason(reason) });
      await release(key, claim.attemptId, base);
      log({ event: "delivery_deferred", ...details, retryAfterMs: result.retryAfterMs });
      return { kind: "pending", settles: { outcome: "dead_lettered", reason }, deferMs: result.retryAfterMs };
    }

    metrics.record("failed", failedTags);
    if (result.outcome === "failed-permanently") {
      // Settled now, once: the record makes this message's later receives skip the target.
      let recorded = false;
      try {
        recorded = await store.markRejected(key, claim.attemptId, now(), record.messageId, reason);
      } catch (err) {
        log({ event: "idempotency_mark_failed", ...base, error: errorName(err) });
        await release(key, claim.attemptId, base);
      }
      log({ event: "delivery_rejected", ...details, recorded });
      if (recorded) {
        metrics.record("settled", { ...failedTags, outcome: "rejected", within_slo: false });
        return REJECTED;
      }
      // Not recorded: a later receive may send it again, so it settles on the last receive, as before.
      return { kind: "pending", settles: { outcome: "rejected", reason } };
    }
    await release(key, claim.attemptId, base);
    log({ event: "delivery_failed", ...details });
    return { kind: "pending", settles: { outcome: "dead_lettered", reason } };
  }

  async function processRecord(record: SqsRecord, parsed: Parsed, context: LambdaContext): Promise<RecordVerdict> {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount);
    const lastReceive = Number.isFinite(receiveCount) && receiveCount >= config.maxReceives;
    const ids = { messageId: record.messageId, receiveCount };
    if (!parsed.ok) {
      log({ event: "unparsable_message", ...ids, problem: parsed.problem, lastReceive });
      if (lastReceive) metrics.record("dead_lettered", { integration: "unknown", source: "unknown", synthetic: false });
      return { ok: false };
    }
    const d = parsed.delivery;
    const source = Object.hasOwn(config.sources, d.source) ? config.sources[d.source] : undefined;
    if (!source) {
      log({ event: "unknown_source", ...ids, source: d.source, lastReceive });
      if (lastReceive) metrics.record("dead_lettered", { integration: "unknown", source: d.source, synthetic: d.synthetic });
      return { ok: false };
    }
    // Read once for all targets, and only if one of them still needs it.
    let loaded: Promise<Buffer> | undefined;
    const body = () => (loaded ??= loadBody(d));
    const outcomes = await Promise.all(source.targets.map((t) => processTarget(record, d, source, t, body, context)));
    const tags = { integration: source.integration, source: source.source, synthetic: d.synthetic };
    const pending = source.targets.flatMap((target, i) => {
      const outcome = outcomes[i]!;
      return outcome.kind === "pending" ? [{ target, outcome }] : [];
    });

    if (pending.length === 0) {
      if (!outcomes.some((o) => o.kind === "settled" && o.rejected)) return { ok: true };
      // Every target has settled and one refused it: it belongs in the dead-letter queue, for a fix and a redrive.
      if (lastReceive) {
        metrics.record("dead_lettered", tags);
        log({ event: "dead_lettered", ...ids, source: d.source, destinations: [] });
        return { ok: false };
      }
      return { ok: false, visibility: { seconds: 0, why: "settled" } };
    }
    if (lastReceive) {
      // The queue moves the message to the DLQ after this receive: each pending target's delivery is final.
      for (const { target, outcome } of pending) metrics.record("settled", { ...tags, destination: target.system, ...outcome.settles, within_slo: false });
      metrics.record("dead_lettered", tags);
      log({ event: "dead_lettered", ...ids, source: d.source, destinations: pending.map((f) => f.target.system) });
      return { ok: false };
    }
    const deferMs = Math.max(...pending.map((p) => p.outcome.deferMs ?? 0));
    return deferMs > 0 ? { ok: false, visibility: { seconds: visibilityForRetryAfter(deferMs), why: "deferred" } } : { ok: false };
  }

  return async (event, context) => {
    const failures: { itemIdentifier: string }[] = [];
    const changes: VisibilityChange[] = [];
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
          .catch((err: unknown): RecordVerdict => {
            log({ event: "record_error", messageId: record?.messageId, error: errorName(err) });
            return { ok: false };
          })
          .then((verdict) => {
            if (verdict.ok) return;
            failures.push({ itemIdentifier: String(record?.messageId) });
            if (verdict.visibility) changes.push({ messageId: String(record?.messageId), receiptHandle: record?.receiptHandle, ...verdict.visibility });
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
    if (changes.length > 0) {
      await changeVisibility(changes, { ...(deps.sqs && { sqs: deps.sqs }), ...(deps.queueUrl && { queueUrl: deps.queueUrl }), log }, abortAfter(context, margin));
    }
    await metrics.flush().catch(() => undefined);
    return { batchItemFailures: failures };
  };
}

// ---------------------------------------------------------------------------------------

/** A signal that fires before the invocation's end, keeping half the safety margin for the metric flush. */
function abortAfter(context: LambdaContext, marginMs: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, context.getRemainingTimeInMillis() - Math.floor(marginMs / 2)));
}

function contentType(headers: Readonly<Record<string, string>>): { contentType?: string } {
  const value = header({ headers }, "content-type");
  return value === undefined ? {} : { contentType: value };
}

/** A deferral's reason: 503 is a server error asking for time, anything else a rate limit. */
const deferReason = (reason: FailReason): DeferReason => (reason === "server_error" ? "server_error" : "rate_limited");

/** Downstream failure (forward's AttemptFailure) as a `failed{reason}` tag, when forward() gave no tags. */
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
