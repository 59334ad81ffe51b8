/**
 * Forwarder metrics: names and tag sanitization, the SLO latency verdict, the DogStatsD
 * emitter against a REAL UDP server on 127.0.0.1 (exact datagrams, batching, "Datadog down"
 * never throws nor waits, lost metrics are counted and reported), and the cross-check that
 * every martech.forwarder.* name and tag key the sample inventory queries is one the
 * forwarder emits.
 */
import { strict as assert } from "node:assert";
import * as dgram from "node:dgram";
import { join } from "node:path";
import { checkInventory } from "../../compiler/checkInventory";
import { METRIC_TAG_CONFIGURATION, metricTagConfigSpecs } from "../../compiler/lower/forwarderMetricConfigs";
import { detectionQueries as lowerDetectionQueries } from "../../compiler/lower/forwarderSystems";
import { MONITOR } from "../../compiler/lower/monitors";
import { SLO } from "../../compiler/lower/slos";
import type { Expr } from "../../compiler/query/ast";
import { metricQueriesIn, parseMetricExpression, parseMonitorQuery } from "../../compiler/query/parse";
import { sampleSettings, sampleState } from "../support/sampleState";
import type { DetectionDoc } from "../../compiler/validate/schema";
import { createEmitter, DEFAULT_HOST, DEFAULT_MAX_DATAGRAM_BYTES, DEFAULT_PORT, serialize, type EmitterOptions, type MetricsEmitter, type MetricsWarning } from "../../forwarder/metrics/emitter";
import {
  countQuery, ENVIRONMENT_TAG_KEY, FAIL_REASONS, failReasonForStatus, METRIC_IDS, METRIC_NAME_PATTERN, METRIC_NAMESPACE, METRICS, metric, REJECT_REASON_FOR_VERIFY, REJECT_REASONS, sanitizeTag, TAG_KEYS, type MetricPoint,
} from "../../forwarder/metrics/names";
import { checkQuery, parseForwarderRefs } from "../../forwarder/metrics/queryRefs";
import { MAX_CLOCK_SKEW_MS, parseSloThreshold, sloVerdict } from "../../forwarder/metrics/sloLatency";
import { eventually } from "../support/eventually";

const REPO = join(__dirname, "..", "..");

// ---------------------------------------------------------------------------------------
// helpers

interface UdpServer {
  readonly port: number;
  readonly datagrams: string[];
  /** Resolves once at least n datagrams arrived. */
  waitFor(n: number): Promise<string[]>;
  /** Resolves once `ok()`, which reads `datagrams` only, holds; re-checked on each datagram. */
  until(ok: () => boolean): Promise<void>;
  close(): Promise<void>;
}

