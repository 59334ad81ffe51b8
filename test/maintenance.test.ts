/**
 * Planned maintenance: local times in IANA zones (RFC 5545 section 3.3.5 across daylight-saving
 * changes), the RRULE subset, the UTC instants and durations each Datadog resource gets, the
 * plan's words, and maintenance-past's boundary, with the clock fixed.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { formatDiagnostic } from "../compiler/diagnostics";
import { describeOnce, describeRecurring, durationWords } from "../compiler/maintenance/describeSchedule";
import { formatRecurrence, lastOccurrenceInstant, occurrenceStart, parseRecurrence, type Recurrence } from "../compiler/maintenance/recurrence";
import { formatLocal, instantToLocal, isoUtc, localToInstant, parseLocal } from "../compiler/time/zonedTime";
import { DOWNTIME_SCHEDULE, MAINTENANCE_COMPONENT, SLO_CORRECTION } from "../compiler/lower/maintenance";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { names } from "../compiler/lower/names";
import { ref, type ResourceSpec } from "../compiler/lower/spec";
import type { Inventory } from "../compiler/model";
import { describeResource } from "../compiler/plan/describeResource";
import { plannedResources } from "../compiler/plan/plannedResource";
import { maintenancePastAt } from "../compiler/validate/rules/maintenancePast";
import type { Rule, RuleContext } from "../compiler/validate/ruleContext";
import { createReporters, indexFiles } from "../compiler/validate/ruleContext";
import { parseInventoryFile } from "../compiler/validate/parseFile";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";
import { sampleInventory, sampleSettings } from "./support/sampleState";
import { contractViolations, indexPlan } from "./support/vendorContracts";

const local = (text: string) => parseLocal(text)!;
const utc = (text: string, zone: string) => isoUtc(localToInstant(local(text), zone));
const epoch = (iso: string) => Date.parse(iso) / 1000;

describe("local times in IANA time zones", () => {
  // RFC 5545 section 3.3.5: a skipped time takes the offset before the gap; a repeated one is its first occurrence.
  const ROWS: [zone: string, local: string, utc: string, why: string][] = [
    ["Europe/Berlin", "2026-03-29T01:30", "2026-03-29T00:30:00Z", "before the spring-forward gap (CET)"],
    ["Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:30:00Z", "inside the gap: the offset before it, which the clock shows as 03:30"],
    ["Europe/Berlin", "2026-03-29T03:00", "2026-03-29T01:00:00Z", "after the gap (CEST)"],
    ["Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00Z", "repeated at fall-back: the first, summer-time occurrence"],
    ["Europe/Berlin", "2026-10-25T03:00", "2026-10-25T02:00:00Z", "after fall-back (CET)"],
    ["Europe/Berlin", "2027-01-01T00:00", "2026-12-31T23:00:00Z", "midnight local is the previous UTC day"],
    ["America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00Z", "inside the gap: EST's offset, 03:30 EDT"],
    ["America/New_York", "2026-03-08T03:00", "2026-03-08T07:00:00Z", "after the gap (EDT)"],
    ["America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z", "repeated at fall-back: the first, EDT occurrence"],
    ["America/New_York", "2026-11-02T00:00", "2026-11-02T05:00:00Z", "midnight after fall-back (EST)"],
    ["America/Los_Angeles", "2026-12-05T22:00", "2026-12-06T06:00:00Z", "the sample's first Salesforce window (PST)"],
    ["UTC", "2026-06-01T12:00", "2026-06-01T12:00:00Z", "UTC itself"],
  ];
  for (const [zone, time, expected, why] of ROWS) {
    it(`${time} ${zone} is ${expected}: ${why}`, () => assert.equal(utc(time, zone), expected));
  }

  it("refuses dates and times that do not exist on the calendar", () => {
    for (const bad of ["2027-02-29T10:00", "2026-04-31T10:00", "2026-01-01T24:00", "2026-01-01T10:60", "2026-01-01T10:00:00", "2026-01-01 10:00", "2026-01-01T10:00Z"]) assert.equal(parseLocal(bad), undefined, bad);
    assert.deepEqual(parseLocal("2028-02-29T23:59"), { year: 2028, month: 2, day: 29, hour: 23, minute: 59 });
  });

  it("reads back every instant's local time as that instant, or as the first of a repeated hour (property)", () => {
    const zones = ["Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Sydney", "Asia/Kolkata", "UTC"];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }), fc.constantFrom(...zones), (minute, zone) => {
        const instant = minute * 60_000;
        const wall = instantToLocal(instant, zone);
        const back = localToInstant(wall, zone);
        assert.ok(back === instant || (back < instant && instant - back <= 3_600_000), `${zone} ${formatLocal(wall)}: ${isoUtc(back)} for ${isoUtc(instant)}`);
        assert.equal(formatLocal(instantToLocal(back, zone)), formatLocal(wall));
      }),
      { seed: 20261130, numRuns: 2000 },
    );
  });
});

describe("the RRULE subset", () => {
  const ok = (text: string): Recurrence => {
    const parsed = parseRecurrence(text);
    assert.ok("rule" in parsed, JSON.stringify(parsed));
    return parsed.rule;
  };
  it("accepts FREQ, INTERVAL, COUNT and UNTIL, and writes them in one spelling", () => {
    assert.deepEqual(ok("FREQ=WEEKLY"), { freq: "WEEKLY", interval: 1 });
    assert.deepEqual(ok("freq=monthly;interval=2;count=6"), { freq: "MONTHLY", interval: 2, count: 6 });
    assert.equal(formatRecurrence(ok("UNTIL=20271231T235900Z;FREQ=DAILY;INTERVAL=1")), "FREQ=DAILY;UNTIL=20271231T235900Z");
    assert.equal(formatRecurrence(ok("FREQ=YEARLY;INTERVAL=3;COUNT=2")), "FREQ=YEARLY;INTERVAL=3;COUNT=2");
  });

  const REFUSED: [rule: string, offset: number, says: string][] = [
    ["RRULE:FREQ=WEEKLY", 0, 'without the "RRULE:" prefix'],
    ["FREQ=WEEKLY;BYDAY=SU", 12, "accept only FREQ, INTERVAL, COUNT and UNTIL, not BYDAY"],
    ["FREQ=DAILY;DTSTART=20261205T220000", 11, "Datadog refuses DTSTART inside a downtime's rule"],
    ["FREQ=HOURLY", 5, "repeats more often than daily"],
    ["FREQ=FORTNIGHTLY", 5, "is not a frequency"],
    ["INTERVAL=2", 0, "the rule has no FREQ"],
    ["FREQ=WEEKLY;COUNT=0", 18, "must be a whole number from 1 to 1000"],
    ["FREQ=WEEKLY;UNTIL=20261231", 18, "must be a UTC date and time such as 20261231T235900Z"],
    ["FREQ=WEEKLY;COUNT=2;UNTIL=20261231T000000Z", 20, "COUNT and UNTIL cannot both be given"],
    ["FREQ=WEEKLY;FREQ=DAILY", 12, "FREQ is given twice"],
    ["FREQ=WEEKLY;;COUNT=2", 12, "is not a rule part"],
    ["FREQ=WEEKLY;X-NAME=1", 12, "X-NAME is not an RRULE part Datadog accepts here"],
  ];
  for (const [rule, offset, says] of REFUSED) {
    it(`refuses ${rule} at column ${offset}: ${says}`, () => {
      const parsed = parseRecurrence(rule);
      assert.ok(!("rule" in parsed));
      assert.equal(parsed.offset, offset);
      assert.ok(parsed.problem.includes(says), parsed.problem);
    });
  }

  it("keeps each occurrence at its local time across daylight-saving changes, so the UTC instant moves", () => {
    const first = local("2026-03-21T02:00");
    const weekly = ok("FREQ=WEEKLY");
    assert.equal(formatLocal(occurrenceStart(first, weekly, 1)), "2026-03-28T02:00");
    assert.equal(isoUtc(localToInstant(occurrenceStart(first, weekly, 1), "America/New_York")), "2026-03-28T06:00:00Z", "EDT");
    assert.equal(isoUtc(localToInstant(first, "America/New_York")), "2026-03-21T06:00:00Z", "already EDT (since 8 March)");
    assert.equal(isoUtc(localToInstant(first, "Europe/Berlin")), "2026-03-21T01:00:00Z", "CET");
    assert.equal(isoUtc(localToInstant(occurrenceStart(first, weekly, 2), "Europe/Berlin")), "2026-04-04T00:00:00Z", "CEST");
    assert.equal(formatLocal(occurrenceStart(local("2026-11-15T10:00"), ok("FREQ=MONTHLY;INTERVAL=3"), 1)), "2027-02-15T10:00");
  });

  it("finds the last occurrence of a COUNT or an UNTIL in the window's zone", () => {
    // Daily at 02:00 Berlin from 27 March: the third start falls in the spring-forward gap, read as 03:00 CEST.
    assert.equal(isoUtc(lastOccurrenceInstant(local("2026-03-27T02:00"), ok("FREQ=DAILY;COUNT=3"), "Europe/Berlin")!), "2026-03-29T01:00:00Z");
    // UNTIL is inclusive: a start exactly at UNTIL counts.
    // Saturdays 22:00 Los Angeles: 06:00Z in winter, 05:00Z from 8 March (PDT).
    assert.equal(isoUtc(lastOccurrenceInstant(local("2026-01-03T22:00"), ok("FREQ=WEEKLY;UNTIL=20260322T050000Z"), "America/Los_Angeles")!), "2026-03-22T05:00:00Z");
    assert.equal(isoUtc(lastOccurrenceInstant(local("2026-01-03T22:00"), ok("FREQ=WEEKLY;UNTIL=20260322T045959Z"), "America/Los_Angeles")!), "2026-03-15T05:00:00Z");
    assert.equal(isoUtc(lastOccurrenceInstant(local("2026-01-03T22:00"), ok("FREQ=WEEKLY;UNTIL=20260308T055959Z"), "America/Los_Angeles")!), "2026-03-01T06:00:00Z");
    assert.equal(lastOccurrenceInstant(local("2026-01-03T22:00"), ok("FREQ=WEEKLY"), "America/Los_Angeles"), undefined);
    assert.equal(lastOccurrenceInstant(local("2026-01-03T22:00"), ok("FREQ=WEEKLY;UNTIL=20250101T000000Z"), "America/Los_Angeles"), -Infinity);
  });
});

/** The valid fixture with these windows on its salesforce system (every fixture integration depends on salesforce). */
function fixtureWith(windows: string, edit?: (f: Fixture) => void): Inventory {
  const f = loadFixture();
  f.files.set("inventory/systems.yaml", replaceOnce(f.files.get("inventory/systems.yaml")!, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n    timeZone: Europe/Berlin\n    maintenance:\n${windows}`));
  edit?.(f);
  const result = validateFixture(f);
  assert.ok(result.inventory, result.diagnostics.map(formatDiagnostic).join("\n"));
  return result.inventory;
}
const oneOff = (id: string, start: string, end: string, zone?: string) => `      - id: ${id}\n        reason: ${id}\n        start: "${start}"\n        end: "${end}"\n${zone ? `        timeZone: ${zone}\n` : ""}`;
const INT1 = "integration-0001";
const spec = (specs: readonly ResourceSpec[], name: string) => {
  const found = specs.find((s) => s.name === name);
  assert.ok(found, `no ${name} among ${specs.map((s) => s.name).filter((n) => n.includes("maintenance")).join(", ")}`);
  return found as ResourceSpec & { inputs: Record<string, any> };
};

describe("lowering planned maintenance", () => {
  it("mutes the sample's Salesforce dependents every Saturday 22:00 Los Angeles time and corrects each of their SLOs", () => {
    const inventory = sampleInventory();
    const state = lowerInventory(inventory, sampleSettings());
    const downtimes = state.resources.filter((r) => r.type === DOWNTIME_SCHEDULE);
    const dependents = inventory.integrations.filter((i) => i.upstream.includes("salesforce") || i.downstream.includes("salesforce")).map((i) => i.id);
    assert.deepEqual(downtimes.map((d) => d.name).sort(), dependents.map((i) => names.maintenanceDowntime(i, "salesforce", "weekly-maintenance")).sort());
    const leads = spec(state.resources, names.maintenanceDowntime("web-lead-form-to-crm", "salesforce", "weekly-maintenance"));
    assert.equal(leads.parent, names.maintenanceComponent("web-lead-form-to-crm"));
    assert.equal(spec(state.resources, leads.parent!).type, MAINTENANCE_COMPONENT);
    assert.deepEqual(leads.inputs.monitorIdentifier, { monitorTags: ["integration:web-lead-form-to-crm", "env:prod"] });
    assert.deepEqual(leads.inputs.recurringSchedule, { timezone: "America/Los_Angeles", recurrences: [{ start: "2026-12-05T22:00:00", duration: "4h", rrule: "FREQ=WEEKLY" }] });
    assert.equal(leads.inputs.oneTimeSchedule, undefined);
    assert.deepEqual([leads.inputs.muteFirstRecoveryNotification, leads.inputs.notifyEndStates, leads.inputs.notifyEndTypes], [true, ["alert", "no data", "warn"], ["canceled", "expired"]]);
    // The downtime mutes exactly the integration's monitors: every monitor carrying both tags is one of its own.
    const muted = state.resources.filter((r) => r.type === "datadog:index/monitor:Monitor" && ["integration:web-lead-form-to-crm", "env:prod"].every((t) => ((r.inputs as { tags?: string[] }).tags ?? []).includes(t)));
    assert.ok(muted.length > 5 && muted.every((m) => m.name.startsWith("web-lead-form-to-crm--")), muted.map((m) => m.name).join(", "));

    const integration = inventory.integrations.find((i) => i.id === "web-lead-form-to-crm")!;
    for (const slo of integration.slos) {
      const correction = spec(state.resources, names.maintenanceSloCorrection(integration.id, "salesforce", "weekly-maintenance", slo.id));
      assert.deepEqual(correction.inputs, {
        sloId: ref(names.slo(integration.id, slo.id)),
        category: "Scheduled Maintenance",
        description: "Planned maintenance of Salesforce Sales Cloud: Salesforce's published weekly maintenance of our instance; API writes may be refused or delayed (window salesforce/weekly-maintenance)",
        timezone: "America/Los_Angeles",
        // Widened by the daylight-saving hour: 05:00Z-10:00Z holds the occurrence whether Datadog
        // repeats it on Los Angeles' clock (06:00Z in winter, 05:00Z in summer) or at a fixed UTC time.
        start: epoch("2026-12-06T05:00:00Z"),
        rrule: "FREQ=WEEKLY",
        duration: 5 * 3600,
      });
      // Created after the SLO it references.
      assert.ok(state.resources.indexOf(correction) > state.resources.findIndex((r) => r.name === names.slo(integration.id, slo.id)));
    }
  });

  it("sends a one-off window ending at midnight local time as that midnight in UTC", () => {
    const state = lowerInventory(fixtureWith(oneOff("year-end", "2026-12-31T22:00", "2027-01-01T00:00")), sampleSettings());
    const downtime = spec(state.resources, names.maintenanceDowntime(INT1, "salesforce", "year-end"));
    assert.deepEqual(downtime.inputs.oneTimeSchedule, { start: "2026-12-31T21:00:00Z", end: "2026-12-31T23:00:00Z" });
    assert.equal(downtime.inputs.displayTimezone, "Europe/Berlin");
    const correction = spec(state.resources, names.maintenanceSloCorrection(INT1, "salesforce", "year-end", "accepted"));
    assert.deepEqual([correction.inputs.start, correction.inputs.end, correction.inputs.rrule], [epoch("2026-12-31T21:00:00Z"), epoch("2026-12-31T23:00:00Z"), undefined]);
    assert.equal(describeResource(plannedResources(state).find((r) => r.name === downtime.name)!), "mutes the monitors of integration-0001 once, Thu 2026-12-31 22:00 to Fri 2027-01-01 00:00 Europe/Berlin (2h) (maintenance of salesforce: year-end)");
  });

  it("measures one-off windows across daylight-saving changes in Europe/Berlin and America/New_York in real time", () => {
    const windows = oneOff("spring-berlin", "2027-03-28T01:00", "2027-03-28T04:00") + oneOff("fall-new-york", "2026-11-01T00:00", "2026-11-01T03:00", "America/New_York");
    const state = lowerInventory(fixtureWith(windows), sampleSettings("prod", Date.parse("2026-10-01T00:00:00Z")));
    const spring = spec(state.resources, names.maintenanceDowntime(INT1, "salesforce", "spring-berlin"));
    // 01:00 CET is 00:00Z; 04:00 CEST is 02:00Z: the clock shows 3 hours, 2 pass.
    assert.deepEqual(spring.inputs.oneTimeSchedule, { start: "2027-03-28T00:00:00Z", end: "2027-03-28T02:00:00Z" });
    const fall = spec(state.resources, names.maintenanceDowntime(INT1, "salesforce", "fall-new-york"));
    // 00:00 EDT is 04:00Z; 03:00 EST is 08:00Z: the clock shows 3 hours, 4 pass.
    assert.deepEqual(fall.inputs.oneTimeSchedule, { start: "2026-11-01T04:00:00Z", end: "2026-11-01T08:00:00Z" });
    assert.equal(fall.inputs.displayTimezone, "America/New_York", "the window's own zone wins over the system's");
    const corrected = spec(state.resources, names.maintenanceSloCorrection(INT1, "salesforce", "fall-new-york", "delivered-within-60s"));
    assert.equal(corrected.inputs.end - corrected.inputs.start, 4 * 3600);
    const lines = plannedResources(state).filter((r) => r.name.startsWith(`${INT1}--maintenance--`)).map(describeResource);
    assert.ok(lines.includes("mutes the monitors of integration-0001 once, Sun 2027-03-28 01:00 to 04:00 Europe/Berlin (2h) (maintenance of salesforce: spring-berlin)"), lines.join("\n"));
    assert.ok(lines.includes("corrects SLO delivered-within-60s (Scheduled Maintenance) once, Sun 2026-11-01 00:00 to 03:00 America/New_York (4h)"), lines.join("\n"));
  });

  it("starts a recurring window's SLO corrections at the first occurrence in summer time, lasting the daylight-saving hour longer", () => {
    const weekly = `      - id: sunday\n        reason: sunday\n        start: "2027-04-04T02:00"\n        duration: 90m\n        rrule: FREQ=WEEKLY;COUNT=10\n`;
    const state = lowerInventory(fixtureWith(weekly), sampleSettings());
    const downtime = spec(state.resources, names.maintenanceDowntime(INT1, "salesforce", "sunday"));
    assert.deepEqual(downtime.inputs.recurringSchedule, { timezone: "Europe/Berlin", recurrences: [{ start: "2027-04-04T02:00:00", duration: "90m", rrule: "FREQ=WEEKLY;COUNT=10" }] });
    const correction = spec(state.resources, names.maintenanceSloCorrection(INT1, "salesforce", "sunday", "accepted"));
    // Summer (UTC+2) is Berlin's highest offset: on its wall clock a winter occurrence lands an hour
    // later in UTC, so the correction starts as written and lasts 90 minutes plus that hour.
    assert.deepEqual([correction.inputs.start, correction.inputs.duration, correction.inputs.rrule], [epoch("2027-04-04T00:00:00Z"), 5400 + 3600, "FREQ=WEEKLY;COUNT=10"]);
    assert.equal(describeResource(plannedResources(state).find((r) => r.name === correction.name)!), "corrects SLO accepted (Scheduled Maintenance) every Sunday 02:00-04:30 Europe/Berlin (2h 30m), from 2027-04-04, 10 times");
  });

  it("corrects no retired SLO, and keeps every Datadog contract for one-off and recurring windows", () => {
    const windows = oneOff("year-end", "2026-12-31T22:00", "2027-01-01T00:00") + `      - id: daily\n        reason: daily\n        start: "2026-12-01T03:00"\n        duration: 1h\n        rrule: FREQ=DAILY;INTERVAL=2;UNTIL=20270601T000000Z\n`;
    const inventory = fixtureWith(windows, (f) => {
      const file = `inventory/integrations/${INT1}.yaml`;
      f.files.set(file, replaceOnce(f.files.get(file)!, "  - id: accepted\n", "  - id: accepted\n    retired: { reason: replaced by delivered-within-60s }\n"));
    });
    const state = lowerInventory(inventory, sampleSettings());
    const corrections = state.resources.filter((r) => r.type === SLO_CORRECTION && r.name.startsWith(`${INT1}--`)).map((r) => r.name);
    assert.deepEqual(corrections.sort(), ["daily", "year-end"].map((w) => names.maintenanceSloCorrection(INT1, "salesforce", w, "delivered-within-60s")).sort());
    const plan = plannedResources(state);
    assert.deepEqual(contractViolations(indexPlan(plan, inventory.teams.map((t) => t.chatChannel.slice(1)))).filter((v) => v.includes("--maintenance--")), []);
  });

  it("aliases earlier integration and SLO ids, as every other resource does", () => {
    const inventory = fixtureWith(oneOff("once", "2027-05-01T01:00", "2027-05-01T02:00"), (f) => {
      const file = `inventory/integrations/${INT1}.yaml`;
      f.files.set(file, replaceOnce(f.files.get(file)!, "  - id: accepted\n", "  - id: accepted\n    previousIds: [enqueued]\n"));
      f.files.set(file, replaceOnce(f.files.get(file)!, "upstream: [webflow-forms]\n", "upstream: [webflow-forms]\npreviousIds: [old-leads]\n"));
    });
    const specs = lowerInventory(inventory, sampleSettings()).resources;
    assert.deepEqual(spec(specs, names.maintenanceDowntime(INT1, "salesforce", "once")).aliases, [names.maintenanceDowntime("old-leads", "salesforce", "once")]);
    assert.deepEqual([...spec(specs, names.maintenanceSloCorrection(INT1, "salesforce", "once", "accepted")).aliases!].sort(), [
      names.maintenanceSloCorrection(INT1, "salesforce", "once", "enqueued"),
      names.maintenanceSloCorrection("old-leads", "salesforce", "once", "accepted"),
      names.maintenanceSloCorrection("old-leads", "salesforce", "once", "enqueued"),
    ].sort());
    assert.deepEqual(spec(specs, names.maintenanceComponent(INT1)).aliases, [names.maintenanceComponent("old-leads")]);
  });
});

describe("downtimes as of the deploy's clock", () => {
  const weeklyFrom2026 = `      - id: weekly\n        reason: weekly\n        start: "2026-01-04T02:00"\n        duration: 2h\n        rrule: FREQ=WEEKLY;COUNT=52\n`;
  const at = (windows: string, now: string) => lowerInventory(fixtureWith(windows), sampleSettings("prod", Date.parse(now))).resources;

  it("moves a recurring downtime's past start to the next occurrence (COUNT lowered by those passed), keeping the correction's written start", () => {
    // Sunday 29 November 2026 02:00 Berlin (01:00Z) is occurrence 47 (0-based); at 00:30Z it is less than the hour's margin away, so 6 December's, occurrence 48, is the first.
    const specs = at(weeklyFrom2026, "2026-11-29T00:30:00Z");
    const downtime = spec(specs, names.maintenanceDowntime(INT1, "salesforce", "weekly"));
    assert.deepEqual(downtime.inputs.recurringSchedule, { timezone: "Europe/Berlin", recurrences: [{ start: "2026-12-06T02:00:00", duration: "2h", rrule: "FREQ=WEEKLY;COUNT=4" }] });
    const correction = spec(specs, names.maintenanceSloCorrection(INT1, "salesforce", "weekly", "accepted"));
    assert.deepEqual([correction.inputs.start, correction.inputs.rrule], [epoch("2026-01-04T01:00:00Z") - 3600, "FREQ=WEEKLY;COUNT=52"]);
    // Two hours earlier the 29 November occurrence is still ahead by more than the margin.
    assert.equal(spec(at(weeklyFrom2026, "2026-11-28T23:59:00Z"), downtime.name).inputs.recurringSchedule.recurrences[0].start, "2026-11-29T02:00:00");
  });

  it("keeps a start written in the future exactly as written, whatever the clock", () => {
    // The first start is 01:00Z: an hour's margin ahead of 00:00Z still counts as the future.
    for (const now of ["2025-01-01T00:00:00Z", "2026-01-04T00:00:00Z"]) {
      assert.equal(spec(at(weeklyFrom2026, now), names.maintenanceDowntime(INT1, "salesforce", "weekly")).inputs.recurringSchedule.recurrences[0].start, "2026-01-04T02:00:00", now);
    }
  });

  it("creates no downtime once the last occurrence has started, and none for a one-off window that is over, but keeps their SLO corrections", () => {
    const types = (specs: readonly ResourceSpec[]) => specs.filter((r) => r.name.startsWith(`${INT1}--maintenance--`)).map((r) => r.type);
    assert.deepEqual(types(at(weeklyFrom2026, "2026-12-27T00:30:00Z")), [SLO_CORRECTION, SLO_CORRECTION], "the 52nd and last occurrence starts 27 December 01:00Z");
    assert.deepEqual(types(at(oneOff("year-end", "2026-12-31T22:00", "2027-01-01T00:00"), "2026-12-31T23:00:00Z")), [SLO_CORRECTION, SLO_CORRECTION]);
  });

  it("sends a one-off window under way without a start, so Datadog starts it when it is created, and ends it as written", () => {
    const specs = at(oneOff("year-end", "2026-12-31T22:00", "2027-01-01T00:00"), "2026-12-31T22:30:00Z");
    assert.deepEqual(spec(specs, names.maintenanceDowntime(INT1, "salesforce", "year-end")).inputs.oneTimeSchedule, { end: "2026-12-31T23:00:00Z" });
    assert.equal(spec(specs, names.maintenanceSloCorrection(INT1, "salesforce", "year-end", "accepted")).inputs.start, epoch("2026-12-31T21:00:00Z"));
  });

  it("rebases a monthly window across a daylight-saving change on the zone's wall clock", () => {
    const monthly = `      - id: monthly\n        reason: monthly\n        start: "2026-01-10T02:00"\n        duration: 1h\n        rrule: FREQ=MONTHLY\n`;
    // 10 April 2026 02:00 CEST is 00:00Z; just after it, the next is 10 May.
    const downtime = spec(at(monthly, "2026-04-10T00:00:01Z"), names.maintenanceDowntime(INT1, "salesforce", "monthly"));
    assert.equal(downtime.inputs.recurringSchedule.recurrences[0].start, "2026-05-10T02:00:00");
  });
});

describe("SLO corrections of recurring windows across daylight-saving changes", () => {
  it("covers every occurrence whether Datadog repeats the rule on the zone's clock or at a fixed UTC time", () => {
    const window = (zone: string) => `      - id: w\n        reason: w\n        start: "2027-01-03T22:00"\n        duration: 4h\n        rrule: FREQ=WEEKLY\n        timeZone: ${zone}\n`;
    fc.assert(
      fc.property(fc.constantFrom("America/Los_Angeles", "Europe/Berlin", "Australia/Sydney", "Asia/Tokyo", "UTC"), fc.integer({ min: 0, max: 104 }), (zone, n) => {
        const specs = lowerInventory(fixtureWith(window(zone)), sampleSettings("prod", Date.parse("2026-12-01T00:00:00Z"))).resources;
        const c = spec(specs, names.maintenanceSloCorrection(INT1, "salesforce", "w", "accepted")).inputs;
        const occurrence = localToInstant(occurrenceStart(parseLocal("2027-01-03T22:00")!, { freq: "WEEKLY", interval: 1 }, n), zone) / 1000;
        // Read on the zone's wall clock: the correction's own start moves with the zone's offset.
        const startOnClock = localToInstant(occurrenceStart(instantToLocal(c.start * 1000, zone), { freq: "WEEKLY", interval: 1 }, n), zone) / 1000;
        // Read at a fixed UTC time: every week at the same UTC instant.
        const startInUtc = c.start + n * 7 * 86400;
        for (const start of [startOnClock, startInUtc]) assert.ok(start <= occurrence && occurrence + 4 * 3600 <= start + c.duration, `${zone} #${n}`);
        // Zones without daylight saving get the window exactly.
        if (zone === "Asia/Tokyo" || zone === "UTC") assert.equal(c.duration, 4 * 3600);
      }),
      { seed: 14, numRuns: 60 },
    );
  });
});

