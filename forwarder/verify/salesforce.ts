/**
 * Salesforce outbound messages are unsigned SOAP. The only check available in the payload is the
 * sending org: `secrets` are the allowed OrganizationIds (15- or 18-character forms). An org id is
 * not secret, so this is an allowlist, not authentication: keep the endpoint URL unguessable too.
 *
 * deliveryId: every `Notification/Id` in document order, joined with "," (ids are alphanumeric).
 * A message carries up to 100 notifications and Salesforce may regroup them on retry, so per-
 * notification dedupe downstream should split on ","; `notificationIds()` returns the list.
 */
import { safeEqual } from "./timingSafe";
import { bodyOf, fail, failClosed, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "./types";

/**
 * Optional namespace prefix (`<sf:Id>`, `<ns1:OrganizationId>`). Every variable-length part stops at
 * the next "<", so scanning a hostile 6 MB body stays linear (`[^>]*` here was quadratic).
 */
const P = "(?:[A-Za-z_][\\w.-]*:)?";
const ATTRS = "(?:\\s[^<>]*)?";
const ORG_ID = new RegExp(`<${P}OrganizationId${ATTRS}>([^<]*)</${P}OrganizationId\\s*>`, "g");
const NOTIFICATION_OPEN = new RegExp(`<${P}Notification[\\s>]`);
// Per the outbound-messaging WSDL, Id is the first child of each Notification (the sObject's own Id comes later).
const NOTIFICATION_ID = new RegExp(`<${P}Notification${ATTRS}>\\s*<${P}Id${ATTRS}>([^<]*)</${P}Id\\s*>`, "g");

const ID_15_OR_18 = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/** Canonical 18-character form; null if malformed, not an org id (key prefix 00D), or its checksum suffix is wrong. */
export function canonicalOrgId(id: string): string | null {
  if (!ID_15_OR_18.test(id) || !id.startsWith("00D")) return null;
  const base = id.slice(0, 15);
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(base[chunk * 5 + i]!)) bits |= 1 << i;
    suffix += SUFFIX_ALPHABET[bits];
  }
  if (id.length === 18 && id.slice(15).toUpperCase() !== suffix) return null;
  return base + suffix;
}

export function notificationIds(body: Buffer): string[] {
  return [...body.toString("utf8").matchAll(NOTIFICATION_ID)].map((m) => m[1]!.trim()).filter((id) => ID_15_OR_18.test(id));
}

export const verify = failClosed((req: WebhookRequest, opts: VerifyOptions): Verdict => {
  const xml = bodyOf(req).toString("utf8");
  // Only the envelope part before the first Notification: record fields can never stand in for the org id.
  const open = xml.search(NOTIFICATION_OPEN);
  const head = open < 0 ? xml : xml.slice(0, open);
  const found = [...head.matchAll(ORG_ID)].map((m) => m[1]!.trim());
  if (found.length === 0) return fail("missing-signature");
  const org = found.length === 1 ? canonicalOrgId(found[0]!) : null;
  if (!org) return fail("not-allowed");

  const allowed = usableSecrets(opts)
    .map(canonicalOrgId)
    .filter((id): id is string => id !== null)
    .some((id) => safeEqual(Buffer.from(id), Buffer.from(org)));
  if (!allowed) return fail("not-allowed");
  const ids = notificationIds(bodyOf(req));
  return { ok: true, deliveryId: ids.length ? ids.join(",") : undefined };
});

/** The acknowledgement Salesforce requires (HTTP 200, Content-Type text/xml); without it, it retries for 24 h. */
export function ackResponse(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    "<soapenv:Body>" +
    '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>' +
    "</soapenv:Body>" +
    "</soapenv:Envelope>"
  );
}

export const ACK_CONTENT_TYPE = "text/xml; charset=utf-8";
