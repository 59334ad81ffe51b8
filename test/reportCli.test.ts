/**
 * `npm run report` end to end: a child process against a real HTTP server on 127.0.0.1
 * replaying recorded Datadog and PagerDuty responses (test/fixtures/api/report/), over the
 * valid fixture inventory. Success, missing data shown as such, and every failure path.
 */
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES_DIR, startReplayServer, type ReplayRoute, type ReplayServer } from "./support/apiReplay";
import { envWithoutApiKeys, runCliAsync } from "./support/runCli";

interface ReportFixture {
  readonly datadog: ReplayRoute[];
  readonly pagerduty: ReplayRoute[];
}
const fixture = (name: string): ReportFixture => JSON.parse(readFileSync(join(FIXTURES_DIR, "report", `${name}.json`), "utf8")) as ReportFixture;
const KEYS = { DD_API_KEY: "test-api-key-not-real", DD_APP_KEY: "test-app-key-not-real", PAGERDUTY_TOKEN: "test-pd-token-not-real" };

describe("report: the CLI against recorded API responses", () => {
  let out: string;
  let server: ReplayServer | undefined;
  async function report(args: string[], routes: ReplayRoute[], keys: Record<string, string> = KEYS) {
    await server?.close();
    server = await startReplayServer(routes);
    const env = { ...envWithoutApiKeys(), ...keys, DD_API_URL: server.url, PAGERDUTY_API_URL: server.url };
    return runCliAsync("cli/report.ts", ["--out", out, "--inventory", "test/fixtures/valid/inventory", "--runbooks", "test/fixtures/valid/runbooks", ...args], { env });
  }
  const all = (f: ReportFixture) => [...f.datadog, ...f.pagerduty];

  beforeEach(() => {
    out = join(mkdtempSync(join(tmpdir(), "report-")), "reports");
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(join(out, ".."), { recursive: true, force: true });
  });

  it("writes <week>.md and <week>.svg, in revenue order, with missing data shown as such", async () => {
    const r = await report(["--week", "2026-W47"], all(fixture("week")));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.deepEqual(readdirSync(out).sort(), ["2026-W47.md", "2026-W47.svg"]);
    assert.match(r.stdout, /report: 2 SLO\(s\) without data this week, shown as such: integration-0003\/delivered-within-60s \(no data in Datadog this week\), integration-0004\/accepted \(not found in Datadog/);
    const md = readFileSync(join(out, "2026-W47.md"), "utf8");
    assert.ok(md.includes("Monday 2026-11-16 00:00 to Monday 2026-11-23 00:00 UTC"));
    assert.ok(md.includes("](2026-W47.svg)"));
    const order = ["integration-0005", "integration-0001", "integration-0006", "integration-0002", "integration-0003", "integration-0004"].map((id) => md.indexOf(`(\`${id}\`)`));
    assert.deepEqual([...order].sort((a, b) => a - b), order, "revenue order");
    assert.ok(md.includes("| | | | accepted (7d) | 99.865% **below** | 99.9% | 135% | **-35%** (exhausted) | ↑ faster (1.35x vs 0.1x) |"));
    assert.ok(md.includes("| 5 | Synthetic integration 3 (`integration-0003`) | $3,857/h | delivered-within-60s (30d) | no data in Datadog this week | 99.5% | no data | no data | no trend |"));
    assert.ok(md.includes("| revenue-operations primary (`revenue-operations-primary`) | 2 | 1 | integration-0005 2 |"));
    assert.ok(md.includes("Pages on services outside the inventory: \\[other\\] Website CMS 1."), "PagerDuty service names are inert markdown (brackets escaped, rendered as typed)");
    // One SLO list, three history reads per SLO found (two weeks and the window), one incident list; all recorded routes.
    assert.equal(server!.requests.length, 1 + 11 * 3 + 1);
    assert.ok(server!.requests.every((q) => q.route >= 0), "every request matched a recorded response");
    const incidents = server!.requests.find((q) => q.path === "/incidents")!;
    assert.deepEqual([incidents.query.since, incidents.query.until], ["2026-11-09T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
    assert.equal(incidents.headers.authorization, `Token token=${KEYS.PAGERDUTY_TOKEN}`);
    assert.ok(!md.includes(KEYS.DD_API_KEY) && !r.stdout.includes(KEYS.PAGERDUTY_TOKEN));
  });

  it("--quarter adds the thirteen weeks ending with --week and their chart", async () => {
    const r = await report(["--week", "2026-W47", "--quarter"], all(fixture("quarter")));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(out).sort(), ["2026-W47-quarter.svg", "2026-W47.md", "2026-W47.svg"]);
    const md = readFileSync(join(out, "2026-W47.md"), "utf8");
    assert.ok(md.includes("## Quarter: 2026-W35 to 2026-W47"));
    assert.ok(md.includes("](2026-W47-quarter.svg)"));
    assert.match(md, /\| `integration-0006` \| accepted \| 99\.9% \|( [^|]+ \|){5} - \| - \|/, "weeks W40 and W41 without data");
    assert.match(md, /\| revenue-operations primary \(`revenue-operations-primary`\) \| 5 \| 1 \| 0 1 0 0 0 0 0 0 0 1 0 1 2 \|/);
    assert.equal(server!.requests.length, 1 + 11 * 14 + 1);
    assert.ok(server!.requests.every((q) => q.route >= 0));
  });

  it("exits 1 with the API's one sentence and writes nothing when PagerDuty refuses the token", async () => {
    const r = await report(["--week", "2026-W47"], [...fixture("week").datadog, { method: "GET", path: "/incidents", responses: { status: 401, body: { error: { message: "Unauthorized", code: 2006 } } } }]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "report: PagerDuty API rejected the token (401) for GET /incidents: check PAGERDUTY_TOKEN is a valid REST API key.\n");
    assert.equal(existsSync(out), false);
  });

  it("exits 1 when Datadog keeps failing, without a stack trace", async () => {
    const r = await report(["--week", "2026-W47"], [{ method: "GET", path: "/api/v1/slo", responses: { status: 500, headers: { "retry-after": "0" }, body: { errors: ["Internal Server Error"] } } }]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^report: Datadog API failed with 500 on GET \/api\/v1\/slo after 4 attempts: [^\n]*\n$/);
    assert.equal(existsSync(out), false);
  });

  it("exits 1 naming the missing credentials before any request", async () => {
    const r = await report(["--week", "2026-W47"], all(fixture("week")), { DD_API_KEY: "x", DD_APP_KEY: "y" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^report: PAGERDUTY_TOKEN is not set: [^\n]*\n$/);
    assert.equal(server!.requests.length, 0);
  });

  it("exits 2 on a week that does not exist", async () => {
    const r = await report(["--week", "2027-W53"], []);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^report: week "2027-W53" does not exist: 2027 has weeks W01 to W52\nusage: npm run report/);
  });
});
