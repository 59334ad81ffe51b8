/**
 * The vocabulary of a forwarding target (inventory `forwardTo`): how its response is read and how
 * it authenticates. Kept free of dependencies: the inventory schema (compiler/validate/schema.ts),
 * the lowering and both Lambdas share it.
 */

/**
 * How a destination's answer is classified (destinations/classify/): `generic` trusts the HTTP
 * status; the others also read the documented error bodies, since these APIs report refusals
 * inside a 2xx (Google Ads partialFailureError, Salesforce per-record errors) or say more in the
 * body than the status does (Meta's error code 190 arrives over HTTP 400).
 */
export const DESTINATION_KINDS = ["generic", "meta-capi", "google-ads", "salesforce", "klaviyo", "hubspot-forms", "snowflake-sql"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** How credentials are presented (destinations/authHeaders.ts); values come from Secrets Manager, never config. */
export const AUTH_TYPES = ["bearer", "basic", "api-key", "oauth2-client-credentials", "oauth2-refresh-token"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const isOAuth2 = (type: AuthType): type is "oauth2-client-credentials" | "oauth2-refresh-token" => type.startsWith("oauth2-");

/** Methods a target may be called with: writes only (Salesforce upserts sObject collections with PATCH). */
export const TARGET_METHODS = ["POST", "PUT", "PATCH"] as const;
export type TargetMethod = (typeof TARGET_METHODS)[number];

/** The header carrying the delivery id when a target names none (a de-facto standard; Stripe's name). */
export const DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Content type of a transformed body when the target names none. */
export const DEFAULT_TRANSFORM_CONTENT_TYPE = "application/json";

/** RFC 9110 section 5.6.2: a field name is a token. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
