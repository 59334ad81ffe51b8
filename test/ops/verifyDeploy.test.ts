/**
 * `verify-deploy` run as a child process against a real HTTP server on 127.0.0.1 replaying
 * the recorded Datadog state of the sample inventory's prod stack (test/fixtures/api/datadog),
 * and the pure check behind it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MONITOR } from "../../compiler/lower/monitors";
import { SLO } from "../../compiler/lower/slos";
import { resolveRefsInString } from "../../compiler/lower/spec";
import { checkDeployed, type ExpectedDatadog } from "../../ops/datadog/deployedCheck";
import type { DatadogMonitor, DatadogSlo } from "../../ops/datadog/types";
import { loadFixture, startReplayServer, type RecordedResponse, type ReplayRoute, type ReplayServer } from "../support/apiReplay";
import { envWithoutApiKeys, runCliAsync, type CliResult } from "../support/runCli";
import { sampleState } from "../support/sampleState";

const KEYS = { DD_API_KEY: "dd-api-key-0123456789abcdef", DD_APP_KEY: "dd-app-key-fedcba9876543210" };
const REBUILD = "the recording is stale against inventory/: run `npx tsx test/fixtures/api/build.ts` and review the diff";

function verifyDeploy(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCliAsync("cli/verifyDeploy.ts", args, { env: { ...envWithoutApiKeys(), ...env } });
}

type Page = { route: ReplayRoute; response: RecordedResponse };
/** Every recorded 200 page of a fixture, to edit the recording in place before replaying it. */
function pages(routes: ReplayRoute[]): Page[] {
  return routes.map((route) => ({ route, response: route.responses as RecordedResponse }));
}
const monitorsIn = (p: Page) => p.response.body as { id: number; name: string; message: string }[];

