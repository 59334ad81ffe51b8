/**
 * Generic HMAC-SHA256 of the raw body in a configurable header, for vendors without a dedicated
 * scheme. No timestamp, so no replay window: pair it with downstream dedupe.
 */
import { decode, hmac } from "./digest";
import { matchesAny } from "./timingSafe";
import { bodyOf, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verifier, type VerifyOptions, type WebhookRequest } from "./types";

export interface GenericHmacConfig {
  header: string;
  encoding: "hex" | "base64";
  /** Literal text before the digest, e.g. "sha256="; matched case-insensitively. */
  prefix?: string;
}

export function genericHmac(config: GenericHmacConfig): Verifier {
  const prefix = (config.prefix ?? "").toLowerCase();
  return failClosed((req: WebhookRequest, opts: VerifyOptions) => {
    const value = header(req, config.header);
    if (!value) return fail("missing-signature");
    if (value.length > MAX_HEADER_LENGTH || !value.toLowerCase().startsWith(prefix)) return fail("bad-signature");
    const given = decode(value.slice(prefix.length), config.encoding);
    if (!given) return fail("bad-signature");
    const body = bodyOf(req);
    const expected = usableSecrets(opts).map((secret) => hmac("sha256", secret, body));
    return matchesAny(given, expected) ? { ok: true } : fail("bad-signature");
  });
}

/** Same shape as the other modules: `verify(req, { ...opts, ...config })`. */
export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions & GenericHmacConfig) => genericHmac(opts)(req, opts));
