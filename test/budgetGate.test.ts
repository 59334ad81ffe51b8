/**
 * The error-budget freeze against a real HTTP server on 127.0.0.1 replaying recorded Datadog
 * responses (test/fixtures/api/budget/): each decision in-process through the real client,
 * then `npm run budget-gate` as a child process on a temporary git repository.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Inventory } from "../compiler/model";
import { runGate, type GateOptions } from "../ops/budget/gate";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { FIXTURES_DIR, startReplayServer, type ReplayRoute, type ReplayServer } from "./support/apiReplay";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";
import { envWithoutApiKeys, REPO, runCliAsync } from "./support/runCli";

const routes = (name: string): ReplayRoute[] => (JSON.parse(readFileSync(join(FIXTURES_DIR, "budget", `${name}.json`), "utf8")) as { routes: ReplayRoute[] }).routes;
const TEST_KEYS = { DD_API_KEY: "test-api-key-not-real", DD_APP_KEY: "test-app-key-not-real" };

function fixtureInventory(edit?: (files: Map<string, string>) => void): Inventory {
  const f = loadFixture();
  edit?.(f.files);
  const inventory = validateFixture(f).inventory;
  assert.ok(inventory);
  return inventory;
}
const INT1 = "inventory/integrations/integration-0001.yaml";
const INT6 = "inventory/integrations/integration-0006.yaml";
const WITHOUT_6 = fixtureInventory((files) => files.delete(INT6));
const FULL = fixtureInventory();
const WEAKENED = fixtureInventory((files) => files.set(INT1, replaceOnce(files.get(INT1)!, "maxPercent: 5", "maxPercent: 25")));

describe("budget-gate: decisions against recorded Datadog responses", () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function gate(fixture: string | ReplayRoute[], over: Partial<GateOptions>) {
    server = await startReplayServer(typeof fixture === "string" ? routes(fixture) : fixture);
    const url = server.url;
    return runGate({
      base: "origin/main",
      baseInventory: WITHOUT_6,
      inventory: FULL,
      override: false,
      environment: "prod",
      nowS: 1764892800,
      datadog: () => datadogClientFromEnv({ ...TEST_KEYS, DD_API_URL: url }, { maxAttempts: 2, timeoutMs: 300, sleep: async () => {} }),
      ...over,
    });
  }

  it("no relevant change: passes without asking Datadog", async () => {
    let asked = false;
    const r = await gate("exhausted", { baseInventory: FULL, datadog: () => ((asked = true), datadogClientFromEnv({})) });
    assert.equal(r.decision, "no-relevant-change");
    assert.equal(asked, false);
    assert.equal(server!.requests.length, 0);
    assert.match(r.reasons[0], /Datadog was not asked/);
  });

  it("an added integration with healthy budgets: passes, after reading every deployed SLO over its window", async () => {
    const r = await gate("healthy", {});
    assert.equal(r.decision, "pass");
    assert.deepEqual(r.changes.map((c) => c.detail), ["integration integration-0006 is added"]);
    // The base's 10 SLOs (integration-0006's do not exist yet): one list, then one history each.
    assert.equal(r.slos.length, 10);
    assert.ok(r.slos.every((s) => s.state === "healthy" && s.budgetRemaining === 60));
    const [list, ...histories] = server!.requests;
    assert.deepEqual([list.path, list.query.tags_query], ["/api/v1/slo", "env:prod"]);
    assert.equal(histories.length, 10);
    const first = histories[0];
    assert.deepEqual([first.query.from_ts, first.query.to_ts, first.query.target], [String(1764892800 - 30 * 86400), "1764892800", "99.5"]);
    assert.ok(server!.requests.every((q) => q.headers["dd-api-key"] === TEST_KEYS.DD_API_KEY && q.route >= 0));
  });

  it("an added integration with exhausted budgets: fails naming each exhausted SLO", async () => {
    const r = await gate("exhausted", {});
    assert.equal(r.decision, "fail");
    assert.deepEqual(
      r.slos.filter((s) => s.state === "exhausted").map((s) => `${s.integration}/${s.slo}`),
      ["integration-0005/delivered-within-60s", "integration-0002/accepted"],
    );
    assert.ok(r.reasons.includes("integration-0005 SLO delivered-within-60s: error budget exhausted, attainment 99.1% vs objective 99.5% over 30d, -80% of the budget remaining."));
    assert.ok(r.reasons.includes("integration-0002 SLO accepted: error budget exhausted, attainment 99.82% vs objective 99.9% over 7d, -80% of the budget remaining."));
    assert.ok(r.reasons.some((x) => x.includes("error-budget-override")));
  });

  it("a weakened detection with exhausted budgets: fails", async () => {
    const r = await gate("exhausted", { baseInventory: FULL, inventory: WEAKENED });
    assert.equal(r.decision, "fail");
    assert.deepEqual(r.changes.map((c) => `${c.integration} ${c.subject}: ${c.detail}`), ["integration-0001 failure mode api-errors: maxPercent raised 5 -> 25"]);
    assert.equal(r.slos.length, 12);
  });

  it("exhausted budgets with --override: passes, and says it was overridden", async () => {
    const r = await gate("exhausted", { override: true });
    assert.equal(r.decision, "overridden");
    assert.equal(r.override, true);
    assert.ok(r.reasons.includes("The freeze is overridden by the PR label error-budget-override (--override)."));
  });

  it("an SLO missing in Datadog: fails closed", async () => {
    const r = await gate("missing-slo", {});
    assert.equal(r.decision, "fail");
    const missing = r.slos.filter((s) => s.state !== "healthy");
    assert.deepEqual(missing.map((s) => [s.integration, s.slo, s.state]), [["integration-0004", "accepted", "unknown"]]);
    assert.ok(r.reasons.includes("integration-0004 SLO accepted: status unknown, not found in Datadog (no SLO tagged integration:integration-0004, slo:accepted, env:prod); counted as exhausted."));
  });

  const LIST = { method: "GET", path: "/api/v1/slo" };
  /** The first SLO read: the base's highest-revenue integration's first SLO. */
  const FIRST_HISTORY = routes("healthy").find((r) => r.note?.startsWith("integration-0005 delivered-within-60s"))!.path;
  const API_FAILURES: [string, ReplayRoute[], RegExp][] = [
    ["403", [{ ...LIST, responses: { status: 403, body: { errors: ["Forbidden"] } } }], /^Datadog API refused the application key \(403\) for GET \/api\/v1\/slo: check DD_APP_KEY has slos_read\.$/],
    ["500", [{ ...LIST, responses: { status: 500, body: { errors: ["Internal Server Error"] } } }], /^Datadog API failed with 500 on GET \/api\/v1\/slo after 2 attempts/],
    ["timeout", [{ ...LIST, responses: { status: 200, hang: true } }], /^Datadog API did not answer GET \/api\/v1\/slo within 300 ms/],
    ["a history 500 after a good list", [...routes("healthy").slice(0, 1), { method: "GET", path: FIRST_HISTORY, responses: { status: 503 } }], /^Datadog API failed with 503 on GET \/api\/v1\/slo\/[0-9a-f]{32}\/history after 2 attempts/],
  ];
  for (const [name, failing, says] of API_FAILURES) {
    it(`Datadog ${name}: fails closed with the client's one sentence, even with --override`, async () => {
      const r = await gate(failing, { override: true });
      assert.equal(r.decision, "error");
      assert.match(r.error!, says);
      assert.ok(!r.error!.includes(TEST_KEYS.DD_API_KEY) && !r.error!.includes(TEST_KEYS.DD_APP_KEY));
      assert.equal(r.slos.length, 0);
    });
  }

  it("missing Datadog keys: fails closed before any request", async () => {
    const r = await gate("healthy", { datadog: () => datadogClientFromEnv({ DD_API_URL: server!.url }) });
    assert.equal(r.decision, "error");
    assert.match(r.error!, /DD_API_KEY and DD_APP_KEY are not set/);
    assert.equal(server!.requests.length, 0);
  });
});

