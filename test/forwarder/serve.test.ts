/**
 * The local forwarder (forwarder/serve): real HTTP into the real ingress handler, the in-process
 * SQS-compatible queue, the poll loop, the real consumer handler with dynalite, and the echo target.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { IncomingMessage } from "node:http";
import { loadServeConfig, parseServeConfig } from "../../forwarder/serve/config";
import { startServe, toFunctionUrlEvent, type Serve } from "../../forwarder/serve/serve";
import { computeGenericHmacSignature, computeStripeSignature } from "../../forwarder/serve/signing";
import { verify as verifyStripe } from "../../forwarder/verify/stripe";
import { eventually } from "../support/eventually";
import { signStripe } from "./signers";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const SECRET = "whsec_local_dev_only";

/**
 * No test here is about timeouts or redelivery, so the echo targets' per-attempt timeout and the
 * visibility timeout (the consumer's whole budget for a batch) are the longest the config allows:
 * on a busy machine the defaults (5 s, 10 s) could turn a slow local answer into a retry.
 */
const SLOW_MACHINE = { timeoutMs: 60_000, visibilityTimeoutSeconds: 900 } as const;

const config = parseServeConfig({
  sources: {
    "stripe-invoices": { vendor: "stripe", integration: "stripe-billing", secrets: [SECRET], targets: [{ system: "billing", timeoutMs: SLOW_MACHINE.timeoutMs }] },
    "orders-hmac": {
      vendor: "generic-hmac", secrets: ["generic_local"], genericHmac: { header: "X-Signature", encoding: "hex", prefix: "sha256=" },
      targets: [{ system: "warehouse", timeoutMs: SLOW_MACHINE.timeoutMs }, { system: "crm", timeoutMs: SLOW_MACHINE.timeoutMs }],
    },
    // As deployed: keyed <integration>/<source>, served at /hooks/<integration>/<source>.
    "billing/stripe-payments": { vendor: "stripe", secrets: [SECRET], targets: [{ system: "ledger", timeoutMs: SLOW_MACHINE.timeoutMs }] },
  },
  visibilityTimeoutSeconds: SLOW_MACHINE.visibilityTimeoutSeconds,
});

const post = (url: string, headers: Record<string, string>, body: string) =>
  fetch(url, { method: "POST", headers, body });

/** The echo delivery carrying this Idempotency-Key (the Stripe event id), once it has arrived. */
const echoed = (serve: Serve, key: string) => eventually(() => serve.echo.find((e) => e.headers["idempotency-key"] === key));

let barriers = 0;
/**
 * Resolves once everything queued before the call has been through the consumer, so "nothing more
 * arrives" is asserted after a positive event instead of a sleep. Two signed deliveries, one after
 * the other: the poll loop receives the second only after the batch holding the first (and
 * anything queued with or before it) has been forwarded and deleted.
 */
async function drained(serve: Serve): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const id = `evt_serve_barrier_${++barriers}`;
    const body = JSON.stringify({ id, type: "invoice.paid" });
    const res = await post(`${serve.url}/hooks/stripe-invoices`, {
      "Stripe-Signature": computeStripeSignature(SECRET, body, Math.floor(Date.now() / 1000)),
      "content-type": "application/json",
    }, body);
    assert.equal(res.status, 200, await res.text());
    await echoed(serve, id);
  }
}

