/**
 * The guards of webhook verification, one promise per test, so that dropping or loosening any of
 * them fails a test: missing and oversized headers, empty or malformed secrets, timestamp window
 * boundaries, strict encodings, Meta's handshake and the generic-hmac configuration check.
 * Written against mutation testing (`npm run mutate -- verify`, README "Mutation testing").
 */
import { strict as assert } from "node:assert";
import { bodyHmac, jsonField } from "../../forwarder/verify/bodyHmac";
import { decodeBase64, decodeHex } from "../../forwarder/verify/digest";
import * as generic from "../../forwarder/verify/genericHmac";
import * as hubspot from "../../forwarder/verify/hubspot";
import { verifierFor, type Vendor } from "../../forwarder/verify/index";
import * as meta from "../../forwarder/verify/meta";
import { rawBody } from "../../forwarder/verify/rawBody";
import * as salesforce from "../../forwarder/verify/salesforce";
import * as shopify from "../../forwarder/verify/shopify";
import * as standardWebhooks from "../../forwarder/verify/standardWebhooks";
import * as stripe from "../../forwarder/verify/stripe";
import { checkWindow, parseTimestamp } from "../../forwarder/verify/timestamp";
import { bodyOf, cleanId, failClosed, header, MAX_HEADER_LENGTH, usableSecrets, type Verdict, type VerifyOptions, type WebhookRequest } from "../../forwarder/verify/types";
import { salesforce18, signGeneric, signHubspot, signShopify, signStandard, signStripe, soapMessage, stripeV1 } from "./signers";

const NOW = 1_700_000_000_000; // ms
const NOW_S = NOW / 1000;
const opts = (...secrets: string[]): VerifyOptions => ({ secrets, now: () => NOW });
const post = (url: string, headers: Record<string, string>, body: Buffer): WebhookRequest => ({ method: "POST", url, headers, body });
const rejected = (v: Verdict, reason: string, why?: string) => assert.deepEqual(v, { ok: false, reason }, why);
const BODY = Buffer.from('{"id":"evt_1","messageId":"m-1"}');
const STD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STRIPE_SECRET = "whsec_test_guard";

/** Lengths of the strings handed to Buffer.from while `run` runs: decoding is where an oversized header would cost. */
function decodedLengths(run: () => void): number[] {
  const original = Buffer.from;
  const seen: number[] = [];
  const spy = (...args: unknown[]) => {
    if (typeof args[0] === "string") seen.push(args[0].length);
    return (original as (...a: unknown[]) => Buffer).apply(Buffer, args);
  };
  (Buffer as unknown as { from: unknown }).from = spy;
  try {
    run();
  } finally {
    (Buffer as unknown as { from: unknown }).from = original;
  }
  return seen;
}

describe("verify guards: header lookup and shared helpers", () => {
  it("reads a missing or non-object header map, and non-string values, as absent", () => {
    assert.equal(header(undefined as unknown as WebhookRequest, "x-a"), undefined);
    assert.equal(header({ headers: "abc" } as unknown as WebhookRequest, "0"), undefined, "a string is not a header map");
    assert.equal(header({ headers: { "x-a": 123 } } as unknown as WebhookRequest, "x-a"), undefined);
    assert.equal(header({ headers: { "X-A": " v ", "x-a": undefined } }, "x-a"), "v");
  });

  it("keeps only non-empty string secrets, and none from a broken options object", () => {
    assert.deepEqual(usableSecrets(undefined as unknown as VerifyOptions), []);
    assert.deepEqual(usableSecrets({ secrets: "abc" } as unknown as VerifyOptions), []);
    assert.deepEqual(usableSecrets({ secrets: [{ length: 3 }, "", "k"] } as unknown as VerifyOptions), ["k"]);
  });

  it("reads a missing body as empty", () => {
    assert.deepEqual(bodyOf(undefined as unknown as WebhookRequest), Buffer.alloc(0));
    assert.deepEqual(rawBody(undefined as unknown as { body: string }), Buffer.alloc(0));
  });

  it("keeps a dedupe id only when it is a short printable string", () => {
    assert.equal(cleanId("evt_1"), "evt_1");
    assert.equal(cleanId("a".repeat(256)), "a".repeat(256));
    for (const bad of [123, " lead", "trail ", "in side", "a".repeat(257), ""]) assert.equal(cleanId(bad), undefined, JSON.stringify(bad));
  });

  it("turns an exception inside a verifier into a bad-signature rejection", () => {
    rejected(failClosed(() => { throw new Error("boom"); })(), "bad-signature");
  });

  it("reads a JSON field only from a JSON object", () => {
    assert.equal(jsonField(Buffer.from('{"id":"x"}'), "id"), "x");
    assert.equal(jsonField(Buffer.from('"abc"'), "length"), undefined, "a JSON string has no fields");
    assert.equal(jsonField(Buffer.from("null"), "id"), undefined);
    assert.equal(jsonField(Buffer.from("{not json"), "id"), undefined);
  });
});

