/**
 * PagerDuty on-call as the inventory promises it: who is on call and who is paged outside
 * business hours, per rotation `afterHours` and integration tier, and what the plan says.
 */
import { strict as assert } from "node:assert";
import { RULES, type RuleId } from "../compiler/diagnostics";
import { names } from "../compiler/lower/names";
import { pagesAfterHours, pagingSpecs, rotationSpecs } from "../compiler/lower/onCall";
import { LAYER_NAMES } from "../compiler/lower/schedule";
import type { LowerSettings } from "../compiler/lower/settings";
import type { ResourceSpec } from "../compiler/lower/spec";
import type { Integration, Inventory } from "../compiler/model";
import { describeOnCall, describeOnCallChanges } from "../compiler/plan/describeOnCall";
import { diffValues } from "../compiler/plan/diffPlans";
import { plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";
import { memo } from "./support/memo";

const ROTATIONS = "inventory/rotations.yaml";
const ON_CALL_RULES: readonly RuleId[] = ["yaml-syntax", "schema", "unknown-key", "duplicate-id", "unresolved-reference", "invalid-time-zone", "pagerduty-service-name", "after-hours-coverage"];
const SETTINGS: LowerSettings = {
  runbookBaseUrl: "https://github.com/acme/martech-reliability/blob/main/runbooks",
  environment: "prod",
  staging: false,
  pagerdutySubdomain: "acme",
  forwarder: { bundleDir: "dist/forwarder", datadogExtensionVersion: 67, datadogSite: "datadoghq.com", ingressConcurrency: 10, lambdaRuntime: "nodejs20.x" },
};

/** The valid fixture's model; `nextBusinessDay` turns rotations to afterHours: next-business-day and lowers every tier-1 integration to tier 2 so it stays valid. */
function fixtureInventory(nextBusinessDay = false): Inventory {
  const fixture = loadFixture();
  if (nextBusinessDay) {
    fixture.files.set(ROTATIONS, fixture.files.get(ROTATIONS)!.replaceAll("afterHours: page", "afterHours: next-business-day"));
    for (const [file, text] of fixture.files) if (text.includes("\ntier: 1\n")) fixture.files.set(file, replaceOnce(text, "\ntier: 1\n", "\ntier: 2\n"));
  }
  // Rules about other parts of the inventory do not stop these tests; the ones that shape on-call do.
  const { inventory, diagnostics } = validateFixture(fixture, { tolerate: new Set(RULES.filter((r) => !ON_CALL_RULES.includes(r))) });
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error" && ON_CALL_RULES.includes(d.rule)), []);
  return inventory!;
}

const byTier = (inventory: Inventory, tier: 1 | 2 | 3) => inventory.integrations.find((i) => i.tier === tier)!;
const spec = (specs: readonly ResourceSpec[], name: string) => specs.find((s) => s.name === name)!;
const inputs = (s: ResourceSpec) => s.inputs as Record<string, any>;
const planned = (s: ResourceSpec): PlannedResource => plannedResources({ resources: [s], invokes: [] })[0];

describe("on-call out of hours", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const paging = memo(() => fixtureInventory());
  const waiting = memo(() => fixtureInventory(true));

  it("decides who is paged out of hours from the rotation and the integration's tier", () => {
    const rows: ["page" | "next-business-day", 1 | 2 | 3, boolean][] = [
      ["page", 1, true],
      ["page", 2, false],
      ["page", 3, false],
      ["next-business-day", 1, false],
      ["next-business-day", 2, false],
    ];
    for (const [afterHours, tier, expected] of rows) assert.equal(pagesAfterHours({ afterHours }, { tier }), expected, `${afterHours}, tier ${tier}`);
  });

  it("keeps the on-call person of a paging rotation on call around the clock: one layer, no restrictions", () => {
    const rotation = paging().rotations[0];
    const layers = inputs(spec(rotationSpecs(rotation), names.schedule(rotation.id))).layers;
    assert.equal(layers.length, 1);
    assert.equal(layers[0].name, LAYER_NAMES.aroundTheClock);
    assert.equal(layers[0].restrictions, undefined);
    assert.equal(layers[0].rotationTurnLengthSeconds, 604800);
    assert.deepEqual(layers[0].users, rotation.members.map((m) => `\${ref:${names.userLookup(m)}:id}`));
  });

  it("restricts a next-business-day rotation to business hours, one window per working day", () => {
    const rotation = waiting().rotations[0];
    const [layer] = inputs(spec(rotationSpecs(rotation), names.schedule(rotation.id))).layers;
    assert.equal(layer.name, LAYER_NAMES.businessHours);
    assert.deepEqual(layer.restrictions, [1, 2, 3, 4, 5].map((d) => ({ type: "weekly_restriction", startDayOfWeek: d, startTimeOfDay: "09:00:00", durationSeconds: 28800 })));
  });

  it("gives a tier-1 service on a paging rotation high urgency at any hour, with no support hours", () => {
    const integration = byTier(paging(), 1);
    const service = inputs(spec(pagingSpecs(paging(), integration, SETTINGS), names.pagerdutyService(integration.id)));
    assert.deepEqual(service.incidentUrgencyRule, { type: "constant", urgency: "high" });
    assert.equal(service.supportHours, undefined);
    assert.equal(service.scheduledActions, undefined);
  });

  for (const [label, inventoryOf, tier] of [
    ["a tier-2 service on a paging rotation", paging, 2],
    ["any service on a next-business-day rotation", waiting, 2],
  ] as const) {
    it(`makes ${label} low urgency out of hours and raises it when support hours start`, () => {
      const inventory = inventoryOf();
      const integration = byTier(inventory, tier);
      const rotation = inventory.rotations.find((r) => r.id === integration.rotation)!;
      const service = inputs(spec(pagingSpecs(inventory, integration, SETTINGS), names.pagerdutyService(integration.id)));
      assert.deepEqual(service.incidentUrgencyRule, {
        type: "use_support_hours",
        duringSupportHours: { type: "constant", urgency: "high" },
        outsideSupportHours: { type: "constant", urgency: "low" },
      });
      assert.deepEqual(service.supportHours, { type: "fixed_time_per_day", timeZone: rotation.timeZone, daysOfWeeks: [1, 2, 3, 4, 5], startTime: "09:00:00", endTime: "17:00:00" });
      assert.deepEqual(service.scheduledActions, [{ type: "urgency_change", toUrgency: "high", ats: [{ type: "named_time", name: "support_hours_start" }] }]);
    });
  }

  it("never lets PagerDuty auto-resolve an incident Datadog still alerts on", () => {
    for (const inventory of [paging(), waiting()]) {
      for (const integration of inventory.integrations) {
        const specs = pagingSpecs(inventory, integration, SETTINGS);
        if (specs.length) assert.equal(inputs(spec(specs, names.pagerdutyService(integration.id))).autoResolveTimeout, "null");
      }
    }
  });

  it("creates a Datadog route only after Datadog's PagerDuty integration, when this stack owns it", () => {
    const integration = byTier(paging(), 1);
    const route = (settings: LowerSettings) => spec(pagingSpecs(paging(), integration, settings), names.datadogServiceObject(integration.id));
    assert.deepEqual(route(SETTINGS).dependsOn, [names.datadogPagerdutyIntegration]);
    const { pagerdutySubdomain: _, ...elsewhere } = SETTINGS;
    assert.equal(route(elsewhere).dependsOn, undefined, "managed elsewhere: nothing in this stack to wait for");
  });
});

