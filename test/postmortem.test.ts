import { strict as assert } from "node:assert";
import { inlineText } from "../compiler/plan/markdown";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkInventory } from "../compiler/checkInventory";
import { settingsFromConfig } from "../compiler/lower/settings";
import type { Integration, Inventory } from "../compiler/model";
import { renderPostmortem } from "../cli/postmortemDraft";
import { readSloWindows } from "../ops/budget/readSloWindows";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { sloBudgets, windowEnding } from "../cli/sloBudgets";
import { readStackConfig } from "../cli/stackConfig";
import { loadFixture, startReplayServer, type RecordedResponse, type ReplayRoute, type ReplayServer } from "./support/apiReplay";
import { envWithoutApiKeys, REPO, runCliAsync, type CliResult } from "./support/runCli";

const FIXTURE = join(REPO, "test", "fixtures", "valid");
const LOCATION = ["--inventory", join(FIXTURE, "inventory"), "--runbooks", join(FIXTURE, "runbooks")];
/** Test-only values; the assertions check they never reach the output. */
const KEYS = { DD_API_KEY: "test-api-key-4f1d9c", DD_APP_KEY: "test-app-key-8b2e7a" };

/**
 * The CLI as npm runs it, with exactly the Datadog environment given (none by default).
 * Asynchronous, so the replay server in this process can answer while it runs.
 */
function postmortem(args: readonly string[], ddEnv: Record<string, string> = {}): Promise<CliResult> {
  return runCliAsync("cli/postmortem.ts", args, { env: { ...envWithoutApiKeys(), ...ddEnv } });
}

const sample = (): { inventory: Inventory; integration: Integration } => {
  const inventory = checkInventory({ inventoryDir: join(FIXTURE, "inventory"), runbooksDir: join(FIXTURE, "runbooks") }).inventory!;
  return { inventory, integration: inventory.integrations.find((i) => i.id === "integration-0001")! };
};
/** The markdown table row whose first cell matches. */
const row = (doc: string, first: RegExp) => doc.split("\n").find((l) => l.startsWith("| ") && first.test(l.split(" | ")[0]!.slice(2)));

