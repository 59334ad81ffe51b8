/**
 * Exact outputs of the alerting lowering (slos.ts, dashboard.ts, monitorMessage.ts, monitors.ts)
 * for cases the sample inventory does not have: a retired SLO next to a live one, an SLO that was
 * renamed, staging's burn-rate alerts, an integration whose every SLO is retired, a message with
 * no context lines or a warning written by hand, a failure mode that happens daily or yearly.
 * Each inventory is built by hand inside its test (README "Mutation testing": static mutants).
 * Issue 16.
 */
import { strict as assert } from "node:assert";
import { dashboardSpecs } from "../compiler/lower/dashboard";
import { monitorMessage, statusLines } from "../compiler/lower/monitorMessage";
import { monitorInputs } from "../compiler/lower/monitors";
import type { LowerSettings } from "../compiler/lower/settings";
import { sloSpecs } from "../compiler/lower/slos";
import type { FailureMode, Integration, Inventory, Slo, System } from "../compiler/model";

const settings = (staging: boolean): LowerSettings =>
  ({ staging, environment: staging ? "staging" : "prod", runbookBaseUrl: "https://github.com/acme/m/blob/main/runbooks" }) as LowerSettings;

/** Over the forwarder's per-environment metric, so staging creates the SLO too. */
const sli = {
  good: "count:martech.forwarder.settled{integration:acme,within_slo:true}",
  total: "count:martech.forwarder.settled{integration:acme}",
};
const slo = (id: string, extra: Partial<Record<keyof Slo, unknown>> = {}) =>
  ({ id, description: `SLO ${id}.`, objective: 99.9, window: "30d", sli, previousIds: [], ...extra }) as unknown as Slo;
const integration = (extra: Partial<Record<keyof Integration, unknown>> = {}) =>
  ({
    id: "acme",
    name: "Acme sync",
    rank: 1,
    revenue: { usdPerHour: 1200 },
    owner: "growth",
    rotation: "growth-primary",
    tier: 1,
    runbook: "acme.md",
    detectionAnchor: "detection-and-monitors",
    previousIds: [],
    upstream: [],
    downstream: [],
    webhooks: [],
    failureModes: [{ response: "page" }],
    slos: [],
    ...extra,
  }) as unknown as Integration;
const inventoryOf = (...integrations: Integration[]) =>
  ({ integrations, teams: [{ id: "growth", chatChannel: "#growth-alerts" }], systems: [] }) as unknown as Inventory;
const RUNBOOK = "https://github.com/acme/m/blob/main/runbooks/acme.md#detection-and-monitors";

