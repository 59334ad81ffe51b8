/**
 * The ingress Lambda (Function URL, payload format 2.0): verify a vendor webhook over its raw
 * bytes and put the full original request on SQS for the consumer.
 *
 *   /hooks/<integration>/<source>   (or /hooks/<key> for a config key without a slash: ../route.ts)
 *                    unknown source, malformed path     404  rejected{unknown_source}
 *                    Meta GET subscription handshake    200 challenge | 403 rejected{...}
 *                    not POST                           405  rejected{method_not_allowed}, Allow: POST (Meta: GET, POST)
 *                    body > MAX_BODY_BYTES              413  rejected{too_large}
 *                    secrets unavailable                500  (never 401 for our own outage)
 *                    HubSpot without a public URL       500  (our misconfiguration, logged; vendors retry)
 *                    signature / timestamp / org fails  401  rejected{<verdict reason>}
 *                    JSON vendor, body not JSON         400  rejected{unparsable}
 *                    queue message > MAX_MESSAGE_BYTES  body to the claim-check bucket (S3), its claim queued
 *                                                       (413 rejected{too_large} only if no bucket is configured)
 *                    PutObject or SendMessage fails     500  (received but not enqueued, error logged)
 *                    enqueued                           200  (Salesforce: SOAP Ack, text/xml)
 *
 * Metrics follow forwarder/metrics/names.ts: `received` once the request verified and will be
 * enqueued (rejected requests are not received), `enqueued` after SendMessage succeeded, so
 * `received - enqueued` counts enqueue failures. Bodies, signatures, secrets and query strings
 * never reach a log line.
 *
 * The URL verified against (HubSpot v3 signs it) and queued is the source's public URL plus the
 * query string: the secret's `publicUrl` (the deployment writes the Function URL there, since the
 * function cannot know its own URL without a dependency cycle), else SourceConfig.publicUrl. Other
 * vendors sign no URL, so without either their URL is rebuilt from the Host header, for the record only.
 */
import { createHash } from "node:crypto";
import type { SqsClient } from "../aws/sqs";
import type { BodyStore } from "../claimCheck/types";
import { MAX_BODY_BYTES, type ForwarderConfig, type QueuedEnvelope, type SourceConfig } from "../config";
import type { MetricsEmitter } from "../metrics/emitter";
import { REJECT_REASON_FOR_VERIFY, type RejectReason } from "../metrics/names";
import { isRoutableKey, routeKey } from "../route";
import { header, metaHandshake, rawBody, SALESFORCE_ACK_CONTENT_TYPE, salesforceAck, verifierFor, type Verifier, type WebhookRequest } from "../verify";
import { createLogger, errorForLog, headersForLog, type LogSink } from "./log";
import { claimMessage, inlineMessage } from "./queueMessage";
import type { ActiveSecrets, SecretSource } from "./secrets";

/** Function URL event, payload format 2.0 (only the fields we read). */
export interface FunctionUrlEvent {
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

export interface IngressResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface IngressDeps {
  config: ForwarderConfig;
  sqs: Pick<SqsClient, "sendMessage">;
  secrets: SecretSource;
  metrics: Pick<MetricsEmitter, "record" | "flush">;
  now: () => number;
  /** Receives structured entries, already scrubbed (see log.ts). */
  log: LogSink;
  /** The claim-check store for bodies whose message exceeds MAX_MESSAGE_BYTES; without it they get 413. */
  bodies?: BodyStore;
  /** The claim-check write and SendMessage are abandoned after this long in total, so the vendor still gets an answer (Shopify waits 5 s). Default 4000 ms. */
  enqueueTimeoutMs?: number;
}

export type IngressHandler = (event: FunctionUrlEvent) => Promise<IngressResponse>;

export const SYNTHETIC_HEADER = "x-martech-synthetic";
/** Tag values for requests that matched no source: never the path segment (scanners would mint series). */
const UNKNOWN = "unknown";

const text = (statusCode: number, body: string): IngressResponse => ({ statusCode, headers: { "content-type": "text/plain; charset=utf-8" }, body });
const json = (statusCode: number, value: unknown): IngressResponse => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** The body as text when it is valid UTF-8 that SQS can carry (U+FFFE/U+FFFF are not allowed in a message), else undefined. */
function asText(body: Buffer): string | undefined {
  try {
    const s = utf8.decode(body);
    return /[\ufffe\uffff]/.test(s) ? undefined : s;
  } catch {
    return undefined;
  }
}

/** Own, string-valued headers (Function URL joins repeated headers with commas). */
function stringHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== "object") return out;
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  return out;
}

