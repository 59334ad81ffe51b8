/**
 * What the forwarder Lambdas are configured with (StaticForwarderConfig in `forwarder-config.json`
 * next to each function's index.js, written by the WebhookForwarder component from the inventory,
 * plus the queue URL from the environment: see ./configSource.ts), and the message the ingress
 * puts on the queue for the consumer. Shared by both functions.
 */
import type { AuthType, DestinationKind, TargetMethod } from "./destinations/kinds";
import type { GenericHmacConfig } from "./verify/genericHmac";

export type Vendor = "hubspot" | "stripe" | "shopify" | "segment" | "meta" | "standard-webhooks" | "salesforce" | "generic-hmac";

export interface TargetConfig {
  /** Inventory system id, used as the `destination` metric tag. */
  readonly system: string;
  readonly url: string;
  readonly timeoutMs: number;
  /** How the answer is read (destinations/classify/); default generic: the HTTP status alone. */
  readonly kind?: DestinationKind;
  /** Default POST. */
  readonly method?: TargetMethod;
  /** How credentials are presented; their values are in `credentialsSecretId`, never here. */
  readonly auth?: TargetAuth;
  /**
   * Secrets Manager secret NAME holding this target's credentials (`martech/<env>/forwarder-destinations/
   * <integration>/<source>/<system>`): destinations/credentials.ts TargetCredentials. Set when the target
   * has `auth` or a header from a secret.
   */
  readonly credentialsSecretId?: string;
  /** Extra headers with fixed values (Klaviyo `revision`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Names of extra headers whose values are in the credentials secret (Google Ads `developer-token`). */
  readonly secretHeaders?: readonly string[];
  /** Header carrying the delivery id; default Idempotency-Key. */
  readonly idempotencyHeader?: string;
  /** Content-Type of a transformed body; default application/json. Without a transform, the vendor's own is kept. */
  readonly contentType?: string;
  /** JSONata expression from the vendor's event (its JSON body) to the destination's body (destinations/transform.ts). */
  readonly transform?: string;
}

/** Where and how a target's credential is presented (forwarder/destinations/authHeaders.ts). */
export interface TargetAuth {
  readonly type: AuthType;
  /** api-key: the header carrying the key; default Authorization. */
  readonly header?: string;
  /** api-key: written before the key in the header (Klaviyo: `Klaviyo-API-Key `). */
  readonly prefix?: string;
  /** api-key: a query parameter carrying the key instead of a header (Meta's `access_token`). */
  readonly queryParam?: string;
  /** oauth2-*: the token endpoint (RFC 6749 section 3.2). */
  readonly tokenUrl?: string;
  /** oauth2-*: the scope requested, space-separated. */
  readonly scope?: string;
}

export interface SourceConfig {
  /** Inventory integration id and webhook id: the `integration` and `source` metric tags. */
  readonly integration: string;
  readonly source: string;
  readonly vendor: Vendor;
  /**
   * The public URL vendors call, from configuration (HubSpot signs it), never from the Lambda host.
   * Usually absent: the deployment writes it into the source's secret (ActiveSecrets.publicUrl,
   * which wins), since a Function URL is only known after the function exists.
   */
  readonly publicUrl?: string;
  /**
   * Secrets Manager secret NAME (or ARN), e.g. `martech/prod/forwarder/<integration>/<source>`; its
   * SecretString is parsed by ingress/secretString.ts (active secrets, Meta verifyToken, publicUrl).
   */
  readonly secretId: string;
  readonly targets: readonly TargetConfig[];
  /** A delivery is good for the SLO when the downstream 2xx arrives within this many ms of receipt. */
  readonly sloLatencyMs: number;
  readonly toleranceSeconds?: number;
  /** Only for vendor generic-hmac. */
  readonly genericHmac?: GenericHmacConfig;
}

