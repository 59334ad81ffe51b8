/**
 * Hostile input, class 1: free text that would change who a monitor notifies. Each case edits
 * the valid fixture and names the exact positioned diagnostics (message-injection); the
 * lowering, the plan and the CrossGuard pack are then checked to hold even for text that
 * reached them unchecked.
 */
import { strict as assert } from "node:assert";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { monitorMessage } from "../../compiler/lower/monitorMessage";
import { MONITOR } from "../../compiler/lower/monitors";
import { settingsFromConfig } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { findMarkup, inertText, messageHandles } from "../../compiler/notificationSyntax";
import { describeResource } from "../../compiler/plan/describeResource";
import { plannedResources } from "../../compiler/plan/plannedResource";
import { checkNotificationRoute } from "../../policy/rules/notificationRoute";
import { notificationHandles } from "../../policy/rules/monitorMessage";
import { readTeamChannels } from "../../policy/rules/teamChannels";
import { editFile as edit, loadFixture, replaceOnce, validateFixture, type Fixture } from "../support/fixture";
import { memo } from "../support/memo";
import { REPO, runCli } from "../support/runCli";

const INT1 = "inventory/integrations/integration-0001.yaml";
const SYSTEMS = "inventory/systems.yaml";
const ROTATIONS = "inventory/rotations.yaml";

/** The message-injection lines an edit of the fixture produces, and whether a model was still built. */
function injections(...changes: ((f: Fixture) => void)[]): { lines: string[]; modelBuilt: boolean; all: string[] } {
  const fixture = loadFixture();
  for (const change of changes) change(fixture);
  const result = validateFixture(fixture);
  const all = result.diagnostics.map(formatDiagnostic);
  return { lines: result.diagnostics.filter((d) => d.rule === "message-injection").map(formatDiagnostic), modelBuilt: result.inventory !== undefined, all };
}

// Made inside the tests that use it, not while the file loads (support/memo.ts says why).
const settings = memo(() => settingsFromConfig((k) => ({ runbookBaseUrl: "https://github.com/acme/martech-reliability/blob/main/runbooks", environment: "prod" })[k]));

function validInventory(): Inventory {
  const result = validateFixture(loadFixture());
  assert.ok(result.inventory, result.diagnostics.map(formatDiagnostic).join("\n"));
  return result.inventory;
}

/** Monitor logical name -> the handles its message notifies. */
function handlesByMonitor(inventory: Inventory): Map<string, string[]> {
  return new Map(
    lowerInventory(inventory, settings())
      .resources.filter((r) => r.type === MONITOR)
      .map((r) => [r.name, messageHandles(String((r.inputs as { message: string }).message))]),
  );
}

