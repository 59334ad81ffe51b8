/** PagerDutyClient against a real HTTP server on 127.0.0.1 replaying recorded REST API v2 responses. */
import assert from "node:assert/strict";
import { ApiError } from "../../ops/http/jsonApi";
import { DEFAULT_PAGERDUTY_URL, PagerDutyClient, pagerDutyClientFromEnv, type PagerDutyClientOptions } from "../../ops/pagerduty/client";
import { loadFixture, startReplayServer, type ReplayRoute, type ReplayServer } from "../support/apiReplay";

const TOKEN = "u+pd-token-0123456789abcdef";
const WEEK = { since: new Date("2026-01-26T00:00:00Z"), until: new Date("2026-02-02T00:00:00Z") };

describe("PagerDutyClient", () => {
  let server: ReplayServer | undefined;
  let waits: number[];
  beforeEach(() => {
    waits = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function client(routes: ReplayRoute[], over: Partial<PagerDutyClientOptions> = {}): Promise<PagerDutyClient> {
    server = await startReplayServer(routes);
    return new PagerDutyClient({ token: TOKEN, baseUrl: server.url, sleep: async (ms) => void waits.push(ms), ...over });
  }

  it("lists the week's incidents with the v2 headers, normalized", async () => {
    const pd = await client(loadFixture("pagerduty", "incidents"));
    const incidents = await pd.listIncidents(WEEK);
    assert.equal(incidents.length, 9);
    const first = incidents[0];
    assert.equal(first.title, "[web-lead-form-to-crm] CRM field deprecated and leads silently dropped");
    assert.equal(first.createdAt, "2026-01-26T10:15:00Z");
    assert.equal(first.urgency, "high");
    assert.equal(first.serviceName, "[martech] Web lead forms to HubSpot and Salesforce");
    assert.equal(first.escalationPolicyName, "Growth Engineering primary on-call escalation");
    assert.match(first.serviceId, /^P[A-Z0-9]{6}$/);
    assert.match(first.escalationPolicyId, /^P[A-Z0-9]{6}$/);
    const [req] = server!.requests;
    assert.equal(req.headers.authorization, `Token token=${TOKEN}`);
    assert.equal(req.headers.accept, "application/vnd.pagerduty+json;version=2");
    assert.equal(req.query.since, "2026-01-26T00:00:00.000Z");
    assert.equal(req.query.until, "2026-02-02T00:00:00.000Z");
  });

  it("follows offset/limit while more is true, and sends service_ids[] once per id", async () => {
    const pd = await client(loadFixture("pagerduty", "incidents"), { pageSize: 3 });
    const incidents = await pd.listIncidents({ ...WEEK, serviceIds: ["PAAAAAA", "PBBBBBB"] });
    assert.equal(incidents.length, 9);
    assert.equal(new Set(incidents.map((i) => i.id)).size, 9);
    assert.deepEqual(
      server!.requests.map((r) => r.query.offset),
      ["0", "3", "6"],
    );
    assert.ok(server!.requests.every((r) => r.route >= 0));
    assert.equal(server!.requests[0].query["service_ids[]"], "PAAAAAA,PBBBBBB");
  });

  it("waits what ratelimit-reset says on a 429, then succeeds", async () => {
    const pd = await client(loadFixture("pagerduty", "incidents-429"));
    const incidents = await pd.listIncidents(WEEK);
    assert.equal(incidents.length, 9);
    assert.deepEqual(waits, [4000]);
  });

  it("fails with auth on a revoked token, without retrying or printing it", async () => {
    const pd = await client(loadFixture("pagerduty", "incidents-401"));
    const e = await pd.listIncidents(WEEK).then(
      () => assert.fail("expected a failure"),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ApiError);
    assert.equal(e.kind, "auth");
    assert.equal(e.message, "PagerDuty API rejected the token (401) for GET /incidents: check PAGERDUTY_TOKEN is a valid REST API key.");
    assert.ok(!e.message.includes(TOKEN));
    assert.equal(server!.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  it("reports an incident without its service as bad-response", async () => {
    const pd = await client([{ method: "GET", path: "/incidents", responses: { status: 200, body: { incidents: [{ id: "Q1", title: "t", created_at: "2026-01-26T00:00:00Z", urgency: "high" }], limit: 100, offset: 0, more: false } } }]);
    const e = await pd.listIncidents(WEEK).then(
      () => assert.fail("expected a failure"),
      (err: unknown) => err as ApiError,
    );
    assert.equal(e.kind, "bad-response");
    assert.equal(e.message, "PagerDuty API answered GET /incidents with an unexpected shape: incidents[0].service is not an object.");
  });
});

describe("pagerDutyClientFromEnv", () => {
  it("requires PAGERDUTY_TOKEN and checks PAGERDUTY_API_URL", () => {
    assert.throws(() => pagerDutyClientFromEnv({}), /^Error: PAGERDUTY_TOKEN is not set: /);
    assert.throws(() => pagerDutyClientFromEnv({ PAGERDUTY_TOKEN: "t", PAGERDUTY_API_URL: "ftp://x" }), /PAGERDUTY_API_URL must be an http\(s\) address/);
    assert.equal(DEFAULT_PAGERDUTY_URL, "https://api.pagerduty.com");
  });

  it("talks to PAGERDUTY_API_URL when set", async () => {
    const server = await startReplayServer(loadFixture("pagerduty", "incidents"));
    try {
      const incidents = await pagerDutyClientFromEnv({ PAGERDUTY_TOKEN: TOKEN, PAGERDUTY_API_URL: `${server.url}/` }).listIncidents(WEEK);
      assert.equal(incidents.length, 9);
    } finally {
      await server.close();
    }
  });
});
