/**
 * The SecretString of a webhook source's Secrets Manager secret: what the ingress reads, and what
 * the deployment writes. No imports at all, AWS client code least: the Pulumi program loads this
 * module to normalize a Pulumi secret config value before writing it.
 *
 * Formats read (parseSecretString):
 *   - a JSON array of strings: the active secrets (two during a rotation);
 *   - a JSON object `{ "secrets": [...], "verifyToken"?: "...", "publicUrl"?: "https://..." }`:
 *     the same, plus the token a Meta GET handshake must present, and the URL vendors call
 *     (HubSpot v3 signs it; a Function URL is only known once the function exists, so the
 *     deployment puts it here rather than into the function's own configuration);
 *   - anything else: one secret, verbatim (a JSON string literal is unquoted).
 * Format written (secretStringFor): always the object form.
 *
 * Errors never quote the value: a message may end up in a Pulumi error or a log line.
 */

export interface ActiveSecrets {
  readonly secrets: readonly string[];
  readonly verifyToken?: string;
  /** The full public URL of this source (`https://<host>/hooks/<integration>/<source>`). */
  readonly publicUrl?: string;
}

export class SecretError extends Error {
  override readonly name = "SecretError";
}

/** A publicUrl must be an absolute http(s) URL without credentials or a fragment; throws SecretError otherwise. */
function checkPublicUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.hash) {
    throw new SecretError("secret's publicUrl is not an absolute http(s) URL without credentials or fragment");
  }
  return value as string;
}

/** Parses a SecretString (see the module comment). Throws SecretError when nothing usable is in it. */
export function parseSecretString(text: string | undefined): ActiveSecrets {
  if (typeof text !== "string") throw new SecretError("secret has no SecretString");
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  let secrets: unknown[];
  let verifyToken: unknown;
  let publicUrl: unknown;
  if (Array.isArray(parsed)) secrets = parsed;
  else if (typeof parsed === "string") secrets = [parsed];
  else if (parsed && typeof parsed === "object" && Array.isArray((parsed as { secrets?: unknown }).secrets)) {
    const o = parsed as { secrets: unknown[]; verifyToken?: unknown; publicUrl?: unknown };
    secrets = o.secrets;
    verifyToken = o.verifyToken;
    publicUrl = o.publicUrl;
  } else if (typeof parsed === "number" || typeof parsed === "boolean" || parsed === null) secrets = [text];
  else throw new SecretError("secret is neither an array, an object with `secrets`, nor a string");
  const usable = secrets.filter((s): s is string => typeof s === "string" && s.length > 0);
  if (usable.length === 0) throw new SecretError("secret holds no usable value");
  return {
    secrets: usable,
    ...(typeof verifyToken === "string" && verifyToken.length > 0 && { verifyToken }),
    // A present but broken URL is our misconfiguration: an error (500, vendors retry), not a silent fallback.
    ...(publicUrl !== undefined && publicUrl !== null && publicUrl !== "" && { publicUrl: checkPublicUrl(publicUrl) }),
  };
}

/**
 * The SecretString the deployment writes for a source: `configValue` is the Pulumi secret config
 * value in any format parseSecretString reads (one secret, a JSON array of the active secrets
 * during a rotation, or the object form), `publicUrl` the URL vendors call (it replaces one in
 * `configValue`). Returns the object form as JSON with a fixed key order, so an unchanged value
 * produces no diff. Throws SecretError (never quoting the value) when nothing usable is in it.
 */
export function secretStringFor(configValue: string, publicUrl?: string): string {
  const active = parseSecretString(configValue);
  const url = publicUrl === undefined ? active.publicUrl : checkPublicUrl(publicUrl);
  return JSON.stringify({
    secrets: active.secrets,
    ...(active.verifyToken !== undefined && { verifyToken: active.verifyToken }),
    ...(url !== undefined && { publicUrl: url }),
  });
}