describe("SLO lowering: retired, renamed and staging SLOs (alerting mutants)", () => {
  it("keeps a retired SLO unprotected, says why in its description, and gives it no burn-rate alerts", () => {
    const acme = integration({ slos: [slo("delivered"), slo("legacy", { retired: { reason: "Replaced by delivered." } })] });
    const specs = sloSpecs(inventoryOf(acme), acme, settings(false));
    assert.deepEqual(
      specs.map((s) => [s.name, s.protect]),
      [
        ["acme--slos", undefined],
        ["acme--slo--delivered", true],
        ["acme--slo--delivered--burn-fast", undefined],
        ["acme--slo--delivered--burn-medium", undefined],
        ["acme--slo--delivered--burn-slow", undefined],
        ["acme--slo--legacy", false],
      ],
    );
    const description = (name: string) => (specs.find((s) => s.name === name)!.inputs as { description: string }).description;
    assert.equal(
      description("acme--slo--legacy"),
      ["SLO legacy.", "Error budget: 43.2 minutes per 30d. Owner: growth.", "Retired: Replaced by delivered.", `Runbook: ${RUNBOOK}`].join("\n"),
    );
    assert.equal(
      description("acme--slo--delivered"),
      ["SLO delivered.", "Error budget: 43.2 minutes per 30d. Owner: growth.", "Burn-rate alerts: fast page, medium page, slow ticket.", `Runbook: ${RUNBOOK}`].join("\n"),
    );
  });

  it("aliases each burn-rate alert under every earlier name of its integration and SLO, tier by tier", () => {
    const acme = integration({ previousIds: ["acme-old"], slos: [slo("delivered", { previousIds: ["delivered-old"] })] });
    const specs = sloSpecs(inventoryOf(acme), acme, settings(false));
    assert.deepEqual(
      specs.filter((s) => s.name.includes("--burn-")).map((s) => [s.name, s.aliases]),
      ["fast", "medium", "slow"].map((tier) => [
        `acme--slo--delivered--burn-${tier}`,
        [`acme--slo--delivered-old--burn-${tier}`, `acme-old--slo--delivered--burn-${tier}`, `acme-old--slo--delivered-old--burn-${tier}`],
      ]),
    );
    assert.deepEqual(specs.find((s) => s.name === "acme--slo--delivered")!.aliases, ["acme--slo--delivered-old", "acme-old--slo--delivered", "acme-old--slo--delivered-old"]);
    // In prod the message has no staging line, and a fast burn pages.
    assert.deepEqual((specs.find((s) => s.name === "acme--slo--delivered--burn-fast")!.inputs as { message: string }).message.split("\n"), [
      "{{#is_alert}}",
      "Acme sync: SLO delivered (99.9% over {{timeframe}}) is burning its error budget 14.4x too fast: 2% of the budget gone within 1h and still burning.",
      "{{/is_alert}}",
      "{{#is_recovery}}",
      "Acme sync: SLO delivered burn rate is back under 14.4x.",
      "{{/is_recovery}}",
      "@pagerduty-acme",
      `Runbook: ${RUNBOOK}`,
    ]);
  });

  it("in staging protects no SLO, and each burn-rate alert says it only tells the team's channel", () => {
    const acme = integration({ slos: [slo("delivered")] });
    const specs = sloSpecs(inventoryOf(acme), acme, settings(true));
    assert.deepEqual(
      specs.map((s) => [s.name, s.protect]),
      [["acme--slos", undefined], ["acme--slo--delivered", false], ["acme--slo--delivered--burn-fast", undefined], ["acme--slo--delivered--burn-medium", undefined], ["acme--slo--delivered--burn-slow", undefined]],
    );
    const fast = specs.find((s) => s.name === "acme--slo--delivered--burn-fast")!.inputs as { message: string };
    assert.deepEqual(fast.message.split("\n"), [
      "{{#is_alert}}",
      "Acme sync: SLO delivered (99.9% over {{timeframe}}) is burning its error budget 14.4x too fast: 2% of the budget gone within 1h and still burning.",
      "{{/is_alert}}",
      "{{#is_recovery}}",
      "Acme sync: SLO delivered burn rate is back under 14.4x.",
      "{{/is_recovery}}",
      "Staging stack: notifies the team's channel only, never PagerDuty.",
      "@slack-growth-alerts",
      `Runbook: ${RUNBOOK}`,
    ]);
  });
});

describe("reliability dashboard: retired SLOs (alerting mutants)", () => {
  const groups = (inventory: Inventory) => {
    const [, dashboard] = dashboardSpecs(inventory, settings(false));
    return (JSON.parse((dashboard.inputs as { dashboard: string }).dashboard) as { widgets: { definition: { title: string; widgets: { definition: Record<string, unknown> }[] } }[] }).widgets.map(
      (g) => g.definition.widgets.map((w) => w.definition),
    );
  };

  it("shows live SLOs only, and says 'in this stack' when an integration's every SLO is retired", () => {
    const retired = { retired: { reason: "Replaced." } };
    const inventory = inventoryOf(
      integration({ slos: [slo("legacy", retired), slo("delivered")] }),
      integration({ id: "beta", name: "Beta feed", rank: 2, slos: [slo("old", retired)] }),
      integration({ id: "gamma", name: "Gamma poll", rank: 3, slos: [] }),
    );
    assert.deepEqual(groups(inventory), [
      [
        {
          type: "slo",
          title: "delivered: 99.9% over 30d",
          slo_id: "${ref:acme--slo--delivered:id}",
          view_type: "detail",
          view_mode: "overall",
          time_windows: ["7d", "previous_week", "30d"],
          show_error_budget: true,
        },
      ],
      [{ type: "note", content: "**No SLO in this stack.** Beta feed is measured by monitors only.", background_color: "yellow" }],
      [{ type: "note", content: "**No SLO.** Gamma poll is measured by monitors only.", background_color: "yellow" }],
    ]);
  });
});