describe("verify-deploy", function () {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function run(datadog: ReplayRoute[], args: string[] = [], env: NodeJS.ProcessEnv = {}) {
    server = await startReplayServer(datadog);
    const r = await verifyDeploy(args, { ...KEYS, DD_API_URL: server.url, ...env });
    for (const key of Object.values(KEYS)) assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), "a key was printed");
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
    return r;
  }
  const recording = () => ({ monitors: loadFixture("datadog", "monitor-list"), slos: loadFixture("datadog", "slo-list") });

  it("passes on the recording of a coherent deployment, reading every page", async () => {
    const { monitors, slos } = recording();
    const r = await run([...monitors, ...slos]);
    assert.equal(r.status, 0, `${REBUILD}\n${r.stdout}${r.stderr}`);
    const total = pages(monitors).reduce((n, p) => n + monitorsIn(p).length, 0);
    assert.equal(r.stdout.trim(), `verified ${total} monitors and 10 SLOs in Datadog (env:prod, managed-by:pulumi) for stack prod: all present, ${total} runbook links match the inventory`);
    assert.ok(server!.requests.every((q) => q.route >= 0), "every request matched a recorded route");
    const monitorRequests = server!.requests.filter((q) => q.path === "/api/v1/monitor");
    assert.deepEqual(monitorRequests.map((q) => q.query.page), ["0", "1"]);
    assert.equal(monitorRequests[0].query.monitor_tags, "managed-by:pulumi,env:prod");
    assert.equal(server!.requests.find((q) => q.path === "/api/v1/slo")?.query.tags_query, "managed-by:pulumi");
  });

  it("fails naming the monitor whose message lost its runbook link, and the one linking elsewhere", async () => {
    const { monitors, slos } = recording();
    const [first, second] = monitorsIn(pages(monitors)[0]);
    first.message = first.message.replace(/\nRunbook: .*$/, "");
    second.message = second.message.replace(/(Runbook: \S+)#.*$/, "$1#diagnosis");
    const r = await run([...monitors, ...slos]);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split("\n");
    assert.ok(lines.some((l) => l.startsWith(`monitor "${first.name}" (id ${first.id}) has no runbook link: its message lacks the line "Runbook: https://github.com/acme/martech-reliability/blob/main/runbooks/`)), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`monitor "${second.name}" (id ${second.id}) links to https://`) && l.includes("#diagnosis instead of its runbook section")), r.stdout);
    const total = pages(monitors).reduce((n, p) => n + monitorsIn(p).length, 0);
    assert.equal(lines.at(-1), `verify-deploy: 2 problem(s) among ${total} monitors and 10 SLOs in Datadog (env:prod, managed-by:pulumi) for stack prod`);
  });

  it("fails naming a monitor and an SLO that are not in Datadog", async () => {
    const { monitors, slos } = recording();
    const last = pages(monitors).at(-1)!;
    const gone = monitorsIn(last).pop()!;
    const sloPage = pages(slos).find((p) => p.route.query?.limit === "50")!;
    const body = sloPage.response.body as { data: { name: string }[]; metadata: { page: { total_count: number; total_filtered_count: number } } };
    const sloGone = body.data.shift()!;
    body.metadata.page = { total_count: body.data.length, total_filtered_count: body.data.length };
    const r = await run([...monitors, ...slos]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`^monitor "${escape(gone.name)}" is not in Datadog: no monitor of that name carries the tags env:prod and managed-by:pulumi\\.$`, "m"));
    assert.match(r.stdout, new RegExp(`^SLO "${escape(sloGone.name)}" is not in Datadog: `, "m"));
  });

  it("fails with the API's sentence and exit 1 when Datadog refuses the key", async () => {
    const { monitors } = recording();
    const r = await run([...monitors, ...loadFixture("datadog", "slo-list-403")]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "verify-deploy: Datadog API refused the application key (403) for GET /api/v1/slo: check DD_APP_KEY has slos_read.\n");
  });

  it("fails naming the missing key variable, before any request", async () => {
    const r = await run(recording().monitors, [], { DD_APP_KEY: "" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^verify-deploy: DD_APP_KEY is not set: /);
    assert.equal(server!.requests.length, 0);
  });

  it("reports an invalid inventory like check, without calling Datadog", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verify-deploy-"));
    try {
      writeFileSync(join(dir, "broken.yaml"), "version: reliability/v1\nkind: Integration\nid: Not Kebab\n");
      const r = await run(recording().monitors, ["--inventory", dir]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /broken\.yaml:\d+:\d+: error: /);
      assert.match(r.stdout, /verify-deploy: the inventory is invalid; nothing was verified\n$/);
      assert.equal(server!.requests.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * What Datadog holds after `pulumi up` on a stack, in the API's shapes (as test/fixtures/api/build.ts
   * records prod's), built from that stack's lowered specs: one page of each list.
   */
  function deployedRecording(stack: string): ReplayRoute[] {
    const specs = sampleState(stack).resources;
    const sloIds = new Map(specs.filter((r) => r.type === SLO).map((r, i) => [r.name, `${stack}${String(i).padStart(32 - stack.length, "0")}`]));
    const slos = specs.filter((r) => r.type === SLO).map((r) => {
      const inputs = r.inputs as { name: string; tags: string[]; thresholds: { timeframe: string; target: number }[] };
      return { id: sloIds.get(r.name), name: inputs.name, type: "metric", tags: inputs.tags, thresholds: inputs.thresholds };
    });
    const monitors = specs.filter((r) => r.type === MONITOR).map((r, i) => {
      const inputs = r.inputs as { name: string; type: string; query: string; message: string; tags: string[]; priority: string };
      return { id: 170_000_000 + i, name: inputs.name, type: inputs.type, query: resolveRefsInString(inputs.query, (name) => sloIds.get(name) ?? name), message: inputs.message, tags: inputs.tags, priority: Number(inputs.priority) };
    });
    const ok = (body: unknown): RecordedResponse => ({ status: 200, body });
    // The client's default page size, 50; a last page shorter than that (maybe empty) ends the list.
    const pages = Array.from({ length: Math.floor(monitors.length / 50) + 1 }, (_, i) => monitors.slice(i * 50, (i + 1) * 50));
    return [
      ...pages.map((page, i): ReplayRoute => ({ method: "GET", path: "/api/v1/monitor", query: { page: String(i), page_size: "50" }, responses: ok(page) })),
      { method: "GET", path: "/api/v1/slo", query: { tags_query: "managed-by:pulumi", limit: "50", offset: "0" }, responses: ok({ data: slos, metadata: { page: { total_count: slos.length, total_filtered_count: slos.length } } }) },
    ];
  }

  // Staging creates the five SLOs over the forwarder's own metrics only (README, "Staging").
  it("--stack staging verifies staging's monitors and SLOs (env:staging, [staging] names)", async () => {
    const r = await run(deployedRecording("staging"), ["--stack", "staging"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout.trim(), /^verified (\d+) monitors and 5 SLOs in Datadog \(env:staging, managed-by:pulumi\) for stack staging: all present, \1 runbook links match the inventory$/);
    assert.equal(server!.requests.find((q) => q.path === "/api/v1/monitor")?.query.monitor_tags, "managed-by:pulumi,env:staging");
  });

  it("--stack staging fails when Datadog holds only prod's resources: none of them counts for staging", async () => {
    const r = await run(deployedRecording("prod"), ["--stack", "staging"]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^monitor "\[staging\] \[web-lead-form-to-crm\] Salesforce rejects lead upserts" is not in Datadog: no monitor of that name carries the tags env:staging and managed-by:pulumi\.$/m);
    assert.match(r.stdout, /^SLO "\[staging\] \[web-lead-form-to-crm\] lead-delivered-within-5m" is not in Datadog: /m);
    assert.match(r.stdout, /verify-deploy: \d+ problem\(s\) among \d+ monitors and 5 SLOs in Datadog \(env:staging, managed-by:pulumi\) for stack staging\n$/);
  });

  it("prints usage for --help, and exits 2 on an unknown flag", async () => {
    const help = await run([], ["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: npm run verify-deploy -- /);
    await server!.close();
    server = undefined;
    const bad = await run([], ["--stak", "prod"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^verify-deploy: Unknown option '--stak'/);
  });
});

describe("checkDeployed", () => {
  const url = "https://example.com/runbooks/a.md#x";
  const tags = ["integration:a", "env:prod", "managed-by:pulumi"];
  const expected: ExpectedDatadog = {
    monitors: [
      { name: "[a] fails", tags, runbookUrl: url, sloNames: [] },
      { name: "[a] SLO s burning 14.4x over 1h", tags, runbookUrl: url, sloNames: ["[a] s"] },
    ],
    slos: [{ name: "[a] s", tags: [...tags, "slo:s"], thresholds: [{ timeframe: "30d", target: 99.5 }] }],
  };
  const monitor = (over: Partial<DatadogMonitor>): DatadogMonitor => ({ id: 1, name: "[a] fails", type: "query alert", query: "q", message: `hi\nRunbook: ${url}`, tags, priority: 1, ...over });
  const slo: DatadogSlo = { id: "abc", name: "[a] s", type: "metric", tags: [...tags, "slo:s"], thresholds: [{ timeframe: "30d", target: 99.5 }] };
  const burn = monitor({ id: 2, name: "[a] SLO s burning 14.4x over 1h", type: "slo alert", query: 'burn_rate("abc").over("30d") > 14.4' });

  const table: [string, DatadogMonitor[], DatadogSlo[], string[]][] = [
    ["all present and linked", [monitor({}), burn], [slo], []],
    ["a monitor without one of its tags", [monitor({ tags: ["env:prod", "managed-by:pulumi"] }), burn], [slo], ['monitor "[a] fails" (id 1) is in Datadog without the tag integration:a.']],
    ["a monitor twice", [monitor({}), monitor({ id: 9 }), burn], [slo], ['monitor "[a] fails" exists 2 times in Datadog (ids 1, 9); Pulumi manages one, so delete the others.']],
    ["an empty Runbook line", [monitor({ message: "hi\nRunbook: " }), burn], [slo], [`monitor "[a] fails" (id 1) has no runbook link: its message lacks the line "Runbook: ${url}".`]],
    ["an SLO with another target", [monitor({}), burn], [{ ...slo, thresholds: [{ timeframe: "30d", target: 99 }] }], ['SLO "[a] s" (id abc) targets 99% over 30d in Datadog, but the inventory says 99.5% over 30d.']],
    ["a burn-rate alert watching another SLO", [monitor({}), { ...burn, query: 'burn_rate("old").over("30d") > 14.4' }], [slo], ['burn-rate monitor "[a] SLO s burning 14.4x over 1h" (id 2) does not watch SLO "[a] s" (id abc): its query is burn_rate("old").over("30d") > 14.4.']],
  ];
  for (const [name, monitors, slos, problems] of table) {
    it(name, () => assert.deepEqual(checkDeployed(expected, { monitors, slos }).problems, problems));
  }

  it("notes a managed monitor the inventory no longer has, without failing", () => {
    const result = checkDeployed(expected, { monitors: [monitor({}), burn, monitor({ id: 7, name: "[old] gone" })], slos: [slo] });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.notes, ['monitor "[old] gone" (id 7) is tagged managed-by:pulumi in Datadog but is not in the inventory.']);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
