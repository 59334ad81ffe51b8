/**
 * Standard Webhooks (and Svix, which uses svix-* header names): `webhook-signature` holds
 * space-separated `v1,<base64>` entries, each HMAC-SHA256(key, `${id}.${timestamp}.${body}`);
 * timestamp in seconds; the secret is `whsec_` + base64(key bytes). Other versions (e.g. the
 * asymmetric `v1a`) are skipped. The signed `webhook-id` doubles as the dedupe key.
 */
import { decodeBase64, hmac } from "./digest";
import { checkWindow, parseTimestamp } from "./timestamp";
import { matchesAny } from "./timingSafe";
import { bodyOf, cleanId, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "./types";

/**
 * Key bytes of a `whsec_<base64>` secret; like the reference libraries, the bare base64 form is accepted too.
 * Never an empty key (which would let anyone sign): decodeBase64 returns null rather than an empty buffer, and
 * test/forwarder/verifyGuards.test.ts pins both ("whsec_" alone is no key).
 */
export function secretKey(secret: string): Buffer | null {
  return decodeBase64(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
}

/** Take all three headers from one family so that webhook-* and svix-* values are never mixed. */
function headersOf(req: WebhookRequest) {
  for (const prefix of ["webhook-", "svix-"]) {
    const id = header(req, `${prefix}id`);
    const timestamp = header(req, `${prefix}timestamp`);
    const signature = header(req, `${prefix}signature`);
    if (id !== undefined || timestamp !== undefined || signature !== undefined) return { id, timestamp, signature };
  }
  // Stryker disable next-line ObjectLiteral: destructuring {} gives the same three undefineds.
  return { id: undefined, timestamp: undefined, signature: undefined };
}

export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions): Verdict => {
  const { id, timestamp, signature } = headersOf(req);
  if (!signature || !id) return fail("missing-signature");
  const seconds = parseTimestamp(timestamp);
  if (seconds === null) return fail("bad-timestamp");
  if (signature.length > MAX_HEADER_LENGTH || id.length > MAX_HEADER_LENGTH) return fail("bad-signature");

  const given = signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => decodeBase64(entry.slice(3)))
    .filter((b): b is Buffer => b !== null);
  const body = bodyOf(req);
  const keys = usableSecrets(opts).map(secretKey).filter((k): k is Buffer => k !== null);
  const expected = keys.map((key) => hmac("sha256", key, `${id}.${timestamp}.`, body));
  if (!expected.some((e) => matchesAny(e, given))) return fail("bad-signature");

  const window = checkWindow(seconds * 1000, opts);
  return window ? fail(window) : { ok: true, deliveryId: cleanId(id) };
});