describe("schedules in words", () => {
  it("names the weekday, the local hours and the real length", () => {
    assert.equal(durationWords(5400), "1h 30m");
    assert.equal(durationWords(2 * 86400), "2d");
    assert.equal(describeRecurring(local("2026-12-05T22:00"), { freq: "WEEKLY", interval: 2, until: Date.UTC(2027, 5, 30, 23, 59) }, 4 * 3600, "America/Los_Angeles"), "every 2 weeks on Saturday 22:00-02:00 America/Los_Angeles (4h), from 2026-12-05, until 2027-06-30 23:59 UTC");
    assert.equal(describeRecurring(local("2026-12-05T22:00"), { freq: "MONTHLY", interval: 1 }, 2 * 86400, "UTC"), "every month on day 5 from 22:00 for 2d UTC (2d), from 2026-12-05");
    assert.equal(describeRecurring(local("2027-01-04T06:00"), { freq: "YEARLY", interval: 1, count: 3 }, 3600, "Europe/Berlin"), "every year on 4 January 06:00-07:00 Europe/Berlin (1h), from 2027-01-04, 3 times");
    assert.equal(describeOnce(Date.parse("2026-11-01T04:00:00Z"), Date.parse("2026-11-02T08:00:00Z"), "America/New_York"), "once, Sun 2026-11-01 00:00 to Mon 2026-11-02 03:00 America/New_York (1d 4h)");
  });
});