describe("on-call in the plan", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const paging = memo(() => fixtureInventory());
  const waiting = memo(() => fixtureInventory(true));
  const service = (inventory: Inventory, integration: Integration) => planned(spec(pagingSpecs(inventory, integration, SETTINGS), names.pagerdutyService(integration.id)));
  const schedule = (inventory: Inventory) => planned(spec(rotationSpecs(inventory.rotations[0]), names.schedule(inventory.rotations[0].id)));

  it("says who is reached out of hours for each service", () => {
    const tier1 = byTier(paging(), 1);
    assert.equal(describeOnCall(service(paging(), tier1)), `PagerDuty service "[martech] ${tier1.name}" (high urgency around the clock: out of hours the ${tier1.rotation} on-call is paged)`);
    const tier2 = byTier(paging(), 2);
    assert.equal(
      describeOnCall(service(paging(), tier2)),
      `PagerDuty service "[martech] ${tier2.name}" (high urgency in support hours; outside them low urgency, raised to high at 09:00 America/New_York on the next business day)`,
    );
  });

  it("says whether anyone is on call outside business hours for each schedule", () => {
    assert.equal(describeOnCall(schedule(paging())), 'PagerDuty schedule "growth-engineering primary" (America/New_York, weekly, on call around the clock, 3 people)');
    assert.equal(describeOnCall(schedule(waiting())), 'PagerDuty schedule "growth-engineering primary" (America/New_York, weekly, 5 business-hours windows, nobody on call outside them, 3 people)');
  });

  it("describes a switch to after-hours paging in one line per resource, not field by field", () => {
    const [before, after] = [schedule(waiting()), schedule(paging())];
    const { lines, rest } = describeOnCallChanges(before, after, diffValues(before.inputs, after.inputs));
    assert.deepEqual(lines, ["on-call hours: 5 business-hours windows, nobody on call outside them → on call around the clock"]);
    assert.deepEqual(rest.map((f) => f.path.join(".")), ["description"]);
    const id = byTier(paging(), 1).id;
    const [was, now] = [service(waiting(), waiting().integrations.find((i) => i.id === id)!), service(paging(), byTier(paging(), 1))];
    const services = describeOnCallChanges(was, now, diffValues(was.inputs, now.inputs));
    assert.deepEqual(services.lines, [
      `urgency: high urgency in support hours; outside them low urgency, raised to high at 09:00 America/New_York on the next business day → high urgency around the clock: out of hours the ${byTier(paging(), 1).rotation} on-call is paged`,
    ]);
    assert.deepEqual(services.rest, []);
  });
});

