/**
 * Monitor messages rendered per notification with Datadog's template semantics
 * (https://docs.datadoghq.com/monitors/notify/variables/), and the checks every rendered text
 * of the sample plan must pass, forwarder monitors included (`npm run simulate` checks each
 * integration's, for what its scenarios sent too: sampleInventory.test.ts).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  checkMonitorMessages,
  reachableNotifications,
  renderMonitorMessages,
  type MessageContext,
  type MonitorMessageInputs,
} from "../../compiler/simulate/render/monitorMessages";
import { renderTemplate, type MessageNotification as Notification } from "../../compiler/simulate/render/notification";
import { parseTemplate, TemplateError } from "../../compiler/simulate/render/template";
import { REPO } from "../support/runCli";
import { sampleInventory } from "../support/sampleState";

const ALERT: Notification = { state: "ALERT", from: "OK" };
const WARN: Notification = { state: "WARN", from: "OK" };
const NO_DATA: Notification = { state: "NO DATA", from: "OK" };
const ALERT_RECOVERY: Notification = { state: "OK", from: "ALERT" };
const WARN_RECOVERY: Notification = { state: "OK", from: "WARN" };
const NO_DATA_RECOVERY: Notification = { state: "OK", from: "NO DATA" };
const ALERT_TO_WARN: Notification = { state: "WARN", from: "ALERT" };
const RENOTIFY: Notification = { state: "ALERT", from: "ALERT", renotify: true };

const shown = (template: string, n: Notification) => renderTemplate(template, n).text === "x";

describe("Datadog message templates", () => {
  // One row per conditional variable of the documented table: the notifications it shows in.
  const table: [string, Notification[], Notification[]][] = [
    ["is_alert", [ALERT, RENOTIFY], [WARN, NO_DATA, ALERT_RECOVERY]],
    ["is_warning", [WARN, ALERT_TO_WARN], [ALERT, NO_DATA, WARN_RECOVERY]],
    ["is_no_data", [NO_DATA], [ALERT, WARN, NO_DATA_RECOVERY]],
    // "The monitor recovers from ALERT, WARNING, UNKNOWN, or NO DATA"
    ["is_recovery", [ALERT_RECOVERY, WARN_RECOVERY, NO_DATA_RECOVERY], [ALERT, WARN, NO_DATA, RENOTIFY]],
    ["is_alert_recovery", [ALERT_RECOVERY], [WARN_RECOVERY, NO_DATA_RECOVERY, ALERT]],
    ["is_warning_recovery", [WARN_RECOVERY], [ALERT_RECOVERY, NO_DATA_RECOVERY, WARN]],
    ["is_no_data_recovery", [NO_DATA_RECOVERY], [ALERT_RECOVERY, WARN_RECOVERY, NO_DATA]],
    ["is_alert_to_warning", [ALERT_TO_WARN], [WARN, ALERT, ALERT_RECOVERY]],
    ["is_renotify", [RENOTIFY], [ALERT, ALERT_RECOVERY]],
  ];
  for (const [name, on, off] of table) {
    it(`{{#${name}}} and {{^${name}}} follow the documented states`, () => {
      for (const n of on) {
        assert.ok(shown(`{{#${name}}}x{{/${name}}}`, n), `${name} in ${JSON.stringify(n)}`);
        assert.ok(!shown(`{{^${name}}}x{{/${name}}}`, n));
      }
      for (const n of off) {
        assert.ok(!shown(`{{#${name}}}x{{/${name}}}`, n), `not ${name} in ${JSON.stringify(n)}`);
        assert.ok(shown(`{{^${name}}}x{{/${name}}}`, n));
      }
    });
  }

  it("{{#is_priority 'P1'}} matches the monitor's priority", () => {
    assert.ok(shown("{{#is_priority 'P1'}}x{{/is_priority}}", { ...ALERT, priority: 1 }));
    assert.ok(shown('{{#is_priority "P2"}}x{{/is_priority}}', { ...ALERT, priority: 2 }));
    assert.ok(!shown("{{#is_priority 'P1'}}x{{/is_priority}}", { ...ALERT, priority: 3 }));
    assert.ok(!shown("{{#is_priority 'P1'}}x{{/is_priority}}", ALERT));
  });

  it("renders the documented alert/warning/recovery example with its variables", () => {
    const template =
      "{{#is_alert}}Disk usage {{value}} is above {{threshold}} over {{timeframe}} @pagerduty-ops{{/is_alert}}" +
      "{{#is_warning}}Disk usage {{value}} is above {{warn_threshold}} @slack-ops{{/is_warning}}" +
      "{{#is_recovery}}Disk usage is back to normal{{/is_recovery}}";
    const vars = { value: 93.5, threshold: 90, warn_threshold: 80, timeframe: "last_5m" };
    assert.equal(renderTemplate(template, ALERT, vars).text, "Disk usage 93.5 is above 90 over last_5m @pagerduty-ops");
    assert.equal(renderTemplate(template, WARN, vars).text, "Disk usage 93.5 is above 80 @slack-ops");
    assert.equal(renderTemplate(template, WARN_RECOVERY, vars).text, "Disk usage is back to normal");
    assert.deepEqual(renderTemplate("{{value}} {{ host.name }}", ALERT, { value: 1 }), { text: "1 ", unresolved: ["host.name"] });
  });

  it("nests blocks: a renotification of an alert only", () => {
    const t = "{{#is_alert}}A{{#is_renotify}} still{{/is_renotify}}{{^is_renotify}} new{{/is_renotify}}{{/is_alert}}";
    assert.equal(renderTemplate(t, ALERT).text, "A new");
    assert.equal(renderTemplate(t, RENOTIFY).text, "A still");
    assert.equal(renderTemplate(t, NO_DATA).text, "");
  });

  it("parses into a tree", () => {
    assert.deepEqual(parseTemplate("a{{#is_alert}}b{{value}}{{/is_alert}}"), [
      { kind: "text", text: "a" },
      { kind: "section", name: "is_alert", inverted: false, args: [], offset: 1, children: [{ kind: "text", text: "b" }, { kind: "variable", name: "value", offset: 15 }] },
    ]);
  });

  const broken: [string, string, number][] = [
    ["{{#is_alert}}x", "{{#is_alert}} is never closed with {{/is_alert}}", 0],
    ["x{{/is_alert}}", "{{/is_alert}} closes a block that was never opened", 1],
    ["{{#is_alert}}{{^is_recovery}}x{{/is_alert}}{{/is_recovery}}", "{{/is_alert}} closes {{^is_recovery}}, which must be closed first", 30],
    ["{{#is_priority 'P1}}x{{/is_priority}}", "{{#is_priority 'P1}} is not a conditional block Datadog knows the form of", 0],
  ];
  for (const [template, message, offset] of broken) {
    it(`rejects ${template}`, () => {
      assert.throws(() => parseTemplate(template), (e: unknown) => e instanceof TemplateError && e.message === message && e.offset === offset);
    });
  }

  it("refuses a block it cannot evaluate instead of guessing", () => {
    assert.throws(() => renderTemplate('{{#is_match "host.name" "web"}}x{{/is_match}}', ALERT), /is_match.*not a monitor-state condition/);
  });
});

interface PlanResource {
  readonly type: string;
  readonly inputs: MonitorMessageInputs;
}

const planMonitors = (): MonitorMessageInputs[] =>
  (JSON.parse(readFileSync(join(REPO, "test/golden/plan.json"), "utf8")) as { resources: PlanResource[] }).resources
    .filter((r) => r.type === "datadog:index/monitor:Monitor")
    .map((r) => r.inputs);

function sampleContext(): MessageContext {
  const inventory = sampleInventory();
  return {
    integrationNames: { martech: "Webhook forwarder", ...Object.fromEntries(inventory.integrations.map((i) => [i.id, i.name])) },
    teamChannels: Object.fromEntries(inventory.teams.map((t) => [t.id, t.chatChannel])),
  };
}

/** What Datadog fills in at notification time. */
const VARIABLES = { value: 42, timeframe: "30d" };