describe("hostile input: notification injection (message-injection)", () => {
  it("rejects the issue's title on a ticket-only failure mode, each construct at its character", () => {
    const title = "Rate limit nearly exhausted @pagerduty-integration-0002 @slack-ceo-office @all {{/is_alert}}";
    const r = injections(edit(INT1, "title: Rate limit nearly exhausted", `title: ${title}`));
    assert.deepEqual(r.lines, [
      `${INT1}:71:40: error: failure mode rate-limit: title: "@pagerduty-integration-0002" would notify whoever that handle names from this failure mode's monitor name and message; write it without "@" [message-injection]`,
      `${INT1}:71:91: error: failure mode rate-limit: title: "{{" is Datadog template syntax: in this failure mode's monitor name and message it would open or close a block that hides or adds text, handles included, for some alert states; write it without the braces [message-injection]`,
    ]);
    assert.equal(r.modelBuilt, false);
  });

  it("rejects an integration name with a line break and @webhook lines, pointing at the escape inside the quotes", () => {
    const r = injections(edit(INT1, "name: Synthetic integration 1", 'name: "Synthetic integration 1\\n@webhook-exfiltrate\\n@slack-ceo-office"'));
    assert.deepEqual(r.lines, [
      `${INT1}:5:31: error: name: a line break here would start a new line in every monitor message of this integration and its PagerDuty service name, and a line of its own can notify, open a block, or pass for a line the plan and CrossGuard read; keep it on one line [message-injection]`,
      `${INT1}:5:33: error: name: "@webhook-exfiltrate" would notify whoever that handle names from every monitor message of this integration and its PagerDuty service name; write it without "@" [message-injection]`,
    ]);
  });

  it("finds the same constructs in a literal block scalar, on the line where they stand", () => {
    const r = injections(edit(INT1, "name: Synthetic integration 1", "name: |\n  Synthetic integration 1\n  @webhook-exfiltrate"));
    assert.deepEqual(
      r.lines.map((l) => l.split(": error: ")[0]),
      [`${INT1}:6:26`, `${INT1}:7:3`],
    );
  });

  // Siblings: every free-text field that reaches a message, a monitor name, an SLO description or a PagerDuty field.
  const siblings: { label: string; change: (f: Fixture) => void; at: string; says: string }[] = [
    { label: "a system name (status line of every involved monitor)", change: edit(SYSTEMS, "name: hubspot", "name: hubspot @all"), at: `${SYSTEMS}:9:19`, says: 'system hubspot: name: "@all" would notify whoever that handle names from the status line of every monitor message that involves this system' },
    { label: "a status page URL with a handle after a space", change: edit(SYSTEMS, "name: hubspot\n", "name: hubspot\n    statusPage: https://status.hubspot.com/ @pagerduty-integration-0002\n"), at: `${SYSTEMS}:10:45`, says: 'system hubspot: statusPage: "@pagerduty-integration-0002" would notify' },
    { label: "a status page URL whose line break the URL parser drops, leaving the handle glued on", change: edit(SYSTEMS, "name: hubspot\n", 'name: hubspot\n    statusPage: "https://status.hubspot.com/\\n@slack-ceo-office"\n'), at: `${SYSTEMS}:10:17`, says: 'system hubspot: statusPage: "@slack-ceo-office" would notify' },
    { label: "Slack's channel-wide mention", change: edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted <!channel>"), at: `${INT1}:71:40`, says: '"<!channel>" would notify everyone in the Slack channel that receives this failure mode\'s monitor name and message; remove it' },
    { label: "a Slack user mention", change: edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted <@U024BE7LH>"), at: `${INT1}:71:41`, says: '"@U024BE7LH" would notify' },
    { label: "an email address (a Datadog @-notification)", change: edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted @ceo@example.com"), at: `${INT1}:71:40`, says: '"@ceo@example.com" would notify' },
    { label: "a triple-brace template variable", change: edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted {{{value}}}"), at: `${INT1}:71:40`, says: '"{{" is Datadog template syntax' },
    { label: "a closing brace pair alone", change: edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted }}"), at: `${INT1}:71:40`, says: '"}}" is Datadog template syntax' },
    { label: "a Unicode line separator", change: edit(INT1, "title: Rate limit nearly exhausted", 'title: "Rate limit nearly exhausted\\L@slack-ceo-office"'), at: `${INT1}:71:40`, says: "title: a line break here would start a new line" },
    { label: "a carriage return", change: edit(INT1, "title: Rate limit nearly exhausted", 'title: "Rate limit\\rnearly exhausted"'), at: `${INT1}:71:23`, says: "title: a line break here" },
    { label: "an SLO description forging a Retired: line (the SLO policy trusts it)", change: edit(INT1, "description: Leads that reach Salesforce within 60 seconds.", 'description: "Leads that reach Salesforce within 60 seconds.\\nRetired: not really"'), at: `${INT1}:17:65`, says: "slo delivered-within-60s: description: a line break here would start a new line in the SLO's description in Datadog" },
    { label: "an SLO description with a handle", change: edit(INT1, "description: Leads that reach Salesforce within 60 seconds.", "description: Leads that reach Salesforce @slack-ceo-office"), at: `${INT1}:17:46`, says: 'slo delivered-within-60s: description: "@slack-ceo-office" reads as a notification handle, and this text is copied into the SLO\'s description in Datadog; write it without "@"' },
    { label: "a retirement reason with a burn-policy line", change: edit(INT1, "    objective: 99.5\n", '    objective: 99.5\n    retired: { reason: "gone\\nBurn-rate alerts: none" }\n'), at: `${INT1}:19:29`, says: "slo delivered-within-60s: retired.reason: a line break here" },
    { label: "a rotation name (PagerDuty schedule and escalation policy)", change: edit(ROTATIONS, "name: growth-engineering primary", "name: growth-engineering {{#is_alert}} primary"), at: `${ROTATIONS}:6:30`, says: '"{{" is Datadog template syntax, and this text is copied into its PagerDuty schedule and escalation policy names' },
    { label: "an integration description (PagerDuty service)", change: edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", "description: Web form leads for region 1, questions to support@example.com"), at: `${INT1}:6:63`, says: 'description: "@example.com" reads as a notification handle, and this text is copied into its PagerDuty service\'s description' },
    { label: "a runbook path (the link in every message)", change: edit(INT1, "tier: 2", "tier: 2\nrunbook: integration-0001.md @slack-ceo-office"), at: `${INT1}:8:30`, says: 'runbook: "@slack-ceo-office" would notify whoever that handle names from the runbook link in every monitor message of this integration' },
  ];
  for (const s of siblings) {
    it(`rejects ${s.label}`, () => {
      const r = injections(s.change);
      const at = r.lines.find((l) => l.startsWith(`${s.at}: `));
      assert.ok(at, `expected message-injection at ${s.at}, got:\n${r.all.join("\n")}`);
      assert.ok(at.includes(s.says), `${at}\nshould say: ${s.says}`);
      assert.equal(r.modelBuilt, false);
    });
  }

  it("allows paragraph breaks in an integration description (PagerDuty only, no line read back), and a bare @ in prose", () => {
    const r = injections(
      edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", "description: >\n  Web form leads for region 1.\n\n  They flow through HubSpot into Salesforce."),
      edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted @ 90%"),
      (f) => f.runbooks.set("integration-0001.md", replaceOnce(f.runbooks.get("integration-0001.md")!, "### Rate limit nearly exhausted", "### Rate limit nearly exhausted @ 90%")),
    );
    assert.deepEqual(r.all, []);
  });

  it("never repeats a secret-shaped handle: it is described, not quoted", () => {
    const key = "0123456789abcdef0123456789abcdef";
    const r = injections(edit(INT1, "title: Rate limit nearly exhausted", `title: Rate limit nearly exhausted @${key}`));
    assert.deepEqual(r.lines, [
      `${INT1}:71:40: error: failure mode rate-limit: title: an "@" handle would notify whoever that handle names from this failure mode's monitor name and message; write it without "@" [message-injection]`,
    ]);
    for (const line of r.all) assert.ok(!line.includes(key), line);
  });

  it("through the CLI: exit 1, the positioned line on stdout, the same position in --format json, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "injection-"));
    try {
      const fixture = loadFixture();
      edit(INT1, "title: Rate limit nearly exhausted", "title: Rate limit nearly exhausted @slack-ceo-office")(fixture);
      for (const [file, text] of fixture.files) {
        mkdirSync(join(dir, dirname(file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      cpSync(join(REPO, "test", "fixtures", "valid", "runbooks"), join(dir, "runbooks"), { recursive: true });
      const args = ["--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks")];
      const text = runCli("cli/check.ts", args);
      assert.equal(text.status, 1);
      assert.equal(text.stderr, "");
      assert.ok(text.stdout.split("\n").some((l) => l.endsWith('integration-0001.yaml:71:40: error: failure mode rate-limit: title: "@slack-ceo-office" would notify whoever that handle names from this failure mode\'s monitor name and message; write it without "@" [message-injection]')), text.stdout);
      const json = runCli("cli/check.ts", [...args, "--format", "json"]);
      assert.equal(json.status, 1);
      const parsed = JSON.parse(json.stdout) as { diagnostics: { rule: string; line: number; column: number }[] };
      assert.deepEqual(parsed.diagnostics.filter((d) => d.rule === "message-injection").map((d) => [d.line, d.column]), [[71, 40]]);
      assert.doesNotMatch(text.stdout + json.stdout, /\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports each kind once per field, whatever its length (bounded output)", () => {
    const title = `Rate limit ${"@all {{ ".repeat(5000)}`;
    const r = injections(edit(INT1, "title: Rate limit nearly exhausted", `title: "${title}"`));
    assert.equal(r.lines.length, 2);
  });
});

describe("hostile input: the lowering cannot add a handle, even for text check never saw", () => {
  const hostile = "x @pagerduty-integration-0002\n@webhook-exfiltrate {{/is_alert}} <!channel> \u2028@all";

  it("makes free text inert: no handle, template, Slack mention or line break is left", () => {
    const inert = inertText(hostile);
    assert.deepEqual(findMarkup(inert), []);
    assert.equal(inert, "x \uff20pagerduty-integration-0002 \uff20webhook-exfiltrate { {/is_alert} } < !channel>  \uff20all");
    assert.equal(inertText("{{{value}}}"), "{ { {value} } }");
    assert.equal(inertText("Web lead forms to HubSpot and Salesforce: CRM field deprecated"), "Web lead forms to HubSpot and Salesforce: CRM field deprecated");
  });

  it("every monitor of a model with hostile names, titles and system names notifies exactly what the valid one does", () => {
    const valid = validInventory();
    const poisoned: Inventory = {
      ...valid,
      integrations: valid.integrations.map((i) => ({ ...i, name: `${i.name} ${hostile}`, failureModes: i.failureModes.map((m) => ({ ...m, title: `${m.title} ${hostile}` })) })),
      systems: valid.systems.map((s) => ({ ...s, name: `${s.name} ${hostile}`, statusPage: `https://status.example.com/ ${hostile}` })),
    };
    const expected = handlesByMonitor(valid);
    assert.ok([...expected.values()].every((h) => h.length === 1), "each valid monitor notifies one handle");
    assert.deepEqual(handlesByMonitor(poisoned), expected);
  });

  it("keeps the message's own blocks and handle", () => {
    const message = monitorMessage({
      subject: `Name: ${hostile}`,
      detection: { query: "q", options: {}, describe: "d {{#is_warning}}" },
      context: [`Owner ${hostile}`],
      recovered: "ok",
      notify: "@slack-growth-engineering-alerts",
      runbookUrl: "https://example.com/r.md#a",
    });
    assert.deepEqual(message.match(/\{\{[^}]*\}\}/g), ["{{#is_alert}}", "{{/is_alert}}", "{{^is_recovery}}", "{{/is_recovery}}", "{{#is_recovery}}", "{{/is_recovery}}"]);
    assert.deepEqual(messageHandles(message), ["@slack-growth-engineering-alerts"]);
  });
});

describe("hostile input: the plan says who a monitor notifies from the message itself", () => {
  const monitor = (message: string) => ({ type: MONITOR, name: "m", inputs: { name: "[a] t", priority: "3", message, type: "query alert" } });

  it("lists every handle wherever it stands: its own line, mid-sentence, inside a block, a Slack mention", () => {
    const message = "{{#is_alert}}\nbroke, cc @pagerduty-other.\n{{/is_alert}}\n@slack-team <!here>\nRunbook: https://x/r.md#a";
    assert.equal(describeResource(monitor(message)), "[a] t (P3, notifies @pagerduty-other @slack-team <!here>)");
    assert.equal(describeResource(monitor("no handle at all")), "[a] t (P3, notifies nobody)");
  });

  it("agrees with the policy pack's reading on every monitor of the sample plan", () => {
    for (const r of plannedResources(lowerInventory(validInventory(), settings())).filter((p) => p.type === MONITOR)) {
      const message = String(r.inputs.message);
      assert.deepEqual(messageHandles(message), notificationHandles(message), r.name);
    }
  });
});

describe("hostile input: CrossGuard monitor-notifies-exactly-its-route", () => {
  const teams = readTeamChannels(join(REPO, "test", "fixtures", "valid", "inventory"));
  const page = { tags: ["integration:integration-0001", "team:revenue-operations", "response:page"], message: "{{#is_alert}}\ndown\n{{/is_alert}}\n@pagerduty-integration-0001\nRunbook: https://x/r.md#a" };
  const ticket = { tags: ["integration:integration-0001", "team:revenue-operations", "response:ticket"], message: "{{#is_alert}}\nslow\n{{/is_alert}}\n@slack-revenue-operations-alerts\nRunbook: https://x/r.md#a" };
  const forwarderWide = { tags: ["team:growth-engineering", "service:martech-webhook-forwarder", "response:ticket"], message: "dead letters\n@slack-growth-engineering-alerts" };
  const messages = (o: { violations: readonly { message: string }[] }) => o.violations.map((v) => v.message);

  it("reads the team channels from the inventory's Teams files", () => {
    assert.ok("channels" in teams);
    assert.equal(teams.channels.get("growth-engineering"), "growth-engineering-alerts");
  });

  it("passes a paging, a ticket and a forwarder-wide monitor as the compiler lowers them", () => {
    for (const m of [page, ticket, forwarderWide]) assert.deepEqual(checkNotificationRoute(m, teams), { violations: [], unknown: [], skipped: [] });
    for (const r of lowerInventory(validInventory(), settings()).resources.filter((s) => s.type === MONITOR)) {
      assert.deepEqual(messages(checkNotificationRoute(r.inputs as Record<string, unknown>, teams)), [], r.name);
    }
  });

  it("rejects a handle added anywhere in the message, and a Slack mention", () => {
    const rows: [Record<string, unknown>, string][] = [
      [{ ...ticket, message: ticket.message.replace("slow", "slow @pagerduty-integration-0002 @slack-ceo-office") }, "notifies @pagerduty-integration-0002, @slack-ceo-office beyond @slack-revenue-operations-alerts, the one handle response:ticket with team:revenue-operations (chatChannel #revenue-operations-alerts) implies: text copied into the message must not add handles"],
      [{ ...page, message: `${page.message}\n@webhook-exfiltrate` }, "notifies @webhook-exfiltrate beyond @pagerduty-integration-0001, the one handle response:page with integration:integration-0001 implies: text copied into the message must not add handles"],
      [{ ...forwarderWide, message: `${forwarderWide.message} <!channel>` }, "notifies <!channel> beyond @slack-growth-engineering-alerts, the one handle response:ticket with team:growth-engineering (chatChannel #growth-engineering-alerts) implies: text copied into the message must not add handles"],
    ];
    for (const [props, expected] of rows) assert.deepEqual(messages(checkNotificationRoute(props, teams)), [expected]);
  });

  it("rejects a monitor that does not notify its route, or whose tags cannot say what the route is", () => {
    const rows: [Record<string, unknown>, string[]][] = [
      [{ ...page, message: ticket.message }, ["does not notify @pagerduty-integration-0001, which response:page with integration:integration-0001 implies", "notifies @slack-revenue-operations-alerts beyond @pagerduty-integration-0001, the one handle response:page with integration:integration-0001 implies: text copied into the message must not add handles"]],
      [{ ...ticket, tags: ["team:revenue-operations"] }, ["is tagged with no response: tag it exactly one of response:page or response:ticket, so who it notifies can be checked"]],
      [{ ...ticket, tags: ["team:revenue-operations", "response:page", "response:ticket"] }, ["is tagged response:page, response:ticket: tag it exactly one of response:page or response:ticket, so who it notifies can be checked"]],
      [{ ...page, tags: ["team:revenue-operations", "response:page"] }, ["is tagged response:page but not with exactly one integration:<id>, so the PagerDuty service it must page is unknown"]],
      [{ ...ticket, tags: ["team:nobody", "response:ticket"] }, ["is tagged team:nobody, a team the inventory does not define, so the channel its tickets go to is unknown"]],
    ];
    for (const [props, expected] of rows) assert.deepEqual(messages(checkNotificationRoute(props, teams)), expected);
  });

  it("says why it could not check a ticket monitor when the inventory cannot be read", () => {
    const missing = readTeamChannels(join(REPO, "test", "fixtures", "no-such-inventory"));
    const outcome = checkNotificationRoute(ticket, missing);
    assert.deepEqual(outcome.violations, []);
    assert.match(outcome.skipped[0] ?? "", /^the inventory folder .*no-such-inventory could not be read \(ENOENT/);
  });
});