describe("serve: the local forwarder", function () {
  let serve: Serve;
  const lines: string[] = [];

  before(async () => {
    serve = await startServe(config, 0, { print: (l) => lines.push(l), statsd: null, pollIntervalMs: 20 });
  });
  after(async () => {
    await serve?.close();
  });

  it("forwards a signed Stripe delivery: 200, then the echo target gets the exact body once", async () => {
    const body = '{"id":"evt_serve_ok","type":"invoice.paid","amount":1299,"note":"ünïcödé"}';
    const res = await post(`${serve.url}/hooks/stripe-invoices`, {
      "Stripe-Signature": computeStripeSignature(SECRET, body, Math.floor(Date.now() / 1000)),
      "content-type": "application/json",
    }, body);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { ok: true });

    const got = await echoed(serve, "evt_serve_ok");
    assert.equal(got.system, "billing");
    assert.equal(got.method, "POST");
    assert.ok(got.body.equals(Buffer.from(body, "utf8")), "body forwarded byte for byte");
    assert.equal(got.headers["content-type"], "application/json");
    // Message deleted after success: no redelivery reaches the target again, nor is skipped as a duplicate.
    await drained(serve);
    assert.equal(serve.echo.filter((e) => e.headers["idempotency-key"] === "evt_serve_ok").length, 1);
    assert.deepEqual(lines.filter((l) => /^(retry|duplicate|error)\b/.test(l)), [], "deleted at once, without an error");
    for (const event of ["received", "verified", "enqueued", "echo", "forwarded"]) {
      assert.ok(lines.some((l) => l.startsWith(event)), `a "${event}" line was printed`);
    }
  });

  it("a 1 MiB body goes through the local claim-check store and reaches the echo target byte for byte", async () => {
    const prefix = '{"id":"evt_serve_big","pad":"';
    const room = 1024 * 1024 - prefix.length - 2;
    // Escaped quotes, two bytes each that count double once queued: the queue message could not hold it.
    const body = prefix + '\\"'.repeat(Math.floor(room / 2)) + "x".repeat(room % 2) + '"}';
    assert.equal(Buffer.byteLength(body), 1024 * 1024);
    const res = await post(`${serve.url}/hooks/stripe-invoices`, {
      "Stripe-Signature": computeStripeSignature(SECRET, body, Math.floor(Date.now() / 1000)),
      "content-type": "application/json",
    }, body);
    assert.equal(res.status, 200, await res.clone().text());
    const got = await echoed(serve, "evt_serve_big");
    assert.ok(got.body.equals(Buffer.from(body, "utf8")));
  });

  it("answers 401 to a bad signature and forwards nothing", async () => {
    const body = '{"id":"evt_serve_bad","type":"invoice.paid"}';
    const before = serve.echo.length;
    const res = await post(`${serve.url}/hooks/stripe-invoices`, {
      "Stripe-Signature": computeStripeSignature("whsec_wrong_secret", body, Math.floor(Date.now() / 1000)),
      "content-type": "application/json",
    }, body);
    assert.equal(res.status, 401);
    assert.equal(await res.text(), "unauthorized");
    await drained(serve);
    assert.deepEqual(serve.echo.slice(before).map((e) => e.headers["idempotency-key"]).filter((k) => !k?.startsWith("evt_serve_barrier_")), [], "only the barrier's deliveries arrived");
    assert.ok(!serve.echo.some((e) => e.body.toString("utf8") === body));
    assert.ok(lines.some((l) => /^rejected\s+stripe-invoices: signature_invalid/.test(l)));
  });

  it("fans a generic-hmac delivery out to both echo targets", async () => {
    const body = '{"order":"A-1001","status":"paid"}';
    const res = await post(`${serve.url}/hooks/orders-hmac`, {
      "X-Signature": computeGenericHmacSignature("generic_local", body, "hex", "sha256="),
      "content-type": "application/json",
    }, body);
    assert.equal(res.status, 200);
    const systems = await eventually(() => {
      const s = serve.echo.filter((e) => e.body.toString("utf8") === body).map((e) => e.system).sort();
      return s.length >= 2 ? s : undefined;
    });
    assert.deepEqual(systems, ["crm", "warehouse"]);
  });

  it("serves an <integration>/<source> key at /hooks/<integration>/<source>, tagged with both parts", async () => {
    const body = '{"id":"evt_serve_scoped","type":"invoice.paid"}';
    const sign = () => computeStripeSignature(SECRET, body, Math.floor(Date.now() / 1000));
    const res = await post(`${serve.url}/hooks/billing/stripe-payments`, { "Stripe-Signature": sign(), "content-type": "application/json" }, body);
    assert.equal(res.status, 200, await res.clone().text());
    const got = await echoed(serve, "evt_serve_scoped");
    assert.equal(got.system, "ledger");
    assert.ok(lines.some((l) => /^verified\s+stripe-payments: signature ok/.test(l)), "metrics carry the source id, not the key");
    assert.equal((await post(`${serve.url}/hooks/stripe-payments`, { "Stripe-Signature": sign(), "content-type": "application/json" }, body)).status, 404);
  });

  it("answers 404 for an unknown source", async () => {
    const res = await post(`${serve.url}/hooks/nope`, { "content-type": "application/json" }, "{}");
    assert.equal(res.status, 404);
  });
});