describe("verify guards: strict encodings", () => {
  it("hex: even length, hex digits only, either case", () => {
    assert.deepEqual(decodeHex("0aFF"), Buffer.from([0x0a, 0xff]));
    for (const bad of ["", "abc", "zz", "zzab", "abzz", "0x00"]) assert.equal(decodeHex(bad), null, bad);
  });

  it("base64: canonical padded form only, never empty", () => {
    assert.deepEqual(decodeBase64("YQ=="), Buffer.from("a"));
    for (const bad of ["", "YQ", "YR==", "Y Q==", "YQ==YQ==", "-_8=", "_/8=", "=YQ=", "YQ=\n"]) assert.equal(decodeBase64(bad), null, JSON.stringify(bad));
  });

  it("a Standard Webhooks secret with no key bytes is no key", () => {
    assert.equal(standardWebhooks.secretKey("whsec_"), null);
    assert.equal(standardWebhooks.secretKey(""), null);
    assert.equal(standardWebhooks.secretKey("whsec_not base64!"), null);
    assert.deepEqual(standardWebhooks.secretKey("whsec_YQ=="), Buffer.from("a"));
  });
});

describe("verify guards: timestamps", () => {
  const at = (offsetMs: number, toleranceSeconds?: number) => checkWindow(NOW - offsetMs, { secrets: [], now: () => NOW, toleranceSeconds });

  it("accepts exactly the tolerance in both directions and rejects one millisecond more", () => {
    assert.equal(at(300_000), null);
    assert.equal(at(-300_000), null);
    assert.equal(at(300_001), "stale-timestamp");
    assert.equal(at(-300_001), "future-timestamp");
  });

  it("uses the default for an unusable tolerance and honours zero", () => {
    for (const bad of [Infinity, -Infinity, NaN, -10, "10" as unknown as number]) {
      assert.equal(at(300_000, bad), null, String(bad));
      assert.equal(at(300_001, bad), "stale-timestamp", String(bad));
    }
    assert.equal(at(0, 0), null);
    assert.equal(at(1, 0), "stale-timestamp");
    assert.equal(at(10_000, 10), null);
    assert.equal(at(10_001, 10), "stale-timestamp");
  });

  it("parses whole numbers only", () => {
    assert.equal(parseTimestamp("1700000000"), 1700000000);
    for (const bad of [undefined, "", "1e3", " 12", "-5", "1".repeat(16)]) assert.equal(parseTimestamp(bad), null, String(bad));
  });
});

