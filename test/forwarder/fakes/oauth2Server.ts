/**
 * An OAuth 2.0 token endpoint (RFC 6749): the client credentials grant (section 4.4) and the refresh
 * token grant (section 6), client authentication by `client_id`/`client_secret` in the form body or
 * HTTP Basic (section 2.3.1), form-encoded requests (section 3.2), and the documented error answers
 * (section 5.2): 400 `invalid_request`, `invalid_grant`, `unsupported_grant_type`; 401
 * `invalid_client`. Issues opaque access tokens the destination fakes accept until revoked, with
 * `expires_in` like Google's endpoint, or without it like Salesforce's.
 */
import { isObject, mediaType, startFake, type FakeApi } from "./fakeServer";

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Required for the refresh token grant. */
  readonly refreshToken?: string;
}

export interface OAuth2Server extends FakeApi {
  readonly tokenUrl: string;
  /** Whether an access token was issued here and not revoked. */
  accepts(accessToken: string | undefined): boolean;
  /** Every token issued so far stops working (as when a session is revoked). */
  revokeAll(): void;
  /** `ok`; `down` answers 503; `revoked` answers invalid_grant to every refresh token. */
  mode: "ok" | "down" | "revoked";
  readonly issued: string[];
}

export async function startOAuth2Server(clients: readonly OAuthClient[], options: { expiresIn?: number } = { expiresIn: 3599 }): Promise<OAuth2Server> {
  const valid = new Set<string>();
  const issued: string[] = [];
  const state = { mode: "ok" as OAuth2Server["mode"] };
  const error = (status: number, code: string, description: string) => ({ status, body: { error: code, error_description: description } });
  const fake = await startFake((req) => {
    if (req.method !== "POST" || req.path !== "/token") return { status: 404, body: { error: "not_found" } };
    if (state.mode === "down") return { status: 503, body: "Service Unavailable" };
    if (mediaType(req) !== "application/x-www-form-urlencoded") return error(400, "invalid_request", "the request must be application/x-www-form-urlencoded");
    const form = new URLSearchParams(req.body);
    let clientId = form.get("client_id");
    let clientSecret = form.get("client_secret");
    const basic = /^Basic (.+)$/i.exec(String(req.headers.authorization ?? ""));
    if (basic) [clientId, clientSecret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":") as [string, string];
    const client = clients.find((c) => c.clientId === clientId);
    if (!client || client.clientSecret !== clientSecret) return error(401, "invalid_client", "client authentication failed");
    const grant = form.get("grant_type");
    if (grant === "refresh_token") {
      if (state.mode === "revoked" || !client.refreshToken || form.get("refresh_token") !== client.refreshToken) return error(400, "invalid_grant", "Token has been expired or revoked.");
    } else if (grant !== "client_credentials") return error(400, "unsupported_grant_type", `grant_type ${grant ?? "(missing)"} is not supported`);
    const token = `at-${issued.length + 1}-${clientId}`;
    issued.push(token);
    valid.add(token);
    return { status: 200, body: { access_token: token, token_type: "Bearer", ...(options.expiresIn !== undefined && { expires_in: options.expiresIn }) } };
  });
  return {
    ...fake,
    tokenUrl: `${fake.origin}/token`,
    issued,
    accepts: (t) => t !== undefined && valid.has(t),
    revokeAll: () => valid.clear(),
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
  };
}

/** The bearer token of a request, when it has one. */
export const bearerOf = (authorization: string | string[] | undefined): string | undefined => /^Bearer (\S+)$/.exec(String(authorization ?? ""))?.[1];
export { isObject };
