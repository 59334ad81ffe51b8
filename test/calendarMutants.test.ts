/**
 * Change freezes, maintenance windows and time zones (validate-calendar's mutation gaps): each
 * test edits the valid fixture and names every diagnostic it must produce, exactly
 * (`file:line:col`, severity, words), so a rule reporting one more, one less or elsewhere fails.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isTimeZone } from "../compiler/validate/rules/timeZones";
import { maintenanceWindows, zonedWindows } from "../compiler/validate/maintenanceWindows";
import type { RuleContext } from "../compiler/validate/ruleContext";
import { jsonSchemaText, SCHEMA_DIR, SCHEMA_FILES } from "../compiler/editorSchema/jsonSchemas";
import { fixtureDiagnostics as diagnostics, replaceOnce, type Fixture } from "./support/fixture";

const FREEZES = "inventory/change-freezes.yaml";
const SYSTEMS = "inventory/systems.yaml";
/** A freeze of 5 lines (id on the first), then `extra`. */
const fr = (id: string, start: string, end: string, zone = "America/New_York", extra = "") => `  - id: ${id}\n    reason: r\n    start: "${start}"\n    end: "${end}"\n    timeZone: ${zone}\n${extra}`;
const withFreezes = (...xs: string[]) => (f: Fixture) => f.files.set(FREEZES, `version: reliability/v1\nkind: ChangeFreezes\nfreezes:\n${xs.join("")}`);
/** Salesforce gets `zone` (line 14) and these windows (from line 15). */
const withMaintenance = (w: string, zone = "    timeZone: Europe/Berlin\n") => (f: Fixture) =>
  f.files.set(SYSTEMS, replaceOnce(f.files.get(SYSTEMS)!, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n${zone}    maintenance:\n${w}`));
const recurring = (id: string, rrule: string, duration = "2h", start = "2026-12-06T02:00", extra = "") => `      - id: ${id}\n        reason: r\n        start: "${start}"\n        duration: ${duration}\n        rrule: ${rrule}\n${extra}`;
const once = (id: string, start: string, end: string, extra = "") => `      - id: ${id}\n        reason: r\n        start: "${start}"\n        end: "${end}"\n${extra}`;
const NO_CANDIDATES = "expected one of: integration-0001, integration-0002, integration-0003, integration-0004, integration-0005, integration-0006";

describe("validate-calendar: change freezes", () => {
  it("compares only valid freezes of equal scope; touching windows, other scopes and broken freezes are not overlaps", () => {
    const scoped = (ids: string) => `    scope: { teams: [${ids}] }\n`;
    assert.deepStrictEqual(
      diagnostics(withFreezes(
        fr("a", "2026-11-26T00:00", "2026-12-01T00:00"),
        fr("b", "2026-12-01T00:00", "2026-12-03T00:00"),
        fr("c", "2026-11-27T00:00", "2026-11-28T00:00", "Bad/Zone"),
        fr("d", "2026-11-29T00:00", "2026-11-28T00:00"),
        fr("e", "2026-11-27T00:00", "2026-11-28T00:00", "America/New_York", scoped("revenue-operations")),
        fr("f", "2026-11-27T00:00", "2026-11-28T00:00", "America/New_York", scoped("revenue-operations, revenue-operations")),
        fr("g", "2026-11-27T00:00", "2026-11-28T00:00", "America/New_York", "    scope: { integrations: [revenue-operations] }\n"),
      )),
      [
        `${FREEZES}:18:15: error: change freeze c: timeZone: "Bad/Zone" is not a time zone; use an IANA name such as America/New_York or Europe/Berlin [invalid-time-zone]`,
        `${FREEZES}:22:10: error: change freeze d: end: 2026-11-28T00:00 is not after start 2026-11-29T00:00 in America/New_York; end is the first minute deploys are allowed again, so it must come after start [freeze-window]`,
        `${FREEZES}:32:12: error: change freeze f: 2026-11-27 00:00 to 2026-11-28 00:00 America/New_York overlaps change freeze e (2026-11-27 00:00 to 2026-11-28 00:00 America/New_York, ${FREEZES}:24), which has the same scope; merge them into one window, or give them different scopes [freeze-overlap]`,
        `${FREEZES}:41:29: error: change freeze g: scope: there is no integration "revenue-operations"; ${NO_CANDIDATES} [freeze-scope]`,
      ],
    );
  });

  it("reports an end equal to the start", () => {
    assert.deepStrictEqual(diagnostics(withFreezes(`  - reason: r\n    id: x\n    start: "2026-11-26T00:00"\n    end: "2026-11-27T00:00"\n    timeZone: UTC\n`, fr("x", "2027-11-26T00:00", "2027-11-27T00:00"))), [
      `${FREEZES}:9:9: error: change freeze id "x" is already defined at ${FREEZES}:5; ids must be unique [duplicate-id]`,
    ]);
    assert.deepStrictEqual(diagnostics(withFreezes(fr("a", "2026-11-26T00:00", "2026-11-26T00:00"))), [
      `${FREEZES}:7:10: error: change freeze a: end: 2026-11-26T00:00 is not after start 2026-11-26T00:00 in America/New_York; end is the first minute deploys are allowed again, so it must come after start [freeze-window]`,
    ]);
  });

  it("reports each repeat of an id against its first definition", () => {
    assert.deepStrictEqual(
      diagnostics(withFreezes(fr("a", "2026-11-26T00:00", "2026-11-27T00:00", "UTC", "    scope: { teams: [growth-engineering] }\n"), fr("b", "2027-11-26T00:00", "2027-11-27T00:00"), fr("a", "2028-11-26T00:00", "2028-11-27T00:00"), fr("a", "2029-11-26T00:00", "2029-11-27T00:00"))),
      [
        `${FREEZES}:15:9: error: change freeze id "a" is already defined at ${FREEZES}:4; ids must be unique [duplicate-id]`,
        `${FREEZES}:20:9: error: change freeze id "a" is already defined at ${FREEZES}:4; ids must be unique [duplicate-id]`,
      ],
    );
  });

  it("points at each unknown integration and team of a scope", () => {
    assert.deepStrictEqual(diagnostics(withFreezes(fr("a", "2026-11-26T00:00", "2026-11-27T00:00", "UTC", "    scope: { integrations: [integration-0001, zzz, qqq], teams: [growth-engineering, nope, xyzzy] }\n"))), [
      `${FREEZES}:9:47: error: change freeze a: scope: there is no integration "zzz"; ${NO_CANDIDATES} [freeze-scope]`,
      `${FREEZES}:9:52: error: change freeze a: scope: there is no integration "qqq"; ${NO_CANDIDATES} [freeze-scope]`,
      `${FREEZES}:9:86: error: change freeze a: scope: there is no team "nope"; expected one of: growth-engineering, revenue-operations [freeze-scope]`,
      `${FREEZES}:9:92: error: change freeze a: scope: there is no team "xyzzy"; expected one of: growth-engineering, revenue-operations [freeze-scope]`,
    ]);
  });

  it("names a renamed integration's new id, and accepts an integration of a file broken otherwise", () => {
    const INT5 = "inventory/integrations/integration-0005.yaml";
    const INT6 = "inventory/integrations/integration-0006.yaml";
    assert.deepStrictEqual(
      diagnostics((f) => {
        f.files.set(INT6, replaceOnce(f.files.get(INT6)!, "id: integration-0006\n", "id: integration-0006-v2\npreviousIds: [integration-0006]\nrunbook: integration-0006.md\n"));
        f.files.set(INT5, `${f.files.get(INT5)!}\nbogusField: 1\n`);
        withFreezes(fr("a", "2026-11-26T00:00", "2026-11-27T00:00", "UTC", "    scope: { integrations: [integration-0006, integration-0005] }\n"))(f);
      }),
      [
        `${FREEZES}:9:29: error: change freeze a: scope: there is no integration "integration-0006"; it was renamed to "integration-0006-v2": use the new id [freeze-scope]`,
        `${INT5}:88:1: error: unknown field "bogusField"; expected one of: version, kind, id, name, description, tier, owner, rotation, runbook, revenue, upstream, downstream, slos, failureModes, webhooks, alertTests, previousIds [unknown-key]`,
      ],
    );
  });

  it("refuses a control character, a reason over 300 characters and empty scope lists; 300 characters are fine", () => {
    assert.deepStrictEqual(
      diagnostics(withFreezes(
        fr("a", "2026-11-26T00:00", "2026-11-27T00:00", "UTC", "    scope: { integrations: [], teams: [] }\n").replace("reason: r", 'reason: "a\\u0085b"'),
        fr("b", "2026-11-26T00:00", "2026-11-27T00:00", "UTC").replace("reason: r", `reason: ${"x".repeat(301)}`),
        fr("c", "2026-11-26T00:00", "2026-11-27T00:00", "UTC").replace("reason: r", `reason: ${"x".repeat(300)}`),
      )),
      [
        `${FREEZES}:5:13: error: change freeze a: reason: must be one line without control characters [schema]`,
        `${FREEZES}:9:28: error: change freeze a: scope.integrations: list at least one integration, or leave integrations out [schema]`,
        `${FREEZES}:9:39: error: change freeze a: scope.teams: list at least one team, or leave teams out [schema]`,
        `${FREEZES}:11:13: error: change freeze b: reason: must be at most 300 characters [schema]`,
      ],
    );
  });
});

describe("validate-calendar: maintenance windows", () => {
  it("refuses a duration Datadog cannot read, a blank rrule and a 201st freeze; 200 freezes are fine", () => {
    const freezes = (n: number) => Array.from({ length: n }, (_, i) => fr(`f${i}`, `${2100 + i}-11-26T00:00`, `${2100 + i}-11-27T00:00`, "UTC"));
    assert.deepStrictEqual(diagnostics(withFreezes(...freezes(200))), []);
    assert.deepStrictEqual(
      diagnostics((f) => {
        withMaintenance(recurring("a", "FREQ=WEEKLY", "2 hours") + recurring("b", '"  "'), "    timeZone: UTC\n")(f);
        withFreezes(...freezes(201))(f);
      }),
      [
        `${FREEZES}:4:3: error: freezes: must list at most 200 freezes; remove those that have ended [schema]`,
        `${SYSTEMS}:19:19: error: system salesforce: maintenance window a: duration: must be a duration such as 90m, 2h, 1d or 1w [schema]`,
        `${SYSTEMS}:25:16: error: system salesforce: maintenance window b: rrule: must be at least 1 [schema]`,
      ],
    );
  });

  it("refuses duration on a one-off window, end on a recurring one and a recurring one without duration", () => {
    assert.deepStrictEqual(
      diagnostics(withMaintenance(
        once("o1", "2027-01-10T02:00", "2027-01-10T02:00", "        duration: 2h\n") +
        recurring("w1", "FREQ=WEEKLY;INTERVAL=2", "15d", "2026-12-06T02:00", '        end: "2027-01-01T00:00"\n') +
        recurring("w2", "FREQ=MONTHLY", "28d").replace("        duration: 28d\n", ""),
      )),
      [
        `${SYSTEMS}:20:19: error: system salesforce: maintenance window o1: duration: duration is for recurring windows (with rrule); a one-off window has end [schema]`,
        `${SYSTEMS}:26:14: error: system salesforce: maintenance window w1: end: a recurring window has duration, not end; end is for one-off windows [schema]`,
        `${SYSTEMS}:30:16: error: system salesforce: maintenance window w2: rrule: a recurring window needs duration, how long each occurrence lasts (such as 2h) [schema]`,
      ],
    );
  });

  it("names the period of an interval and of a month, reads a lower-case UNTIL, skips a window with a bad zone and reports an end equal to its start", () => {
    assert.deepStrictEqual(
      diagnostics(withMaintenance(
        recurring("w1", "FREQ=WEEKLY;INTERVAL=2", "15d") +
        recurring("w3", "FREQ=MONTHLY", "28d") +
        recurring("w4", "freq=weekly;until=20261205T000000Z") +
        recurring("w5", "FREQ=DAILY;UNTIL=20201205T000000Z", "1h", "2026-12-06T02:00", "        timeZone: Bad/Zone\n") +
        recurring("w6", "FREQ=YEARLY;INTERVAL=1", "1d", "2028-02-29T02:00") +
        once("o2", "2027-01-10T02:00", "2027-01-10T02:00"),
      )),
      [
        `${SYSTEMS}:19:19: error: system salesforce: maintenance window w1: duration: each occurrence lasts 15d but the window repeats every 2 weeks, so occurrences would overlap and the monitors would never be unmuted; make it shorter than the period [maintenance-recurrence]`,
        `${SYSTEMS}:24:19: error: system salesforce: maintenance window w3: duration: each occurrence lasts 28d but the window repeats every month (the shortest month has 28 days), so occurrences would overlap and the monitors would never be unmuted; make it shorter than the period [maintenance-recurrence]`,
        `${SYSTEMS}:30:28: error: system salesforce: maintenance window w4: rrule: UNTIL is before the first start (2026-12-06T02:00 Europe/Berlin), so the window never occurs [maintenance-recurrence]`,
        `${SYSTEMS}:36:19: error: system salesforce: maintenance window w5: timeZone: "Bad/Zone" is not a time zone; use an IANA name such as America/Los_Angeles or Europe/Berlin [invalid-time-zone]`,
        `${SYSTEMS}:39:16: error: system salesforce: maintenance window w6: start: a yearly window starting on 29 February runs only in leap years (RFC 5545 ignores dates that do not exist); start it on another day [maintenance-recurrence]`,
        `${SYSTEMS}:45:14: error: system salesforce: maintenance window o2: end: 2027-01-10T02:00 is not after start 2027-01-10T02:00 in Europe/Berlin; a window must end after it starts [maintenance-window]`,
      ],
    );
  });

  it("reports a system's bad zone once, and no UNTIL or past check against it", () => {
    assert.deepStrictEqual(diagnostics(withMaintenance(recurring("w1", "FREQ=WEEKLY;UNTIL=20201205T000000Z"), "    timeZone: Nowhere/Land\n")), [
      `${SYSTEMS}:14:15: error: system salesforce: timeZone: "Nowhere/Land" is not a time zone; use an IANA name such as America/Los_Angeles or Europe/Berlin [invalid-time-zone]`,
    ]);
  });

  it("asks for a time zone only for the windows without one of their own", () => {
    assert.deepStrictEqual(diagnostics(withMaintenance(recurring("w1", "FREQ=WEEKLY", "2h", "2026-12-06T02:00", "        timeZone: UTC\n") + recurring("w2", "FREQ=WEEKLY"), "")), [
      `${SYSTEMS}:21:9: error: system salesforce: maintenance window w2: this window's times need a time zone: set timeZone on the system (an IANA name such as America/Los_Angeles) or on the window [schema]`,
    ]);
  });

  it("warns about past one-off and recurring windows, but not about an UNTIL before the first start (maintenance-recurrence's)", () => {
    assert.deepStrictEqual(diagnostics(withMaintenance(once("o1", "2020-01-10T02:00", "2020-01-10T03:00") + recurring("w1", "FREQ=DAILY;UNTIL=20201205T000000Z", "1h") + recurring("w2", "FREQ=DAILY;COUNT=2", "1h", "2020-12-06T02:00"))), [
      `${SYSTEMS}:19:14: warning: system salesforce: maintenance window o1: this window ended at 2020-01-10 03:00 Europe/Berlin, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); its SLO corrections keep it out of the error budget until it is older than the longest SLO window (30d), so remove it after 2020-02-09 (removing it removes them too) [maintenance-past]`,
      `${SYSTEMS}:24:27: error: system salesforce: maintenance window w1: rrule: UNTIL is before the first start (2026-12-06T02:00 Europe/Berlin), so the window never occurs [maintenance-recurrence]`,
      `${SYSTEMS}:29:16: warning: system salesforce: maintenance window w2: this window had its last occurrence, which ended at 2020-12-07 03:00 Europe/Berlin, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); its SLO corrections keep it out of the error budget until it is older than the longest SLO window (30d), so remove it after 2021-01-06 (removing it removes them too) [maintenance-past]`,
    ]);
  });

  it("counts only live SLOs in the advice: with every 30-day SLO retired, the 7-day ones set the date", () => {
    const found = diagnostics((f) => {
      for (const [file, text] of f.files) if (file.startsWith("inventory/integrations/")) f.files.set(file, replaceOnce(text, "    window: 30d\n", "    window: 30d\n    retired: { reason: replaced }\n"));
      withMaintenance(once("o1", "2020-01-10T02:00", "2020-01-10T03:00"))(f);
    }).filter((d) => d.endsWith("[maintenance-past]"));
    assert.deepStrictEqual(found, [
      `${SYSTEMS}:19:14: warning: system salesforce: maintenance window o1: this window ended at 2020-01-10 03:00 Europe/Berlin, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); its SLO corrections keep it out of the error budget until it is older than the longest SLO window (7d), so remove it after 2020-01-17 (removing it removes them too) [maintenance-past]`,
    ]);
  });

  it("advises only removal of a past window of a system no SLO depends on", () => {
    const snowflake = `  - id: snowflake\n    name: snowflake\n    category: warehouse\n    timeZone: UTC\n    maintenance:\n${once("o1", "2020-01-10T02:00", "2020-01-10T03:00")}  - id: bare\n    name: bare\n    category: warehouse\n`;
    assert.deepStrictEqual(diagnostics((f) => f.files.set(SYSTEMS, replaceOnce(f.files.get(SYSTEMS)!, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n${snowflake}`))), [
      `${SYSTEMS}:19:7: warning: system snowflake: maintenance: no integration lists snowflake upstream or downstream, so these windows mute no monitor and correct no SLO; list the system in the integrations that depend on it, or move the windows to the system that is maintained [maintenance-scope]`,
      `${SYSTEMS}:22:14: warning: system snowflake: maintenance window o1: this window ended at 2020-01-10 03:00 UTC, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); remove it [maintenance-past]`,
    ]);
  });
});

describe("validate-calendar: time zones of teams and rotations", () => {
  it("isTimeZone answers a boolean", () => {
    assert.strictEqual(isTimeZone("Europe/Berlin"), true);
    assert.strictEqual(isTimeZone("Bad/Zone"), false);
  });

  it("names the member and the rotation whose zone is not one", () => {
    assert.deepStrictEqual(
      diagnostics((f) => {
        f.files.set("inventory/teams.yaml", f.files.get("inventory/teams.yaml")!.replace(/timeZone: America\/New_York/, "timeZone: Mars/Base"));
        f.files.set("inventory/rotations.yaml", f.files.get("inventory/rotations.yaml")!.replace(/timeZone: America\/New_York\n([\s\S]*)timeZone: America\/New_York/, "timeZone: America/New_York\n$1timeZone: Moon/Base"));
      }),
      [
        `inventory/rotations.yaml:17:15: error: rotation revenue-operations-primary: "Moon/Base" is not a time zone; use an IANA name such as America/New_York or Europe/Berlin [invalid-time-zone]`,
        `inventory/teams.yaml:11:19: error: team growth-engineering: member growth-engineering-1@example.com: "Mars/Base" is not a time zone; use an IANA name such as America/New_York or Europe/Berlin [invalid-time-zone]`,
      ],
    );
  });
});

describe("validate-calendar: the editor schemas of freezes and systems", () => {
  // Each field's help text, bounds and messages reach the committed JSON Schemas (README, "Editor support").
  for (const kind of ["ChangeFreezes", "Systems"] as const) {
    it(`${kind}: the committed schema is what the zod schema generates`, () => {
      assert.equal(jsonSchemaText(kind), readFileSync(join(__dirname, "..", SCHEMA_DIR, SCHEMA_FILES[kind]), "utf8"));
    });
  }
});

describe("validate-calendar: the windows the maintenance rules walk", () => {
  it("resolves each window's zone, own or the system's, leaves it out when neither is set, and keeps only real zones", () => {
    const file = { file: "inventory/systems.yaml" };
    const sys = (i: number, value: object) => ({ value, file, path: ["systems", i] });
    const w = (id: string, timeZone?: string) => ({ id, reason: id, start: "2027-01-10T02:00", end: "2027-01-10T03:00", ...(timeZone ? { timeZone } : {}) });
    const a = sys(0, { id: "a", timeZone: "UTC", maintenance: [w("own", "Europe/Berlin"), w("inherited")] });
    const b = sys(1, { id: "b", maintenance: [w("none"), w("bad", "Bad/Zone")] });
    const c = sys(2, { id: "c" });
    const ctx = { systems: [a, b, c] } as unknown as Pick<RuleContext, "systems">;
    const all = maintenanceWindows(ctx);
    assert.deepStrictEqual(all, [
      { system: a, window: w("own", "Europe/Berlin"), path: ["systems", 0, "maintenance", 0], zone: "Europe/Berlin", label: "system a: maintenance window own" },
      { system: a, window: w("inherited"), path: ["systems", 0, "maintenance", 1], zone: "UTC", label: "system a: maintenance window inherited" },
      { system: b, window: w("none"), path: ["systems", 1, "maintenance", 0], label: "system b: maintenance window none" },
      { system: b, window: w("bad", "Bad/Zone"), path: ["systems", 1, "maintenance", 1], zone: "Bad/Zone", label: "system b: maintenance window bad" },
    ]);
    assert.deepStrictEqual(zonedWindows(ctx), all.slice(0, 2));
  });
});

describe("validate-calendar: survivors of the whole-part run (freeze order, scope keys, periods, UNTIL)", () => {
  it("compares freezes in either order, keeps scope ids apart and leaves a zero-length freeze out", () => {
    const teams = (t: string) => `    scope: { teams: [${t}] }\n`;
    assert.deepStrictEqual(
      diagnostics(withFreezes(
        fr("a", "2030-11-26T00:00", "2030-12-01T00:00"),
        fr("b", "2030-11-28T00:00", "2030-11-28T00:00"),
        fr("c", "2030-12-05T00:00", "2030-12-06T00:00", "UTC", teams("growth-engineering, revenue-operations")),
        fr("d", "2030-12-03T00:00", "2030-12-05T00:00", "UTC", teams("revenue-operations, growth-engineering")),
        fr("e", "2030-12-01T00:00", "2030-12-03T00:00", "UTC", teams("revenue-operations, growth-engineering")),
        fr("f", "2030-12-05T00:00", "2030-12-06T00:00", "UTC", teams("growth-engineeringrevenue-operations")),
      )),
      [
        `${FREEZES}:12:10: error: change freeze b: end: 2030-11-28T00:00 is not after start 2030-11-28T00:00 in America/New_York; end is the first minute deploys are allowed again, so it must come after start [freeze-window]`,
        `${FREEZES}:37:22: error: change freeze f: scope: there is no team "growth-engineeringrevenue-operations"; expected one of: growth-engineering, revenue-operations [freeze-scope]`,
      ],
    );
  });

  it("accepts a team of a teams file broken otherwise in a freeze's scope", () => {
    assert.deepStrictEqual(
      diagnostics((f) => {
        f.files.set("inventory/teams.yaml", `${f.files.get("inventory/teams.yaml")!}\nbogus: 1\n`);
        withFreezes(fr("a", "2030-11-26T00:00", "2030-12-01T00:00", "UTC", "    scope: { teams: [growth-engineering] }\n"))(f);
      }),
      [`inventory/teams.yaml:32:1: error: unknown field "bogus"; expected one of: version, kind, teams [unknown-key]`],
    );
  });

  it("names a day and a year as periods, and reports an UNTIL a minute before the first start but not one at it", () => {
    assert.deepStrictEqual(
      diagnostics(withMaintenance(
        recurring("d1", "FREQ=DAILY", "1d", "2030-12-06T02:00") +
        recurring("y1", "FREQ=YEARLY", "365d", "2030-12-06T02:00") +
        recurring("u1", "FREQ=WEEKLY;UNTIL=20301206T010000Z", "2h", "2030-12-06T02:00") +
        recurring("u2", "FREQ=WEEKLY;UNTIL=20301206T005900Z", "2h", "2030-12-06T02:00"),
      )),
      [
        `${SYSTEMS}:19:19: error: system salesforce: maintenance window d1: duration: each occurrence lasts 1d but the window repeats every day, so occurrences would overlap and the monitors would never be unmuted; make it shorter than the period [maintenance-recurrence]`,
        `${SYSTEMS}:24:19: error: system salesforce: maintenance window y1: duration: each occurrence lasts 365d but the window repeats every year, so occurrences would overlap and the monitors would never be unmuted; make it shorter than the period [maintenance-recurrence]`,
        `${SYSTEMS}:35:28: error: system salesforce: maintenance window u2: rrule: UNTIL is before the first start (2030-12-06T02:00 Europe/Berlin), so the window never occurs [maintenance-recurrence]`,
      ],
    );
  });
});
