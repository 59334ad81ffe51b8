/**
 * Stripe: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>...]`, hex HMAC-SHA256 over `${t}.${raw body}`
 * with the endpoint secret used verbatim (whsec_ prefix included). Several v1 entries appear while
 * a secret is being rolled; v0 (test-mode legacy) and unknown schemes are ignored.
 */
import { jsonField } from "./bodyHmac";
import { decodeHex, hmac } from "./digest";
import { checkWindow, parseTimestamp } from "./timestamp";
import { matchesAny } from "./timingSafe";
import { bodyOf, cleanId, fail, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "./types";

export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions): Verdict => {
  const value = header(req, "Stripe-Signature");
  if (!value) return fail("missing-signature");
  if (value.length > MAX_HEADER_LENGTH) return fail("bad-signature");

  const ts: string[] = [];
  const v1: string[] = [];
  for (const item of value.split(",")) {
    const eq = item.indexOf("=");
    if (eq === -1) continue;
    const key = item.slice(0, eq).trim();
    const val = item.slice(eq + 1).trim();
    if (key === "t") ts.push(val);
    else if (key === "v1") v1.push(val);
  }
  if (v1.length === 0) return fail("missing-signature");
  // Two different t values would make "which one was signed" ambiguous.
  const seconds = ts.length === 1 ? parseTimestamp(ts[0]) : null;
  if (seconds === null) return fail("bad-timestamp");

  const given = v1.map(decodeHex).filter((b): b is Buffer => b !== null);
  const body = bodyOf(req);
  const expected = usableSecrets(opts).map((secret) => hmac("sha256", secret, `${ts[0]}.`, body));
  if (!expected.some((e) => matchesAny(e, given))) return fail("bad-signature");

  const window = checkWindow(seconds * 1000, opts);
  return window ? fail(window) : { ok: true, deliveryId: eventId(body) };
});

/** Event id for dedupe (Stripe retries for days and may reorder). Unparsable bodies are the ingress's call, not ours. */
const eventId = (body: Buffer) => cleanId(jsonField(body, "id"));