function publicUrlWithQuery(publicUrl: string, rawQueryString: unknown): string {
  const q = typeof rawQueryString === "string" ? rawQueryString : "";
  return q ? `${publicUrl}${publicUrl.includes("?") ? "&" : "?"}${q}` : publicUrl;
}

const HOSTNAME = /^[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$/;
/** For vendors that sign no URL: the request's own URL, informational (Function URLs are https only). */
function requestUrl(headers: Record<string, string>, path: string): string {
  const host = header({ headers }, "host") ?? "";
  return `https://${HOSTNAME.test(host) ? host : "ingress.invalid"}${path}`;
}

/**
 * A 405 "MUST generate an Allow header field" listing the target's methods (RFC 9110 section 15.5.6):
 * POST for every source, and GET for Meta's subscription handshake.
 */
export const allowedMethods = (source: Pick<SourceConfig, "vendor">): string => (source.vendor === "meta" ? "GET, POST" : "POST");

type Prepared = { ok: true; verify: Verifier } | { ok: false; error: unknown };

export function createIngressHandler(deps: IngressDeps): IngressHandler {
  const { config, sqs, secrets, metrics, now, bodies } = deps;
  const logger = createLogger(deps.log, now);
  const enqueueTimeoutMs = deps.enqueueTimeoutMs ?? 4000;
  // One source's configuration mistake answers 500 for that source only, instead of crashing the function.
  const verifiers = new Map<string, Prepared>();
  for (const [id, source] of Object.entries(config.sources)) {
    try {
      verifiers.set(id, { ok: true, verify: source.vendor === "generic-hmac" ? verifierFor("generic-hmac", source.genericHmac!) : verifierFor(source.vendor) });
    } catch (error) {
      verifiers.set(id, { ok: false, error });
      logger.error("source_misconfigured", { source: id, ...errorForLog(error) });
    }
    if (!isRoutableKey(id)) logger.error("source_unroutable", { source: id, expected: "<integration>/<source>, lower-case kebab-case segments" });
  }

  const handle = async (event: FunctionUrlEvent): Promise<IngressResponse> => {
    const receivedAt = now();
    const path = typeof event?.rawPath === "string" ? event.rawPath : "";
    const method = String(event?.requestContext?.http?.method ?? "").toUpperCase();
    const headers = stringHeaders(event?.headers);

    const sourceId = routeKey(path);
    const source: SourceConfig | undefined = sourceId !== undefined && Object.hasOwn(config.sources, sourceId) ? config.sources[sourceId] : undefined;
    if (!source || sourceId === undefined) {
      metrics.record("rejected", { integration: UNKNOWN, source: UNKNOWN, reason: "unknown_source" });
      logger.warn("ingress_rejected", { reason: "unknown_source", status: 404, method, path: path.slice(0, 200), headers: headersForLog(headers) });
      return text(404, "not found");
    }
    const tags = { integration: source.integration, source: source.source };
    const sensitive = source.genericHmac?.header ? [source.genericHmac.header] : [];
    const reject = (status: number, reason: RejectReason, extra: Record<string, unknown> = {}): IngressResponse => {
      metrics.record("rejected", { ...tags, reason });
      logger.warn("ingress_rejected", { reason, status, method, sourceId, ...tags, headers: headersForLog(headers, sensitive), ...extra });
      return text(status, status === 401 ? "unauthorized" : status === 413 ? "payload too large" : status === 405 ? "method not allowed" : status === 403 ? "forbidden" : "bad request");
    };
    const prepared = verifiers.get(sourceId);
    if (!prepared || !prepared.ok) {
      logger.error("ingress_failed", { stage: "config", sourceId, ...tags });
      return text(500, "internal error");
    }
    /** The URL to verify against and queue, once the secret (which may carry the public URL) is loaded. */
    const urlFor = (active: ActiveSecrets): string | undefined => {
      const publicUrl = active.publicUrl ?? source.publicUrl;
      if (publicUrl) return publicUrlWithQuery(publicUrl, event?.rawQueryString);
      if (source.vendor === "hubspot") {
        logger.error("ingress_failed", { stage: "config", problem: "public_url_missing", sourceId, ...tags });
        return undefined;
      }
      return publicUrlWithQuery(requestUrl(headers, path), event?.rawQueryString);
    };

    const loadSecrets = async () => {
      try {
        return await secrets.get(source.secretId);
      } catch (err) {
        logger.error("ingress_failed", { stage: "secrets", sourceId, ...tags, ...errorForLog(err) });
        return undefined;
      }
    };

    // Meta's GET subscription check (no body, no signature: the verify token is the check).
    if (source.vendor === "meta" && method === "GET") {
      const active = await loadSecrets();
      const url = active && urlFor(active);
      if (!active || !url) return text(500, "internal error");
      const req: WebhookRequest = { method, url, headers, body: Buffer.alloc(0) };
      const result = metaHandshake(req, active.verifyToken ?? "");
      if (!result.ok) return reject(403, REJECT_REASON_FOR_VERIFY[result.reason]);
      logger.info("meta_handshake", { sourceId, ...tags });
      return text(200, result.challenge);
    }
    if (method !== "POST") {
      const refused = reject(405, "method_not_allowed");
      return { ...refused, headers: { ...refused.headers, allow: allowedMethods(source) } };
    }

    // Cheap bound before decoding: base64 of MAX_BODY_BYTES is 4/3 of it, text at least as long as its bytes / 4.
    const rawLength = typeof event?.body === "string" ? event.body.length : 0;
    if (rawLength > Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4 && event?.isBase64Encoded) return reject(413, "too_large", { bytes: rawLength });
    const body = rawBody(event);
    if (body.length > MAX_BODY_BYTES) return reject(413, "too_large", { bytes: body.length });

    const active = await loadSecrets();
    const url = active && urlFor(active);
    if (!active || !url) return text(500, "internal error");
    const verdict = prepared.verify({ method, url, headers, body }, { secrets: active.secrets, now, toleranceSeconds: source.toleranceSeconds });
    if (!verdict.ok) return reject(401, REJECT_REASON_FOR_VERIFY[verdict.reason] ?? "signature_invalid", { verdict: verdict.reason });

    const bodyText = asText(body);
    if (source.vendor !== "salesforce") {
      let parsed = false;
      if (bodyText !== undefined) {
        try {
          JSON.parse(bodyText);
          parsed = true;
        } catch {
          // The parser's message quotes the body: never log it.
        }
      }
      if (!parsed) return reject(400, "unparsable");
    }

    const synthetic = (header({ headers }, SYNTHETIC_HEADER) ?? "").toLowerCase() === "true";
    const envelope: QueuedEnvelope = {
      source: sourceId,
      deliveryId: verdict.deliveryId ?? createHash("sha256").update(body).digest("hex"),
      receivedAt,
      method,
      url,
      headers,
      synthetic,
    };
    const inline = inlineMessage(envelope, body, bodyText);
    // Without a claim-check bucket a message over the queue's limit cannot be queued: refuse it as SQS would.
    if (!inline.fits && !bodies) return reject(413, "too_large", { bytes: body.length, messageBytes: inline.bytes, claimCheck: "unconfigured" });

    metrics.record("received", { ...tags, synthetic });
    // One deadline for the claim-check write and the enqueue: the vendor is waiting (Shopify gives up after 5 s).
    const deadline = AbortSignal.timeout(enqueueTimeoutMs);
    let message = inline;
    if (!inline.fits) {
      try {
        message = claimMessage(envelope, await bodies!.put(sourceId, body, deadline));
      } catch (err) {
        // Received but not enqueued, like a SendMessage failure: the vendor retries on 500.
        logger.error("claim_check_failed", { sourceId, ...tags, deliveryId: envelope.deliveryId, synthetic, bytes: body.length, ...errorForLog(err) });
        return text(500, "internal error");
      }
    }
    try {
      await sqs.sendMessage({ QueueUrl: config.queueUrl, MessageBody: message.text }, deadline);
    } catch (err) {
      // The vendor retries on 5xx: nothing is lost as long as we do not claim success.
      logger.error("enqueue_failed", { sourceId, ...tags, deliveryId: envelope.deliveryId, synthetic, ...errorForLog(err) });
      return text(500, "internal error");
    }
    metrics.record("enqueued", { ...tags, synthetic });
    logger.info("ingress_enqueued", {
      sourceId, ...tags, deliveryId: envelope.deliveryId, synthetic, bytes: body.length, messageBytes: message.bytes, claimCheck: message !== inline, latencyMs: now() - receivedAt,
    });
    if (source.vendor === "salesforce") return { statusCode: 200, headers: { "content-type": SALESFORCE_ACK_CONTENT_TYPE }, body: salesforceAck() };
    return json(200, { ok: true });
  };

  return async (event) => {
    let response: IngressResponse;
    try {
      response = await handle(event);
    } catch (err) {
      logger.error("ingress_failed", { stage: "unexpected", ...errorForLog(err) });
      response = text(500, "internal error");
    }
    try {
      await metrics.flush();
    } catch {
      // Losing metrics never fails a request.
    }
    return response;
  };
}