export interface ForwarderConfig {
  /**
   * By `<integration>/<source>` (route.ts sourceKey), the path after `/hooks/`. A key without a
   * slash (the local serve example's) routes as `/hooks/<key>`.
   */
  readonly sources: Readonly<Record<string, SourceConfig>>;
  /** Only the ingress needs it (env FORWARDER_QUEUE_URL in Lambda). */
  readonly queueUrl: string;
  /** DynamoDB table for idempotency: partition key `deliveryKey` (string), TTL attribute `expiresAt`. */
  readonly tableName: string;
  /** SQS receives before the message goes to the dead-letter queue (the queue's redrive policy). */
  readonly maxReceives: number;
  /** How long a delivery id is remembered, at least 24 h. */
  readonly idempotencyTtlSeconds: number;
  /** Cache lifetime of secrets read from Secrets Manager. */
  readonly secretTtlSeconds: number;
  /**
   * S3 bucket for bodies too large for a queue message (env FORWARDER_BODY_BUCKET, a resource
   * output like the queue URL). Without it such a body is refused with 413, as SQS would refuse it.
   */
  readonly bodyBucket?: string;
}

/** The content of `forwarder-config.json`: the queue URL comes from the environment (a resource output). */
export type StaticForwarderConfig = Omit<ForwarderConfig, "queueUrl">;

/**
 * The queue message: the full original request, so a dead-lettered one can be replayed as is. The
 * body travels inline when the message fits the queue (MAX_MESSAGE_BYTES), else in S3 (BodyClaim).
 */
export type QueuedDelivery = QueuedEnvelope & QueuedBody;

export interface QueuedEnvelope {
  /** The `sources` map key (`<integration>/<source>`). */
  readonly source: string;
  /** Vendor delivery id (or a hash of the body when the vendor sends none): the idempotency key. */
  readonly deliveryId: string;
  /** Epoch ms when the ingress received it: the start of end-to-end latency. */
  readonly receivedAt: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whether this is a synthetic (test) delivery, tagged synthetic:true in metrics. */
  readonly synthetic: boolean;
}

export type QueuedBody =
  /** UTF-8 text as is (most webhooks are JSON), base64 only for bodies that are not valid UTF-8. */
  | { readonly bodyEncoding: "utf8" | "base64"; readonly body: string }
  /** The raw bytes wait in the claim-check bucket: the message alone would exceed MAX_MESSAGE_BYTES. */
  | { readonly bodyEncoding: "s3"; readonly bodyClaim: BodyClaim };

/**
 * Claim check (Enterprise Integration Patterns; what the SQS Extended Client Library does): a body
 * too large for a queue message is written to S3 and the message carries this reference.
 */
export interface BodyClaim {
  readonly bucket: string;
  /** `${BODY_KEY_PREFIX}<integration>/<source>/<random id>`: one object per message, never overwritten. */
  readonly key: string;
  /** Size and SHA-256 (hex) of the raw body: what is read back must be what the vendor signed. */
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Largest body accepted (413 above it). Far below a Function URL's own 6 MB request limit; every
 * accepted body is queued, inline or through the claim-check bucket.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * SQS's largest message, 1 MiB (SQS quotas: the body plus any message attributes); the queue's
 * maxMessageSize is set to it explicitly (Pulumi's default is 256 KiB). A message that would be
 * larger (headers plus the body as an escaped JSON string: quote-dense JSON passes it from about
 * 873 KB) keeps its body in S3 instead.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Every claim-check object's key starts with this: the IAM grants of both functions name only it. */
export const BODY_KEY_PREFIX = "bodies/";

/**
 * Lifecycle expiry of claim-check objects, in days: no shorter than the dead-letter queue's 14-day
 * retention (counted, like this, from the vendor's delivery), plus a day for a redriven message to be
 * consumed. S3 rounds an expiry up to the next midnight UTC, never down.
 */
export const CLAIM_CHECK_EXPIRY_DAYS = 15;
