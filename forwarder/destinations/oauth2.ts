/**
 * OAuth 2.0 access tokens for targets, by the client credentials grant (RFC 6749 section 4.4) or the
 * refresh token grant (section 6, what Google Ads and Salesforce use for a server holding a
 * long-lived refresh token).
 *
 * The client authenticates with `client_id` and `client_secret` in the form body (section 2.3.1's
 * client_secret_post), the form Google's and Salesforce's token endpoints document
 * (developers.google.com/identity/protocols/oauth2/web-server#offline, help.salesforce.com
 * "OAuth 2.0 Refresh Token Flow" and "OAuth 2.0 Client Credentials Flow").
 *
 * Tokens are cached per client (module scope in the consumer: shared by every invocation of one
 * execution environment) and replaced `earlyRefreshMs` before they expire; a token endpoint that
 * omits `expires_in` (Salesforce does) gets `defaultLifetimeMs`. A target answering 401 invalidates
 * the token it was given (forward.ts then retries once with a fresh one). Concurrent callers share
 * one token request.
 *
 * A failing token endpoint is classified (section 5.2 error responses): network errors, timeouts,
 * 5xx and 429 are retryable; 400 `invalid_grant`/`invalid_client`/`unauthorized_client`/... and 401
 * are permanent (the credentials themselves are wrong: revoked refresh token, rotated client secret).
 * No credential or token is ever put in a result, an error or a log.
 */
import { createHash } from "node:crypto";
import { classifyStatus } from "../forward/retryPolicy";
import type { AuthCredential } from "./credentials";

export type OAuth2Credential = Extract<AuthCredential, { type: "oauth2-client-credentials" | "oauth2-refresh-token" }>;

export interface TokenRequest {
  readonly tokenUrl: string;
  readonly scope?: string;
  readonly credential: OAuth2Credential;
  /** Abort the token request after this long. */
  readonly timeoutMs: number;
}

export type TokenResult =
  | { readonly ok: true; readonly accessToken: string }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      /** Low-cardinality: `http-<status>`, `timeout`, `network`, `invalid-response`. */
      readonly failure: string;
      /** The endpoint's RFC 6749 `error` code, when it sent one (a short ASCII token, never a secret). */
      readonly errorCode?: string;
    };

export interface TokenCache {
  get(request: TokenRequest): Promise<TokenResult>;
  /** The target refused `accessToken` (401): forget it, so the next get() asks the endpoint again. */
  invalidate(request: Pick<TokenRequest, "tokenUrl" | "scope" | "credential">, accessToken: string): void;
}

export interface TokenCacheOptions {
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Replace a token this long before it expires; default 60 s. */
  readonly earlyRefreshMs?: number;
  /** Lifetime assumed when the endpoint sends no `expires_in`; default 15 minutes (Salesforce's shortest session timeout). */
  readonly defaultLifetimeMs?: number;
}

interface Cached {
  readonly accessToken: string;
  readonly refreshAt: number;
}

export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const early = options.earlyRefreshMs ?? 60_000;
  const defaultLifetime = options.defaultLifetimeMs ?? 15 * 60_000;
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<TokenResult>>();

  const request = async (r: TokenRequest, key: string): Promise<TokenResult> => {
    const form = new URLSearchParams();
    if (r.credential.type === "oauth2-refresh-token") {
      form.set("grant_type", "refresh_token");
      form.set("refresh_token", r.credential.refreshToken);
    } else form.set("grant_type", "client_credentials");
    form.set("client_id", r.credential.clientId);
    form.set("client_secret", r.credential.clientSecret);
    if (r.scope) form.set("scope", r.scope);
    const started = now();
    let res: Response;
    try {
      res = await doFetch(r.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        redirect: "manual",
        signal: AbortSignal.timeout(Math.max(1, r.timeoutMs)),
      });
    } catch (err) {
      const timedOut = (err as { name?: string } | null)?.name === "TimeoutError";
      return { ok: false, retryable: true, failure: timedOut ? "timeout" : "network" };
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(await res.text());
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = {};
    }
    const errorCode = typeof body.error === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(body.error) ? body.error : undefined;
    if (res.status >= 200 && res.status < 300) {
      const token = body.access_token;
      if (typeof token !== "string" || token === "") return { ok: false, retryable: true, failure: "invalid-response" };
      const seconds = Number(body.expires_in);
      const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultLifetime;
      // Never cache past half the lifetime for very short-lived tokens: early refresh must not exceed the lifetime.
      cache.set(key, { accessToken: token, refreshAt: started + Math.max(lifetime / 2, lifetime - early) });
      return { ok: true, accessToken: token };
    }
    // 5xx, 429 and 408: the endpoint is struggling. Any other answer (400 invalid_grant, 401
    // invalid_client, a redirect from a wrong tokenUrl) repeats until someone fixes the credentials.
    return { ok: false, retryable: classifyStatus(res.status).retryable, failure: `http-${res.status}`, ...(errorCode && { errorCode }) };
  };

  return {
    get(r) {
      const key = cacheKey(r);
      const hit = cache.get(key);
      if (hit && now() < hit.refreshAt) return Promise.resolve({ ok: true, accessToken: hit.accessToken });
      const pending = inFlight.get(key);
      if (pending) return pending;
      const p = request(r, key).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
    invalidate(r, accessToken) {
      const key = cacheKey(r);
      if (cache.get(key)?.accessToken === accessToken) cache.delete(key);
    },
  };
}

/** Per endpoint, scope and client: a hash, so rotated credentials get their own token and no secret sits in a Map key. */
function cacheKey(r: Pick<TokenRequest, "tokenUrl" | "scope" | "credential">): string {
  const c = r.credential;
  const material = [r.tokenUrl, r.scope ?? "", c.type, c.clientId, c.clientSecret, c.type === "oauth2-refresh-token" ? c.refreshToken : ""].join("\u0000");
  return createHash("sha256").update(material).digest("base64url");
}