describe("serve: sign.ts and the signing helpers", function () {

  it("sign.ts stripe prints a Stripe-Signature the real verifier accepts (and only for that body)", async () => {
    const body = '{"id":"evt_1","type":"invoice.paid"}';
    const before = Math.floor(Date.now() / 1000);
    const { stdout } = await run(process.execPath, ["--import", "tsx", join(ROOT, "forwarder/serve/sign.ts"), "stripe", SECRET, body], { cwd: ROOT });
    const after = Math.ceil(Date.now() / 1000);
    const sig = stdout.trim();
    assert.match(sig, /^t=\d+,v1=[0-9a-f]{64}$/);
    // Signed at the time it ran; verified at that instant, so a slow child cannot age it past Stripe's tolerance.
    const signedAt = Number(/^t=(\d+)/.exec(sig)![1]);
    assert.ok(signedAt >= before && signedAt <= after, `t=${signedAt} outside ${before}..${after}`);
    const now = () => signedAt * 1000;
    const req = (b: string) => ({ method: "POST", url: "http://127.0.0.1/hooks/stripe-invoices", headers: { "Stripe-Signature": sig }, body: Buffer.from(b, "utf8") });
    assert.deepEqual(verifyStripe(req(body), { secrets: [SECRET], now }), { ok: true, deliveryId: "evt_1" });
    assert.equal(verifyStripe(req(body + " "), { secrets: [SECRET], now }).ok, false);
    assert.equal(verifyStripe(req(body), { secrets: ["whsec_other"], now }).ok, false);
  });

  it("computeStripeSignature matches an independent signer and Stripe's format", () => {
    const body = Buffer.from('{"id":"evt_2"}');
    assert.equal(computeStripeSignature(SECRET, body, 1_700_000_000), signStripe(SECRET, 1_700_000_000, body));
    assert.equal(computeStripeSignature(SECRET, body.toString("utf8"), 1_700_000_000), signStripe(SECRET, 1_700_000_000, body));
    assert.throws(() => computeStripeSignature(SECRET, body, 1.5));
  });

  it("the shipped example config loads", () => {
    const example = loadServeConfig(join(ROOT, "forwarder/serve/example.json"));
    assert.deepEqual(Object.values(example.sources).map((s) => s.vendor).sort(), ["generic-hmac", "stripe"]);
    assert.throws(() => parseServeConfig({ sources: { x: { vendor: "generic-hmac", secrets: ["s"], targets: [{ system: "a" }] } } }), /genericHmac/);
    const stripe = { vendor: "stripe", secrets: ["s"], targets: [{ system: "a" }] };
    for (const key of ["a/b/c", "A/b", "a/", "/b", "a/b.c", "../b"]) assert.throws(() => parseServeConfig({ sources: { [key]: stripe } }), /source keys/, key);
    assert.deepEqual(Object.keys(parseServeConfig({ sources: { "int-a/src-b": stripe, "simple.id": stripe } }).sources), ["int-a/src-b", "simple.id"]);
  });

  it("toFunctionUrlEvent keeps UTF-8 bodies as text, base64-encodes others, joins repeated headers", () => {
    const req = { url: "/hooks/x?a=1&b=2", method: "POST", rawHeaders: ["Content-Type", "application/json", "X-Rep", "1", "x-rep", "2"] } as unknown as IncomingMessage;
    const text = toFunctionUrlEvent(req, Buffer.from("{}"));
    assert.deepEqual(text, {
      rawPath: "/hooks/x", rawQueryString: "a=1&b=2", headers: { "content-type": "application/json", "x-rep": "1,2" },
      body: "{}", isBase64Encoded: false, requestContext: { http: { method: "POST" } },
    });
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    const ev = toFunctionUrlEvent(req, binary);
    assert.equal(ev.isBase64Encoded, true);
    assert.ok(Buffer.from(ev.body!, "base64").equals(binary));
    assert.equal(toFunctionUrlEvent(req, Buffer.alloc(0)).body, undefined);
  });
});
