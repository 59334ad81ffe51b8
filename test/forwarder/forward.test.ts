/**
 * Forwarding one queued webhook to one target: the retry arithmetic as tables, then forward()
 * against real HTTP servers on 127.0.0.1 with injected faults (never a stubbed fetch), then
 * fast-check properties comparing the result with what the target actually received.
 *
 * Waits are virtual (an injected sleep that advances an injected clock) except where a test says
 * it really waits; per-attempt timeouts are always real.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import {
  budgetFromRemaining, DEFAULT_RETRY_POLICY, forward, type ForwardDeps, type ForwardPolicy, type ForwardResult, type ForwardTarget,
} from "../../forwarder/forward/forward";
import { backoffDelayMs, classifyError, classifyStatus, parseRetryAfter } from "../../forwarder/forward/retryPolicy";
import { closedPortUrl, sequence, startTarget, type Step, type Target } from "./support/targets";

const ALMOST_ONE = 1 - Number.EPSILON;

/** Small numbers so that real waits, when a test does wait, stay short. */
const POLICY: ForwardPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000, minAttemptMs: 10, budgetMs: 60_000 };

/**
 * Injected clock and sleep: sleeping advances the clock instantly and records the requested delay.
 * With `stillAt`, the clock starts there and moves by nothing else (`advance` aside), so budgets
 * and dates cannot run out however slowly a busy machine runs the test.
 */
function virtualTime(random: () => number = Math.random, stillAt?: number) {
  let offset = 0;
  const delays: number[] = [];
  const now = () => (stillAt ?? Date.now()) + offset;
  const deps: ForwardDeps = {
    now,
    sleep: async (ms) => {
      delays.push(ms);
      offset += ms;
    },
    random,
  };
  return {
    deps, delays, now, slept: () => offset,
    /** Moves the clock on, as an attempt's timeout does. */
    advance: (ms: number) => void (offset += ms),
  };
}

/**
 * fetch for a still clock: when forward()'s real per-attempt timer aborts a request, the clock moves
 * on by that attempt's timeout (as forward() computed it: the target's, cut to the budget left), so
 * the budget runs out after the same attempts however slowly the machine runs. Make it right before
 * forward() is called (the budget counts from then).
 */
function clockedFetch(v: ReturnType<typeof virtualTime>, timeoutMs: number, budgetMs: number): typeof fetch {
  const deadline = v.now() + budgetMs;
  return (input, init) => {
    const startedAt = v.now();
    init?.signal?.addEventListener("abort", () => v.advance(Math.min(timeoutMs, deadline - startedAt)), { once: true });
    return fetch(input, init);
  };
}

/** A still clock's start: a whole second, so an HTTP-date is exact against it. */
const STILL_AT = Date.UTC(2025, 5, 2, 9, 30, 0);

/**
 * Per-attempt timeout when a test is not about timeouts: forward()'s timer is real, and a local
 * target answers at once, but a busy machine must not turn a slow answer into a retry.
 */
const GENEROUS_TIMEOUT_MS = 60_000;

const request = (overrides: Partial<{ body: Buffer; contentType: string; deliveryId: string }> = {}) => ({
  body: Buffer.from('{"event":"contact.created","id":42}'),
  contentType: "application/json",
  deliveryId: "dlv-0001",
  ...overrides,
});