describe("verify guards: oversized headers are refused before they are decoded", () => {
  it("body HMAC (Shopify): a value over the cap is never decoded; one at the cap is", () => {
    const request = (value: string) => post("u", { "X-Shopify-Hmac-Sha256": value }, BODY);
    let verdict: Verdict | undefined;
    assert.ok(!decodedLengths(() => (verdict = shopify.verify(request("A".repeat(MAX_HEADER_LENGTH + 4)), opts("s")))).some((n) => n > MAX_HEADER_LENGTH));
    rejected(verdict!, "bad-signature");
    assert.ok(decodedLengths(() => shopify.verify(request("A".repeat(MAX_HEADER_LENGTH)), opts("s"))).includes(MAX_HEADER_LENGTH));
  });

  it("HubSpot: the same cap on X-HubSpot-Signature-v3", () => {
    const request = (value: string) => post("https://h.example/x", { "X-HubSpot-Signature-v3": value, "X-HubSpot-Request-Timestamp": String(NOW) }, BODY);
    let verdict: Verdict | undefined;
    assert.ok(!decodedLengths(() => (verdict = hubspot.verify(request("A".repeat(MAX_HEADER_LENGTH + 4)), opts("s")))).some((n) => n > MAX_HEADER_LENGTH));
    rejected(verdict!, "bad-signature");
    assert.ok(decodedLengths(() => hubspot.verify(request("A".repeat(MAX_HEADER_LENGTH)), opts("s"))).includes(MAX_HEADER_LENGTH));
  });

  it("Stripe: a genuine signature padded past the cap is refused; padded to exactly the cap it verifies", () => {
    const signed = signStripe(STRIPE_SECRET, NOW_S, BODY);
    const padded = (length: number) => `${signed},x=${"a".repeat(length - signed.length - 3)}`;
    assert.equal(padded(MAX_HEADER_LENGTH).length, MAX_HEADER_LENGTH);
    assert.deepEqual(stripe.verify(post("u", { "Stripe-Signature": padded(MAX_HEADER_LENGTH) }, BODY), opts(STRIPE_SECRET)), { ok: true, deliveryId: "evt_1" });
    rejected(stripe.verify(post("u", { "Stripe-Signature": padded(MAX_HEADER_LENGTH + 1) }, BODY), opts(STRIPE_SECRET)), "bad-signature");
  });

  it("Standard Webhooks: a genuine request with an id or signature header past the cap is refused; at the cap it verifies", () => {
    const request = (id: string, pad = 0) => {
      const sig = signStandard(STD_SECRET, id, NOW_S, BODY);
      return post("u", { "webhook-id": id, "webhook-timestamp": String(NOW_S), "webhook-signature": pad ? `${sig} v2,${"a".repeat(pad - sig.length - 4)}` : sig }, BODY);
    };
    const okId = "m".repeat(MAX_HEADER_LENGTH);
    assert.equal(standardWebhooks.verify(request(okId), opts(STD_SECRET)).ok, true);
    rejected(standardWebhooks.verify(request(okId + "m"), opts(STD_SECRET)), "bad-signature");
    assert.equal(request("msg_1", MAX_HEADER_LENGTH).headers["webhook-signature"]!.length, MAX_HEADER_LENGTH);
    assert.deepEqual(standardWebhooks.verify(request("msg_1", MAX_HEADER_LENGTH), opts(STD_SECRET)), { ok: true, deliveryId: "msg_1" });
    rejected(standardWebhooks.verify(request("msg_1", MAX_HEADER_LENGTH + 1), opts(STD_SECRET)), "bad-signature");
  });
});

describe("verify guards: Standard Webhooks headers", () => {
  const full = (prefix: string) => ({
    [`${prefix}id`]: "msg_1", [`${prefix}timestamp`]: String(NOW_S), [`${prefix}signature`]: signStandard(STD_SECRET, "msg_1", NOW_S, BODY),
  });

  it("takes all three headers from one family: one webhook-* header hides a complete svix-* set", () => {
    assert.equal(standardWebhooks.verify(post("u", full("svix-"), BODY), opts(STD_SECRET)).ok, true);
    for (const [name, value] of Object.entries(full("webhook-"))) {
      rejected(standardWebhooks.verify(post("u", { ...full("svix-"), [name]: value }, BODY), opts(STD_SECRET)), "missing-signature", name);
    }
  });

  it("names a missing id or signature, and a timestamp that is not a number even when it was signed", () => {
    const { "webhook-id": _id, ...noId } = full("webhook-");
    rejected(standardWebhooks.verify(post("u", noId, BODY), opts(STD_SECRET)), "missing-signature");
    const { "webhook-signature": _sig, ...noSig } = full("webhook-");
    rejected(standardWebhooks.verify(post("u", noSig, BODY), opts(STD_SECRET)), "missing-signature");
    rejected(standardWebhooks.verify(post("u", {}, BODY), opts(STD_SECRET)), "missing-signature");
    const signedJunk = { "webhook-id": "msg_1", "webhook-timestamp": "soon", "webhook-signature": signStandard(STD_SECRET, "msg_1", "soon", BODY) };
    rejected(standardWebhooks.verify(post("u", signedJunk, BODY), opts(STD_SECRET)), "bad-timestamp");
  });

  it("skips a malformed configured secret instead of failing the request", () => {
    assert.equal(standardWebhooks.verify(post("u", full("webhook-"), BODY), opts("whsec_not base64!", STD_SECRET)).ok, true);
  });
});