async function udpServer(): Promise<UdpServer> {
  const socket = dgram.createSocket("udp4");
  const datagrams: string[] = [];
  socket.on("message", (msg) => datagrams.push(msg.toString("utf8")));
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  const arrived = { emitter: socket, event: "message" };
  return {
    port,
    datagrams,
    waitFor: (n) => eventually(() => datagrams.length >= n, arrived).then(() => datagrams),
    until: (ok) => eventually(ok, arrived).then(() => undefined),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = await udpServer();
  const { port } = s;
  await s.close();
  return port;
}

const SENTINEL = "test.sentinel:1|d";

/**
 * What the emitter sent before this call, once all of it has arrived. A sentinel point goes out
 * last through the same emitter, so the same socket; loopback UDP from one socket arrives in
 * order, so once the sentinel is in, so is everything sent before it, and "nothing more arrived"
 * is checked against that arrival instead of a sleep. Call it after flush(), so the sentinel is
 * a datagram of its own.
 */
async function arrivedBefore(m: MetricsEmitter, server: UdpServer): Promise<string[]> {
  m.emit({ name: "test.sentinel", value: 1, tags: [] });
  await m.flush();
  await server.until(() => server.datagrams.includes(SENTINEL));
  return server.datagrams.slice(0, server.datagrams.indexOf(SENTINEL));
}

/**
 * flush() waits for the socket to take every datagram, or flushTimeoutMs (default 200 ms), which a
 * busy machine can outlast; tests assert on what flush() waited for, so they give it the longest
 * delay setTimeout accepts (beyond it Node fires after 1 ms).
 */
const FLUSH_WAITS_FOR_THE_SOCKET = 2 ** 31 - 1;

/** Emitters made by a test are closed after it. */
let open: MetricsEmitter[] = [];
function emitter(options: EmitterOptions): MetricsEmitter {
  const e = createEmitter({ autoFlushMs: 0, warnIntervalMs: 0, onWarning: () => {}, flushTimeoutMs: FLUSH_WAITS_FOR_THE_SOCKET, ...options });
  open.push(e);
  return e;
}
async function closeOpen(): Promise<void> {
  await Promise.all(open.map((e) => e.close()));
  open = [];
}

const LEAD = { integration: "web-lead-form-to-crm", source: "hubspot-contact-events" } as const;
const LEAD_TAGS = "integration:web-lead-form-to-crm,source:hubspot-contact-events";

// ---------------------------------------------------------------------------------------

describe("forwarder metrics: names", () => {
  it("names every metric martech.forwarder.<id>, a valid Datadog metric name", () => {
    assert.deepEqual(METRIC_IDS, ["received", "rejected", "enqueued", "settled", "failed", "deferred", "dead_lettered", "end_to_end_latency"]);
    for (const id of METRIC_IDS) {
      const def = METRICS[id];
      assert.equal(def.name, `${METRIC_NAMESPACE}.${id}`);
      assert.match(def.name, METRIC_NAME_PATTERN);
      for (const key of [...def.tags, ...def.optionalTags]) assert.ok((TAG_KEYS as readonly string[]).includes(key), `${id}: ${key}`);
      assert.deepEqual(def.tags.slice(0, 2), ["integration", "source"], `${id} is tagged integration and source first`);
    }
  });

  it("renders required tags in definition order and optional ones only when set", () => {
    assert.deepEqual(metric("received", { ...LEAD, synthetic: false }), {
      name: "martech.forwarder.received",
      value: 1,
      tags: ["integration:web-lead-form-to-crm", "source:hubspot-contact-events", "synthetic:false"],
    });
    assert.deepEqual(metric("settled", { ...LEAD, destination: "salesforce", synthetic: false, outcome: "forwarded", within_slo: true }).tags, [
      "integration:web-lead-form-to-crm", "source:hubspot-contact-events", "destination:salesforce", "synthetic:false", "outcome:forwarded", "within_slo:true",
    ]);
    const rejected = { ...LEAD, destination: "salesforce", synthetic: false, outcome: "rejected", within_slo: false } as const;
    assert.deepEqual(metric("settled", { ...rejected, reason: "client_error" }).tags.slice(-3), ["outcome:rejected", "within_slo:false", "reason:client_error"]);
    assert.deepEqual(metric("settled", { ...rejected, reason: undefined }).tags.slice(-1), ["within_slo:false"], "an optional tag without a value is left out");
    const failed = { ...LEAD, destination: "meta-ads", synthetic: false, reason: "auth_error" } as const;
    assert.deepEqual(metric("failed", failed).tags.slice(-1), ["reason:auth_error"]);
    assert.deepEqual(metric("dead_lettered", { ...LEAD, synthetic: true }).tags, [...LEAD_TAGS.split(","), "synthetic:true"]);
    assert.deepEqual(metric("end_to_end_latency", { ...LEAD, destination: "salesforce", synthetic: false }, 1234.5).value, 1234.5);
    assert.deepEqual(metric("rejected", { ...LEAD, reason: "signature_invalid" }).tags, [...LEAD_TAGS.split(","), "reason:signature_invalid"]);
  });

  it("writes the documented count query for a metric: count values, no .as_count()", () => {
    assert.equal(countQuery("received", { integration: "web-lead-form-to-crm", source: "hubspot-contact-events" }), "count:martech.forwarder.received{integration:web-lead-form-to-crm,source:hubspot-contact-events}");
    assert.equal(countQuery("settled", { integration: "a", within_slo: true }), "count:martech.forwarder.settled{integration:a,within_slo:true}");
    assert.equal(countQuery("dead_lettered", {}), "count:martech.forwarder.dead_lettered{*}");
  });

  it("sanitizes tag values to Datadog's rules", () => {
    const long = "a".repeat(300);
    const table: [string, unknown, string][] = [
      ["source", "hubspot-contact-events", "source:hubspot-contact-events"],
      ["integration", "Web-Lead-Form-To-CRM", "integration:web-lead-form-to-crm"],
      ["destination", "Google Ads", "destination:google_ads"],
      ["reason", "a|b,c#d@e", "reason:a_b_c_d_e"],
      ["reason", "line\nbreak\r\ttab", "reason:line_break__tab"],
      ["source", "café☕", "source:caf__"],
      ["error_code", 190, "error_code:190"],
      ["error_code", "FIELD_INTEGRITY_EXCEPTION", "error_code:field_integrity_exception"],
      ["synthetic", true, "synthetic:true"],
      ["within_slo", false, "within_slo:false"],
      ["source", "path/to.some_thing-1", "source:path/to.some_thing-1"],
      ["source", "a:b", "source:a:b"],
      ["source", "trailing::", "source:trailing"],
      ["source", "", "source:unknown"],
      ["source", ":", "source:unknown"],
      ["source", undefined, "source:unknown"],
      ["source", null, "source:unknown"],
      ["source", { toString: () => "x" }, "source:unknown"],
      ["source", long, `source:${"a".repeat(200 - "source:".length)}`],
    ];
    for (const [key, value, expected] of table) {
      const got = sanitizeTag(key, value);
      assert.equal(got, expected, `${key} ${JSON.stringify(value)}`);
      assert.ok(got.length <= 200);
      assert.equal(sanitizeTag(key, got.slice(key.length + 1)), got, "idempotent");
    }
  });

  it("maps every verifier verdict to a rejected reason, and statuses to failed reasons", () => {
    for (const reason of Object.values(REJECT_REASON_FOR_VERIFY)) assert.ok((REJECT_REASONS as readonly string[]).includes(reason));
    assert.equal(REJECT_REASON_FOR_VERIFY["bad-signature"], "signature_invalid");
    const statuses: [number, string][] = [[401, "auth_error"], [403, "auth_error"], [429, "rate_limited"], [400, "client_error"], [404, "client_error"], [500, "server_error"], [503, "server_error"], [302, "unexpected_response"], [100, "unexpected_response"]];
    for (const [status, reason] of statuses) assert.equal(failReasonForStatus(status), reason, String(status));
    for (const reason of [...REJECT_REASONS, ...FAIL_REASONS]) assert.equal(sanitizeTag("reason", reason), `reason:${reason}`);
  });
});

describe("forwarder metrics: SLO latency", () => {
  const T = 60_000;
  it("is good when the 2xx arrived within the threshold (inclusive)", () => {
    const table: [number, number, number, { withinSlo: boolean; latencyMs?: number }][] = [
      [1000, 1000, T, { withinSlo: true, latencyMs: 0 }],
      [1000, 1000 + T, T, { withinSlo: true, latencyMs: T }],
      [1000, 1001 + T, T, { withinSlo: false, latencyMs: T + 1 }],
      [1000, 1000 + 3_600_000, T, { withinSlo: false, latencyMs: 3_600_000 }],
      // small clock skew between the ingress and consumer Lambdas
      [10_000, 10_000 - MAX_CLOCK_SKEW_MS, T, { withinSlo: true, latencyMs: 0 }],
      // more than that is broken data: never good
      [10_000, 10_000 - MAX_CLOCK_SKEW_MS - 1, T, { withinSlo: false }],
      [1_700_000_000_000, 1_700_000_000, T, { withinSlo: false }],
      [Number.NaN, 1000, T, { withinSlo: false }],
      [1000, Number.POSITIVE_INFINITY, T, { withinSlo: false }],
      [1000, 1500, Number.NaN, { withinSlo: false, latencyMs: 500 }],
      [1000, 1500, 0, { withinSlo: false, latencyMs: 500 }],
      [1000, 1500, -5, { withinSlo: false, latencyMs: 500 }],
    ];
    for (const [received, delivered, threshold, expected] of table) {
      assert.deepEqual(sloVerdict(received, delivered, threshold), expected, `${received} -> ${delivered} within ${threshold}`);
    }
  });

  it("reads the threshold from configuration: seconds or a duration", () => {
    const ok: [unknown, number][] = [[60, 60_000], [0.5, 500], ["60s", 60_000], ["5m", 300_000], ["1h", 3_600_000], ["1500ms", 1500], [" 15m ", 900_000], ["1.5m", 90_000]];
    for (const [value, ms] of ok) assert.equal(parseSloThreshold(value), ms, String(value));
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "", "5", "5 minutes", "5d", "-5m", "1e3s", null, undefined, {}, 15 * 24 * 3600]) {
      assert.throws(() => parseSloThreshold(bad), /SLO latency threshold/, String(bad));
    }
  });
});