describe("forwarder/forward: retry policy", () => {
  describe("backoffDelayMs (full jitter)", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    const table: Array<[retry: number, random: number, expected: number]> = [
      [0, 0, 0],
      [0, ALMOST_ONE, 99],
      [1, ALMOST_ONE, 199],
      [2, ALMOST_ONE, 399],
      [3, ALMOST_ONE, 799],
      [3, 0.5, 400],
      [4, ALMOST_ONE, 999], // 1600 capped at 1000
      [4, 0, 0],
      [10, 0.5, 500],
      [2_000, ALMOST_ONE, 999], // 2^2000 overflows to Infinity: still capped
      [0, 1, 99], // random broke its [0, 1) contract: clamped below the ceiling
      [3, -0.5, 0],
      [3, Number.NaN, 0],
      [-1, ALMOST_ONE, 99], // negative retry index read as 0
    ];
    for (const [retry, random, expected] of table) {
      it(`retry ${retry}, random ${random} -> ${expected} ms`, () => {
        assert.equal(backoffDelayMs(retry, policy, () => random), expected);
      });
    }

    it("stays in [0, min(cap, base * 2^retry)) for any retry and random in [0, 1)", () => {
      fc.assert(fc.property(
        fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }),
        (retry, r, base, cap) => {
          const d = backoffDelayMs(retry, { baseDelayMs: base, maxDelayMs: cap }, () => r);
          assert.ok(Number.isInteger(d) && d >= 0 && d < Math.min(cap, base * 2 ** retry), `${d}`);
        },
      ), { numRuns: 100, seed: 17 });
    });
  });

  describe("parseRetryAfter", () => {
    const NOW = Date.UTC(2024, 5, 3, 12, 0, 0); // Mon, 03 Jun 2024 12:00:00 GMT
    const table: Array<[value: string | null | undefined, expected: number | null]> = [
      ["1", 1_000],
      ["0", 0],
      ["120", 120_000],
      [" 2 ", 2_000],
      ["3600", 3_600_000],
      ["Mon, 03 Jun 2024 12:00:05 GMT", 5_000], // IMF-fixdate
      ["Monday, 03-Jun-24 12:00:30 GMT", 30_000], // obsolete RFC 850
      ["Mon Jun  3 12:01:00 2024", 60_000], // obsolete asctime (GMT by definition)
      ["Mon, 03 Jun 2024 11:59:00 GMT", 0], // in the past: retry now
      ["-5", null],
      ["-1", null],
      ["1.5", null],
      ["1e3", null],
      ["0x10", null],
      ["", null],
      ["soon", null],
      ["Mon, 99 Foo 2024 12:00:00 GMT", null],
      ["2024-06-03T12:00:05Z", null], // not an HTTP-date, even though Date.parse accepts it
      ["9999999999", null], // 10 digits: no real server means 300 years
      [null, null],
      [undefined, null],
    ];
    for (const [value, expected] of table) {
      it(`${JSON.stringify(value)} -> ${expected}`, () => assert.equal(parseRetryAfter(value, NOW), expected));
    }
  });

  describe("classification", () => {
    const statuses: Array<[status: number, retryable: boolean, failure: string]> = [
      [500, true, "http-500"], [502, true, "http-502"], [503, true, "http-503"], [504, true, "http-504"],
      [429, true, "http-429"], [408, true, "http-408"],
      [400, false, "http-400"], [401, false, "http-401"], [403, false, "http-403"], [404, false, "http-404"],
      [409, false, "http-409"], [410, false, "http-410"], [413, false, "http-413"], [422, false, "http-422"],
      [301, false, "redirect"], [302, false, "redirect"], [307, false, "redirect"], [308, false, "redirect"],
    ];
    for (const [status, retryable, failure] of statuses) {
      it(`status ${status}: ${retryable ? "retryable" : "permanent"}`, () => assert.deepEqual(classifyStatus(status), { retryable, failure }));
    }

    const fetchFailed = (cause: unknown) => Object.assign(new TypeError("fetch failed"), { cause });
    const errors: Array<[name: string, err: unknown, timedOut: boolean, retryable: boolean, failure: string]> = [
      ["our own timeout", new DOMException("This operation was aborted", "AbortError"), true, true, "timeout"],
      ["ECONNRESET", fetchFailed(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })), false, true, "network-ECONNRESET"],
      ["ECONNREFUSED inside an AggregateError", fetchFailed(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })])), false, true, "network-ECONNREFUSED"],
      ["DNS ENOTFOUND", fetchFailed(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" })), false, true, "network-ENOTFOUND"],
      ["DNS EAI_AGAIN", fetchFailed(Object.assign(new Error("getaddrinfo EAI_AGAIN"), { code: "EAI_AGAIN" })), false, true, "network-EAI_AGAIN"],
      ["socket hang up", new Error("socket hang up"), false, true, "network-ECONNRESET"],
      ["undici other side closed", fetchFailed(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })), false, true, "network-UND_ERR_SOCKET"],
      ["unknown", new Error("something odd"), false, true, "network-error"],
      ["not even an Error", "boom", false, true, "network-error"],
      ["fetch's blocked ports", fetchFailed(new Error("bad port")), false, false, "blocked-port"],
    ];
    for (const [name, err, timedOut, retryable, failure] of errors) {
      it(`error ${name}: ${failure}`, () => assert.deepEqual(classifyError(err, timedOut), { retryable, failure }));
    }

    it("a cyclic cause chain terminates", () => {
      const a: { message: string; cause?: unknown } = { message: "a" };
      a.cause = { message: "b", cause: a };
      assert.deepEqual(classifyError(a, false), { retryable: true, failure: "network-error" });
    });
  });

  it("default policy and budget helper are sane", () => {
    assert.ok(DEFAULT_RETRY_POLICY.maxAttempts >= 2);
    assert.ok(DEFAULT_RETRY_POLICY.baseDelayMs < DEFAULT_RETRY_POLICY.maxDelayMs);
    assert.equal(budgetFromRemaining(30_000), 27_000);
    assert.equal(budgetFromRemaining(1_000), 0);
    assert.equal(budgetFromRemaining(10_000, 500), 9_500);
  });
});

