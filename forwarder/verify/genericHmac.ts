/**
 * Generic HMAC-SHA256 of the raw body in a configurable header, for vendors without a dedicated
 * scheme. No timestamp, so no replay window: pair it with downstream dedupe.
 */
import { bodyHmac, type BodyHmacConfig } from "./bodyHmac";
import { failClosed, type Verifier, type VerifyOptions, type WebhookRequest } from "./types";

export type GenericHmacConfig = Omit<BodyHmacConfig, "algorithm">;

export function genericHmac(config: GenericHmacConfig): Verifier {
  return bodyHmac(config);
}

/** Same shape as the other modules: `verify(req, { ...opts, ...config })`. */
export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions & GenericHmacConfig) => genericHmac(opts)(req, opts));