describe("maintenance-past at the boundary", () => {
  /** maintenance-past's diagnostics on the fixture with these windows, as of an instant. */
  function pastAt(windows: string, now: string): string[] {
    const f = loadFixture();
    f.files.set("inventory/systems.yaml", replaceOnce(f.files.get("inventory/systems.yaml")!, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n    timeZone: Europe/Berlin\n    maintenance:\n${windows}`));
    const files = [...f.files].map(([file, text]) => parseInventoryFile(file, text).parsed!);
    const out: Parameters<typeof createReporters>[0] = [];
    const ctx = { files, ...indexFiles(files), runbooks: new Map(), draftRunbooks: new Map(), declaredInBrokenFiles: new Set<string>(), ...createReporters(out) } as RuleContext;
    (maintenancePastAt(Date.parse(now)) as Rule)(ctx);
    return out.map(formatDiagnostic);
  }
  const midnight = oneOff("year-end", "2026-12-31T22:00", "2027-01-01T00:00");

  it("warns about a one-off window from the instant its local midnight end has passed, not a second before", () => {
    assert.deepEqual(pastAt(midnight, "2026-12-31T22:59:59Z"), []);
    assert.deepEqual(pastAt(midnight, "2026-12-31T23:00:00Z"), [
      "inventory/systems.yaml:19:14: warning: system salesforce: maintenance window year-end: this window ended at 2027-01-01 00:00 Europe/Berlin, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); its SLO corrections keep it out of the error budget until it is older than the longest SLO window (30d), so remove it after 2027-01-30 (removing it removes them too) [maintenance-past]",
    ]);
  });

  it("warns about a recurring window once its last occurrence, across a daylight-saving change, has ended", () => {
    // Daily 02:00-03:00 from 27 March 2027, three times: the last starts in the gap of 28 March, 03:00 CEST (01:00Z), and ends 02:00Z.
    const daily = `      - id: daily\n        reason: daily\n        start: "2027-03-26T02:00"\n        duration: 1h\n        rrule: FREQ=DAILY;COUNT=3\n`;
    assert.deepEqual(pastAt(daily, "2027-03-28T01:59:59Z"), []);
    const [warning] = pastAt(daily, "2027-03-28T02:00:00Z");
    assert.match(warning!, /^inventory\/systems\.yaml:20:16: warning: .* had its last occurrence, which ended at 2027-03-28 04:00 Europe\/Berlin/);
    assert.deepEqual(pastAt(`      - id: weekly\n        reason: weekly\n        start: "2020-01-04T02:00"\n        duration: 1h\n        rrule: FREQ=WEEKLY\n`, "2030-01-01T00:00:00Z"), [], "a rule without an end is never over");
  });
});
