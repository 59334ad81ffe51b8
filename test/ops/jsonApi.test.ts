/** requestJson against a real HTTP server on 127.0.0.1 replaying recorded Datadog responses. */
import assert from "node:assert/strict";
import { ApiError, requestJson, type JsonRequest } from "../../ops/http/jsonApi";
import { BACKOFF, serverDelayMs } from "../../ops/http/retryDelay";
import { loadFixture, startReplayServer, type RecordedResponse, type ReplayRoute, type ReplayServer } from "../support/apiReplay";

const API_KEY = "dd-api-key-0123456789abcdef";
const APP_KEY = "dd-app-key-fedcba9876543210";

describe("requestJson", () => {
  let server: ReplayServer | undefined;
  let waits: number[];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  beforeEach(() => {
    waits = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function call(routes: ReplayRoute[], over: Partial<JsonRequest> = {}) {
    server = await startReplayServer(routes);
    return requestJson({
      api: "Datadog API",
      baseUrl: server.url,
      path: "/api/v1/slo",
      query: { tags_query: "managed-by:pulumi", limit: 50, offset: 0 },
      headers: { "DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY },
      sleep,
      random: () => 0.5,
      ...over,
    });
  }

  async function failure(routes: ReplayRoute[], over: Partial<JsonRequest> = {}): Promise<ApiError> {
    const e = await call(routes, over).then(
      () => assert.fail("expected the call to fail"),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    for (const secret of [API_KEY, APP_KEY, "tags_query", "managed-by"]) assert.ok(!e.message.includes(secret), `message leaks ${secret}: ${e.message}`);
    return e;
  }

  it("sends the headers and query, and parses the JSON body", async () => {
    const body = (await call(loadFixture("datadog", "slo-list"))) as { data: { name: string }[] };
    assert.equal(body.data.length, 10);
    assert.equal(server!.requests.length, 1);
    const [req] = server!.requests;
    assert.equal(req.headers["dd-api-key"], API_KEY);
    assert.equal(req.headers["dd-application-key"], APP_KEY);
    assert.deepEqual(req.query, { tags_query: "managed-by:pulumi", limit: "50", offset: "0" });
    assert.deepEqual(waits, []);
  });

  it("waits what Retry-After says on a 429, then returns the next answer", async () => {
    const body = (await call(loadFixture("datadog", "slo-list-429")).then((b) => b)) as { data: unknown[] };
    assert.equal(body.data.length, 10);
    assert.equal(server!.requests.length, 2);
    assert.deepEqual(waits, [7000]);
  });

  it("honours Datadog's X-RateLimit-Reset when there is no Retry-After", async () => {
    const body = (await call(loadFixture("datadog", "monitor-list-429"), { path: "/api/v1/monitor", query: { page: 0, page_size: 50 } })) as unknown[];
    assert.equal(body.length, 5);
    assert.deepEqual(waits, [3000, 1000]);
  });

  it("retries a 5xx with full-jitter backoff, then gives up with kind server after maxAttempts", async () => {
    const e = await failure(loadFixture("datadog", "monitor-list-500"), { path: "/api/v1/monitor", query: undefined, maxAttempts: 4, random: () => 0.999 });
    assert.equal(e.kind, "server");
    assert.equal(e.status, 500);
    assert.equal(server!.requests.length, 4);
    // Three waits between four attempts, each under its doubling ceiling.
    assert.equal(waits.length, 3);
    waits.forEach((w, i) => assert.ok(w >= 0 && w < BACKOFF.baseMs * 2 ** i, `wait ${i} = ${w}`));
    assert.ok(waits[2] > waits[0], "the ceiling grows");
    assert.match(e.message, /^Datadog API failed with 500 on GET \/api\/v1\/monitor after 4 attempts: /);
  });

  it("recovers from one 503", async () => {
    const body = (await call(loadFixture("datadog", "monitor-list-503-then-200"), { path: "/api/v1/monitor", query: { page: 0, page_size: 50 } })) as unknown[];
    assert.equal(body.length, 5);
    assert.equal(waits.length, 1);
  });

  it("retries a 503 carrying X-RateLimit-Reset with normal backoff: the reset header only counts on a 429", async () => {
    // Datadog sends the rate-limit headers on every response of a rate-limited endpoint; 120 s is past maxRetryAfterMs.
    const routes = loadFixture("datadog", "monitor-list-503-then-200").map((route) => {
      const [first, ...rest] = route.responses as readonly RecordedResponse[];
      return { ...route, responses: [{ ...first, headers: { "X-RateLimit-Reset": "120", "X-RateLimit-Limit": "1000" } }, ...rest] };
    });
    const body = (await call(routes, { path: "/api/v1/monitor", query: { page: 0, page_size: 50 } })) as unknown[];
    assert.equal(body.length, 5);
    assert.equal(server!.requests.length, 2);
    // Full jitter under the first ceiling (random() = 0.5), not 120 000 ms.
    assert.deepEqual(waits, [BACKOFF.baseMs * 0.5]);
  });

  it("does not retry a 403, and names the path without the query", async () => {
    const e = await failure(loadFixture("datadog", "slo-list-403"), { refusals: { forbidden: { says: "refused the application key", hint: "check DD_APP_KEY has slos_read" } } });
    assert.equal(e.kind, "forbidden");
    assert.equal(e.status, 403);
    assert.equal(server!.requests.length, 1);
    assert.deepEqual(waits, []);
    assert.equal(e.message, "Datadog API refused the application key (403) for GET /api/v1/slo: check DD_APP_KEY has slos_read.");
  });

  it("maps 401 to auth and 404 to not-found, without retrying", async () => {
    const auth = await failure([{ method: "GET", path: "/api/v1/slo", responses: { status: 401, body: { errors: ["Unauthorized"] } } }]);
    assert.equal(auth.kind, "auth");
    await server!.close();
    server = undefined;
    const missing = await failure(loadFixture("datadog", "slo-history-404"), { path: "/api/v1/slo/00000000000000000000000000000000/history", query: undefined });
    assert.equal(missing.kind, "not-found");
    assert.equal(server!.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  it("reports a body that is not JSON as bad-response, without retrying", async () => {
    const e = await failure(loadFixture("datadog", "slo-list-invalid-json"));
    assert.equal(e.kind, "bad-response");
    assert.equal(server!.requests.length, 1);
    assert.equal(e.message, "Datadog API answered GET /api/v1/slo with a body that is not JSON (200).");
  });

  it("gives up on 429 with kind rate-limited after maxAttempts", async () => {
    const e = await failure([{ method: "GET", path: "/api/v1/slo", responses: { status: 429, headers: { "Retry-After": "2" }, body: { errors: ["Rate limit reached"] } } }], { maxAttempts: 3 });
    assert.equal(e.kind, "rate-limited");
    assert.deepEqual(waits, [2000, 2000]);
    assert.equal(server!.requests.length, 3);
  });

  it("gives up at once when the server asks for a longer wait than maxRetryAfterMs", async () => {
    const e = await failure([{ method: "GET", path: "/api/v1/slo", responses: { status: 429, headers: { "Retry-After": "3600" } } }], { maxRetryAfterMs: 60_000 });
    assert.equal(e.kind, "rate-limited");
    assert.deepEqual(waits, []);
    assert.match(e.message, /asked to wait 3600 s/);
  });

  it("times out a server that never answers, and retries it", async () => {
    const e = await failure([{ method: "GET", path: "/api/v1/slo", responses: { status: 200, hang: true } }], { timeoutMs: 50, maxAttempts: 2 });
    assert.equal(e.kind, "timeout");
    assert.match(e.message, /within 50 ms, 2 attempts/);
    assert.equal(waits.length, 1);
    // On a busy machine the 50 ms timer may end an attempt before its request reached the server.
    assert.ok(server!.requests.length <= 2, "no request beyond the attempts");
  });

  it("reports a refused connection as network, after retrying", async () => {
    server = await startReplayServer([]);
    const url = server.url;
    await server.close();
    server = undefined;
    const e = await requestJson({ api: "Datadog API", baseUrl: url, path: "/api/v1/slo", headers: { "DD-API-KEY": API_KEY }, sleep, maxAttempts: 2 }).then(
      () => assert.fail("expected a failure"),
      (err: unknown) => err as ApiError,
    );
    assert.equal(e.kind, "network");
    assert.match(e.message, /^Datadog API could not be reached for GET \/api\/v1\/slo \(ECONNREFUSED\) after 2 attempts/);
    assert.equal(waits.length, 1);
  });

  it("never repeats a header value, even when the API echoes it in an error", async () => {
    const e = await failure([{ method: "GET", path: "/api/v1/slo", responses: { status: 400, body: { errors: [`Invalid application key ${APP_KEY}`] } } }]);
    assert.equal(e.kind, "bad-response");
    assert.match(e.message, /\[redacted\]/);
  });
});

describe("serverDelayMs", () => {
  const now = Date.UTC(2026, 1, 2, 12, 0, 0);
  const table: [string, number, Record<string, string>, number | undefined][] = [
    ["Retry-After seconds", 429, { "Retry-After": "7" }, 7000],
    ["Retry-After HTTP-date", 429, { "Retry-After": new Date(now + 12_000).toUTCString() }, 12_000],
    ["Retry-After date in the past", 429, { "Retry-After": new Date(now - 5_000).toUTCString() }, 0],
    ["Retry-After wins over X-RateLimit-Reset", 429, { "Retry-After": "2", "X-RateLimit-Reset": "9" }, 2000],
    ["Datadog X-RateLimit-Reset", 429, { "X-RateLimit-Reset": "9" }, 9000],
    ["PagerDuty ratelimit-reset", 429, { "ratelimit-reset": "4" }, 4000],
    ["Retry-After on a 503", 503, { "Retry-After": "7" }, 7000],
    ["X-RateLimit-Reset on a 503 is ignored", 503, { "X-RateLimit-Reset": "120" }, undefined],
    ["ratelimit-reset on a 500 is ignored", 500, { "ratelimit-reset": "4" }, undefined],
    ["nonsense", 429, { "Retry-After": "soon" }, undefined],
    ["nothing", 429, {}, undefined],
  ];
  for (const [name, status, headers, expected] of table) {
    it(name, () => assert.equal(serverDelayMs(new Headers(headers), now, status), expected));
  }
});