describe("verify guards: Stripe header parsing", () => {
  const v1 = stripeV1(STRIPE_SECRET, NOW_S, BODY);
  const verify = (value: string) => stripe.verify(post("u", { "Stripe-Signature": value }, BODY), opts(STRIPE_SECRET));

  it("ignores items without '=', trims around keys and values, and skips undecodable v1 entries", () => {
    assert.equal(verify(`t=${NOW_S},v1=${v1},tt`).ok, true);
    assert.equal(verify(`t= ${NOW_S} , v1= ${v1} ,v0=x`).ok, true);
    assert.equal(verify(`t=${NOW_S},v1=zz,v1=${v1}`).ok, true);
  });

  it("names an oversized header as a bad signature", () => {
    rejected(verify(`t=${NOW_S},v1=${"a".repeat(MAX_HEADER_LENGTH)}`), "bad-signature");
  });
});

describe("verify guards: HubSpot request line", () => {
  it("decodes every escape HubSpot lists, in either case", () => {
    const escapes = "%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B";
    assert.equal(hubspot.hubspotUri(escapes), ":/?@!$'()*,;");
    assert.equal(hubspot.hubspotUri(escapes.toLowerCase()), ":/?@!$'()*,;");
    assert.equal(hubspot.hubspotUri("%20%3a"), "%20:");
  });

  it("signs a missing url and method as empty strings", () => {
    const ts = String(NOW);
    const req = { headers: { "X-HubSpot-Signature-v3": signHubspot("s", "", "", BODY, ts), "X-HubSpot-Request-Timestamp": ts }, body: BODY } as unknown as WebhookRequest;
    assert.deepEqual(hubspot.verify(req, opts("s")), { ok: true });
  });

  it("names an undecodable signature as a bad signature", () => {
    rejected(hubspot.verify(post("u", { "X-HubSpot-Signature-v3": "not base64!", "X-HubSpot-Request-Timestamp": String(NOW) }, BODY), opts("s")), "bad-signature");
  });
});

describe("verify guards: body HMAC and Shopify ids", () => {
  it("a verified request without a delivery id has no deliveryId key at all", () => {
    const verify = bodyHmac({ header: "X-Sig", encoding: "hex" });
    assert.deepStrictEqual(verify(post("u", { "X-Sig": signGeneric("s", BODY, "hex") }, BODY), opts("s")), { ok: true });
  });

  it("prefers X-Shopify-Event-Id over X-Shopify-Webhook-Id", () => {
    const headers = { "X-Shopify-Hmac-Sha256": signShopify("s", BODY), "X-Shopify-Event-Id": "evt-1", "X-Shopify-Webhook-Id": "wh-1" };
    assert.deepEqual(shopify.verify(post("u", headers, BODY), opts("s")), { ok: true, deliveryId: "evt-1" });
    const { "X-Shopify-Event-Id": _e, ...webhookOnly } = headers;
    assert.deepEqual(shopify.verify(post("u", webhookOnly, BODY), opts("s")), { ok: true, deliveryId: "wh-1" });
  });

  it("genericHmac.verify takes its configuration from the options", () => {
    const config = { header: "X-Webhook-Signature", encoding: "hex", prefix: "sha256=" } as const;
    const req = post("u", { "X-Webhook-Signature": signGeneric("s", BODY, "hex", "sha256=") }, BODY);
    assert.deepEqual(generic.verify(req, { ...opts("s"), ...config }), { ok: true });
    rejected(generic.verify(req, { ...opts("other"), ...config }), "bad-signature");
  });
});

describe("verify guards: generic-hmac configuration", () => {
  it("accepts hex and base64 configurations", () => {
    assert.equal(typeof verifierFor("generic-hmac", { header: "X-Sig", encoding: "hex" }), "function");
    assert.equal(typeof verifierFor("generic-hmac", { header: "X-Sig", encoding: "base64" }), "function");
  });

  it("refuses a missing config, a missing or non-string header, and any other encoding, with the expected shape", () => {
    const bad: unknown[] = [undefined, {}, { encoding: "hex" }, { header: "", encoding: "hex" }, { header: 7, encoding: "hex" }, { header: "X-Sig" }, { header: "X-Sig", encoding: "utf8" }];
    for (const config of bad) {
      assert.throws(() => verifierFor("generic-hmac", config as never), /^Error: generic-hmac needs \{ header, encoding: 'hex' \| 'base64', prefix\? \}$/, JSON.stringify(config));
    }
  });

  it("names an unknown vendor", () => {
    assert.throws(() => verifierFor("mailchimp" as Vendor), /^Error: no webhook verifier for vendor "mailchimp"$/);
  });
});

