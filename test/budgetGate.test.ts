/**
 * The error-budget freeze against a real HTTP server on 127.0.0.1 replaying recorded Datadog
 * responses (test/fixtures/api/budget/): each decision and scope in-process through the real
 * client, then `npm run budget-gate` as a child process on a temporary git repository.
 *
 * Teams of the fixture: revenue-operations owns integration-0001, -0003, -0005;
 * growth-engineering owns integration-0002, -0004, -0006.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exitCode } from "../ops/budget/decide";
import { runGate, type GateOptions } from "../ops/budget/gate";
import { touchedIntegrations } from "../ops/change/touched";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { FIXTURES_DIR, startReplayServer, type ReplayRoute, type ReplayServer } from "./support/apiReplay";
import { PROD_SETTINGS, revision, type Revision } from "./support/budgetRevision";
import { replaceOnce } from "./support/fixture";
import { envWithoutApiKeys, REPO, runCliAsync } from "./support/runCli";

const routes = (name: string): ReplayRoute[] => (JSON.parse(readFileSync(join(FIXTURES_DIR, "budget", `${name}.json`), "utf8")) as { routes: ReplayRoute[] }).routes;
const TEST_KEYS = { DD_API_KEY: "test-api-key-not-real", DD_APP_KEY: "test-app-key-not-real" };
const INT1 = "inventory/integrations/integration-0001.yaml";
const INT6 = "inventory/integrations/integration-0006.yaml";
const WITHOUT_6 = revision((f) => f.files.delete(INT6));
const FULL = revision();
const WEAKENED_1 = revision((f) => f.files.set(INT1, replaceOnce(f.files.get(INT1)!, "maxPercent: 5", "maxPercent: 25")));
const NOW_S = 1764892800;

describe("budget-gate: decisions against recorded Datadog responses", () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The gate from `base` to `now` (default: integration-0006, of growth-engineering, added). */
  async function gate(fixture: string | ReplayRoute[], over: Partial<GateOptions> & { from?: Revision; to?: Revision; requestTimeoutMs?: number } = {}) {
    // A test may ask twice; the previous server is closed here, as afterEach closes only the last.
    await server?.close();
    server = await startReplayServer(typeof fixture === "string" ? routes(fixture) : fixture);
    const url = server.url;
    // Per-request timeout: generous unless a test is about it; a busy machine must not time out the local replay.
    const { from = WITHOUT_6, to = FULL, requestTimeoutMs = 60_000, ...options } = over;
    return runGate({
      base: "origin/main",
      baseInventory: from.inventory,
      inventory: to.inventory,
      touched: touchedIntegrations(from.view, to.view, PROD_SETTINGS),
      override: false,
      environment: "prod",
      nowS: NOW_S,
      datadog: () => datadogClientFromEnv({ ...TEST_KEYS, DD_API_URL: url }, { maxAttempts: 2, timeoutMs: requestTimeoutMs, sleep: async () => {} }),
      ...options,
    });
  }
  const names = (slos: readonly { integration: string; slo: string }[]) => slos.map((s) => `${s.integration}/${s.slo}`);

  it("no relevant change: passes without asking Datadog", async () => {
    let asked = false;
    const r = await gate("exhausted", { from: FULL, datadog: () => ((asked = true), datadogClientFromEnv({})) });
    assert.equal(r.decision, "no-relevant-change");
    assert.equal(asked, false);
    assert.equal(server!.requests.length, 0);
    assert.match(r.reasons[0], /Datadog was not asked/);
  });

  it("scope organisation, an added integration with healthy budgets: passes, after reading every deployed SLO over its window", async () => {
    const r = await gate("healthy", { scope: "organisation" });
    assert.equal(r.decision, "pass");
    assert.deepEqual(r.changes.map((c) => c.detail), ["integration integration-0006 is added"]);
    // The base's 10 SLOs (integration-0006's do not exist yet): one list, then one history each.
    assert.equal(r.slos.length, 10);
    assert.ok(r.slos.every((s) => s.state === "healthy" && s.budgetRemaining === 60));
    const [list, ...histories] = server!.requests;
    assert.deepEqual([list.path, list.query.tags_query], ["/api/v1/slo", "env:prod"]);
    assert.equal(histories.length, 10);
    const first = histories[0];
    assert.deepEqual([first.query.from_ts, first.query.to_ts, first.query.target], [String(NOW_S - 30 * 86400), String(NOW_S), "99.5"]);
    assert.ok(server!.requests.every((q) => q.headers["dd-api-key"] === TEST_KEYS.DD_API_KEY && q.route >= 0));
    assert.equal(r.reasons[0], "This change touches integration-0006 (added, its inventory file changed, its planned resources change). Scope organisation: every deployed SLO counts: 10 deployed SLO(s) considered.");
  });

  it("scope team (the default): reads only the SLOs of the teams owning what the change touches", async () => {
    const r = await gate("healthy", {});
    assert.equal(r.decision, "pass");
    assert.deepEqual(r.scope?.teams, ["growth-engineering"]);
    assert.deepEqual(names(r.slos), ["integration-0002/delivered-within-60s", "integration-0002/accepted", "integration-0004/delivered-within-60s", "integration-0004/accepted"]);
    assert.equal(server!.requests.length, 1 + 4, "one list, then the four histories in scope only");
    assert.equal(r.reasons[0], "This change touches integration-0006 (added, its inventory file changed, its planned resources change). Scope team: the SLOs of the teams that own them (growth-engineering) count: 4 deployed SLO(s) considered, 6 of other teams left out.");
    assert.equal(r.reasons[1], "1 change(s) need error budget, and 4 of the 4 SLO(s) considered have error budget left.");
  });

  it("scope integration, only a new integration touched: no deployed SLO is in scope, so it passes without asking Datadog", async () => {
    const r = await gate("exhausted", { scope: "integration", datadog: () => datadogClientFromEnv({}) });
    assert.equal(r.decision, "pass");
    assert.equal(server!.requests.length, 0);
    assert.equal(r.reasons[1], "1 change(s) need error budget, but no deployed SLO is in scope, so there is no budget to protect and Datadog was not asked.");
  });

  it("scope team: an exhausted SLO of the touched team fails; one of an untouched team is not even read", async () => {
    const r = await gate("exhausted", {});
    assert.equal(r.decision, "fail");
    assert.deepEqual(names(r.slos.filter((s) => s.state === "exhausted")), ["integration-0002/accepted"]);
    assert.ok(r.reasons.includes("integration-0002 SLO accepted: error budget exhausted, attainment 99.82% vs objective 99.9% over 7d, -80% of the budget remaining."));
    assert.ok(!r.reasons.some((x) => x.includes("integration-0005")), "integration-0005 belongs to revenue-operations, which the change does not touch");
    assert.ok(r.reasons.some((x) => x.includes("error-budget-override")));
  });

  it("scope organisation: every exhausted SLO fails the change, whichever team owns it", async () => {
    const r = await gate("exhausted", { scope: "organisation" });
    assert.equal(r.decision, "fail");
    assert.deepEqual(names(r.slos.filter((s) => s.state === "exhausted")), ["integration-0005/delivered-within-60s", "integration-0002/accepted"]);
    assert.ok(r.reasons.includes("integration-0005 SLO delivered-within-60s: error budget exhausted, attainment 99.1% vs objective 99.5% over 30d, -80% of the budget remaining."));
  });

  it("a weakened detection: scope team fails on its team's exhausted SLO, scope integration passes on its own healthy ones", async () => {
    const team = await gate("exhausted", { from: FULL, to: WEAKENED_1 });
    assert.equal(team.decision, "fail");
    assert.deepEqual(team.changes.map((c) => `${c.integration} ${c.subject}: ${c.detail}`), ["integration-0001 failure mode api-errors: maxPercent raised 5 -> 25"]);
    assert.deepEqual(team.scope?.touched, [{ integration: "integration-0001", reasons: ["inventory file", "planned resources"] }]);
    assert.equal(team.slos.length, 6, "revenue-operations' six SLOs");
    assert.deepEqual(names(team.slos.filter((s) => s.state === "exhausted")), ["integration-0005/delivered-within-60s"]);
    const own = await gate("exhausted", { from: FULL, to: WEAKENED_1, scope: "integration" });
    assert.equal(own.decision, "pass");
    assert.deepEqual(names(own.slos), ["integration-0001/delivered-within-60s", "integration-0001/accepted"]);
    assert.match(own.reasons[0], /Scope integration: only the SLOs of those integrations count: 2 deployed SLO\(s\) considered, 10 of other integrations left out\.$/);
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
    assert.deepEqual(missing.map((s) => [s.integration, s.slo, s.state]), [["integration-0004", "accepted", "missing"]]);
    assert.ok(r.reasons.includes("integration-0004 SLO accepted: missing, not found in Datadog (no SLO tagged integration:integration-0004, slo:accepted, env:prod); counted as exhausted."));
  });

  it("an SLO missing in Datadog that the last verified deploy did not have: merged, not deployed, so unknown and not blocking", async () => {
    const notYet = await gate("missing-slo", { deployed: { has: (key) => key !== "integration-0004/accepted", describe: "absent at the last verified deploy, 0123456789ab" } });
    assert.equal(notYet.decision, "pass");
    assert.deepEqual(notYet.slos.filter((s) => s.state !== "healthy").map((s) => [s.integration, s.slo, s.state]), [["integration-0004", "accepted", "unknown"]]);
    assert.ok(notYet.reasons.includes("integration-0004 SLO accepted: unknown, not deployed yet (absent at the last verified deploy, 0123456789ab), so it has no budget to spend; it does not block."), notYet.reasons.join("\n"));
    // Deployed at last-good and gone from Datadog: still missing, still blocking.
    const deployed = await gate("missing-slo", { deployed: { has: () => true, describe: "unused" } });
    assert.equal(deployed.decision, "fail");
  });

  describe("unknown budgets (test/fixtures/api/budget/unknown.json)", () => {
    const YOUNG = "integration-0004 SLO accepted: unknown, created in Datadog on 2025-12-02, less than its 7d window ago, so its budget is not yet measured over a whole window; it does not block.";
    const NO_DATA = "integration-0002 SLO delivered-within-60s: unknown, Datadog has no data for it over the last 30d; it does not block.";

    it("an SLO younger than its window and one without data are listed as unknown and do not block", async () => {
      const r = await gate("unknown", {});
      assert.equal(r.decision, "pass");
      assert.equal(exitCode(r.decision), 0);
      assert.deepEqual(r.slos.map((s) => s.state), ["unknown", "healthy", "healthy", "unknown"]);
      const young = r.slos.find((s) => s.integration === "integration-0004" && s.slo === "accepted")!;
      assert.equal(young.budgetRemaining, -80, "its partial window reads overspent, and still it does not block");
      assert.deepEqual(r.reasons.slice(1), ["1 change(s) need error budget, and 2 of the 4 SLO(s) considered have error budget left, and 2 are unknown, which does not block.", NO_DATA, YOUNG]);
    });

    it("next to an exhausted SLO (scope organisation), the unknown ones are still listed as not blocking", async () => {
      const r = await gate("unknown", { scope: "organisation" });
      assert.equal(r.decision, "fail");
      assert.deepEqual(r.reasons.slice(1, 3), ["1 change(s) need error budget while error budget is exhausted or unreadable: 1 SLO(s) block it.", "integration-0005 SLO delivered-within-60s: error budget exhausted, attainment 99.1% vs objective 99.5% over 30d, -80% of the budget remaining."]);
      assert.ok(r.reasons.includes(YOUNG) && r.reasons.includes(NO_DATA));
    });
  });

  const LIST = { method: "GET", path: "/api/v1/slo" };
  /** The first SLO read: the base's highest-revenue integration's first SLO. */
  const FIRST_HISTORY = routes("healthy").find((r) => r.note?.startsWith("integration-0005 delivered-within-60s"))!.path;
  /** name, routes, the error's words, and a per-request timeout when the row is about one (the server hangs, so a slow run only fires it later). */
  const API_FAILURES: [string, ReplayRoute[], RegExp, number?][] = [
    ["403", [{ ...LIST, responses: { status: 403, body: { errors: ["Forbidden"] } } }], /^Datadog API refused the application key \(403\) for GET \/api\/v1\/slo: check DD_APP_KEY has slos_read\.$/],
    ["500", [{ ...LIST, responses: { status: 500, body: { errors: ["Internal Server Error"] } } }], /^Datadog API failed with 500 on GET \/api\/v1\/slo after 2 attempts/],
    ["timeout", [{ ...LIST, responses: { status: 200, hang: true } }], /^Datadog API did not answer GET \/api\/v1\/slo within 300 ms/, 300],
    ["a history 500 after a good list", [...routes("healthy").slice(0, 1), { method: "GET", path: FIRST_HISTORY, responses: { status: 503 } }], /^Datadog API failed with 503 on GET \/api\/v1\/slo\/[0-9a-f]{32}\/history after 2 attempts/],
  ];
  for (const [name, failing, says, requestTimeoutMs] of API_FAILURES) {
    it(`Datadog ${name}: fails closed with the client's one sentence, even with --override and on a pull request`, async () => {
      const r = await gate(failing, { override: true, scope: "organisation", on: "pull-request", ...(requestTimeoutMs !== undefined && { requestTimeoutMs }) });
      assert.equal(r.decision, "error");
      assert.match(r.error!, says);
      assert.ok(!r.error!.includes(TEST_KEYS.DD_API_KEY) && !r.error!.includes(TEST_KEYS.DD_APP_KEY));
      assert.equal(r.slos.length, 0);
    });
  }

  it("missing Datadog keys on main: blocked before any request, saying why", async () => {
    const r = await gate("healthy", { on: "main", datadog: () => datadogClientFromEnv({ DD_API_URL: server!.url }) });
    assert.equal(r.decision, "error");
    assert.equal(exitCode(r.decision), 1);
    assert.match(r.error!, /^DD_API_KEY and DD_APP_KEY are not set: .*; on main the gate needs them, so the deploy waits until they are set\.$/);
    assert.equal(server!.requests.length, 0);
  });

  it("missing Datadog keys on a pull request: skipped with exit 0, no request, saying main checks again", async () => {
    const r = await gate("exhausted", { on: "pull-request", datadog: () => datadogClientFromEnv({ DD_API_URL: server!.url }) });
    assert.equal(r.decision, "skipped");
    assert.equal(exitCode(r.decision), 0);
    assert.equal(server!.requests.length, 0);
    assert.match(r.reasons[1], /^Datadog keys \(DD_API_KEY and DD_APP_KEY\) are not available to this run, .* so the 4 SLO\(s\) in scope were not read .* the gate blocks only on main/);
  });

  it("a key that is set but malformed is an error even on a pull request: only absent keys are a notice", async () => {
    const r = await gate("healthy", { on: "pull-request", datadog: () => datadogClientFromEnv({ DD_API_KEY: "a b", DD_APP_KEY: "c", DD_API_URL: server!.url }) });
    assert.equal(r.decision, "error");
    assert.match(r.error!, /DD_API_KEY is not a valid key/);
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

  it("exits 1 naming the touched team's exhausted SLO (scope team by default), and writes JSON and markdown", async () => {
    addIntegration6();
    const r = await budgetGate(["--base", "HEAD", "--json", file("gate.json"), "--markdown", file("gate.md")], "exhausted");
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^budget-gate against HEAD \(scope team\): FAIL: error-budget freeze\n/);
    assert.match(r.stdout, /This change touches integration-0006 \(added, its inventory file changed, its planned resources change\)\. Scope team: the SLOs of the teams that own them \(growth-engineering\) count: 4 deployed SLO\(s\) considered, 6 of other teams left out\./);
    assert.match(r.stdout, /integration-0002 SLO accepted: error budget exhausted, attainment 99\.82% vs objective 99\.9% over 7d, -80% of the budget remaining\./);
    assert.doesNotMatch(r.stdout, /integration-0005/, "revenue-operations' exhausted SLO is out of scope");
    assert.match(r.stdout, /add the PR label error-budget-override/);
    const json = JSON.parse(readFileSync(file("gate.json"), "utf8"));
    assert.deepEqual([json.decision, json.override, json.on, json.scope.mode], ["fail", false, "main", "team"]);
    assert.deepEqual(json.changes.map((c: { rule: string }) => c.rule), ["integration-added"]);
    assert.equal(json.slos.length, 4);
    const md = readFileSync(file("gate.md"), "utf8");
    assert.match(md, /\*\*SLOs considered\*\* \(scope team\)/);
    assert.match(md, /\| integration-0002 \| accepted \| exhausted \| 99\.82% \| 99\.9% \| 7d \| -80% \|/);
  });

  it("--scope organisation names every exhausted SLO, whichever team owns it", async () => {
    addIntegration6();
    const all = await budgetGate(["--base", "HEAD", "--scope", "organisation"], "exhausted");
    assert.equal(all.status, 1, all.stderr);
    assert.match(all.stdout, /integration-0005 SLO delivered-within-60s: error budget exhausted/);
    assert.match(all.stdout, /integration-0002 SLO accepted: error budget exhausted/);
  });

  it("--scope integration reads only the integrations the change touches, found from git and the working tree", async () => {
    // A runbook edit (integration-0003) and a weakened detection (integration-0004): both are touched, neither owns an exhausted SLO.
    const INT4 = "inventory/integrations/integration-0004.yaml";
    writeFileSync(file(INT4), replaceOnce(readFileSync(file(INT4), "utf8"), "maxPercent: 5", "maxPercent: 9"));
    writeFileSync(file("runbooks/integration-0003.md"), `${readFileSync(file("runbooks/integration-0003.md"), "utf8")}\nOne more sentence.\n`);
    const own = await budgetGate(["--base", "HEAD", "--scope", "integration", "--json", file("gate.json")], "exhausted");
    assert.equal(own.status, 0, own.stdout + own.stderr);
    const json = JSON.parse(readFileSync(file("gate.json"), "utf8"));
    assert.deepEqual(json.scope.touched, [
      { integration: "integration-0003", reasons: ["runbook"] },
      { integration: "integration-0004", reasons: ["inventory file", "planned resources"] },
    ]);
    assert.deepEqual(json.slos.map((s: { integration: string; state: string }) => `${s.integration} ${s.state}`), ["integration-0003 healthy", "integration-0003 healthy", "integration-0004 healthy", "integration-0004 healthy"]);
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

  it("without keys on main (the default --on): exits 1 with one sentence, before any request", async () => {
    addIntegration6();
    const r = await budgetGate(["--base", "HEAD"], "healthy", {});
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^budget-gate: DD_API_KEY and DD_APP_KEY are not set: [^\n]*; on main the gate needs them, so the deploy waits until they are set\.\n$/);
    assert.equal(server!.requests.length, 0);
  });

  it("without keys on a pull request: a ::notice:: line and exit 0, and the comment says it was not checked", async () => {
    addIntegration6();
    const r = await budgetGate(["--base", "HEAD", "--on", "pull-request", "--markdown", file("gate.md"), "--json", file("gate.json")], "exhausted", {});
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    const [notice, headline] = r.stdout.split("\n");
    assert.match(notice, /^::notice title=Error-budget gate skipped::Datadog keys \(DD_API_KEY and DD_APP_KEY\) are not available to this run, .*the gate blocks only on main, where it runs again before the deploy\.$/);
    assert.equal(headline, "budget-gate against HEAD (scope team): not checked (no Datadog keys on this pull request)");
    assert.equal(server!.requests.length, 0);
    assert.match(readFileSync(file("gate.md"), "utf8"), /^### Error-budget freeze: not checked \(no Datadog keys on this pull request\)\n/);
    assert.deepEqual([JSON.parse(readFileSync(file("gate.json"), "utf8")).decision, JSON.parse(readFileSync(file("gate.json"), "utf8")).on], ["skipped", "pull-request"]);
  });

  it("explains a bad ref and a missing --base in one line each", async () => {
    const bad = await budgetGate(["--base", "no-such-ref"]);
    assert.deepEqual([bad.status, bad.stderr], [1, 'budget-gate: git ref "no-such-ref" not found\n']);
    const none = await budgetGate([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^budget-gate: --base is required/);
  });

  it("explains a bad --scope or --on in one line each", async () => {
    const scope = await budgetGate(["--base", "HEAD", "--scope", "company"]);
    assert.equal(scope.status, 2);
    assert.match(scope.stderr, /^budget-gate: --scope must be one of integration, team, organisation, not "company"\n/);
    const on = await budgetGate(["--base", "HEAD", "--on", "push"]);
    assert.equal(on.status, 2);
    assert.match(on.stderr, /^budget-gate: --on must be one of pull-request, main, not "push"\n/);
  });
});
