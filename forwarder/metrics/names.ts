/**
 * THE single definition of the metrics the webhook forwarder emits: names, tag keys, tag
 * value domains. The inventory's SLOs and monitors query exactly these names
 * (`count:martech.forwarder.settled{integration:...,within_slo:true}`); a test
 * (test/forwarder/metrics.test.ts) parses every `martech.forwarder.*` reference in the sample
 * inventory and fails if it uses a name, a tag key or a value the forwarder does not emit.
 *
 * Every metric is submitted as a DISTRIBUTION (DogStatsD type `d`): on Lambda, concurrent
 * execution environments report the same series with the same timestamp, and Datadog keeps
 * only the last count or gauge point per series and timestamp, so counts would be silently
 * undercounted. Counters are distributions of the value 1.
 *
 * HOW TO COUNT THEM. A distribution's events are counted with the `count` space aggregator
 * ("count values"): `count:martech.forwarder.settled{...}`, without `.as_count()` (that modifier
 * belongs to COUNT and RATE metrics and to the `sum` aggregator). Datadog metric SLOs accept only
 * COUNT, RATE or percentile-enabled DISTRIBUTION metrics, the latter counted with "count values"
 * (https://docs.datadoghq.com/service_management/service_level_objectives/metric/#define-queries,
 * https://docs.datadoghq.com/metrics/distributions/#enabling-advanced-query-functionality), so each
 * distribution an SLO counts gets a `datadog.MetricTagConfiguration` with percentiles and the
 * explicit tag list below (compiler/lower/forwarderMetricConfigs.ts).
 *
 * Who emits what (one point per event):
 *   ingress   received       a request whose signature verified and that was accepted (before enqueue);
 *                            rejected requests are NOT received, so scanners cannot burn an SLO
 *             rejected       a request refused (reason says why); no `synthetic` tag: unverified input
 *             enqueued       the SQS SendMessage succeeded
 *   consumer  settled        THE per-delivery outcome: exactly one point per queued message and target,
 *                            when that target's fate is final: `outcome:forwarded` (a 2xx, on any
 *                            receive; within_slo says whether it came within the source's latency
 *                            threshold), `outcome:rejected` on the receive where the target refused
 *                            it for good (4xx, redirect, bad URL; the idempotency table records it,
 *                            so the message's redeliveries neither send nor count it again), or, on
 *                            the message's last receive, `outcome:dead_lettered` (still failing for
 *                            another reason), both with the final `reason`; the message then waits
 *                            in the dead-letter queue. SLO
 *                            ratios and error rates divide settled by settled: one stream, so good
 *                            events are a subset of the total and a delivery retried five times
 *                            counts once. A failing delivery settles on its last receive, about
 *                            maxReceives x the visibility timeout after it arrived; `failed` sees it sooner.
 *             failed         one receive's failed ATTEMPT at a target (each receive counts again:
 *                            up to maxReceives points per delivery), with its reason: for diagnosis
 *                            and early warnings, never as the numerator of a rate over deliveries
 *             deferred       one receive's attempt at a target that answered 429 (or 503) with a
 *                            Retry-After longer than the invocation could wait: the message is hidden
 *                            until then (ChangeMessageVisibility, at most 12 h) instead of failing;
 *                            reason rate_limited or server_error. Not an outcome: the delivery still
 *                            settles once, later
 *             dead_lettered  one point per MESSAGE the queue will move to the dead-letter queue
 *                            (its last receive failed), including messages the consumer cannot read
 *                            or whose source is gone (integration/source "unknown")
 *             end_to_end_latency  ms from ingress receipt to downstream 2xx (same moment as settled forwarded)
 *
 * `failed` and `settled` carry `error_code` when the destination's answer named a documented code
 * (forwarder/destinations/classify/: Meta's 190, Google Ads' UNPARSEABLE_GCLID...), from the bounded
 * ERROR_CODES list below, anything else `other`: what detections such as "Meta token invalid" count.
 *
 * Exactly once has one known exception: when the idempotency table fails to record a 2xx, a later
 * receive may call the target (and count it) again.
 *
 * Kept free of runtime dependencies so the Lambda bundle stays small.
 */
import type { FailureReason as VerifyFailureReason } from "../verify/types";

/** Every metric name starts with this. */
export const METRIC_NAMESPACE = "martech.forwarder";

