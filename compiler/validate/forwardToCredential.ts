/**
 * A credential inside a webhook's `forwardTo` URL: user:password@ before the host, a query (or
 * fragment) parameter named like a key or token, or a token-shaped path (a Slack webhook URL).
 * The URL is a plain input shown in the plan and in the pull request comment, so target
 * credentials belong in Pulumi secret config instead.
 */
import type { SecretFinding } from "./secretPatterns";

export interface ForwardToCredential {
  /** What the URL carries, for the message: never the value. */
  readonly what: string;
  /** Where it starts in the URL string. */
  readonly offset: number;
  /** The credential's text as written and decoded, to redact. */
  readonly values: readonly string[];
}

/**
 * Parameter names that carry credentials (after dropping `-` and `_`, case-insensitive): api_key,
 * access_token, client_secret, password, sig (signed URLs), code (Azure Functions keys), hapikey
 * (HubSpot's legacy API key)...
 */
const CREDENTIAL_PARAM = /(?:key|token|secret|password|passwd|pwd|sig|signature|credentials?)$|^(?:code|auth|pass)$/i;

export function forwardToCredential(url: string, found: readonly SecretFinding[]): ForwardToCredential | undefined {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed && (parsed.username || parsed.password)) {
    const offset = url.indexOf("//") + 2;
    const raw = url.slice(offset, url.indexOf("@", offset));
    // The password is the secret; without one, the user name is (https://<token>@host).
    const secret = parsed.password || parsed.username;
    return { what: "a user name or password (user:password@ before the host)", offset, values: [raw, secret, ...decoded(secret)].filter(Boolean) };
  }
  if (parsed) {
    const params = [...parsed.searchParams, ...new URLSearchParams(parsed.hash.slice(1))];
    for (const [key, value] of params) {
      if (!value || !CREDENTIAL_PARAM.test(key.replace(/[-_]/g, ""))) continue;
      const name = /^[A-Za-z0-9_.-]{1,40}$/.test(key) ? `"${key}"` : "named like a credential";
      // Just after the ? & or #; not found (-1, a key written with + for a space), the start of the URL.
      const at = url.search(new RegExp(`[?&#]${escapeRegExp(encodeURIComponent(key))}=`));
      return { what: `a credential in the query parameter ${name}`, offset: at + 1, values: [value, encodeURIComponent(value)] };
    }
  }
  if (found.length) return { what: `what looks like ${found[0].kind}`, offset: found[0].start, values: found.map((f) => url.slice(f.start, f.end)) };
  return undefined;
}

function decoded(s: string): string[] {
  try {
    return [decodeURIComponent(s)];
  } catch {
    return [];
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
