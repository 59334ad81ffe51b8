/**
 * Signing secrets from Secrets Manager, cached per secret id.
 *
 * The SecretString formats (an array of the active secrets, the object form with `verifyToken` and
 * `publicUrl`, or one secret verbatim) are parsed by ./secretString.ts, which has no AWS import
 * so the Pulumi program can share it; it is re-exported here. A secret with no usable value is an
 * error: answering 401 to every genuine delivery because of our own misconfiguration would make
 * vendors disable the webhook; a 500 makes them retry. `secretId` may be a name
 * (`martech/<env>/forwarder/<integration>/<source>`) or an ARN: GetSecretValue takes both.
 *
 * Caching (../secretCache.ts, shared with the consumer's target credentials): a value is fresh for
 * `ttlSeconds`. Concurrent callers of a missing or expired entry share one GetSecretValue. When a
 * refresh fails and a previous value exists, that value keeps being used for `graceSeconds` past its
 * expiry (a warning is logged, and a failed refresh is not retried for `retryAfterFailureMs` so an
 * outage is not hammered per request). With nothing usable the call
 * rejects: the handler answers 500, never 401.
 */
import { createSecretCache, type SecretCacheOptions } from "../secretCache";
import { parseSecretString, type ActiveSecrets } from "./secretString";

export { parseSecretString, SecretError, secretStringFor, type ActiveSecrets } from "./secretString";

export interface SecretSource {
  get(secretId: string): Promise<ActiveSecrets>;
}

export interface SecretSourceOptions extends SecretCacheOptions {
  /** After a failed refresh with a stale value in hand, wait this long before calling again. Default 5000 ms. */
  readonly retryAfterFailureMs?: number;
}

export const createSecretSource = (options: SecretSourceOptions): SecretSource =>
  createSecretCache(options, parseSecretString, options.retryAfterFailureMs ?? 5000);
