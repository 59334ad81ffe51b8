/**
 * What the forwarder Lambdas are configured with (StaticForwarderConfig in `forwarder-config.json`
 * next to each function's index.js, written by the WebhookForwarder component from the inventory,
 * plus the queue URL from the environment: see ./configSource.ts), and the message the ingress
 * puts on the queue for the consumer. Shared by both functions.
 */
import type { GenericHmacConfig } from "./verify/genericHmac";

export type Vendor = "hubspot" | "stripe" | "shopify" | "segment" | "meta" | "standard-webhooks" | "salesforce" | "generic-hmac";

export interface TargetConfig {
  /** Inventory system id, used as the `destination` metric tag. */
  readonly system: string;
  readonly url: string;
  readonly timeoutMs: number;
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
}

/** The content of `forwarder-config.json`: the queue URL comes from the environment (a resource output). */
export type StaticForwarderConfig = Omit<ForwarderConfig, "queueUrl">;

/** The queue message: the full original request, so a dead-lettered one can be replayed as is. */
export interface QueuedDelivery {
  /** The `sources` map key (`<integration>/<source>`). */
  readonly source: string;
  /** Vendor delivery id (or a hash of the body when the vendor sends none): the idempotency key. */
  readonly deliveryId: string;
  /** Epoch ms when the ingress received it: the start of end-to-end latency. */
  readonly receivedAt: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 text as is (most webhooks are JSON), base64 only for bodies that are not valid UTF-8, so a 1 MiB body fits an SQS message where it can. */
  readonly body: string;
  readonly bodyEncoding: "utf8" | "base64";
  /** Whether this is a synthetic (test) delivery, tagged synthetic:true in metrics. */
  readonly synthetic: boolean;
}

/** Largest body accepted (413 above it). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** SQS's largest message; the queue's maxMessageSize is set to it explicitly (Pulumi's default is 256 KiB). A delivery whose envelope does not fit is rejected with 413 too. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