describe("forwarder metrics: DogStatsD emitter over UDP", () => {
  afterEach(closeOpen);

  it("defaults to the Datadog extension on 127.0.0.1:8125 with 8 KB datagrams", () => {
    assert.equal(DEFAULT_HOST, "127.0.0.1");
    assert.equal(DEFAULT_PORT, 8125);
    assert.equal(DEFAULT_MAX_DATAGRAM_BYTES, 8192);
  });

  it("sends the exact distribution datagram, batched, on flush", async () => {
    const server = await udpServer();
    try {
      const m = emitter({ port: server.port });
      m.record("received", { ...LEAD, synthetic: false });
      m.record("settled", { ...LEAD, destination: "salesforce", synthetic: false, outcome: "forwarded", within_slo: true });
      m.record("failed", { ...LEAD, destination: "salesforce", synthetic: false, reason: "server_error" });
      m.record("end_to_end_latency", { ...LEAD, destination: "salesforce", synthetic: false }, 1234.5);
      m.emit({ name: "martech.forwarder.enqueued", value: 1, tags: [] });
      await m.flush();
      const stats = m.stats();
      const got = await arrivedBefore(m, server);
      assert.equal(got.length, 1, "one datagram for the whole batch");
      assert.equal(
        got[0],
        [
          `martech.forwarder.received:1|d|#${LEAD_TAGS},synthetic:false`,
          `martech.forwarder.settled:1|d|#${LEAD_TAGS},destination:salesforce,synthetic:false,outcome:forwarded,within_slo:true`,
          `martech.forwarder.failed:1|d|#${LEAD_TAGS},destination:salesforce,synthetic:false,reason:server_error`,
          `martech.forwarder.end_to_end_latency:1234.5|d|#${LEAD_TAGS},destination:salesforce,synthetic:false`,
          "martech.forwarder.enqueued:1|d",
        ].join("\n"),
      );
      assert.deepEqual(stats, { emitted: 5, datagramsSent: 1, sendErrors: 0, lostMetrics: 0, invalidMetrics: 0 });
    } finally {
      await server.close();
    }
  });

  it("emit returns synchronously and puts nothing on the network before flush", async () => {
    const server = await udpServer();
    try {
      const m = emitter({ port: server.port });
      const returned: unknown = m.emit(metric("received", { ...LEAD, synthetic: false }));
      assert.equal(returned, undefined, "not a promise: nothing to await");
      // Let the event loop run whatever the emit may have started (a connect, a send callback).
      await new Promise((r) => setImmediate(r));
      m.emit(metric("enqueued", { ...LEAD, synthetic: false }));
      assert.equal(m.stats().datagramsSent, 0);
      const flushed = m.flush();
      assert.ok(flushed instanceof Promise);
      await flushed;
      // Both points in the first datagram: had an emit sent its point on its own, that datagram
      // (same socket, so earlier in order) would be the first to arrive.
      const [first] = await server.waitFor(1);
      assert.equal(first, [`martech.forwarder.received:1|d|#${LEAD_TAGS},synthetic:false`, `martech.forwarder.enqueued:1|d|#${LEAD_TAGS},synthetic:false`].join("\n"));
    } finally {
      await server.close();
    }
  });

  it("sends a partial batch by itself after autoFlushMs", async () => {
    const server = await udpServer();
    try {
      const m = emitter({ port: server.port, autoFlushMs: 20 });
      m.record("enqueued", { ...LEAD, synthetic: false });
      const [d] = await server.waitFor(1);
      assert.equal(d, `martech.forwarder.enqueued:1|d|#${LEAD_TAGS},synthetic:false`);
    } finally {
      await server.close();
    }
  });

  it("splits batches at the datagram size limit, keeping every line and the order", async () => {
    const server = await udpServer();
    try {
      const limit = 300;
      const m = emitter({ port: server.port, maxDatagramBytes: limit });
      const lines: string[] = [];
      for (let i = 0; i < 40; i++) {
        const p = metric("end_to_end_latency", { ...LEAD, destination: `d${"x".repeat(i % 7)}`, synthetic: i % 2 === 0 }, i);
        lines.push(serialize(p)!);
        m.emit(p);
      }
      // Greedy packing computed independently of the emitter.
      const expected: string[] = [];
      let current = "";
      for (const l of lines) {
        if (current !== "" && current.length + 1 + l.length > limit) {
          expected.push(current);
          current = "";
        }
        current = current === "" ? l : `${current}\n${l}`;
      }
      expected.push(current);
      assert.ok(expected.length > 5);
      await m.flush();
      const got = await arrivedBefore(m, server);
      assert.deepEqual(got, expected);
      for (const d of got) assert.ok(Buffer.byteLength(d) <= limit, `${Buffer.byteLength(d)} > ${limit}`);
      assert.deepEqual(got.join("\n").split("\n"), lines);
    } finally {
      await server.close();
    }
  });

  it("fills datagrams up to 8192 bytes by default and never beyond", async () => {
    const server = await udpServer();
    try {
      const m = emitter({ port: server.port });
      const n = 600;
      for (let i = 0; i < n; i++) m.record("settled", { integration: `integration-${i}`, source: "segment-conversion-events", destination: "google-ads", synthetic: false, outcome: "forwarded", within_slo: i % 3 !== 0 });
      await m.flush();
      const sent = m.stats().datagramsSent;
      const got = await arrivedBefore(m, server);
      assert.ok(got.length > 1);
      for (const [i, d] of got.entries()) {
        const size = Buffer.byteLength(d);
        assert.ok(size <= 8192, `${size}`);
        if (i < got.length - 1) assert.ok(size + 1 + Buffer.byteLength(got[i + 1]!.split("\n")[0]!) > 8192, "a datagram was sent before it was full");
      }
      assert.equal(got.join("\n").split("\n").length, n);
      assert.equal(sent, got.length);
    } finally {
      await server.close();
    }
  });

  it("refuses (and counts) points it cannot send, without throwing, and sends the rest", async () => {
    const server = await udpServer();
    try {
      const warnings: MetricsWarning[] = [];
      const m = emitter({ port: server.port, maxDatagramBytes: 120, onWarning: (w) => warnings.push(w) });
      m.emit({ name: "martech.forwarder.received", value: Number.NaN, tags: [] });
      m.emit({ name: "bad name|x", value: 1, tags: [] });
      m.emit({ name: "martech.forwarder.received", value: 1, tags: ["x".repeat(150)] });
      m.emit(null as unknown as MetricPoint);
      m.record("nope" as "received", { ...LEAD, synthetic: false });
      m.record("received", null as never);
      m.emit({ name: "martech.forwarder.received", value: 1, tags: ["Source:Web Form|x", "9starts-with-digit", 42 as unknown as string] });
      await m.flush();
      const [d] = await server.waitFor(2);
      assert.equal(d, "martech.forwarder.received:1|d|#integration:unknown,source:unknown,synthetic:unknown", "missing tags still render, as unknown");
      assert.equal(server.datagrams[1], "martech.forwarder.received:1|d|#source:web_form_x");
      assert.equal(m.stats().invalidMetrics, 5);
      assert.ok(warnings.length >= 5 && warnings.every((w) => w.reason === "invalid_metric" && w.event === "forwarder_metrics_lost"));
    } finally {
      await server.close();
    }
  });
});

