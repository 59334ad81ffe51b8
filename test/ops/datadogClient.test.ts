/** DatadogClient against a real HTTP server on 127.0.0.1 replaying recorded v1 API responses. */
import assert from "node:assert/strict";
import { datadogBaseUrl, DatadogClient, datadogClientFromEnv, type DatadogClientOptions } from "../../ops/datadog/client";
import { ApiError } from "../../ops/http/jsonApi";
import { loadFixture, startReplayServer, type ReplayRoute, type ReplayServer } from "../support/apiReplay";

const KEYS = { apiKey: "dd-api-key-0123456789abcdef", appKey: "dd-app-key-fedcba9876543210" };
const slosFixture = () => loadFixture("datadog", "slo-list");
/** The recorded SLO id of web-lead-form-to-crm's lead-delivered-within-5m, and of the SLO without data. */
const sloIdOf = (name: string) => {
  const route = slosFixture()[0];
  const body = (Array.isArray(route.responses) ? route.responses[0] : route.responses).body as { data: { id: string; name: string }[] };
  return body.data.find((s) => s.name === name)!.id;
};

describe("DatadogClient", () => {
  let server: ReplayServer | undefined;
  let waits: number[];
  beforeEach(() => {
    waits = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function client(routes: ReplayRoute[], over: Partial<DatadogClientOptions> = {}): Promise<DatadogClient> {
    server = await startReplayServer(routes);
    return new DatadogClient({ ...KEYS, baseUrl: server.url, sleep: async (ms) => void waits.push(ms), ...over });
  }
  async function rejection(p: Promise<unknown>): Promise<ApiError> {
    const e = await p.then(
      () => assert.fail("expected a failure"),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ApiError, String(e));
    for (const key of Object.values(KEYS)) assert.ok(!e.message.includes(key), `message leaks a key: ${e.message}`);
    return e;
  }

  describe("listSlos", () => {
    it("normalizes the managed SLOs, with the keys in headers only", async () => {
      const dd = await client(slosFixture());
      const slos = await dd.listSlos({ tagsQuery: "managed-by:pulumi" });
      assert.equal(slos.length, 10);
      const lead = slos.find((s) => s.name === "[web-lead-form-to-crm] lead-delivered-within-5m");
      assert.ok(lead);
      assert.equal(lead.type, "metric");
      assert.match(lead.id, /^[0-9a-f]{32}$/);
      assert.deepEqual(lead.thresholds, [{ timeframe: "30d", target: 99.5 }]);
      for (const tag of ["integration:web-lead-form-to-crm", "slo:lead-delivered-within-5m", "env:prod", "managed-by:pulumi"]) assert.ok(lead.tags.includes(tag), tag);
      const [req] = server!.requests;
      assert.equal(req.headers["dd-api-key"], KEYS.apiKey);
      assert.equal(req.headers["dd-application-key"], KEYS.appKey);
      assert.ok(!JSON.stringify(req.query).includes(KEYS.apiKey));
    });

    it("gathers every page (limit/offset) until the total is reached", async () => {
      const dd = await client(slosFixture(), { pageSize: 4 });
      const slos = await dd.listSlos({ tagsQuery: "managed-by:pulumi" });
      assert.equal(slos.length, 10);
      assert.equal(new Set(slos.map((s) => s.id)).size, 10);
      assert.deepEqual(
        server!.requests.map((r) => r.query.offset),
        ["0", "4", "8"],
      );
      assert.ok(server!.requests.every((r) => r.route >= 0 && r.query.limit === "4"));
    });

    it("fails with forbidden, naming the permission, without retrying", async () => {
      const dd = await client(loadFixture("datadog", "slo-list-403"));
      const e = await rejection(dd.listSlos());
      assert.equal(e.kind, "forbidden");
      assert.equal(e.message, "Datadog API refused the application key (403) for GET /api/v1/slo: check DD_APP_KEY has slos_read.");
      assert.equal(server!.requests.length, 1);
    });

    it("reports a list that is not a list as bad-response", async () => {
      const dd = await client([{ method: "GET", path: "/api/v1/slo", responses: { status: 200, body: { data: { id: "x" } } } }]);
      const e = await rejection(dd.listSlos());
      assert.equal(e.kind, "bad-response");
      assert.equal(e.message, "Datadog API answered GET /api/v1/slo with an unexpected shape: data is not a list.");
    });
  });

  describe("sloHistory", () => {
    it("maps sli_value, error_budget_remaining for the SLO's timeframe, and the series", async () => {
      const id = sloIdOf("[web-lead-form-to-crm] lead-delivered-within-5m");
      const dd = await client(loadFixture("datadog", "slo-history"));
      const h = await dd.sloHistory(id, 1767312000, 1769990400);
      assert.equal(h.sliValue, 99.7101);
      assert.equal(h.errorBudgetRemaining, 42.02);
      assert.equal(h.goodEvents, 86000);
      assert.equal(h.totalEvents, 86250);
      assert.ok(h.series);
      assert.equal(h.series.times.length, 30);
      assert.equal(h.series.times[0], 1767398400, "epoch ms became epoch s");
      assert.equal(h.series.good.reduce((a, b) => a + b, 0), 86000);
      assert.equal(h.series.total.reduce((a, b) => a + b, 0), 86250);
      assert.deepEqual(server!.requests[0].query, { from_ts: "1767312000", to_ts: "1769990400" });
      assert.equal(server!.requests[0].path, `/api/v1/slo/${id}/history`);
    });

    it("keeps an overspent budget negative", async () => {
      const dd = await client(loadFixture("datadog", "slo-history"));
      const h = await dd.sloHistory(sloIdOf("[shopify-orders-to-klaviyo] order-events-in-klaviyo-10m"), 0, 1);
      assert.ok(h.errorBudgetRemaining !== null && h.errorBudgetRemaining < 0, String(h.errorBudgetRemaining));
    });

    it("gives null, not zero, for an SLO without data", async () => {
      const dd = await client(loadFixture("datadog", "slo-history"));
      const h = await dd.sloHistory(sloIdOf("[klaviyo-audience-sync] audience-sync-runs-succeed"), 0, 1);
      assert.deepEqual(h, { sliValue: null, errorBudgetRemaining: null });
    });

    it("computes the budget left from sli and target when Datadog leaves it out, and reads \"custom\" when a target is passed", async () => {
      const history = (remaining: object) => ({ data: { thresholds: { "30d": { timeframe: "30d", target: 99 } }, overall: { sli_value: 99.5, error_budget_remaining: remaining } }, errors: null });
      const dd = await client([
        { method: "GET", path: "/api/v1/slo/abc/history", query: { target: "99.9" }, responses: { status: 200, body: history({ custom: -400 }) } },
        { method: "GET", path: "/api/v1/slo/abc/history", responses: { status: 200, body: history({}) } },
      ]);
      assert.equal((await dd.sloHistory("abc", 0, 1)).errorBudgetRemaining, 50);
      assert.equal((await dd.sloHistory("abc", 0, 1, { target: 99.9 })).errorBudgetRemaining, -400);
    });

    it("fails with not-found for an unknown SLO id", async () => {
      const dd = await client(loadFixture("datadog", "slo-history-404"));
      const e = await rejection(dd.sloHistory("00000000000000000000000000000000", 0, 1));
      assert.equal(e.kind, "not-found");
      assert.equal(e.message, "Datadog API found no SLO with that id (404) for GET /api/v1/slo/00000000000000000000000000000000/history.");
    });
  });

  describe("listMonitors", () => {
    it("gathers every page (page/page_size) until a short page, with the monitor_tags filter", async () => {
      const dd = await client(loadFixture("datadog", "monitor-list"));
      const monitors = await dd.listMonitors({ monitorTags: ["managed-by:pulumi", "env:prod"] });
      assert.ok(server!.requests.length >= 2, "the recording spans two pages");
      assert.deepEqual(
        server!.requests.map((r) => [r.query.page, r.query.page_size, r.query.monitor_tags]),
        server!.requests.map((_, i) => [String(i), "50", "managed-by:pulumi,env:prod"]),
      );
      assert.ok(server!.requests.every((r) => r.route >= 0));
      assert.equal(new Set(monitors.map((m) => m.id)).size, monitors.length);
      assert.ok(monitors.length > 50);
      const burn = monitors.find((m) => m.name === "[web-lead-form-to-crm] SLO lead-delivered-within-5m burning 14.4x over 1h");
      assert.ok(burn);
      assert.equal(burn.type, "slo alert");
      assert.equal(burn.priority, 1);
      assert.ok(burn.query.includes(sloIdOf("[web-lead-form-to-crm] lead-delivered-within-5m")));
      assert.match(burn.message, /^Runbook: https:\/\/github\.com\/acme\/martech-reliability\/blob\/main\/runbooks\/web-lead-form-to-crm\.md#detection-and-monitors$/m);
    });

    it("retries a 500 and gives up with kind server", async () => {
      const dd = await client(loadFixture("datadog", "monitor-list-500"), { maxAttempts: 3 });
      const e = await rejection(dd.listMonitors());
      assert.equal(e.kind, "server");
      assert.equal(server!.requests.length, 3);
      assert.equal(waits.length, 2);
    });

    it("waits out two 429s as X-RateLimit-Reset says", async () => {
      const dd = await client(loadFixture("datadog", "monitor-list-429"));
      const monitors = await dd.listMonitors();
      assert.equal(monitors.length, 5);
      assert.deepEqual(waits, [3000, 1000]);
    });
  });
});

describe("datadogClientFromEnv", () => {
  it("names each missing key variable, and never a value", () => {
    assert.throws(() => datadogClientFromEnv({}), /^Error: DD_API_KEY and DD_APP_KEY are not set: /);
    assert.throws(() => datadogClientFromEnv({ DD_API_KEY: "k" }), /^Error: DD_APP_KEY is not set: /);
    assert.throws(() => datadogClientFromEnv({ DD_API_KEY: "  ", DD_APP_KEY: "a" }), /^Error: DD_API_KEY is not set: /);
  });

  it("derives the base URL from DD_SITE, and DD_API_URL overrides it", () => {
    const table: [NodeJS.ProcessEnv, string][] = [
      [{}, "https://api.datadoghq.com"],
      [{ DD_SITE: "datadoghq.eu" }, "https://api.datadoghq.eu"],
      [{ DD_SITE: "us5.datadoghq.com" }, "https://api.us5.datadoghq.com"],
      [{ DD_SITE: "app.datadoghq.com" }, "https://api.datadoghq.com"],
      [{ DD_SITE: "datadoghq.eu", DD_API_URL: "http://127.0.0.1:8126/" }, "http://127.0.0.1:8126"],
    ];
    for (const [env, url] of table) assert.equal(datadogBaseUrl(env), url, JSON.stringify(env));
    assert.throws(() => datadogBaseUrl({ DD_API_URL: "api.datadoghq.com" }), /DD_API_URL must be an http\(s\) address/);
    assert.throws(() => datadogBaseUrl({ DD_SITE: "not a site" }), /DD_SITE "not a site" is not a Datadog site/);
  });

  it("falls back to the stack's datadogSite only when neither DD_SITE nor DD_API_URL is set", () => {
    const table: [NodeJS.ProcessEnv, string][] = [
      [{}, "https://api.datadoghq.eu"],
      [{ DD_SITE: "" }, "https://api.datadoghq.eu"],
      [{ DD_SITE: "us5.datadoghq.com" }, "https://api.us5.datadoghq.com"],
      [{ DD_API_URL: "http://127.0.0.1:8126" }, "http://127.0.0.1:8126"],
    ];
    for (const [env, url] of table) assert.equal(datadogBaseUrl(env, "datadoghq.eu"), url, JSON.stringify(env));
    assert.throws(() => datadogBaseUrl({}, "not a site"), /^Error: datadogSite in the stack config "not a site" is not a Datadog site/);
    assert.equal(datadogBaseUrl({ DD_SITE: "datadoghq.com" }, "not a site"), "https://api.datadoghq.com");
  });
});
