/**
 * A Secrets Manager reader cached per secret id for the life of the execution environment, shared
 * by the ingress's signing secrets (ingress/secrets.ts) and the consumer's target credentials
 * (destinations/credentialSource.ts). It names only the Secrets Manager client's type (../aws/secretsManager.ts)
 * and imports ingress/log.ts's errorForLog, so it adds nothing else to either bundle.
 *
 * A value is fresh for `ttlSeconds`. Concurrent callers of a missing or expired entry share one
 * GetSecretValue. When a refresh fails (the read, or `parse` throwing) and a previous value exists,
 * that value keeps being used for `graceSeconds` past its expiry (the logger, if any, gets a
 * warning); with nothing usable the call rejects (and the logger gets an error). With
 * `retryAfterFailureMs`, a stale value within grace is served without calling again for that long
 * after a failed refresh, so an outage is not hammered per request; without it, each call past the
 * TTL tries again. Nothing here logs a value.
 */
import type { SecretsManagerClient } from "./aws/secretsManager";
import { errorForLog, type Logger } from "./ingress/log";

export interface SecretCache<T> {
  get(secretId: string): Promise<T>;
}

/** How a secret is read and kept: what the ingress's and the consumer's sources take. */
export interface SecretReadOptions {
  readonly client: Pick<SecretsManagerClient, "getSecretValue">;
  readonly ttlSeconds: number;
  readonly now?: () => number;
  /** How long past expiry a cached value may still be used while Secrets Manager fails. Default 900 s. */
  readonly graceSeconds?: number;
  /** Abort one GetSecretValue after this long. Default 3000 ms. */
  readonly fetchTimeoutMs?: number;
}

export interface SecretCacheOptions extends SecretReadOptions {
  /** Told of a failed refresh: a warning when a stale value is used, an error when none is left. */
  readonly logger?: Logger;
}

interface Entry<T> {
  value: T;
  fetchedAt: number;
  /** After a failed refresh: the stale value serves without a call until then. */
  retryAt?: number;
}

/**
 * `parse` makes the cached value of a SecretString (a throw fails the refresh as a failed read
 * does). `retryAfterFailureMs`: after a failed refresh with a stale value in hand, wait this long
 * before calling again; by default (-Infinity: no wait) each call past the TTL tries again.
 */
export function createSecretCache<T>(
  options: SecretCacheOptions,
  parse: (secretString: string | undefined) => T,
  retryAfterFailureMs = -Infinity,
): SecretCache<T> {
  const now = options.now ?? Date.now;
  const ttlMs = Math.max(0, options.ttlSeconds) * 1000;
  const graceMs = (options.graceSeconds ?? 900) * 1000;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 3000;
  const cache = new Map<string, Entry<T>>();
  const inFlight = new Map<string, Promise<T>>();

  const fetch = async (secretId: string): Promise<T> =>
    parse((await options.client.getSecretValue({ SecretId: secretId }, AbortSignal.timeout(fetchTimeoutMs))).SecretString);

  const refresh = (secretId: string): Promise<T> => {
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
          entry.retryAt = t + retryAfterFailureMs;
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
    get(secretId: string): Promise<T> {
      const entry = cache.get(secretId);
      const t = now();
      if (entry) {
        const age = t - entry.fetchedAt;
        if (age < ttlMs) return Promise.resolve(entry.value);
        // Stale, within grace, and a refresh failed moments ago: do not hammer a failing service.
        if (t < (entry.retryAt ?? -Infinity) && age < ttlMs + graceMs) {
          return Promise.resolve(entry.value);
        }
      }
      return refresh(secretId);
    },
  };
}
