/**
 * THE single definition of the metrics the webhook forwarder emits: names, tag keys, tag
 * value domains. The inventory's SLOs and monitors query exactly these names
 * (`sum:martech.forwarder.forwarded{integration:...,within_slo:true}.as_count()`); a test
 * (test/forwarder/metrics.test.ts) parses every `martech.forwarder.*` reference in the sample
 * inventory and fails if it uses a name, or a tag key on that name, that is not defined here.
 *
 * Every metric is submitted as a DISTRIBUTION (DogStatsD type `d`): on Lambda, concurrent
 * execution environments report the same series with the same timestamp, and Datadog keeps
 * only the last count or gauge point per series and timestamp, so counts would be silently
 * undercounted. Counters are distributions of the value 1, so `sum:` (or `count:`) of them is
 * the number of events.
 *
 * Who emits what (one point per event):
 *   ingress   received       a request whose signature verified and that was accepted (before enqueue);
 *                            rejected requests are NOT received, so scanners cannot burn an SLO
 *             rejected       a request refused (reason says why); no `synthetic` tag: unverified input
 *             enqueued       the SQS SendMessage succeeded
 *   consumer  forwarded      downstream answered 2xx (once per message and destination), within_slo
 *                            says whether that happened within the source's SLO latency threshold
 *             failed         one failed delivery ATTEMPT (retries count again), reason + optional
 *                            error_code (the downstream's own code, e.g. Meta Graph API 190)
 *             dead_lettered  the consumer gave up on a message (last attempt), optional destination
 *             end_to_end_latency  ms from ingress receipt to downstream 2xx (same moment as forwarded)
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

/** Why one delivery attempt failed (`failed{reason:...}`). */
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
] as const;
export type FailReason = (typeof FAIL_REASONS)[number];

export const TAG_KEYS = ["integration", "source", "destination", "synthetic", "within_slo", "reason", "error_code"] as const;
export type TagKey = (typeof TAG_KEYS)[number];

export interface MetricDef {
  readonly name: string;
  readonly unit: "event" | "millisecond";
  readonly emittedBy: "ingress" | "consumer";
  /** Always present, in this order, in every point. */
  readonly tags: readonly TagKey[];
  /** Present only when the caller has a value. */
  readonly optionalTags: readonly TagKey[];
  readonly description: string;
}

export const METRICS = {
  received: {
    name: "martech.forwarder.received",
    unit: "event",
    emittedBy: "ingress",
    tags: ["integration", "source", "synthetic"],
    optionalTags: [],
    description: "Verified webhook deliveries accepted by ingress: the SLI total.",
  },
  rejected: {
    name: "martech.forwarder.rejected",
    unit: "event",
    emittedBy: "ingress",
    tags: ["integration", "source", "reason"],
    optionalTags: [],
    description: "Requests ingress refused (bad signature, stale timestamp, too large...).",
  },
  enqueued: {
    name: "martech.forwarder.enqueued",
    unit: "event",
    emittedBy: "ingress",
    tags: ["integration", "source", "synthetic"],
    optionalTags: [],
    description: "Deliveries written to the SQS queue.",
  },
  forwarded: {
    name: "martech.forwarder.forwarded",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic", "within_slo"],
    optionalTags: [],
    description: "Deliveries a destination accepted (2xx); within_slo:true ones are the SLI good events.",
  },
  failed: {
    name: "martech.forwarder.failed",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic", "reason"],
    optionalTags: ["error_code"],
    description: "Failed delivery attempts (each retry counts).",
  },
  dead_lettered: {
    name: "martech.forwarder.dead_lettered",
    unit: "event",
    emittedBy: "consumer",
    tags: ["integration", "source", "synthetic"],
    optionalTags: ["destination"],
    description: "Messages the consumer gave up on and left to the dead-letter queue.",
  },
  end_to_end_latency: {
    name: "martech.forwarder.end_to_end_latency",
    unit: "millisecond",
    emittedBy: "consumer",
    tags: ["integration", "source", "destination", "synthetic"],
    optionalTags: [],
    description: "Milliseconds from ingress receipt to the destination's 2xx.",
  },
} as const satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

interface PlainTagValues {
  integration: string;
  source: string;
  destination: string;
  synthetic: boolean;
  within_slo: boolean;
  error_code: string | number;
}
type ReasonOf<M extends MetricId> = M extends "rejected" ? RejectReason : M extends "failed" ? FailReason : never;
type TagValue<M extends MetricId, K extends TagKey> = K extends "reason" ? ReasonOf<M> : K extends keyof PlainTagValues ? PlainTagValues[K] : never;
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