describe("forwarder/forward: against real targets", () => {
  const targets: Target[] = [];
  const serve = async (script: (i: number) => Step) => {
    const t = await startTarget(script);
    targets.push(t);
    return t;
  };
  const to = (t: Target, timeoutMs = GENEROUS_TIMEOUT_MS, headers?: Record<string, string>): ForwardTarget => ({ url: t.url, timeoutMs, ...(headers && { headers }) });
  afterEach(async () => {
    await Promise.all(targets.splice(0).map((t) => t.close()));
  });

  it("500, 500, 200: delivered on the third attempt, with jittered backoff in bounds", async () => {
    const t = await serve(sequence({ status: 500 }, { status: 500 }, { status: 200 }));
    const v = virtualTime(() => ALMOST_ONE, STILL_AT);
    const r = await forward(to(t), request(), POLICY, v.deps);
    assert.equal(r.outcome, "delivered");
    assert.deepEqual(r, { outcome: "delivered", status: 200, attempts: 3, latencyMs: 99 + 199 }, "latency includes the waits");
    assert.deepEqual(v.delays, [99, 199]); // random -> 1: the top of [0, 100) and [0, 200)
    assert.equal(t.requests.length, 3);
  });

  it("201 counts as delivered", async () => {
    const t = await serve(sequence({ status: 201 }));
    const r = await forward(to(t), request(), POLICY, virtualTime().deps);
    assert.equal(r.outcome, "delivered");
    assert.equal(r.outcome === "delivered" && r.status, 201);
  });

  it("429 with Retry-After: 1 waits 1 s (virtual) before retrying", async () => {
    const t = await serve(sequence({ status: 429, headers: { "Retry-After": "1" } }, { status: 200 }));
    const v = virtualTime();
    const r = await forward(to(t), request(), POLICY, v.deps);
    assert.equal(r.outcome, "delivered");
    assert.equal(r.attempts, 2);
    assert.deepEqual(v.delays, [1_000]);
  });

  it("429 with Retry-After: 1 really waits at least 1 s", async function () {
    const t = await serve(sequence({ status: 429, headers: { "Retry-After": "1" } }, { status: 200 }));
    const started = Date.now();
    const r = await forward(to(t), request(), POLICY, {});
    const elapsed = Date.now() - started;
    assert.equal(r.outcome, "delivered");
    assert.equal(r.attempts, 2);
    // A lower bound only: a busy machine may add any amount (that it asks for 1 s, not more, is the virtual test above).
    assert.ok(elapsed >= 990, `elapsed ${elapsed} ms`);
  });

  it("503 with an HTTP-date Retry-After is honoured too", async () => {
    const at = new Date(STILL_AT + 2_000).toUTCString();
    const t = await serve(sequence({ status: 503, headers: { "Retry-After": at } }, { status: 200 }));
    const v = virtualTime(Math.random, STILL_AT);
    const r = await forward(to(t), request(), POLICY, v.deps);
    assert.equal(r.outcome, "delivered");
    assert.deepEqual(v.delays, [2_000]);
  });

  it("a long Retry-After that fits the budget is waited for at the policy's cap only", async () => {
    const t = await serve(sequence({ status: 429, headers: { "Retry-After": "30" } }, { status: 200 }));
    const v = virtualTime();
    const r = await forward(to(t), request(), { ...POLICY, budgetMs: 120_000 }, v.deps);
    assert.equal(r.outcome, "delivered");
    assert.deepEqual(v.delays, [POLICY.maxRetryAfterMs]);
  });

  it("Retry-After beyond the budget: retry-later at once, with the target's ask for the caller", async () => {
    const t = await serve(sequence({ status: 429, headers: { "Retry-After": "120" } }));
    const v = virtualTime();
    const r = await forward(to(t), request(), { ...POLICY, budgetMs: 10_000 }, v.deps);
    assert.deepEqual(r, {
      outcome: "retry-later", reason: "retry-after-exceeds-budget", lastFailure: "http-429", status: 429, retryAfterMs: 120_000, attempts: 1, tags: { reason: "rate_limited" },
    } satisfies ForwardResult);
    assert.deepEqual(v.delays, []);
    assert.equal(t.requests.length, 1);
  });

  it("Retry-After on a 500 is ignored: plain backoff", async () => {
    const t = await serve(sequence({ status: 500, headers: { "Retry-After": "3" } }, { status: 200 }));
    const v = virtualTime(() => 0.5);
    const r = await forward(to(t), request(), POLICY, v.deps);
    assert.equal(r.outcome, "delivered");
    assert.deepEqual(v.delays, [50]);
  });

  it("400: failed-permanently after exactly one attempt, no wait", async () => {
    const t = await serve(sequence({ status: 400 }, { status: 200 }));
    const v = virtualTime();
    const r = await forward(to(t), request(), POLICY, v.deps);
    assert.deepEqual(r, { outcome: "failed-permanently", status: 400, reason: "http-400", attempts: 1, tags: { reason: "client_error" } } satisfies ForwardResult);
    assert.equal(t.requests.length, 1);
    assert.deepEqual(v.delays, []);
  });

  it("a redirect is not followed (the POST would become a GET without a body): permanent", async () => {
    const t = await serve(sequence({ status: 302, headers: { Location: "/login" } }, { status: 200 }));
    const r = await forward(to(t), request(), POLICY, virtualTime().deps);
    assert.deepEqual(r, { outcome: "failed-permanently", status: 302, reason: "redirect", attempts: 1, tags: { reason: "unexpected_response" } } satisfies ForwardResult);
    assert.equal(t.requests.length, 1);
  });

  it("every attempt 5xx: retry-later once attempts run out", async () => {
    const t = await serve(sequence({ status: 502 }));
    const v = virtualTime();
    const r = await forward(to(t), request(), POLICY, v.deps);
    assert.deepEqual(r, { outcome: "retry-later", reason: "attempts-exhausted", lastFailure: "http-502", status: 502, attempts: 4, tags: { reason: "server_error" } } satisfies ForwardResult);
    assert.equal(t.requests.length, 4);
    assert.equal(v.delays.length, 3);
  });

  // The target answers after 10 minutes: each attempt's real timer ends it, whatever the machine's
  // speed (timers run before I/O in an event-loop turn). The clock is still, moved by virtual sleeps
  // and by each timed-out attempt's timeout (clockedFetch), so the budget is spent the same way every run.
  const NEVER_IN_TIME = 600_000;

  it("a slow target: each attempt times out, retried, then retry-later when the budget runs out", async () => {
    const t = await serve(sequence({ status: 200, delayMs: NEVER_IN_TIME }));
    const budgetMs = 600;
    const v = virtualTime(() => 0.5, STILL_AT);
    const policy = { ...POLICY, baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 50, minAttemptMs: 50, budgetMs };
    const r = await forward(to(t, 100), request(), policy, { ...v.deps, fetch: clockedFetch(v, 100, budgetMs) });
    // 100 ms attempts with 10, 20, 20, 20 ms waits between them: after the fifth (at 570 ms) 30 ms are
    // left, less than a wait and the shortest attempt.
    assert.deepEqual(r, { outcome: "retry-later", reason: "budget-exhausted", lastFailure: "timeout", attempts: 5, tags: { reason: "timeout" } } satisfies ForwardResult);
    assert.deepEqual(v.delays, [10, 20, 20, 20]);
    assert.ok(v.slept() <= budgetMs, `spent ${v.slept()} ms of a ${budgetMs} ms budget`);
    // An attempt whose timer fired before its request reached the target is not on the target's list.
    assert.ok(t.requests.length <= r.attempts, "no request beyond the attempts");
  });

  it("a slow first response then a fast one: the timeout is retried and delivered", async () => {
    const t = await serve(sequence({ status: 200, delayMs: NEVER_IN_TIME }, { status: 200 }));
    // The second request goes without the attempt's abort signal: its timer is not what is under test,
    // and a busy machine must not time it out too.
    let calls = 0;
    const secondUntimed: typeof fetch = (input, init) => fetch(input, ++calls === 1 ? init : { ...init, signal: null });
    const r = await forward(to(t, 100), request(), POLICY, { ...virtualTime().deps, fetch: secondUntimed });
    assert.equal(r.outcome, "delivered");
    assert.equal(r.attempts, 2);
  });

  it("the last attempt's timeout is cut to the remaining budget", async () => {
    const t = await serve(sequence({ status: 200, delayMs: 1_000 }));
    const v = virtualTime(Math.random, STILL_AT);
    const r = await forward(to(t, 5_000), request(), { ...POLICY, budgetMs: 200 }, { ...v.deps, fetch: clockedFetch(v, 5_000, 200) });
    // Uncut, the attempt would have waited for the 200 at 1 s and delivered.
    assert.deepEqual(r, { outcome: "retry-later", reason: "budget-exhausted", lastFailure: "timeout", attempts: 1, tags: { reason: "timeout" } } satisfies ForwardResult);
    assert.equal(v.slept(), 200, "the attempt took exactly what was left of the budget");
  });

  it("connection reset (TCP RST) is retryable", async () => {
    const t = await serve(sequence("reset", { status: 200 }));
    const r = await forward(to(t), request(), POLICY, virtualTime().deps);
    assert.equal(r.outcome, "delivered");
    assert.equal(r.attempts, 2);

    const dead = await serve(sequence("reset"));
    const r2 = await forward(to(dead), request(), POLICY, virtualTime().deps);
    assert.equal(r2.outcome, "retry-later");
    assert.equal(r2.outcome === "retry-later" && r2.lastFailure, "network-ECONNRESET");
    assert.equal(r2.attempts, POLICY.maxAttempts);
    assert.equal(dead.requests.length, POLICY.maxAttempts);
  });

  it("socket closed without a response is retryable", async () => {
    const t = await serve(sequence("hangup", "hangup", { status: 204 }));
    const r = await forward(to(t), request(), POLICY, virtualTime().deps);
    assert.deepEqual({ ...r, latencyMs: 0 }, { outcome: "delivered", status: 204, attempts: 3, latencyMs: 0 });
  });

  it("connection refused (nothing listening) is retryable", async () => {
    const url = await closedPortUrl();
    const v = virtualTime();
    const r = await forward({ url, timeoutMs: 1_000 }, request(), { ...POLICY, maxAttempts: 3 }, v.deps);
    assert.deepEqual(r, { outcome: "retry-later", reason: "attempts-exhausted", lastFailure: "network-ECONNREFUSED", attempts: 3, tags: { reason: "connection_error" } } satisfies ForwardResult);
    assert.equal(v.delays.length, 2);
  });

  it("sends the delivery id as Idempotency-Key on every attempt; a target header cannot replace it", async () => {
    const t = await serve(sequence({ status: 503 }, { status: 200 }));
    const headers = { Authorization: "Bearer downstream-token", "Idempotency-Key": "static-wrong", "X-Source": "forwarder" };
    const r = await forward(to(t, GENEROUS_TIMEOUT_MS, headers), request({ deliveryId: "evt_1NXqg2" }), POLICY, virtualTime().deps);
    assert.equal(r.outcome, "delivered");
    assert.equal(t.requests.length, 2);
    for (const { headers: h } of t.requests) {
      assert.equal(h["idempotency-key"], "evt_1NXqg2");
      assert.equal(h["authorization"], "Bearer downstream-token");
      assert.equal(h["x-source"], "forwarder");
      assert.equal(h["content-type"], "application/json");
    }
  });

  it("delivers the body byte for byte: binary, invalid UTF-8, a view into a larger buffer, 1 MiB", async () => {
    const t = await serve(sequence({ status: 200 }));
    const pool = Buffer.alloc(1_024, 0x41);
    const view = pool.subarray(100, 100 + 256 + 7);
    for (let i = 0; i < 256; i++) view[i] = i;
    view.set([0xff, 0xfe, 0xc3, 0xed, 0xa0, 0x80, 0x00], 256); // invalid UTF-8: BOM-ish, lone lead, surrogate, NUL
    const big = randomBytes(1024 * 1024);
    for (const body of [view, big, Buffer.alloc(0)]) {
      const r = await forward(to(t), request({ body, contentType: "application/octet-stream" }), POLICY, virtualTime().deps);
      assert.equal(r.outcome, "delivered");
      const got = t.requests.at(-1)!;
      assert.ok(got.body.equals(body), `body of ${body.length} bytes arrived as ${got.body.length} bytes`);
      assert.equal(got.headers["content-length"], String(body.length));
      assert.equal(got.headers["content-type"], "application/octet-stream");
    }
  });

  it("a header value fetch refuses (say a newline in the delivery id) is permanent, not a throw", async () => {
    const t = await serve(sequence({ status: 200 }));
    const r = await forward(to(t), request({ deliveryId: "evt_1\r\nX-Injected: 1" }), POLICY, virtualTime().deps);
    assert.deepEqual(r, { outcome: "failed-permanently", reason: "invalid-header", attempts: 0, tags: { reason: "unexpected_response" } } satisfies ForwardResult);
    assert.equal(t.requests.length, 0);
  });

  it("no budget left: retry-later without sending anything", async () => {
    const t = await serve(sequence({ status: 200 }));
    const r = await forward(to(t), request(), { ...POLICY, budgetMs: 5 }, virtualTime().deps);
    assert.deepEqual(r, { outcome: "retry-later", reason: "budget-exhausted", attempts: 0 } satisfies ForwardResult);
    assert.equal(t.requests.length, 0);
  });

  it("a URL fetch cannot use is permanent, before any attempt", async () => {
    for (const url of ["not a url", "ftp://127.0.0.1/x", "file:///etc/passwd", "https://user:pw@127.0.0.1/x"]) {
      const r = await forward({ url, timeoutMs: 1_000 }, request(), POLICY, virtualTime().deps);
      assert.deepEqual(r, { outcome: "failed-permanently", reason: "invalid-url", attempts: 0, tags: { reason: "unexpected_response" } } satisfies ForwardResult);
    }
    const blocked = await forward({ url: "http://127.0.0.1:6000/", timeoutMs: 1_000 }, request(), POLICY, virtualTime().deps);
    assert.deepEqual(blocked, { outcome: "failed-permanently", reason: "blocked-port", attempts: 1, tags: { reason: "connection_error" } } satisfies ForwardResult);
  });
});

