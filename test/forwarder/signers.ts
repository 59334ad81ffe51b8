/**
 * Test-side signers, written from each vendor's documentation with node:crypto only, so that the
 * verifiers are checked against an independent implementation rather than against themselves.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { WebhookRequest } from "../../forwarder/verify/types";

/** HubSpot v3: base64 HMAC-SHA256(client secret, utf-8 of method + uri + body + timestamp). Raw-byte concat equals it for UTF-8 bodies. */
export function signHubspot(secret: string, method: string, uri: string, body: Buffer, timestampMs: string): string {
  return createHmac("sha256", secret).update(Buffer.concat([Buffer.from(method + uri, "utf8"), body, Buffer.from(timestampMs, "utf8")])).digest("base64");
}

/** Stripe: `t=<s>,v1=<hex HMAC-SHA256(secret, "t.body")>`, secret used verbatim. */
export function stripeV1(secret: string, t: number, body: Buffer): string {
  return createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
}
export const signStripe = (secret: string, t: number, body: Buffer) => `t=${t},v1=${stripeV1(secret, t, body)}`;

/** Shopify: base64 HMAC-SHA256(secret, raw body). */
export const signShopify = (secret: string, body: Buffer) => createHmac("sha256", secret).update(body).digest("base64");

/** Segment: hex HMAC-SHA1(shared secret, body). */
export const signSegment = (secret: string, body: Buffer) => createHmac("sha1", secret).update(body).digest("hex");

/** Meta: `sha256=` + hex HMAC-SHA256(app secret, raw body). */
export const signMeta = (secret: string, body: Buffer) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256(base64-decoded key after `whsec_`, "id.timestamp.body"). */
export function signStandard(secret: string, id: string, timestamp: number | string, body: Buffer): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return "v1," + createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
}

export function signGeneric(secret: string, body: Buffer, encoding: "hex" | "base64", prefix = ""): string {
  return prefix + createHmac("sha256", secret).update(body).digest(encoding);
}

/** A Salesforce outbound message as documented in the outbound-messaging WSDL (optionally with prefixed elements). */
export function soapMessage(orgId: string, notificationIds: string[], opts: { prefix?: string } = {}): Buffer {
  const p = opts.prefix ? `${opts.prefix}:` : "";
  const ns = opts.prefix ? `xmlns:${opts.prefix}="http://soap.sforce.com/2005/09/outbound"` : 'xmlns="http://soap.sforce.com/2005/09/outbound"';
  const notifications = notificationIds
    .map(
      (id, i) => `
   <${p}Notification>
    <${p}Id>${id}</${p}Id>
    <${p}sObject xsi:type="sf:Contact" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>003000000000${String(i).padStart(3, "0")}AAA</sf:Id>
     <sf:Email>ana+${i}@example.com</sf:Email>
     <sf:Description>Ünïcödé &amp; &lt;escaped&gt;</sf:Description>
    </${p}sObject>
   </${p}Notification>`,
    )
    .join("");
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <${p}notifications ${ns}>
   <${p}OrganizationId>${orgId}</${p}OrganizationId>
   <${p}ActionId>04k000000000001AAA</${p}ActionId>
   <${p}SessionId xsi:nil="true"/>
   <${p}EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/60.0/00D000000000062</${p}EnterpriseUrl>
   <${p}PartnerUrl>https://example.my.salesforce.com/services/Soap/u/60.0/00D000000000062</${p}PartnerUrl>${notifications}
  </${p}notifications>
 </soapenv:Body>
</soapenv:Envelope>`);
}

/** Salesforce's 18-character form: a 3-character suffix encoding the case of the 15-character id. */
export function salesforce18(id15: string): string {
  let suffix = "";
  for (let c = 0; c < 3; c++) {
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(c * 5 + i);
      if (ch >= "A" && ch <= "Z") n += 2 ** i;
    }
    suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".charAt(n);
  }
  return id15 + suffix;
}

export const randomSecret = {
  hubspot: () => `${randomBytes(4).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(6).toString("hex")}`,
  stripe: () => "whsec_" + randomBytes(24).toString("base64url"),
  shopify: () => randomBytes(32).toString("hex"),
  segment: () => randomBytes(16).toString("base64url"),
  meta: () => randomBytes(16).toString("hex"),
  standard: () => "whsec_" + randomBytes(24).toString("base64"),
  generic: () => randomBytes(20).toString("hex"),
};

/** Same headers, names re-cased by `rename` (lower, UPPER, Mixed) to check case-insensitive lookup. */
export function recase(req: WebhookRequest, rename: (name: string) => string): WebhookRequest {
  return { ...req, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [rename(k), v])) };
}

export const flipByte = (body: Buffer, index: number): Buffer => {
  const copy = Buffer.from(body);
  const i = index % copy.length;
  copy[i] = copy[i]! ^ 0x01;
  return copy;
};