describe("postmortem CLI", () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), "postmortem-"))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const draftFile = () => join(out, "2024-05-14-integration-0001.md");

  it("scaffolds a blameless draft prefilled from the inventory, with budgets not available without keys", async () => {
    const r = await postmortem(["integration-0001", "2024-05-14", "--out", out, ...LOCATION]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, new RegExp(`^created ${draftFile().replace(/[.\\]/g, "\\$&")}\n`));
    assert.match(r.stdout, /error budgets not available for 2 of 2 SLO\(s\): DD_API_KEY and DD_APP_KEY are not set/);
    const doc = readFileSync(draftFile(), "utf8");

    assert.match(doc, /^# Postmortem: Synthetic integration 1, 2024-05-14\n/);
    assert.doesNotMatch(doc, /\{\{|\}\}/, "every placeholder is filled");
    assert.match(doc, /\*\*Blameless\.\*\*/);
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, ["Summary", "Impact", "SLOs and error budget", "Timeline (UTC)", "Detection", "Contributing factors", "What went well", "What went poorly", "Where we got lucky", "Action items", "Follow-up in this repository"]);

    const { inventory, integration } = sample();
    const team = inventory.teams.find((t) => t.id === integration.owner)!;
    const rotation = inventory.rotations.find((x) => x.id === integration.rotation)!;
    const owner = inventory.teams.flatMap((t) => t.members).find((m) => m.email === rotation.escalation.owner)!;
    assert.equal(row(doc, /^Tier$/), "| Tier | 2 (important) |");
    assert.match(row(doc, /^Owner team$/)!, new RegExp(`${team.chatChannel}`));
    assert.match(row(doc, /^On-call rotation$/)!, /`revenue-operations-primary`/);
    assert.equal(row(doc, /^Escalation owner$/), `| Escalation owner | ${owner.name} \`<${owner.email}>\`, after ${rotation.escalation.afterMinutes} minutes unacknowledged |`);
    assert.match(doc, /Revenue exposure: \*\*\$8,019\/h\*\*/);
    assert.match(doc, /Basis: Leads per hour times conversion times average deal size\./);
    assert.match(doc, /Revenue at risk: TODO hours x \$8,019\/h/);
    const names = (ids: readonly string[]) => ids.map((id) => inventory.systems.find((s) => s.id === id)!.name).join(", ");
    assert.match(doc, new RegExp(`- Upstream: ${names(integration.upstream)}\n- Downstream: ${names(integration.downstream)}\n`));

    // Each SLO with objective and window; the budget cell says why it is missing.
    // The reason is datadogClientFromEnv's own sentence (the one check of the keys).
    const noKeys = "not available: DD_API_KEY and DD_APP_KEY are not set: export the Datadog API and application keys (from a secret store, never on the command line)";
    assert.equal(row(doc, /delivered-within-60s/), `| \`delivered-within-60s\` | Leads that reach Salesforce within 60 seconds. | 99.5% | 30d |  | ${noKeys} |`);
    assert.ok(row(doc, /`accepted`/)!.endsWith(`| 99.9% | 7d |  | ${noKeys} |`));

    // Every failure mode, most frequent first, with its monitor and its runbook section at runbookBaseUrl.
    const base = readStackConfig("prod", REPO).runbookBaseUrl;
    const modeRows = doc.split("\n").filter((l) => /^\| \d+ \| /.test(l));
    assert.equal(modeRows.length, integration.failureModes.length);
    integration.failureModes.forEach((mode, i) => {
      const cells = modeRows[i]!.split(" | ");
      // Inventory text is made inert markdown (compiler/plan/markdown.ts): "[" is escaped, it renders the same.
      assert.equal(cells[1], inlineText(mode.title));
      assert.equal(cells[5], inlineText(`[integration-0001] ${mode.title}`));
      assert.equal(cells[6], `[integration-0001.md#${mode.runbookAnchor}](${base}/integration-0001.md#${mode.runbookAnchor}) |`);
    });
    assert.match(modeRows.find((l) => l.includes("CRM field deprecated"))!, /\| page burns `delivered-within-60s` \| reconciliation: /);
  });

  it("fills each SLO's budget over its window ending that date from Datadog, and a per-SLO failure stays in its row", async () => {
    const server: ReplayServer = await startReplayServer(loadFixture("datadog", "postmortem-budgets"));
    try {
      const r = await postmortem(["integration-0001", "2024-05-14", "--out", out, ...LOCATION], { ...KEYS, DD_API_URL: server.url });
      assert.equal(r.status, 0, r.stderr);
      const doc = readFileSync(draftFile(), "utf8");
      // The prod SLO (not the staging one with the same tags) over the 30 days ending 2024-05-15T00:00Z.
      assert.equal(row(doc, /delivered-within-60s/), "| `delivered-within-60s` | Leads that reach Salesforce within 60 seconds. | 99.5% | 30d | 99.38% | -24% |");
      assert.match(row(doc, /`accepted`/)!, /\| 99\.9% \| 7d \|  \| not available: Datadog API refused the application key \(403\)[^|]*slos\\?_read[^|]*\|$/);
      assert.match(r.stdout, /error budgets not available for 1 of 2 SLO\(s\): Datadog API refused the application key/);

      const history = server.requests.filter((q) => q.path.endsWith("/history"));
      assert.deepEqual(
        history.map((q) => [q.path, q.query.from_ts, q.query.to_ts, q.query.target]).sort(),
        [
          ["/api/v1/slo/0f2b4c6d8e0a4b1c9d3e5f7a9b1c3d5e/history", "1713139200", "1715731200", "99.5"],
          ["/api/v1/slo/8a6c4e2f0b9d4c7a8e1f3a5c7e9b2d4f/history", "1715126400", "1715731200", "99.9"],
        ],
      );
      assert.ok(server.requests.every((q) => q.route >= 0), "every request matched a recorded route");
      assert.ok(server.requests.every((q) => q.headers["dd-api-key"] === KEYS.DD_API_KEY && q.headers["dd-application-key"] === KEYS.DD_APP_KEY));
      for (const text of [doc, r.stdout, r.stderr]) for (const key of Object.values(KEYS)) assert.ok(!text.includes(key), "a key leaked into the output");
    } finally {
      await server.close();
    }
  });

  it("still writes the draft when Datadog refuses the keys, saying so in every budget cell", async () => {
    const server = await startReplayServer([{ method: "GET", path: "/api/v1/slo", responses: { status: 401, body: { errors: ["Unauthorized"] } } }]);
    try {
      const r = await postmortem(["integration-0001", "2024-05-14", "--out", out, ...LOCATION], { ...KEYS, DD_API_URL: server.url });
      assert.equal(r.status, 0, r.stderr);
      const doc = readFileSync(draftFile(), "utf8");
      for (const slo of [/delivered-within-60s/, /`accepted`/]) assert.match(row(doc, slo)!, /\| not available: Datadog API rejected the API key \(401\)[^|]*\|$/);
      assert.equal(server.requests.length, 1, "a 401 is not retried");
    } finally {
      await server.close();
    }
  });

  it("never overwrites an existing postmortem", async () => {
    assert.equal((await postmortem(["integration-0001", "2024-05-14", "--out", out, ...LOCATION])).status, 0);
    writeFileSync(draftFile(), "notes already taken during the incident\n");
    const r = await postmortem(["integration-0001", "2024-05-14", "--out", out, ...LOCATION]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `postmortem: ${draftFile()} already exists; nothing was written (edit it, or pass another --out)\n`);
    assert.equal(readFileSync(draftFile(), "utf8"), "notes already taken during the incident\n");
  });

  it("names an unknown integration with a did-you-mean, and writes nothing", async () => {
    const r = await postmortem(["integration-001", "2024-05-14", "--out", out, ...LOCATION]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'postmortem: there is no integration "integration-001"; did you mean "integration-0001"?\n');
    assert.deepEqual(readdirSync(out), []);
  });

  const refuses = async (args: string[], expected: RegExp) => {
    const r = await postmortem([...args, "--out", out, ...LOCATION]);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(readdirSync(out), [], "nothing written");
  };

  it("rejects a date that is not a real past calendar day, in one line", async () => {
    await refuses(["integration-0001", "2024-02-30"], /^postmortem: "2024-02-30" is not a date: use YYYY-MM-DD, e.g. 2024-05-14\nusage: npm run postmortem -- /);
    await refuses(["integration-0001", "14/05/2024"], /^postmortem: "14\/05\/2024" is not a date/);
    await refuses(["integration-0001", "2999-01-01"], /^postmortem: 2999-01-01 is in the future: a postmortem is about an incident that has happened\n$/);
    assert.equal((await postmortem(["integration-0001", "2024-02-29", "--out", out, ...LOCATION])).status, 0, "a leap day is a date");
    assert.ok(existsSync(join(out, "2024-02-29-integration-0001.md")));
  });

  it("explains missing arguments and unknown options with the usage", async () => {
    await refuses(["integration-0001"], /^postmortem: usage: npm run postmortem -- <integration> <YYYY-MM-DD>/);
    await refuses(["integration-0001", "2024-05-14", "--force"], /^postmortem: Unknown option '--force'/);
  });
});