/** Why ingress refused a request (`rejected{reason:...}`). */
export const REJECT_REASONS = [
  "signature_invalid",
  "signature_missing",
  "stale_timestamp",
  "future_timestamp",
  "timestamp_invalid",
  "not_allowed",
  "too_large",
  "unparsable",
  "unknown_source",
  "method_not_allowed",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Why one delivery attempt failed (`failed{reason:...}`; also the final reason of `settled`). */
export const FAIL_REASONS = [
  /** 401 / 403: expired or revoked credentials. */
  "auth_error",
  /** 429. */
  "rate_limited",
  /** Any other 4xx. */
  "client_error",
  /** 5xx. */
  "server_error",
  /** No answer within the attempt's timeout. */
  "timeout",
  /** DNS, TCP or TLS failure before an HTTP answer. */
  "connection_error",
  /** 2xx whose body reports that (some of) the events were refused, e.g. Google Ads partialFailureError. */
  "partial_failure",
  /** Anything else: 1xx/3xx, or a 2xx the destination adapter could not read. */
  "unexpected_response",
  /** The target's JSONata transform failed on this event (forwarder/destinations/transform.ts): nothing was sent. */
  "transform_error",
  /**
   * The target's credentials could not be had: Secrets Manager failing or its secret malformed, or the
   * OAuth2 token endpoint down (5xx, 429, timeout). A token endpoint refusing the grant is auth_error.
   */
  "credentials_unavailable",
] as const;
export type FailReason = (typeof FAIL_REASONS)[number];

/**
 * The destination's own error code (`failed{error_code:...}`, `settled{error_code:...}`), only from
 * this list, lowercased, so the tag stays bounded; any other code is `other`. The set is what the
 * sample's detections and runbooks name, each from its vendor's documentation:
 * - Meta Graph API error codes (developers.facebook.com/docs/graph-api/guides/error-handling): 1 and 2
 *   (temporary), 4, 17, 613 (throttled), 10 and 200 (permission), 100 (invalid parameter), 102 and 190
 *   (access token expired, revoked or invalid), 368 (temporarily blocked);
 * - Google Ads ConversionUploadError, AuthenticationError and AuthorizationError enum values
 *   (developers.google.com/google-ads/api/reference/rpc/v26/ConversionUploadErrorEnum.ConversionUploadError);
 * - Salesforce REST statusCode/errorCode values (developer.salesforce.com, REST API status codes and
 *   error responses);
 * - Klaviyo JSON:API error `code`s (developers.klaviyo.com, API overview: errors);
 * - HubSpot Forms `errorType`s; OAuth 2.0 token endpoint `error`s (RFC 6749 section 5.2).
 */
export const ERROR_CODES = [
  "1", "2", "4", "10", "17", "100", "102", "190", "200", "368", "613",
  "unparseable_gclid", "conversion_precedes_event", "expired_event", "too_recent_event", "event_not_found", "click_not_found",
  "unauthorized_customer", "too_recent_conversion_action", "click_conversion_already_exists",
  "oauth_token_expired", "not_ads_user", "developer_token_not_approved", "user_permission_denied",
  "invalid_session_id", "request_limit_exceeded", "required_field_missing", "duplicate_value", "field_custom_validation_exception",
  "invalid_field", "unable_to_lock_row", "entity_is_deleted",
  "not_authenticated", "permission_denied", "throttled", "invalid",
  "invalid_email", "blocked_email", "required_field",
  "invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope",
  "other",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A destination's code as an `error_code` tag value: itself when allowlisted (case-insensitive), `other` otherwise. */
export function errorCodeTag(code: string | number | undefined | null): ErrorCode | undefined {
  if (code === undefined || code === null || code === "") return undefined;
  const v = String(code).toLowerCase();
  return (ERROR_CODES as readonly string[]).includes(v) ? (v as ErrorCode) : "other";
}

/** Why a target postponed a delivery (`deferred{reason:...}`): the statuses whose Retry-After is honoured. */
export const DEFER_REASONS = ["rate_limited", "server_error"] as const satisfies readonly FailReason[];
export type DeferReason = (typeof DEFER_REASONS)[number];

/** Why a delivery to a target settled without a 2xx (`settled{reason:...}`): the last failure, or no attempt at all. */
export const SETTLE_REASONS = [
  ...FAIL_REASONS,
  /** No request on the last receive: the idempotency table was unavailable, or another attempt held the delivery. */
  "not_attempted",
] as const;
export type SettleReason = (typeof SETTLE_REASONS)[number];

/** How a delivery to one target ended (`settled{outcome:...}`). */
export const SETTLE_OUTCOMES = [
  /** The target answered 2xx. */
  "forwarded",
  /** The target refused it for good (4xx other than 408/429, a redirect, a bad URL), counted on that receive: fix the cause before redriving. */
  "rejected",
  /** Still failing on the last receive for another reason (5xx, 429, timeouts, no attempt): redrive once the target is back. */
  "dead_lettered",
] as const;
export type SettleOutcome = (typeof SETTLE_OUTCOMES)[number];

export const TAG_KEYS = ["integration", "source", "destination", "synthetic", "outcome", "within_slo", "reason", "error_code"] as const;
export type TagKey = (typeof TAG_KEYS)[number];

/**
 * Tags that say which events belong to the same stream: an SLO's good events and an error
 * rate's errors must select the same values of these as their total (rule sli-stream).
 */
export const STREAM_TAG_KEYS = ["integration", "source", "destination", "synthetic"] as const satisfies readonly TagKey[];

export interface MetricDef {
  readonly name: string;
  readonly unit: "event" | "millisecond";
  readonly emittedBy: "ingress" | "consumer";
  /** Always present, in this order, in every point. */
  readonly tags: readonly TagKey[];
  /** Present only when the caller has a value. */
  readonly optionalTags: readonly TagKey[];
  /**
   * Metrics whose events include every event of this one, tag for tag: an SLO may divide this
   * metric by one of these (enqueued by received) besides by itself.
   */
  readonly subsetOf: readonly string[];
  readonly description: string;
}

export const METRICS = {
  received: {
    name: "martech.forwarder.received",
    unit: "event",
    emittedBy: "ingress",
    tags: ["integration", "source", "synthetic"],
    optionalTags: [],
    subsetOf: [],
    description: "Verified webhook requests accepted by ingress (a vendor's retry counts again).",
  },
  rejected: {
    name: "martech.forwarder.rejected",
    unit: "event",
    emittedBy: "ingress",
    tags: ["integration", "source", "reason"],
    optionalTags: [],
    subsetOf: [],
    description: "Requests ingress refused (bad signature, stale timestamp, too large...).",
  },
  enqueued: {
    name: "martech.forwarder.enqueued",
    unit: "event",
    emittedBy: "ingress",
    tags: ["integration", "source", "synthetic"],
    optionalTags: [],
    // Ingress counts a request received before it tries to enqueue it.
    subsetOf: ["martech.forwarder.received"],
    description: "Deliveries written to the SQS queue.",
  },
  settled: {
    name: "martech.forwarder.settled",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic", "outcome", "within_slo"],
    optionalTags: ["reason", "error_code"],
    subsetOf: [],
    description: "How each queued delivery ended at each target, once: forwarded (within_slo:true ones are an SLO's good events), rejected or dead_lettered.",
  },
  failed: {
    name: "martech.forwarder.failed",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic", "reason"],
    optionalTags: ["error_code"],
    subsetOf: [],
    description: "Failed delivery attempts, one per target per receive (a delivery retried five times counts five times).",
  },
  deferred: {
    name: "martech.forwarder.deferred",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic", "reason"],
    optionalTags: [],
    subsetOf: [],
    description: "Attempts a target asked to postpone (429 or 503 with a Retry-After longer than the invocation can wait): the message waits until then, not counted as failed.",
  },
  dead_lettered: {
    name: "martech.forwarder.dead_lettered",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "synthetic"],
    optionalTags: [],
    subsetOf: [],
    description: "Messages whose last receive failed, so the queue moves them to the dead-letter queue.",
  },
  end_to_end_latency: {
    name: "martech.forwarder.end_to_end_latency",
    unit: "millisecond",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic"],
    optionalTags: [],
    subsetOf: [],
    description: "Milliseconds from ingress receipt to the destination's 2xx.",
  },
} as const satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/**
 * The tag the Datadog Lambda extension adds to every point from the function's DD_ENV ("DD_ENV:
 * This sets the env tag in Datadog", https://docs.datadoghq.com/serverless/libraries_integrations/extension/#tagging;
 * compiler/lower/forwarder.ts sets it to the stack's environment). Every monitor and SLO query over
 * these metrics filters on it (compiler/lower/environmentScope.ts).
 */
export const ENVIRONMENT_TAG_KEY = "env";

/**
 * Every tag key a metric's points can carry: what a MetricTagConfiguration makes queryable. `env`
 * included: the configuration is an allowlist, and without it no query could tell prod's points
 * from staging's.
 */
export const queryableTags = (id: MetricId): (TagKey | typeof ENVIRONMENT_TAG_KEY)[] => [...METRICS[id].tags, ...METRICS[id].optionalTags, ENVIRONMENT_TAG_KEY];

/** The definition of a metric by its Datadog name (`martech.forwarder.settled`), if the forwarder emits it. */
export function metricByName(name: string): (MetricDef & { readonly id: MetricId }) | undefined {
  const id = name.startsWith(`${METRIC_NAMESPACE}.`) ? name.slice(METRIC_NAMESPACE.length + 1) : undefined;
  return id !== undefined && Object.hasOwn(METRICS, id) ? { ...(METRICS[id as MetricId] as MetricDef), id: id as MetricId } : undefined;
}

/**
 * A query counting a metric's events the documented way for a distribution: the `count` space
 * aggregator ("count values"), without `.as_count()`: `count:martech.forwarder.received{integration:a,source:b}`.
 * For monitors the forwarder's component builds (the silence monitors) and anything else that writes one.
 */
export function countQuery(id: MetricId, filters: Readonly<Record<string, string | boolean>>): string {
  const scope = Object.entries(filters).map(([k, v]) => `${k}:${String(v)}`).join(",");
  return `count:${METRICS[id].name}{${scope === "" ? "*" : scope}}`;
}

interface PlainTagValues {
  integration: string;
  source: string;
  destination: string;
  synthetic: boolean;
  outcome: SettleOutcome;
  within_slo: boolean;
}
type ReasonOf<M extends MetricId> = M extends "rejected" ? RejectReason : M extends "failed" ? FailReason : M extends "deferred" ? DeferReason : M extends "settled" ? SettleReason : never;
type TagValue<M extends MetricId, K extends TagKey> = K extends "reason" ? ReasonOf<M> : K extends "error_code" ? ErrorCode : K extends keyof PlainTagValues ? PlainTagValues[K] : never;
type DefOf<M extends MetricId> = (typeof METRICS)[M];

/** The tag values a caller passes for metric M, keyed by the Datadog tag key. */
export type TagsOf<M extends MetricId> = { readonly [K in DefOf<M>["tags"][number]]: TagValue<M, K> } & {
  readonly [K in DefOf<M>["optionalTags"][number]]?: TagValue<M, K> | undefined;
};

/** One point, ready to serialize: tags are already `key:value` and sanitized. */
export interface MetricPoint {
  readonly name: string;
  readonly value: number;
  readonly tags: readonly string[];
}

/** Datadog: a metric name starts with a letter, then ASCII letters, digits, underscores and periods, at most 200. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.]{0,199}$/;
/** Datadog: a whole tag (`key:value`) is at most 200 characters. */
export const MAX_TAG_LENGTH = 200;
/** What an empty (or entirely trailing-colon) value becomes: `key:` is not a valid tag. */
export const EMPTY_TAG_VALUE = "unknown";

/**
 * `key:value` following Datadog's tag rules: lowercase; only letters, digits, `_ - : . /`
 * (anything else, including non-ASCII and the DogStatsD separators `| , # @` and newlines,
 * becomes `_`); no trailing colon; the whole tag at most 200 characters. Kebab-case inventory
 * ids pass through unchanged, so what the inventory queries is what is emitted. Never throws.
 */
export function sanitizeTag(key: string, value: unknown): string {
  const raw =
    typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" ? String(value) : "";
  let v = raw.toLowerCase().replace(/[^a-z0-9_\-:./]/g, "_");
  v = v.slice(0, Math.max(0, MAX_TAG_LENGTH - key.length - 1)).replace(/:+$/, "");
  return `${key}:${v === "" ? EMPTY_TAG_VALUE : v}`;
}

/**
 * Builds a point for metric `id` (value 1 for event counters; milliseconds for latency).
 * Required tags come first in definition order, then the optional ones that have a value.
 * Throws only if `id` is not a metric (a type error): use Emitter.record() on the hot path.
 */
export function metric<M extends MetricId>(id: M, tags: TagsOf<M>, value = 1): MetricPoint {
  const def: MetricDef = METRICS[id];
  const bag = (tags ?? {}) as Partial<Record<TagKey, unknown>>;
  const rendered: string[] = def.tags.map((key) => sanitizeTag(key, bag[key]));
  for (const key of def.optionalTags) {
    const v = bag[key];
    if (v !== undefined && v !== null && v !== "") rendered.push(sanitizeTag(key, v));
  }
  return { name: def.name, value, tags: rendered };
}

/** Verifier verdicts (forwarder/verify) as `rejected` reasons. */
export const REJECT_REASON_FOR_VERIFY: Readonly<Record<VerifyFailureReason, RejectReason>> = {
  "missing-signature": "signature_missing",
  "bad-signature": "signature_invalid",
  "stale-timestamp": "stale_timestamp",
  "future-timestamp": "future_timestamp",
  "bad-timestamp": "timestamp_invalid",
  "not-allowed": "not_allowed",
};

/** The `failed` reason for a downstream HTTP status that is not a success. */
export function failReasonForStatus(status: number): FailReason {
  if (status === 401 || status === 403) return "auth_error";
  if (status === 429) return "rate_limited";
  if (status >= 400 && status < 500) return "client_error";
  if (status >= 500 && status < 600) return "server_error";
  return "unexpected_response";
}
