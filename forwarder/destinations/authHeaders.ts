/**
 * Puts a target's credential where its API expects it:
 *   bearer                     Authorization: Bearer <token> (RFC 6750 section 2.1)
 *   basic                      Authorization: Basic base64(user:password) (RFC 7617)
 *   api-key                    <header, default Authorization>: <prefix><key>, or the query parameter
 *                              `queryParam` (Meta documents `?access_token=`)
 *   oauth2-client-credentials  Authorization: Bearer <access token from the token endpoint>
 *   oauth2-refresh-token       the same
 * Returns what to add to the request, or why no credential could be had. Never logs.
 */
import type { TargetAuth } from "../config";
import type { AuthCredential } from "./credentials";
import type { OAuth2Credential, TokenCache, TokenResult } from "./oauth2";

export interface AuthPlacement {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The OAuth2 access token used, so a 401 can invalidate exactly it. */
  readonly accessToken?: string;
}

export type AuthOutcome = { readonly ok: true; readonly placement: AuthPlacement } | { readonly ok: false; readonly token: Extract<TokenResult, { ok: false }> };

export async function placeAuth(auth: TargetAuth, credential: AuthCredential, tokens: TokenCache | undefined, timeoutMs: number): Promise<AuthOutcome> {
  switch (credential.type) {
    case "bearer":
      return placed({ authorization: `Bearer ${credential.token}` });
    case "basic":
      return placed({ authorization: `Basic ${Buffer.from(`${credential.username}:${credential.password}`, "utf8").toString("base64")}` });
    case "api-key": {
      if (auth.queryParam) return { ok: true, placement: { headers: {}, query: { [auth.queryParam]: credential.key } } };
      return placed({ [(auth.header ?? "Authorization").toLowerCase()]: `${auth.prefix ?? ""}${credential.key}` });
    }
    case "oauth2-client-credentials":
    case "oauth2-refresh-token": {
      if (!tokens || !auth.tokenUrl) return { ok: false, token: { ok: false, retryable: true, failure: "not-configured" } };
      const result = await tokens.get(tokenRequest(auth, credential, timeoutMs));
      if (!result.ok) return { ok: false, token: result };
      return { ok: true, placement: { headers: { authorization: `Bearer ${result.accessToken}` }, query: {}, accessToken: result.accessToken } };
    }
  }
}

/** The token cache's request for an OAuth2 target. */
export function tokenRequest(auth: TargetAuth, credential: OAuth2Credential, timeoutMs: number) {
  return { tokenUrl: auth.tokenUrl ?? "", credential, timeoutMs, ...(auth.scope !== undefined && { scope: auth.scope }) };
}

function placed(headers: Record<string, string>): AuthOutcome {
  return { ok: true, placement: { headers, query: {} } };
}