describe("postmortem draft", () => {
  const { inventory, integration } = sample();
  const settings = settingsFromConfig((k) => readStackConfig("prod", REPO)[k] || undefined);
  const input = { inventory, integration, date: "2024-05-14", settings, runbooksDir: "runbooks", budgets: [] };

  it("refuses a template placeholder it does not know, rather than leaving it in the document", () => {
    assert.throws(() => renderPostmortem({ ...input, template: "# {{integration.name}} {{incident.cause}}" }), /unknown placeholder \{\{incident\.cause\}\}/);
    assert.equal(renderPostmortem({ ...input, template: "<!-- about the template -->\n# {{integration.id}} on {{date}}\n" }), "# integration-0001 on 2024-05-14\n");
  });

  it("asks Datadog for the whole window ending with the incident's UTC day, never the future", () => {
    assert.deepEqual(windowEnding("2024-05-14", "30d", 2e9), { fromS: 1715731200 - 30 * 86400, toS: 1715731200 });
    assert.deepEqual(windowEnding("2024-05-14", "7d", 1715700000.7), { fromS: 1715700000 - 7 * 86400, toS: 1715700000 });
  });
});

describe("postmortem: SLO budgets from Datadog (sloBudgets)", () => {
  const { integration } = sample();
  const settings = settingsFromConfig((k) => readStackConfig("prod", REPO)[k] || undefined);
  const NOW_S = 2e9;
  const recorded = loadFixture("datadog", "postmortem-budgets");
  type ListedSlo = { id: string; tags: string[] };
  const listed = () => ((recorded[0].responses as RecordedResponse).body as { data: ListedSlo[] }).data;
  /** The recorded routes with the SLO list replaced, and every history answered like the recorded 200. */
  const routes = (slos: ListedSlo[]): ReplayRoute[] => [
    { ...recorded[0], responses: { status: 200, body: { data: slos } } },
    ...recorded.slice(1).map((r) => ({ ...r, responses: recorded[1].responses })),
  ];
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const budgets = async (slos: ListedSlo[]) => {
    server = await startReplayServer(routes(slos));
    return sloBudgets(integration, "2024-05-14", settings, { ...KEYS, DD_API_URL: server.url }, NOW_S);
  };

  it("matches as budget-gate and report do: two SLOs with the same tags are unknown, an SLO without env: is not ours", async () => {
    const [, prod, accepted] = listed();
    const twin = { ...prod, id: "twin0000000000000000000000000001" };
    const noEnv = { ...accepted, tags: accepted.tags.filter((t) => !t.startsWith("env:")) };
    const got = await budgets([prod, twin, noEnv]);
    assert.deepEqual(got, [
      { kind: "unavailable", sloId: "delivered-within-60s", reason: "2 Datadog SLOs are tagged integration:integration-0001, slo:delivered-within-60s, env:prod (0f2b4c6d8e0a4b1c9d3e5f7a9b1c3d5e, twin0000000000000000000000000001), so which one counts is unknown" },
      { kind: "unavailable", sloId: "accepted", reason: "not found in Datadog (no SLO tagged integration:integration-0001, slo:accepted, env:prod)" },
    ]);
    assert.deepEqual(server!.requests.map((q) => q.path), ["/api/v1/slo"], "no history is read for an SLO that is not matched");
  });

  it("matches tags case-insensitively (Datadog may report them in any case), and fills the budget from each window", async () => {
    const [, prod, accepted] = listed();
    const upper = { ...accepted, tags: accepted.tags.map((t) => t.toUpperCase()) };
    const got = await budgets([prod, upper]);
    assert.deepEqual(got, [
      { kind: "value", sloId: "delivered-within-60s", errorBudgetRemaining: -24, sliValue: 99.38 },
      { kind: "value", sloId: "accepted", errorBudgetRemaining: -24, sliValue: 99.38 },
    ]);
    assert.deepEqual(server!.requests.map((q) => q.path), ["/api/v1/slo", "/api/v1/slo/0f2b4c6d8e0a4b1c9d3e5f7a9b1c3d5e/history", "/api/v1/slo/8a6c4e2f0b9d4c7a8e1f3a5c7e9b2d4f/history"]);
  });

  it("readSloWindows reads one history at a time (Datadog rate-limits them), through the real client", async () => {
    const [, prod, accepted] = listed();
    server = await startReplayServer(routes([prod, accepted]));
    const dd = datadogClientFromEnv({ ...KEYS, DD_API_URL: server.url });
    let inFlight = 0;
    let most = 0;
    const reader = {
      listSlos: (q: { tagsQuery?: string }) => dd.listSlos(q),
      sloHistory: async (...a: Parameters<typeof dd.sloHistory>) => {
        most = Math.max(most, ++inFlight);
        try {
          return await dd.sloHistory(...a);
        } finally {
          inFlight--;
        }
      },
    };
    const slos = integration.slos.map((s) => ({ integration: integration.id, slo: s.id, objective: s.objective, window: s.window }));
    const reads = await readSloWindows(reader, slos, "prod", 1715731200, { tagsQuery: `integration:${integration.id}` });
    assert.deepEqual(reads.map((r) => r.kind), ["read", "read"]);
    assert.equal(most, 1, "two history reads overlapped");
  });
});
