/**
 * Verifier registry keyed by the inventory's vendor names (VENDORS in compiler/validate/schema.ts;
 * a test keeps the two lists equal). Kept separate so the Lambda bundle does not pull in zod.
 */
import { genericHmac, type GenericHmacConfig } from "./genericHmac";
import * as hubspot from "./hubspot";
import * as meta from "./meta";
import * as salesforce from "./salesforce";
import * as segment from "./segment";
import * as shopify from "./shopify";
import * as standardWebhooks from "./standardWebhooks";
import * as stripe from "./stripe";
import type { Verifier } from "./types";

export const VERIFIER_VENDORS = ["hubspot", "stripe", "shopify", "segment", "meta", "standard-webhooks", "salesforce", "generic-hmac"] as const;
export type Vendor = (typeof VERIFIER_VENDORS)[number];

const fixed: Record<Exclude<Vendor, "generic-hmac">, Verifier> = {
  hubspot: hubspot.verify,
  stripe: stripe.verify,
  shopify: shopify.verify,
  segment: segment.verify,
  meta: meta.verify,
  "standard-webhooks": standardWebhooks.verify,
  salesforce: salesforce.verify,
};

/** Throws only on a configuration mistake (unknown vendor, generic-hmac without its config), never per request. */
export function verifierFor(vendor: "generic-hmac", config: GenericHmacConfig): Verifier;
export function verifierFor(vendor: Exclude<Vendor, "generic-hmac">): Verifier;
export function verifierFor(vendor: Vendor, config?: GenericHmacConfig): Verifier;
export function verifierFor(vendor: Vendor, config?: GenericHmacConfig): Verifier {
  if (vendor === "generic-hmac") {
    if (!config || typeof config.header !== "string" || !config.header || (config.encoding !== "hex" && config.encoding !== "base64")) {
      throw new Error("generic-hmac needs { header, encoding: 'hex' | 'base64', prefix? }");
    }
    return genericHmac(config);
  }
  if (!Object.hasOwn(fixed, vendor)) throw new Error(`no webhook verifier for vendor "${String(vendor)}"`);
  return fixed[vendor];
}

export { rawBody } from "./rawBody";
export { handshake as metaHandshake } from "./meta";
export { ackResponse as salesforceAck, ACK_CONTENT_TYPE as SALESFORCE_ACK_CONTENT_TYPE } from "./salesforce";
export type { GenericHmacConfig } from "./genericHmac";
export { header, type Verdict, type Verifier, type VerifyOptions, type WebhookRequest } from "./types";
