/**
 * The common scheme: an HMAC of the raw body in one header (Shopify, Segment, Meta, generic).
 * No signed timestamp, so no replay window: dedupe downstream on the delivery id.
 */
import { decode, hmac } from "./digest";
import { matchesAny } from "./timingSafe";
import { bodyOf, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verifier, type WebhookRequest } from "./types";

export interface BodyHmacConfig {
  header: string;
  encoding: "hex" | "base64";
  /** Literal text before the digest, e.g. "sha256="; matched case-insensitively. */
  prefix?: string;
  /** Default sha256. */
  algorithm?: "sha256" | "sha1";
}

export function bodyHmac(config: BodyHmacConfig, deliveryId: (req: WebhookRequest, body: Buffer) => string | undefined = () => undefined): Verifier {
  const prefix = (config.prefix ?? "").toLowerCase();
  return failClosed((req, opts) => {
    const value = header(req, config.header);
    if (!value) return fail("missing-signature");
    if (value.length > MAX_HEADER_LENGTH || !value.toLowerCase().startsWith(prefix)) return fail("bad-signature");
    const given = decode(value.slice(prefix.length), config.encoding);
    // Stryker disable next-line ConditionalExpression: without it a null digest makes matchesAny throw, and failClosed returns the same bad-signature.
    if (!given) return fail("bad-signature");
    const body = bodyOf(req);
    const expected = usableSecrets(opts).map((secret) => hmac(config.algorithm ?? "sha256", secret, body));
    if (!matchesAny(given, expected)) return fail("bad-signature");
    const id = deliveryId(req, body);
    return id === undefined ? { ok: true } : { ok: true, deliveryId: id };
  });
}

/** A string field of a JSON body, for delivery ids; undefined when the body is not JSON. */
export function jsonField(body: Buffer, field: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>)[field] : undefined;
  }
  // Stryker disable next-line BlockStatement: an empty catch block returns undefined too.
  catch {
    return undefined;
  }
}
