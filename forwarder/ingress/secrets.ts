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
 * Caching: a value is fresh for `ttlSeconds`. Concurrent callers of a missing or expired entry share
 * one GetSecretValue. When a refresh fails and a previous value exists, that value keeps being used
 * for `graceSeconds` past its expiry (a warning is logged, and a failed refresh is not retried for
 * `retryAfterFailureMs` so an outage is not hammered per request). With nothing usable the call
 * rejects: the handler answers 500, never 401.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { errorForLog, type Logger } from "./log";
import { parseSecretString, type ActiveSecrets } from "./secretString";

export { parseSecretString, SecretError, secretStringFor, type ActiveSecrets } from "./secretString";

export interface SecretSource {
  get(secretId: string): Promise<ActiveSecrets>;
}

export interface SecretSourceOptions {
  readonly client: Pick<SecretsManagerClient, "send">;
  readonly ttlSeconds: number;
  readonly now?: () => number;
  /** How long past expiry a cached value may still be used while Secrets Manager fails. Default 900 s. */
  readonly graceSeconds?: number;
  /** After a failed refresh with a stale value in hand, wait this long before calling again. Default 5000 ms. */
  readonly retryAfterFailureMs?: number;
  /** Abort one GetSecretValue after this long. Default 3000 ms. */
  readonly fetchTimeoutMs?: number;
  readonly logger?: Logger;
}

interface Entry {
  value: ActiveSecrets;
  fetchedAt: number;
  failedAt?: number;
}

export function createSecretSource(options: SecretSourceOptions): SecretSource {
  const now = options.now ?? Date.now;
  const ttlMs = Math.max(0, options.ttlSeconds) * 1000;
  const graceMs = (options.graceSeconds ?? 900) * 1000;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 5000;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 3000;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<ActiveSecrets>>();

  const fetch = async (secretId: string): Promise<ActiveSecrets> => {
    const out = await options.client.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: AbortSignal.timeout(fetchTimeoutMs) });
    return parseSecretString(out.SecretString);
  };

  const refresh = (secretId: string): Promise<ActiveSecrets> => {
    const pending = inFlight.get(secretId);
    if (pending) return pending;
    const p = fetch(secretId)
      .then((value) => {
        cache.set(secretId, { value, fetchedAt: now() });
        return value;
      })
      .catch((err: unknown) => {
        const entry = cache.get(secretId);
        const t = now();
        if (entry && t - entry.fetchedAt < ttlMs + graceMs) {
          entry.failedAt = t;
          options.logger?.warn("secret_refresh_failed_using_stale", { secretId, ageSeconds: Math.round((t - entry.fetchedAt) / 1000), ...errorForLog(err) });
          return entry.value;
        }
        options.logger?.error("secret_unavailable", { secretId, ...errorForLog(err) });
        throw err;
      })
      .finally(() => inFlight.delete(secretId));
    inFlight.set(secretId, p);
    return p;
  };

  return {
    get(secretId: string): Promise<ActiveSecrets> {
      const entry = cache.get(secretId);
      const t = now();
      if (entry) {
        const age = t - entry.fetchedAt;
        if (age < ttlMs) return Promise.resolve(entry.value);
        // Stale, within grace, and a refresh failed moments ago: do not hammer a failing service.
        if (entry.failedAt !== undefined && t - entry.failedAt < retryAfterFailureMs && age < ttlMs + graceMs) return Promise.resolve(entry.value);
      }
      return refresh(secretId);
    },
  };
}