describe("forwarder metrics: Datadog down", () => {
  afterEach(closeOpen);

  it("nothing listening: never throws, does not wait, counts the refused sends and warns", async () => {
    const warnings: MetricsWarning[] = [];
    const m = emitter({ port: await closedPort(), onWarning: (w) => warnings.push(w), maxDatagramBytes: 512 });
    // The kernel reports the ICMP "port unreachable" on a later send of the connected socket, so
    // rounds go on (each one's flush awaited, nothing slept on) until one has counted it; on
    // Linux loopback that is already the first round's second datagram.
    let rounds = 0;
    do {
      for (let i = 0; i < 200; i++) {
        const r: unknown = m.record("received", { ...LEAD, synthetic: false });
        assert.equal(r, undefined);
      }
      // Everything above ran synchronously: no I/O callback (send result, ICMP error) could run.
      const before = m.stats();
      const flushed = m.flush();
      assert.deepEqual(m.stats().sendErrors, before.sendErrors, "flush() itself does not wait for the network");
      await flushed;
      rounds++;
    } while (rounds < 3 || m.stats().sendErrors === 0);
    const stats = m.stats();
    assert.equal(stats.emitted, 200 * rounds);
    assert.ok(stats.lostMetrics > 0, JSON.stringify(stats));
    const refused = warnings.find((w) => w.reason === "refused");
    assert.ok(refused, JSON.stringify(warnings));
    assert.equal(refused.errorCode, "ECONNREFUSED");
    assert.match(refused.target, /^127\.0\.0\.1:\d+$/);
    assert.ok(refused.stats.sendErrors >= 1);
  });

  it("a resolver that fails: counts the connect failure and drops (counted) during the backoff", async () => {
    const warnings: MetricsWarning[] = [];
    let lookups = 0;
    const m = emitter({
      host: "dogstatsd.example.invalid",
      onWarning: (w) => warnings.push(w),
      reconnectBackoffMs: 60_000,
      // A still clock: the second flush is within the backoff however slowly the test runs.
      now: () => 1_000,
      lookup: (_host, _opts, cb) => {
        lookups++;
        setTimeout(() => cb(Object.assign(new Error("getaddrinfo ENOTFOUND dogstatsd.example.invalid"), { code: "ENOTFOUND" }), "", 4), 5);
      },
    });
    m.record("received", { ...LEAD, synthetic: false });
    m.record("received", { ...LEAD, synthetic: true });
    await m.flush();
    assert.equal(lookups, 1);
    assert.deepEqual({ ...m.stats(), datagramsSent: 0 }, { emitted: 2, datagramsSent: 0, sendErrors: 1, lostMetrics: 2, invalidMetrics: 0 });
    assert.equal(warnings[0]?.reason, "connect_failed");
    assert.equal(warnings[0]?.errorCode, "ENOTFOUND");
    assert.equal(warnings[0]?.lostSinceLastWarning, 2);
    // Within the backoff: no new lookup, the point is dropped and counted.
    m.record("received", { ...LEAD, synthetic: false });
    await m.flush();
    assert.equal(lookups, 1);
    assert.equal(m.stats().lostMetrics, 3);
  });

  it("a host that does not resolve (real DNS) never throws and is counted", async () => {
    const m = emitter({ host: "dogstatsd.invalid", flushTimeoutMs: 5000 });
    m.record("received", { ...LEAD, synthetic: false });
    await m.flush();
    await eventually(() => m.stats().sendErrors > 0);
    assert.equal(m.stats().lostMetrics, 1);
  });

  it("an unusable port throws inside dgram: swallowed and counted", async () => {
    for (const port of [70_000, -1, Number.NaN]) {
      const m = emitter({ port });
      assert.doesNotThrow(() => m.record("received", { ...LEAD, synthetic: false }));
      await m.flush();
      assert.equal(m.stats().sendErrors, 1, String(port));
      assert.equal(m.stats().lostMetrics, 1);
    }
  });

  it("a throwing warning hook is swallowed; warnings are rate limited and folded", async () => {
    let now = 0;
    const warnings: MetricsWarning[] = [];
    const m = emitter({ port: 70_000, warnIntervalMs: 60_000, now: () => now, reconnectBackoffMs: 0, onWarning: (w) => { warnings.push(w); throw new Error("hook broke"); } });
    for (let i = 0; i < 5; i++) {
      m.record("received", { ...LEAD, synthetic: false });
      await m.flush();
    }
    assert.equal(warnings.length, 1, "one warning per interval");
    now = 61_000;
    await m.flush();
    assert.equal(warnings.length, 2, "the folded warnings are reported once the interval passed");
    assert.ok(warnings[1]!.suppressedWarnings > 0);
    assert.equal(warnings[0]!.lostSinceLastWarning + warnings[1]!.lostSinceLastWarning, 5);
    assert.equal(m.stats().lostMetrics, 5);
  });

  it("after close(), points are counted as lost; flush and close never reject", async () => {
    const server = await udpServer();
    try {
      const warnings: MetricsWarning[] = [];
      const m = emitter({ port: server.port, onWarning: (w) => warnings.push(w) });
      m.record("received", { ...LEAD, synthetic: false });
      await m.close();
      await server.waitFor(1);
      m.record("received", { ...LEAD, synthetic: false });
      await m.flush();
      await m.close();
      assert.equal(m.stats().lostMetrics, 1);
      assert.equal(warnings.at(-1)?.reason, "closed");
    } finally {
      await server.close();
    }
  });

  it("the default warning is one JSON line on console.warn", async () => {
    const original = console.warn;
    const lines: string[] = [];
    console.warn = (line: string) => lines.push(line);
    try {
      const m = createEmitter({ port: 70_000, autoFlushMs: 0 });
      m.record("received", { ...LEAD, synthetic: false });
      await m.flush();
      await m.close();
    } finally {
      console.warn = original;
    }
    assert.ok(lines.length >= 1);
    const parsed = JSON.parse(lines[0]!) as MetricsWarning;
    assert.equal(parsed.event, "forwarder_metrics_lost");
    assert.equal(parsed.target, "127.0.0.1:70000");
    assert.equal(parsed.reason, "connect_failed");
    assert.equal(parsed.errorCode, "ERR_SOCKET_BAD_PORT");
    assert.ok(!lines.join("").includes("hubspot-contact-events"), "warnings carry no tag values");
  });
});