describe("budget-gate: the CLI on a git repository", () => {
  let repo: string;
  let server: ReplayServer | undefined;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd: repo, stdio: "pipe" });
  const file = (path: string) => join(repo, path);
  async function budgetGate(args: string[], fixture?: string | ReplayRoute[], keys: Record<string, string> = TEST_KEYS) {
    await server?.close();
    server = await startReplayServer(fixture === undefined ? [] : typeof fixture === "string" ? routes(fixture) : fixture);
    return runCliAsync("cli/budgetGate.ts", ["--inventory", "inventory", "--runbooks", "runbooks", ...args], { cwd: repo, env: { ...envWithoutApiKeys(), ...keys, DD_API_URL: server.url } });
  }
  const addIntegration6 = () => {
    cpSync(join(REPO, "test", "fixtures", "valid", INT6), file(INT6));
  };

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "budget-gate-repo-"));
    git("init", "-q");
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) copyFileSync(join(REPO, f), file(f));
    for (const dir of ["inventory", "runbooks"]) cpSync(join(REPO, "test", "fixtures", "valid", dir), file(dir), { recursive: true });
    rmSync(file(INT6));
    git("add", "-A");
    git("commit", "-qm", "inventory without integration-0006");
  });
  after(() => rmSync(repo, { recursive: true, force: true }));
  afterEach(async () => {
    git("checkout", "-q", "HEAD", "--", "inventory", "runbooks");
    rmSync(file(INT6), { force: true });
    await server?.close();
    server = undefined;
  });

  it("exits 0 without calling the API when nothing relevant changed", async () => {
    const r = await budgetGate(["--base", "HEAD", "--json", file("gate.json")], "exhausted", {});
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /budget-gate against HEAD: pass \(nothing needs error budget\)\n.*Datadog was not asked/);
    assert.equal(server!.requests.length, 0);
    assert.equal(JSON.parse(readFileSync(file("gate.json"), "utf8")).decision, "no-relevant-change");
  });

  it("exits 1 naming the exhausted SLOs when an integration is added, and writes JSON and markdown", async () => {
    addIntegration6();
    const r = await budgetGate(["--base", "HEAD", "--json", file("gate.json"), "--markdown", file("gate.md")], "exhausted");
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^budget-gate against HEAD: FAIL: error-budget freeze\n/);
    assert.match(r.stdout, /integration-0005 SLO delivered-within-60s: error budget exhausted, attainment 99\.1% vs objective 99\.5% over 30d, -80% of the budget remaining\./);
    assert.match(r.stdout, /integration-0002 SLO accepted: error budget exhausted/);
    assert.match(r.stdout, /add the PR label error-budget-override/);
    const json = JSON.parse(readFileSync(file("gate.json"), "utf8"));
    assert.equal(json.decision, "fail");
    assert.equal(json.override, false);
    assert.deepEqual(json.changes.map((c: { rule: string }) => c.rule), ["integration-added"]);
    assert.equal(json.slos.length, 10);
    assert.match(readFileSync(file("gate.md"), "utf8"), /\| integration-0005 \| delivered-within-60s \| exhausted \| 99\.1% \| 99\.5% \| 30d \| -80% \|/);
  });

  it("exits 0 with --override, recording the override in the output and the JSON", async () => {
    addIntegration6();
    const r = await budgetGate(["--base", "HEAD", "--override", "--json", file("gate.json")], "exhausted");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /pass, freeze OVERRIDDEN by label/);
    const json = JSON.parse(readFileSync(file("gate.json"), "utf8"));
    assert.deepEqual([json.decision, json.override], ["overridden", true]);
  });

  it("exits 1 with one sentence on stderr when Datadog refuses, and records the error", async () => {
    writeFileSync(file(INT1), replaceOnce(readFileSync(file(INT1), "utf8"), "silentMinutes: 60", "silentMinutes: 240"));
    const r = await budgetGate(["--base", "HEAD", "--json", file("gate.json")], [{ method: "GET", path: "/api/v1/slo", responses: { status: 403, body: { errors: ["Forbidden"] } } }]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "budget-gate: Datadog API refused the application key (403) for GET /api/v1/slo: check DD_APP_KEY has slos_read.\n");
    assert.equal(r.stdout, "");
    assert.equal(JSON.parse(readFileSync(file("gate.json"), "utf8")).decision, "error");
  });

  it("exits 1 with one sentence when the keys are not set and the API is needed", async () => {
    addIntegration6();
    const r = await budgetGate(["--base", "HEAD"], "healthy", {});
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^budget-gate: DD_API_KEY and DD_APP_KEY are not set: [^\n]*\n$/);
    assert.equal(server!.requests.length, 0);
  });

  it("explains a bad ref and a missing --base in one line each", async () => {
    const bad = await budgetGate(["--base", "no-such-ref"]);
    assert.deepEqual([bad.status, bad.stderr], [1, 'budget-gate: git ref "no-such-ref" not found\n']);
    const none = await budgetGate([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^budget-gate: --base is required/);
  });
});