describe("check: on-call rules beyond their failing fixtures", () => {
  const INT4 = "inventory/integrations/integration-0004.yaml";
  const rulesOf = (change: (files: Map<string, string>) => void, rule: string) => {
    const fixture = loadFixture();
    change(fixture.files);
    return validateFixture(fixture).diagnostics.filter((d) => d.rule === rule);
  };
  const edit = (file: string, from: string, to: string) => (files: Map<string, string>) => files.set(file, replaceOnce(files.get(file)!, from, to));

  it("does not check the name of an integration that pages nobody: it gets no PagerDuty service", () => {
    const ticketsOnly = (files: Map<string, string>) => {
      files.set(INT4, files.get(INT4)!.replaceAll("response: page", "response: ticket"));
      edit(INT4, "name: Synthetic integration 4", "name: Synthetic integration 4 & 5")(files);
    };
    assert.deepEqual(rulesOf(ticketsOnly, "pagerduty-service-name"), []);
  });

  it("reports an invisible character in a paging integration's name", () => {
    const [d] = rulesOf(edit(INT4, "name: Synthetic integration 4", 'name: "Synthetic\\u200Bintegration 4"'), "pagerduty-service-name");
    assert.equal(`${d.line}:${d.column}`, "5:7");
    assert.match(d.message, /does not accept an invisible character in a service name/);
  });

  it("lets tier-2 and tier-3 integrations page through a next-business-day rotation", () => {
    const waiting = (files: Map<string, string>) => files.set(ROTATIONS, files.get(ROTATIONS)!.replaceAll("afterHours: page", "afterHours: next-business-day"));
    // Both rotations carry one tier-1 integration each (0003, 0006); the tier-2 and tier-3 ones are not reported.
    assert.deepEqual(
      rulesOf(waiting, "after-hours-coverage").map((d) => d.file),
      ["inventory/integrations/integration-0003.yaml", "inventory/integrations/integration-0006.yaml"],
    );
  });
});
