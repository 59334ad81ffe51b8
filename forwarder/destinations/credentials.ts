/**
 * A target's credentials: what its Secrets Manager secret holds, how the deployment builds it from
 * Pulumi secret config values, and how the consumer reads it back. No AWS import, so the Pulumi
 * program (components/refTable.ts) and the consumer share it.
 *
 * What each Pulumi secret config value holds (README, "Delivering to a destination"):
 *   bearer, api-key                  the token or key itself
 *   basic                            {"username":"...","password":"..."}
 *   oauth2-client-credentials        {"clientId":"...","clientSecret":"..."}
 *   oauth2-refresh-token             {"clientId":"...","clientSecret":"...","refreshToken":"..."}
 *   a header from a secret           the header's value itself
 *
 * The SecretString written: `{"auth":{"type":...,...},"headers":{"developer-token":"..."}}`. Errors
 * name the config key and what is wrong, never the value.
 */
import type { AuthType } from "./kinds";

export type AuthCredential =
  | { readonly type: "bearer"; readonly token: string }
  | { readonly type: "api-key"; readonly key: string }
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  | { readonly type: "oauth2-client-credentials"; readonly clientId: string; readonly clientSecret: string }
  | { readonly type: "oauth2-refresh-token"; readonly clientId: string; readonly clientSecret: string; readonly refreshToken: string };

export interface TargetCredentials {
  readonly auth?: AuthCredential;
  /** Header name -> value, for the target's headers taken from a secret. */
  readonly headers: Readonly<Record<string, string>>;
}

export class CredentialError extends Error {}

/** The config value of an auth credential, as read from `pulumi config` (a string). */
export function authCredentialFrom(type: AuthType, raw: string, configKey: string): AuthCredential {
  const fail = (what: string) => new CredentialError(`Pulumi config ${configKey} (${type} credentials) ${what}; see README, "Delivering to a destination"`);
  if (type === "bearer" || type === "api-key") {
    const value = raw.trim();
    if (value === "" || /[\r\n]/.test(value)) throw fail("must be the token itself on one line");
    return type === "bearer" ? { type, token: value } : { type, key: value };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw fail("is not JSON");
  }
  const o = (parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  const field = (name: string, allowEmpty = false): string => {
    const v = o[name];
    if (typeof v !== "string" || (!allowEmpty && v === "") || /[\r\n]/.test(v)) throw fail(`needs "${name}" as a one-line string`);
    return v;
  };
  switch (type) {
    case "basic":
      // RFC 7617: the user-id cannot contain a colon. An empty password is allowed (Segment's write key as user name).
      if (field("username").includes(":")) throw fail('has a colon in "username", which Basic authentication cannot carry');
      return { type, username: field("username"), password: field("password", true) };
    case "oauth2-client-credentials":
      return { type, clientId: field("clientId"), clientSecret: field("clientSecret") };
    case "oauth2-refresh-token":
      return { type, clientId: field("clientId"), clientSecret: field("clientSecret"), refreshToken: field("refreshToken") };
  }
}

/**
 * The SecretString of a target's credentials secret, from the config values (deployment time, so a
 * malformed value fails `pulumi up` with the key's name rather than every delivery at run time).
 */
export function targetCredentialsSecretString(
  auth: { readonly type: AuthType; readonly configKey: string; readonly value: string } | undefined,
  headers: readonly { readonly name: string; readonly configKey: string; readonly value: string }[],
): string {
  const out: { auth?: AuthCredential; headers: Record<string, string> } = { headers: {} };
  if (auth) out.auth = authCredentialFrom(auth.type, auth.value, auth.configKey);
  for (const h of headers) {
    const value = h.value.trim();
    if (value === "" || /[\r\n]/.test(value)) throw new CredentialError(`Pulumi config ${h.configKey} (header ${h.name}) must be the header's value on one line`);
    out.headers[h.name.toLowerCase()] = value;
  }
  return JSON.stringify(out);
}

/** Reads a SecretString written by targetCredentialsSecretString; throws CredentialError naming what is missing. */
export function parseTargetCredentials(secretString: string | undefined, expected: { readonly authType?: AuthType; readonly headers?: readonly string[] }): TargetCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "");
  } catch {
    throw new CredentialError("the target's credentials secret is not JSON");
  }
  const o = (parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {}) as { auth?: unknown; headers?: unknown };
  const headers: Record<string, string> = {};
  if (o.headers && typeof o.headers === "object" && !Array.isArray(o.headers)) {
    for (const [k, v] of Object.entries(o.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
  }
  for (const name of expected.headers ?? []) {
    if (headers[name.toLowerCase()] === undefined) throw new CredentialError(`the target's credentials secret has no value for header ${name}`);
  }
  if (expected.authType === undefined) return { headers };
  const auth = o.auth as Record<string, unknown> | undefined;
  if (!auth || typeof auth !== "object" || auth.type !== expected.authType) throw new CredentialError(`the target's credentials secret has no ${expected.authType} credentials`);
  try {
    // Re-validated field by field: the secret may have been edited by hand.
    const raw = expected.authType === "bearer" ? String(auth.token ?? "") : expected.authType === "api-key" ? String(auth.key ?? "") : JSON.stringify(auth);
    return { auth: authCredentialFrom(expected.authType, raw, "(the stored secret)"), headers };
  } catch {
    throw new CredentialError(`the target's credentials secret has incomplete ${expected.authType} credentials`);
  }
}