// ---------------------------------------------------------------------------------------

describe("forwarder metrics: query references", () => {
  it("parses names, scope filters and group-by keys", () => {
    const q = "sum:martech.forwarder.failed{integration:a, !destination:b AND reason IN (timeout,server_error) OR NOT synthetic:true,*} by {destination}.as_count() / sum:martech.forwarder.received{*}.as_count()";
    assert.deepEqual(parseForwarderRefs(q), {
      refs: [
        {
          metric: "martech.forwarder.failed",
          filters: [
            { key: "reason", values: ["timeout", "server_error"] },
            { key: "integration", values: ["a"] },
            { key: "destination", values: ["b"] },
            { key: "synthetic", values: ["true"] },
          ],
          groupBy: ["destination"],
        },
        { metric: "martech.forwarder.received", filters: [], groupBy: [] },
      ],
      unparsed: [],
    });
    assert.deepEqual(parseForwarderRefs("sum:martech.forwarder.received.as_count()").unparsed, ["martech.forwarder.received.as_count"]);
    assert.deepEqual(parseForwarderRefs("sum:other.martech.forwarder.received{a:b}").refs, []);
  });

  it("reports what the forwarder cannot emit", () => {
    const ctx = { integration: "x", webhooks: new Map([["src", ["crm"]]]) };
    const cases: [string, RegExp | undefined][] = [
      ["count:martech.forwarder.settled{integration:x,source:src,destination:crm,within_slo:true}", undefined],
      ["count:martech.forwarder.settled{integration:x,source:src,destination:crm,!outcome:forwarded,reason:not_attempted}", undefined],
      ["count:martech.forwarder.settled{integration:x,source:src-*}", undefined],
      ["count:martech.forwarder.forwarded{integration:x}", /not a metric the forwarder emits/],
      ["count:martech.forwarder.settled{outcome:delivered}", /not an outcome the forwarder emits \(forwarded, rejected, dead_lettered\)/],
      ["count:martech.forwarder.settled{reason:signature_invalid}", /not a settled reason/],
      ["count:martech.forwarder.failed{error_code:190}", undefined],
      ["count:martech.forwarder.failed{error_code:191}", /not an error code the forwarder emits/],
      ["count:martech.forwarder.received{error_code:190}", /a tag it does not carry/],
      ["sum:martech.forwarder.received{integration:x,within_slo:true}", /a tag it does not carry/],
      ["sum:martech.forwarder.received{integration:x} by {destination}", /grouped by "destination"/],
      ["sum:martech.forwarder.received{integration:x,synthetic}", /bare tag/],
      ["sum:martech.forwarder.settled{within_slo:yes}", /only true or false/],
      ["sum:martech.forwarder.rejected{reason:bad_signature}", /not a rejected reason/],
      ["sum:martech.forwarder.failed{reason:signature_invalid}", /not a failed reason/],
      ["sum:martech.forwarder.received{source:Src}", /emits this value as "source:src"/],
      ["sum:martech.forwarder.received{integration:y}", /belongs to integration x/],
      ["sum:martech.forwarder.received{source:other}", /not a webhook of this integration/],
      ["sum:martech.forwarder.failed{source:src,destination:ads}", /no webhook src forwards to ads/],
      ["sum:martech.forwarder.received.as_count()", /not a metric\{scope\} reference/],
    ];
    for (const [query, expected] of cases) {
      const problems = checkQuery(query, ctx);
      if (expected === undefined) assert.deepEqual(problems, [], query);
      else assert.ok(problems.some((p) => expected.test(p)), `${query}: ${JSON.stringify(problems)}`);
    }
  });
});

