/**
 * Target credentials from Secrets Manager, cached per secret for the life of the execution
 * environment (module scope in consumer/index.ts), as the ingress caches signing secrets
 * (ingress/secrets.ts): fresh for `ttlSeconds`; concurrent callers share one GetSecretValue; when a
 * refresh fails, the previous value keeps serving for `graceSeconds` so a Secrets Manager blip does
 * not fail deliveries. Both failures are retryable: a secret that cannot be read, and one whose value
 * is malformed (fixed by `pulumi config set --secret` and `pulumi up`, after which the next read after
 * the TTL picks it up). Neither sends anything to the destination, so retrying costs it nothing, and
 * what is still failing on the last receive waits in the dead-letter queue. Nothing here logs a value.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AuthType } from "./kinds";
import { CredentialError, parseTargetCredentials, type TargetCredentials } from "./credentials";

export interface CredentialRequest {
  readonly secretId: string;
  readonly authType?: AuthType;
  readonly headers?: readonly string[];
}

export type CredentialResult =
  | { readonly ok: true; readonly credentials: TargetCredentials }
  | { readonly ok: false; readonly retryable: boolean; readonly problem: "secret-unavailable" | "secret-malformed" };

export interface CredentialSource {
  get(request: CredentialRequest): Promise<CredentialResult>;
}

export interface CredentialSourceOptions {
  readonly client: Pick<SecretsManagerClient, "send">;
  readonly ttlSeconds: number;
  readonly now?: () => number;
  /** How long past expiry a cached value still serves while Secrets Manager fails; default 900 s. */
  readonly graceSeconds?: number;
  /** Abort one GetSecretValue after this long; default 3000 ms. */
  readonly fetchTimeoutMs?: number;
}

interface Entry {
  readonly text: string;
  readonly fetchedAt: number;
}

export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  const now = options.now ?? Date.now;
  const ttlMs = Math.max(0, options.ttlSeconds) * 1000;
  const graceMs = (options.graceSeconds ?? 900) * 1000;
  const timeoutMs = options.fetchTimeoutMs ?? 3000;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<string>>();

  const load = (secretId: string): Promise<string> => {
    const pending = inFlight.get(secretId);
    if (pending) return pending;
    const p = options.client
      .send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: AbortSignal.timeout(timeoutMs) })
      .then((out) => {
        const text = out.SecretString ?? "";
        cache.set(secretId, { text, fetchedAt: now() });
        return text;
      })
      .catch((err: unknown) => {
        const entry = cache.get(secretId);
        if (entry && now() - entry.fetchedAt < ttlMs + graceMs) return entry.text;
        throw err;
      })
      .finally(() => inFlight.delete(secretId));
    inFlight.set(secretId, p);
    return p;
  };

  return {
    async get(request) {
      const entry = cache.get(request.secretId);
      let text: string;
      if (entry && now() - entry.fetchedAt < ttlMs) text = entry.text;
      else {
        try {
          text = await load(request.secretId);
        } catch {
          return { ok: false, retryable: true, problem: "secret-unavailable" };
        }
      }
      try {
        return { ok: true, credentials: parseTargetCredentials(text, { ...(request.authType && { authType: request.authType }), ...(request.headers && { headers: request.headers }) }) };
      } catch (err) {
        if (!(err instanceof CredentialError)) throw err;
        return { ok: false, retryable: true, problem: "secret-malformed" };
      }
    },
  };
}