describe("verify guards: Meta subscription handshake", () => {
  const token = "s3cret-verify-token";
  const get = (query: string): WebhookRequest => ({ method: "GET", url: `https://hooks.example.com/meta?${query}`, headers: {}, body: Buffer.alloc(0) });
  const withChallenge = (challenge: string) => meta.handshake(get(`hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=${encodeURIComponent(challenge)}`), token);

  it("needs the challenge as well as the token", () => {
    assert.deepEqual(meta.handshake(get(`hub.mode=subscribe&hub.verify_token=${token}`), token), { ok: false, reason: "missing-signature" });
  });

  it("needs hub.mode=subscribe exactly", () => {
    for (const mode of ["", "Subscribe", "subscribe2"]) assert.deepEqual(meta.handshake(get(`hub.mode=${mode}&hub.verify_token=${token}&hub.challenge=1`), token), { ok: false, reason: "not-allowed" });
    assert.deepEqual(meta.handshake(get(`hub.verify_token=${token}&hub.challenge=1`), token), { ok: false, reason: "not-allowed" });
  });

  it("echoes only a whole token-like challenge of at most 512 characters", () => {
    assert.deepEqual(withChallenge("a".repeat(512)), { ok: true, challenge: "a".repeat(512) });
    for (const bad of ["abc<", ">abc", "a b", "a".repeat(513)]) assert.deepEqual(withChallenge(bad), { ok: false, reason: "not-allowed" }, bad);
  });
});

describe("verify guards: Salesforce envelope", () => {
  const ORG15 = "00D5e000000KQ2e";
  const ORG18 = salesforce18(ORG15);
  const OTHER18 = salesforce18("00D000000000062");
  const ID = "04l5e00000Gx7QzAAJ";

  it("computes the checksum from five characters per chunk, and refuses junk around an id", () => {
    for (const id15 of ["00D00A000000062", "00D0000000B0062", "00DABCDEFGHIJKL"]) assert.equal(salesforce.canonicalOrgId(id15), salesforce18(id15), id15);
    assert.equal(salesforce.canonicalOrgId(ORG18 + "X"), null);
    assert.equal(salesforce.canonicalOrgId(`00D-${ORG15}`), null);
  });

  it("matches a 15-character allowlist entry to an 18-character org id and back", () => {
    assert.equal(salesforce.verify(post("u", {}, soapMessage(ORG18, [ID])), opts(ORG15)).ok, true);
    assert.equal(salesforce.verify(post("u", {}, soapMessage(ORG15, [ID])), opts(ORG18)).ok, true);
  });

  it("skips malformed allowlist entries", () => {
    assert.equal(salesforce.verify(post("u", {}, soapMessage(ORG18, [ID])), opts("not-an-org", ORG18)).ok, true);
  });

  it("reads namespaced elements with attributes and trims the ids", () => {
    const xml = `<ns1:notifications><ns1:OrganizationId xsi:type="xsd:string"> ${ORG18} </ns1:OrganizationId><ns1:Notification xmlns:x="y"><ns1:Id x:a="1"> ${ID} </ns1:Id></ns1:Notification></ns1:notifications>`;
    assert.deepEqual(salesforce.verify(post("u", {}, Buffer.from(xml)), opts(ORG18)), { ok: true, deliveryId: ID });
    assert.deepEqual(salesforce.notificationIds(Buffer.from(`<Notification><Id> ${ID} </Id></Notification><Notification><Id>bad</Id></Notification>`)), [ID]);
  });

  it("looks for the org id only before the first notification", () => {
    const recordField = `<notifications><OrganizationId>${ORG18}</OrganizationId><Notification><Id>${ID}</Id><sObject><sf:OrganizationId>${OTHER18}</sf:OrganizationId></sObject></Notification></notifications>`;
    assert.deepEqual(salesforce.verify(post("u", {}, Buffer.from(recordField)), opts(ORG18)), { ok: true, deliveryId: ID });
    const onlyInside = `<Notification><OrganizationId>${ORG18}</OrganizationId><Id>${ID}</Id></Notification>`;
    rejected(salesforce.verify(post("u", {}, Buffer.from(onlyInside)), opts(ORG18)), "missing-signature");
  });

  it("accepts an envelope with no notifications, without a delivery id, up to its last byte", () => {
    const bare = Buffer.from(`<OrganizationId>${ORG18}</OrganizationId>`);
    assert.deepStrictEqual(salesforce.verify(post("u", {}, bare), opts(ORG18)), { ok: true, deliveryId: undefined });
  });
});
