/**
 * Names of the OpenSLO objects the export writes, and the annotations that carry inventory ids.
 *
 * OpenSLO v1 object names: "all implementations must at least support object names that follow
 * RFC1123: up to 63 characters, lowercase alphanumeric characters or `-`, starting and ending
 * with an alphanumeric character" (OpenSLO spec, README "Notes (General Schema)"; the go-sdk
 * checks them with `StringDNSLabel`). Inventory ids are kebab-case of any length, and names built
 * from two of them often pass 63 characters (`server-side-conversions-to-ads--google-conversions-accepted-1h`
 * is 62 before a tier is added), so a long name keeps its first characters and ends with a short
 * hash of the whole: still unique, still a DNS label, and the same on every run.
 */
import { createHash } from "node:crypto";

/** RFC 1123 label length: what every OpenSLO implementation must support. */
export const MAX_NAME_LENGTH = 63;

/** metadata.displayName: the go-sdk refuses more than 63 characters (`validationRulesMetadata`). */
export const MAX_DISPLAY_NAME_LENGTH = 63;

/** spec.description of every kind: "optional up to 1050 characters" (OpenSLO spec). */
export const MAX_DESCRIPTION_LENGTH = 1050;

/**
 * A label value: at most 63 characters of letters, digits, `.`, `_` and `-`, starting with a
 * letter or digit (the published v1 JSON schema, parts/metadata.schema.json `labels`; the
 * Kubernetes label-value limit the spec borrows). Inventory ids have no length limit, so a value
 * that does not fit goes into an annotation instead, whose values have none.
 */
export const MAX_LABEL_LENGTH = 63;
export const fitsLabel = (value: string) => value.length <= MAX_LABEL_LENGTH && /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/.test(value);

const HASH_LENGTH = 8;

/**
 * Parts joined with "--", as the Pulumi names are (lower/names.ts): ids are kebab-case with
 * single hyphens, so the join is unambiguous. Longer than 63: the first 54 characters, "-", and
 * 8 hex digits of the SHA-256 of the whole name.
 */
export function objectName(...parts: string[]): string {
  const whole = parts.join("--");
  if (whole.length <= MAX_NAME_LENGTH) return whole;
  const hash = createHash("sha256").update(whole).digest("hex").slice(0, HASH_LENGTH);
  const head = whole.slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

/** An RFC 1123 label, as OpenSLO names must be. */
export const isObjectName = (name: string) => name.length <= MAX_NAME_LENGTH && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);

/** `text` cut to `max` characters at most, ending in an ellipsis when cut. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, "");
  return `${atWord.length >= max / 2 ? atWord : cut}…`;
}

/**
 * Prefix of this repository's annotations. Annotation keys may carry a DNS-subdomain prefix and
 * `openslo.com/` is reserved (OpenSLO spec, "Notes (General Schema)"); `.internal` is the
 * top-level domain set aside for private use (ICANN, 2024), so the prefix is nobody else's.
 */
export const ANNOTATION_PREFIX = "martech-reliability.internal/";

export const ANNOTATIONS = {
  /** On a Service and an SLO: the inventory integration's id. */
  integration: `${ANNOTATION_PREFIX}integration`,
  /** On an SLO: the inventory SLO's id (the object's name may be shortened). */
  slo: `${ANNOTATION_PREFIX}slo`,
  /** On a burn-rate AlertCondition: Datadog's short window, which OpenSLO v1 has no field for. */
  shortWindow: `${ANNOTATION_PREFIX}short-window`,
  /** On an AlertNotificationTarget: the Datadog handle the alert's message notifies. */
  datadogHandle: `${ANNOTATION_PREFIX}datadog-handle`,
  /** On every object of an integration whose owning team's id is too long for the `team` label (fitsLabel). */
  team: `${ANNOTATION_PREFIX}team`,
  /** On a burn-rate AlertPolicy: its tier (fast, medium, slow); its name may be shortened. */
  burnTier: `${ANNOTATION_PREFIX}burn-tier`,
  /** On an SLO: each tier's response and whether the SLO's `alerting:` sets it or the integration's tier does (alertingAnnotation.ts). */
  alerting: `${ANNOTATION_PREFIX}alerting`,
} as const;