/**
 * The queries of a detection as the lowering reads them (compiler/lower/forwarderSystems.ts, whose
 * switch the compiler holds exhaustive); a kind it returned nothing for would escape this cross-check.
 */
function detectionQueries(d: DetectionDoc): string[] {
  const queries = lowerDetectionQueries(d);
  if (!Array.isArray(queries)) throw new Error(`detection kind not covered by the metrics cross-check: ${JSON.stringify(d)}`);
  return queries;
}

describe("forwarder metrics: the sample inventory queries only what the forwarder emits", () => {
  const { inventory, diagnostics } = checkInventory({ inventoryDir: join(REPO, "inventory"), runbooksDir: join(REPO, "runbooks") });

  it("every martech.forwarder.* name, tag key and tag value in SLO SLIs and failure-mode detections is emitted", () => {
    assert.ok(inventory, JSON.stringify(diagnostics));
    const problems: string[] = [];
    const used = new Map<string, Set<string>>();
    let refs = 0;
    for (const integration of inventory.integrations) {
      const ctx = { integration: integration.id, webhooks: new Map(integration.webhooks.map((w) => [w.id, w.forwardTo.map((f) => f.system)])) };
      const queries: [string, string][] = [
        ...integration.slos.flatMap((s): [string, string][] => [[`slo ${s.id} sli.good`, s.sli.good], [`slo ${s.id} sli.total`, s.sli.total]]),
        ...integration.failureModes.flatMap((f) => detectionQueries(f.detection).map((q): [string, string] => [`failure mode ${f.id} (${f.detection.kind})`, q])),
      ];
      for (const [where, query] of queries) {
        for (const p of checkQuery(query, ctx)) problems.push(`${integration.id}: ${where}: ${p}`);
        for (const ref of parseForwarderRefs(query).refs) {
          refs++;
          const keys = used.get(ref.metric) ?? new Set<string>();
          for (const f of ref.filters) keys.add(f.key);
          used.set(ref.metric, keys);
        }
      }
    }
    assert.deepEqual(problems, []);
    // Not vacuous: the sample inventory does reference the forwarder, with these names and keys.
    assert.ok(refs >= 20, `only ${refs} references found`);
    assert.deepEqual(Object.fromEntries([...used].map(([m, k]) => [m, [...k].sort()]).sort()), {
      "martech.forwarder.dead_lettered": ["integration", "source"],
      "martech.forwarder.failed": ["destination", "error_code", "integration"],
      "martech.forwarder.received": ["integration", "source", "synthetic"],
      "martech.forwarder.rejected": ["integration", "reason", "source"],
      "martech.forwarder.settled": ["destination", "integration", "outcome", "reason", "source", "within_slo"],
    });
  });

  it("counts every forwarder event metric with count: (a distribution's \"count values\"), never sum or .as_count()", () => {
    assert.ok(inventory);
    const wrong: string[] = [];
    let counted = 0;
    for (const integration of inventory.integrations) {
      const queries = [...integration.slos.flatMap((s) => [s.sli.good, s.sli.total]), ...integration.failureModes.flatMap((f) => detectionQueries(f.detection))];
      for (const text of queries) {
        const parsed = parseMetricExpression(text);
        assert.ok(parsed.ok, `${text}: ${JSON.stringify(parsed)}`);
        for (const q of metricQueriesIn(parsed.expr)) {
          const def = Object.values(METRICS).find((m) => m.name === q.metric);
          if (!def || def.unit !== "event") continue; // latency is read with max or percentiles
          counted++;
          if (q.aggregator !== "count" || q.methods.some((m) => m.name === "as_count")) wrong.push(`${integration.id}: ${text}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(counted >= 20, `only ${counted} counted references`);
  });

  it("and so does every monitor and SLO the plan creates: count:, never sum:, with .as_count() only in a monitor's ratio", () => {
    // The plan adds monitors of its own (the forwarder's per-source silence monitors) and rewrites
    // ratios: error rates and reconciliations get .as_count() for Datadog's as_count evaluation path
    // (https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/).
    const wrong: string[] = [];
    let counted = 0;
    const walk = (where: string, expr: Expr, ratio: boolean) => {
      for (const q of metricQueriesIn(expr)) {
        const def = Object.values(METRICS).find((m) => m.name === q.metric);
        if (!def || def.unit !== "event") continue;
        counted++;
        if (q.aggregator !== "count") wrong.push(`${where}: ${q.metric} counted with ${q.aggregator}:`);
        if (!ratio && q.methods.some((m) => m.name === "as_count")) wrong.push(`${where}: ${q.metric} with .as_count() outside a ratio`);
      }
    };
    for (const r of sampleState().resources) {
      const inputs = r.inputs as { type?: string; name?: string; query?: unknown };
      if (r.type === MONITOR && inputs.type === "query alert") {
        const parsed = parseMonitorQuery(String(inputs.query));
        assert.ok(parsed.ok && parsed.query.kind === "monitor", String(inputs.query));
        const { expr } = parsed.query;
        walk(`monitor ${inputs.name}`, expr, expr.kind === "binary");
      }
      if (r.type === SLO) {
        const { numerator, denominator } = inputs.query as { numerator: string; denominator: string };
        for (const side of [numerator, denominator]) {
          const parsed = parseMetricExpression(side);
          assert.ok(parsed.ok, side);
          walk(`slo ${r.name}`, parsed.expr, false);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(counted >= 30, `only ${counted} counted references`);
  });

  it("every forwarder distribution an SLO counts gets percentiles and exactly the tags the forwarder emits", () => {
    assert.ok(inventory);
    const settings = sampleSettings();
    const specs = metricTagConfigSpecs(inventory, { ...settings, forwarder: { ...settings.forwarder, percentiles: true } });
    const configured = new Map(specs.map((s) => [(s.inputs as { metricName: string }).metricName, s]));
    const counted = new Set(inventory.integrations.flatMap((i) => i.slos.flatMap((s) => [s.sli.good, s.sli.total]))
      .flatMap((text) => parseForwarderRefs(text).refs.map((r) => r.metric)));
    assert.ok(counted.size > 0);
    for (const name of counted) {
      const spec = configured.get(name);
      assert.ok(spec, `${name} is counted by an SLO but has no MetricTagConfiguration`);
      assert.equal(spec.type, METRIC_TAG_CONFIGURATION);
      const def = Object.values(METRICS).find((m) => m.name === name)!;
      assert.deepEqual(spec.inputs, { metricName: name, metricType: "distribution", includePercentiles: true, tags: [...def.tags, ...def.optionalTags, ENVIRONMENT_TAG_KEY], excludeTagsMode: false });
    }
    assert.deepEqual([...configured.keys()].sort(), [...counted].sort(), "and no other");
  });
});
