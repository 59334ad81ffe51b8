/**
 * Target credentials from Secrets Manager, cached per secret for the life of the execution
 * environment (module scope in consumer/index.ts) by the cache the ingress uses for its signing
 * secrets (../secretCache.ts): fresh for `ttlSeconds`; concurrent callers share one GetSecretValue;
 * when a refresh fails, the previous value keeps serving for `graceSeconds` so a Secrets Manager
 * blip does not fail deliveries. Both failures are retryable: a secret that cannot be read, and one
 * whose value is malformed (fixed by `pulumi config set --secret` and `pulumi up`, after which the
 * next read after the TTL picks it up). Neither sends anything to the destination, so retrying costs it nothing, and
 * what is still failing on the last receive waits in the dead-letter queue. Nothing here logs a value.
 */
import { createSecretCache, type SecretReadOptions } from "../secretCache";
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

/** client, ttlSeconds, now, graceSeconds (default 900 s), fetchTimeoutMs (default 3000 ms). */
export type CredentialSourceOptions = SecretReadOptions;

export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  // The raw SecretString is cached: a malformed one is reported per call (below), not taken for a failed read.
  const secrets = createSecretCache(options, (text) => text ?? "");

  return {
    async get(request) {
      let text: string;
      try {
        text = await secrets.get(request.secretId);
      } catch {
        return { ok: false, retryable: true, problem: "secret-unavailable" };
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