describe("sample plan monitor messages", () => {
  let monitors: MonitorMessageInputs[];
  let context: MessageContext;
  before(() => {
    monitors = planMonitors();
    context = sampleContext();
  });
  const byName = (name: string) => monitors.find((m) => m.name === name)!;
  const HEARTBEAT = "[shopify-orders-to-klaviyo] Shopify stops sending order webhooks";
  const WARNS = "[martech] Webhook forwarder: Forwarder Lambda errors";
  const TICKET = "[clearbit-enrichment] Clearbit API errors and timeouts";

  it("every monitor renders a correct, non-empty text for every notification it can send", () => {
    assert.ok(monitors.length > 50);
    const problems = monitors.flatMap((m) => checkMonitorMessages(m, context, VARIABLES));
    assert.deepEqual(problems, []);
  });

  it("knows which notifications each kind of monitor can send", () => {
    assert.deepEqual(reachableNotifications(byName(TICKET)), ["alert", "recovery"]);
    assert.deepEqual(reachableNotifications(byName(WARNS)), ["alert", "recovery", "warning", "warning recovery"]);
    assert.deepEqual(reachableNotifications(byName(HEARTBEAT)), ["alert", "recovery", "no data", "no data recovery", "renotify", "no data renotify"]);
    assert.deepEqual(reachableNotifications({ ...byName(HEARTBEAT), renotifyStatuses: ["alert"] }).slice(-1), ["renotify"]);
  });

  it("renders the heartbeat's no-data and recovery texts", () => {
    const texts = Object.fromEntries(renderMonitorMessages(byName(HEARTBEAT)).map((r) => [r.notification, r.text]));
    assert.match(texts["no data"], /no data at all for 30 minutes; the metric stopped reporting/);
    assert.doesNotMatch(texts["no data"], /has recovered/);
    assert.match(texts["no data recovery"], /Shopify stops sending order webhooks has recovered\./);
    assert.doesNotMatch(texts["no data recovery"], /Revenue exposure/);
    assert.equal(texts.warning, undefined, "no warning threshold, so no warning text");
  });

  // Mutations: each breaks one promise and must be caught, naming the monitor and notification.
  it("fails a heartbeat without its is_no_data block", () => {
    const m = byName(HEARTBEAT);
    const message = m.message.replace(/\{\{#is_no_data\}\}[\s\S]*?\{\{\/is_no_data\}\}\n/, "");
    const problems = checkMonitorMessages({ ...m, message }, context, VARIABLES);
    assert.ok(problems.some((p) => p.monitor === HEARTBEAT && p.notification === "no data" && p.problem.startsWith("does not name the failure mode")), JSON.stringify(problems));
  });

  it("fails a message whose only text is for another state: an empty body", () => {
    const m = byName(HEARTBEAT);
    const message = "{{#is_alert}}Shopify orders to Klaviyo and Snowflake: Shopify stops sending order webhooks{{/is_alert}}\n@pagerduty-shopify-orders-to-klaviyo\nRunbook: https://x.example/r.md#a";
    assert.ok(checkMonitorMessages({ ...m, message }, context, VARIABLES).some((p) => p.notification === "no data" && p.problem === "renders an empty body"));
  });

  it("fails a removed handle and a handle added to one state", () => {
    const m = byName(TICKET);
    const removed = checkMonitorMessages({ ...m, message: m.message.replace("@slack-revops-alerts\n", "") }, context, VARIABLES);
    assert.deepEqual(
      removed.map((p) => [p.notification, p.problem]),
      [
        ["alert", "notifies nobody, expected @slack-revops-alerts"],
        ["recovery", "notifies nobody, expected @slack-revops-alerts"],
      ],
    );
    const paged = checkMonitorMessages({ ...m, message: m.message.replace("{{/is_alert}}", "@pagerduty-clearbit-enrichment\n{{/is_alert}}") }, context, VARIABLES);
    assert.deepEqual(paged.map((p) => [p.notification, p.problem]), [["alert", "notifies @pagerduty-clearbit-enrichment @slack-revops-alerts, expected @slack-revops-alerts"]]);
  });

  it("fails a removed runbook line", () => {
    const m = byName(WARNS);
    const problems = checkMonitorMessages({ ...m, message: m.message.replace(/\nRunbook: .*$/, "") }, context, VARIABLES);
    assert.deepEqual([...new Set(problems.map((p) => p.problem))], ["has no `Runbook: https://...#section` line"]);
    assert.deepEqual(problems.map((p) => p.notification), ["alert", "recovery", "warning", "warning recovery"]);
  });

  it("renders and checks a notification a simulation sent beyond those the options predict, with the value it read", () => {
    // Said only when the monitor does not step down from ALERT to WARN, which its options do not show.
    const m = byName(WARNS);
    const message = `{{^is_alert_to_warning}}${m.message.replace(/\n@\S+\nRunbook: .*$/, "")}{{/is_alert_to_warning}}${m.message.slice(m.message.search(/\n@\S+\nRunbook: /))}`;
    assert.deepEqual(checkMonitorMessages({ ...m, message }, context, VARIABLES), []);
    const sent = [{ from: "ALERT" as const, state: "WARN" as const, value: 7 }];
    assert.deepEqual(checkMonitorMessages({ ...m, message }, context, VARIABLES, sent), [{ monitor: WARNS, notification: "warning from ALERT", problem: "renders an empty body" }]);
    const texts = renderMonitorMessages({ ...m, message: "{{value}} {{#is_alert_to_warning}}down to a warning{{/is_alert_to_warning}}" }, VARIABLES, sent);
    assert.deepEqual(texts.map((r) => [r.notification, r.text]).slice(-2), [["warning recovery", "42 "], ["warning from ALERT", "7 down to a warning"]]);
  });

  it("fails an unbalanced block with its position", () => {
    const m = byName(TICKET);
    const message = m.message.replace("{{/is_alert}}", "");
    assert.deepEqual(checkMonitorMessages({ ...m, message }, context, VARIABLES), [
      { monitor: TICKET, problem: "the message does not parse at offset 0: {{#is_alert}} is never closed with {{/is_alert}}" },
    ]);
  });

  it("fails a text that no longer names the integration", () => {
    const m = byName(WARNS);
    const message = m.message.replace("Early warning: Webhook forwarder: ", "Early warning: ");
    const problems = checkMonitorMessages({ ...m, message }, context, VARIABLES);
    assert.deepEqual(problems.map((p) => [p.notification, p.problem]), [
      ["warning", 'does not name the integration "Webhook forwarder"'],
      ["warning", 'does not name the failure mode (one of "Webhook forwarder: Forwarder Lambda errors", "forwarder-errors")'],
    ]);
  });
});