describe("forwarder/forward: properties against a real target", () => {
  let target: Target;
  before(async () => {
    target = await startTarget(sequence({ status: 200 }));
  });
  after(async () => {
    await target?.close();
  });

  const STATUSES = [200, 201, 400, 404, 429, 500, 502, 503] as const;
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...STATUSES).map((status): Step => ({ status })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(429, 503), fc.constantFrom("0", "1", "3")).map(([status, ra]): Step => ({ status, headers: { "Retry-After": ra } })) },
    { weight: 1, arbitrary: fc.constantFrom<Step>("reset", "hangup") },
  );
  const is2xx = (s: Step) => s !== "reset" && s !== "hangup" && s.status >= 200 && s.status < 300;
  /**
   * Every step answers at once, so no attempt may time out: requests go without the per-attempt
   * timer's signal, and a busy machine's late answer cannot pass for a timeout (the target would have
   * counted a 2xx the forwarder never saw). With a still clock the budget is spent by virtual waits alone.
   */
  const untimed: typeof fetch = (input, init) => fetch(input, { ...init, signal: null });
  const isPermanent = (s: Step) => s !== "reset" && s !== "hangup" && (s.status === 400 || s.status === 404);
  const MAX = 6;

  it("with time to spare: the result is exactly what the script implies, and matches what the target saw", async function () {
    await fc.assert(fc.asyncProperty(
      fc.array(stepArb, { minLength: MAX, maxLength: MAX }), fc.integer({ min: 1, max: MAX }),
      async (steps, maxAttempts) => {
        target.reset((i) => steps[i]!);
        const v = virtualTime(Math.random, STILL_AT);
        const policy = { ...POLICY, maxAttempts, budgetMs: 10_000_000 };
        const r = await forward({ url: target.url, timeoutMs: 2_000 }, request({ deliveryId: "dlv-prop" }), policy, { ...v.deps, fetch: untimed });

        // Model: the first non-retryable response within maxAttempts decides; otherwise retry-later.
        const decisive = steps.slice(0, maxAttempts).findIndex((s) => is2xx(s) || isPermanent(s));
        if (decisive >= 0 && is2xx(steps[decisive]!)) {
          assert.equal(r.outcome, "delivered");
          assert.equal(r.attempts, decisive + 1);
        } else if (decisive >= 0) {
          assert.equal(r.outcome, "failed-permanently");
          assert.equal(r.attempts, decisive + 1);
        } else {
          assert.equal(r.outcome, "retry-later");
          assert.equal(r.outcome === "retry-later" && r.reason, "attempts-exhausted");
          assert.equal(r.attempts, maxAttempts);
        }
        assert.ok(r.attempts <= maxAttempts);
        assert.equal(target.requests.length, r.attempts, "one request on the wire per attempt, no hidden retries");
        assert.ok(target.requests.every((q) => q.headers["idempotency-key"] === "dlv-prop"));
        // A wait between consecutive attempts only, each honouring that response's Retry-After (capped) if any.
        assert.equal(v.delays.length, r.attempts - 1);
        v.delays.forEach((d, i) => {
          const s = steps[i]!;
          const ra = s !== "reset" && s !== "hangup" ? s.headers?.["Retry-After"] : undefined;
          if (ra !== undefined) assert.equal(d, Math.min(Number(ra) * 1000, POLICY.maxRetryAfterMs));
          else assert.ok(d >= 0 && d < Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** i));
        });
      },
    ), { numRuns: 60, seed: 17 });
  });

  it("with a tight budget: delivered iff the target answered 2xx, attempts <= max, never waits past the budget", async function () {
    await fc.assert(fc.asyncProperty(
      fc.array(stepArb, { minLength: MAX, maxLength: MAX }), fc.integer({ min: 1, max: MAX }), fc.integer({ min: 0, max: 4_000 }),
      async (steps, maxAttempts, budgetMs) => {
        target.reset((i) => steps[i]!);
        const v = virtualTime(Math.random, STILL_AT);
        const policy = { ...POLICY, maxAttempts, budgetMs, baseDelayMs: 400, maxDelayMs: 3_000, maxRetryAfterMs: 2_000 };
        const r = await forward({ url: target.url, timeoutMs: 2_000 }, request(), policy, { ...v.deps, fetch: untimed });

        const served = target.requests.map((q) => q.step);
        assert.equal(served.length, r.attempts);
        assert.ok(r.attempts <= maxAttempts);
        assert.equal(r.outcome === "delivered", served.some(is2xx), "delivered iff some attempt got a 2xx");
        // Everything before the last attempt was retryable; the last one decided the outcome.
        assert.ok(served.slice(0, -1).every((s) => !is2xx(s) && !isPermanent(s)));
        const lastServed = served.at(-1);
        if (r.outcome === "delivered") assert.ok(lastServed && is2xx(lastServed));
        if (r.outcome === "failed-permanently") assert.ok(lastServed && isPermanent(lastServed));
        if (r.outcome === "retry-later") {
          assert.ok(served.every((s) => !is2xx(s) && !isPermanent(s)));
          assert.equal(r.reason === "attempts-exhausted", r.attempts === maxAttempts);
        }
        assert.ok(v.slept() <= budgetMs, `slept ${v.slept()} ms on a ${budgetMs} ms budget`);
      },
    ), { numRuns: 80, seed: 17 });
  });
});