describe("monitor messages: edge cases (alerting mutants)", () => {
  const message = (context: string[], detection: Parameters<typeof monitorMessage>[0]["detection"]) =>
    monitorMessage({ subject: "Acme: stalled", detection, context, recovered: "Acme: stalled has recovered.", notify: "@slack-growth-alerts", runbookUrl: "https://r.test/acme.md#stalled" });

  it("writes no every-state-but-recovery block when there is no context line", () => {
    assert.deepEqual(message([], { query: "q", options: {}, describe: "sum over 1h above 5" }).split("\n"), [
      "{{#is_alert}}",
      "Acme: stalled (sum over 1h above 5).",
      "{{/is_alert}}",
      "{{#is_recovery}}",
      "Acme: stalled has recovered.",
      "{{/is_recovery}}",
      "@slack-growth-alerts",
      "Runbook: https://r.test/acme.md#stalled",
    ]);
  });

  it("makes the warning's words inert too", () => {
    const detection = { query: "q", options: { monitorThresholds: { critical: "5", warning: "3" } }, describe: "above 5", warning: "above 3 @pagerduty-x {{#is_alert}}" };
    assert.deepEqual(message(["Owner: growth."], detection).split("\n"), [
      "{{#is_alert}}",
      "Acme: stalled (above 5).",
      "{{/is_alert}}",
      "{{#is_warning}}",
      "Early warning: Acme: stalled (above 3 \uff20pagerduty-x { {#is_alert} }); it alerts at above 5.",
      "{{/is_warning}}",
      "{{^is_recovery}}",
      "Owner: growth.",
      "{{/is_recovery}}",
      "{{#is_recovery}}",
      "Acme: stalled has recovered.",
      "{{/is_recovery}}",
      "@slack-growth-alerts",
      "Runbook: https://r.test/acme.md#stalled",
    ]);
  });

  it("status lines skip an id the inventory has no system for, and name the system whose status page is no web address", () => {
    const systems = [{ id: "hub", name: "Hub", statusPage: "https://status.hub.test" }] as unknown as System[];
    assert.deepEqual(statusLines(systems, ["nowhere", "hub", "hub"]), ["Status: Hub https://status.hub.test"]);
    assert.throws(() => statusLines([{ id: "hub", name: "Hub", statusPage: "ftp://status.hub.test" }] as unknown as System[], ["hub"]), {
      name: "Error",
      message: 'system hub: statusPage: "ftp://status.hub.test" is not an http:// or https:// address; refusing to make it a link (check refuses it first: run npm run check)',
    });
  });
});

describe("failure-mode monitors: how often in words (alerting mutants)", () => {
  it("says daily, yearly and rarely as written", () => {
    const mode = (frequency: string) =>
      ({
        id: "stalled",
        title: "stalled",
        frequency,
        response: "ticket",
        runbookAnchor: "stalled",
        previousIds: [],
        detection: { kind: "threshold", query: "sum:acme.synced{*}.as_count()", aggregation: "sum", window: "1h", below: 1 },
      }) as unknown as FailureMode;
    const acme = integration();
    const context = (frequency: string) => (monitorInputs(inventoryOf(acme), acme, mode(frequency), settings(false)).message as string).split("\n")[4];
    assert.deepEqual(
      ["daily", "weekly", "monthly", "quarterly", "yearly", "rare"].map(context),
      ["daily", "weekly", "monthly", "quarterly", "yearly", "rarely"].map((words) => `Revenue exposure $1,200/h, tier 1. This failure mode happens about ${words}.`),
    );
  });
});
