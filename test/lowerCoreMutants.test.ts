/**
 * The lower stage's entry, names, stack settings and PagerDuty on-call (mutation part
 * `lower-core`): the behaviour its mutation run showed no test pinned, asserted exactly.
 */
import { strict as assert } from "node:assert";
import { measuresThisStack, readsOnlyPerEnvironmentMetrics, scopeToEnvironment } from "../compiler/lower/environmentScope";
import { forwarderInvokes } from "../compiler/lower/forwarder";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { CATALOG_SYSTEM_PART, FORWARDER_SCOPE, integrationOfName, names, previousComponentNames, previousNames } from "../compiler/lower/names";
import { datadogPagerdutySpecs, invokeKey, onCallInvokes, onCallRotationSpecs, pagingSpecs, rotationSpecs } from "../compiler/lower/onCall";
import { layerStart, minutesOfDay, scheduleLayer } from "../compiler/lower/schedule";
import { lambdaRuntime, settingsFromConfig, type LowerSettings } from "../compiler/lower/settings";
import { configSecretKeys, mapStrings, referencedAttrs, refsIn, resolveRefsInString, targetCredentialKeys, type DesiredState } from "../compiler/lower/spec";
import type { Integration, Inventory, Rotation } from "../compiler/model";
import { sharedSample } from "./support/sampleState";

const RUNBOOKS = "https://github.com/acme/martech-reliability/blob/main/runbooks";
const settingsOf = (config: Record<string, string>, now = 1) => settingsFromConfig((k) => ({ runbookBaseUrl: RUNBOOKS, ...config })[k], now);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("lower-core: stack settings", () => {
  it("makes the defaults, field by field, from the runbook base URL alone", () => {
    assert.deepStrictEqual(settingsOf({}, 42), {
      runbookBaseUrl: RUNBOOKS,
      environment: "prod",
      staging: false,
      forwarder: {
        bundleDir: "dist/forwarder",
        datadogExtensionVersion: 67,
        datadogSite: "datadoghq.com",
        ingressConcurrency: 10,
        percentiles: false,
        lambdaRuntime: "nodejs24.x",
      },
      now: 42,
    });
  });

  it("reads every key it knows", () => {
    const layer = "arn:aws-cn:lambda:cn-north-1:464622532012:layer:Datadog_Extension-ARM:123";
    assert.deepStrictEqual(
      settingsOf({
        environment: "prod-eu2",
        pagerdutySubdomain: "acme",
        forwarderBundleDir: "out/fw",
        datadogExtensionVersion: "1000",
        datadogExtensionLayerArn: layer,
        datadogSite: "datadoghq.eu",
        forwarderTeam: "growth",
        forwarderIngressConcurrency: "1",
        forwarderPercentiles: "true",
        forwarderLambdaRuntime: "nodejs22.x",
      }, 7),
      {
        runbookBaseUrl: RUNBOOKS,
        environment: "prod-eu2",
        staging: false,
        pagerdutySubdomain: "acme",
        forwarder: {
          bundleDir: "out/fw",
          datadogExtensionVersion: 1000,
          datadogExtensionLayerArn: layer,
          datadogSite: "datadoghq.eu",
          team: "growth",
          ingressConcurrency: 1,
          percentiles: true,
          lambdaRuntime: "nodejs22.x",
        },
        now: 7,
      },
    );
    assert.deepStrictEqual(settingsOf({ environment: "staging", forwarderPercentiles: "false" }).staging, true);
  });

  it("accepts an https runbook base URL with or without a path, and refuses any other with one message", () => {
    assert.equal(settingsOf({ runbookBaseUrl: "https://runbooks.acme.example" }).runbookBaseUrl, "https://runbooks.acme.example");
    assert.equal(settingsOf({ runbookBaseUrl: "https://h/a/b-c_d" }).runbookBaseUrl, "https://h/a/b-c_d");
    const expected = "config runbookBaseUrl must be the https:// address runbooks are browsed at (pulumi config set runbookBaseUrl https://github.com/<org>/<repo>/blob/main/runbooks)";
    for (const bad of ["", "http://h/runbooks", "xhttps://h/r", "https://", "https://u:t@h/r", "https://h/r@x", "https://h/r?x=1", "https://h/r#a", "https://h?x", "https://h#x", "https://h x/r", "https://h/r x", "https://h/r\n"]) {
      assert.equal(message(() => settingsOf({ runbookBaseUrl: bad })), expected, JSON.stringify(bad));
    }
    assert.equal(message(() => settingsFromConfig(() => undefined, 1)), expected);
  });

  it("accepts Lambda layer ARNs of every partition and refuses anything else with one message", () => {
    for (const ok of ["arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:67", "arn:aws-us-gov:lambda:us-gov-west-1:002406178527:layer:X:1", "arn:aws:lambda:eu-west-3:000000000000:layer:a_b:10"]) {
      assert.equal(settingsOf({ datadogExtensionLayerArn: ok }).forwarder.datadogExtensionLayerArn, ok);
    }
    const expected = "config datadogExtensionLayerArn must be a versioned Lambda layer ARN such as arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:67";
    for (const bad of [
      "Xarn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:67",
      "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:67x",
      "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:",
      "arn:aws:lambda:us-east-1:46462253201:layer:Datadog-Extension:67",
      "arn:aws:lambda:us-east-1:4646225320123:layer:Datadog-Extension:67",
      "arn:aws:lambda:US-EAST-1:464622532012:layer:Datadog-Extension:67",
      "arn:aws:lambda:us-east-1:464622532012:layer:Datadog.Extension:67",
      "arn:aws:lambda:us-east-1:464622532012:layer::67",
      "arn:aws1:lambda:us-east-1:464622532012:layer:Datadog-Extension:67",
    ]) {
      assert.equal(message(() => settingsOf({ datadogExtensionLayerArn: bad })), expected, bad);
    }
    // Unset or empty: the layer is the version's, and the settings have no ARN field at all.
    assert.equal("datadogExtensionLayerArn" in settingsOf({ datadogExtensionLayerArn: "" }).forwarder, false);
    assert.equal("team" in settingsOf({ forwarderTeam: "" }).forwarder, false);
    assert.equal("pagerdutySubdomain" in settingsOf({ pagerdutySubdomain: "" }), false);
  });

  it("reads whole numbers from 1 to 1000 and true/false flags, naming the key it refuses", () => {
    for (const key of ["datadogExtensionVersion", "forwarderIngressConcurrency"]) {
      for (const bad of ["0", "-1", "1001", "1.5", "ten", "Infinity"]) {
        assert.equal(message(() => settingsOf({ [key]: bad })), `config ${key} must be a whole number from 1 to 1000`, `${key}=${bad}`);
      }
    }
    assert.equal(settingsOf({ datadogExtensionVersion: "1" }).forwarder.datadogExtensionVersion, 1);
    assert.equal(settingsOf({ forwarderIngressConcurrency: "1000" }).forwarder.ingressConcurrency, 1000);
    for (const bad of ["TRUE", "yes", "1", ""]) {
      assert.equal(message(() => settingsOf({ forwarderPercentiles: bad })), `config forwarderPercentiles must be true or false, but is ${JSON.stringify(bad)}`);
    }
    assert.equal(settingsOf({ forwarderPercentiles: "false" }).forwarder.percentiles, false);
  });

  it("refuses staging's claims on prod's organisation-wide resources, in full", () => {
    assert.equal(message(() => settingsOf({ environment: "staging", pagerdutySubdomain: "acme" })), "config pagerdutySubdomain must stay unset in staging: staging never pages, and Datadog's PagerDuty integration is one per organisation, owned by the prod stack (pulumi config rm pagerdutySubdomain)");
    assert.equal(message(() => settingsOf({ environment: "staging", forwarderPercentiles: "true" })), "config forwarderPercentiles must stay false in staging: a metric's tag configuration is one per Datadog organisation, and the prod stack's covers staging's forwarder metrics too (pulumi config set forwarderPercentiles false)");
    assert.equal(message(() => settingsOf({ environment: "Prod" })), 'config environment must be a short lowercase name such as prod or staging (letters, digits and single hyphens, at most 12 characters: it is part of the forwarder\'s AWS names), but is "Prod"');
  });

  it("names a Lambda runtime it refuses, and why, in full", () => {
    const fix = "set forwarderLambdaRuntime to nodejs24.x (pulumi config set forwarderLambdaRuntime nodejs24.x)";
    for (const bad of ["nodejs22.xx", "xnodejs22.x", "nodejs.x", "nodejs02.x", "nodejs22", "Nodejs22.x"]) {
      assert.equal(message(() => lambdaRuntime(bad, "2026-01-01")), `config forwarderLambdaRuntime must be a Node.js Lambda runtime such as nodejs24.x, but is ${JSON.stringify(bad)}`, bad);
    }
    assert.equal(message(() => lambdaRuntime("nodejs20.x", "2026-01-01")), `config forwarderLambdaRuntime is nodejs20.x, a runtime AWS Lambda has deprecated (Node.js 20 is past its end of life) and blocks functions on; ${fix}`);
    assert.equal(message(() => lambdaRuntime("nodejs8.x", "2026-01-01")), `config forwarderLambdaRuntime is nodejs8.x, a runtime AWS Lambda has deprecated (Node.js 8 is past its end of life) and blocks functions on; ${fix}`);
    assert.equal(message(() => lambdaRuntime("nodejs23.x", "2026-01-01")), `config forwarderLambdaRuntime is nodejs23.x, which AWS Lambda does not offer: it has runtimes for the even-numbered (LTS) Node.js releases only; ${fix}`);
    assert.equal(message(() => lambdaRuntime("nodejs24.x", "2028-04-30")), `config forwarderLambdaRuntime is nodejs24.x, which AWS Lambda deprecated on 2028-04-30; ${fix}`);
    assert.equal(lambdaRuntime("nodejs24.x", "2028-04-29"), "nodejs24.x");
    assert.equal(lambdaRuntime("nodejs22.x", "2026-01-01"), "nodejs22.x");
    assert.equal(lambdaRuntime("nodejs100.x", "2099-01-01"), "nodejs100.x");
  });
});

/** A rotation written by hand: business hours on unsorted, repeated days, in a zone at UTC in January. */
const rotation = (over: Partial<Rotation> = {}): Rotation =>
  ({
    id: "ops-primary",
    name: "Ops primary",
    team: "ops",
    timeZone: "Europe/London",
    handoff: { day: "wednesday", time: "09:30" },
    businessHours: { days: ["wednesday", "friday", "monday", "friday"], start: "08:15", end: "17:45" },
    afterHours: "next-business-day",
    members: ["zed@example.com", "amy@example.com"],
    escalation: { afterMinutes: 5, owner: "boss@example.com" },
    ...over,
  }) as Rotation;

const PROD: LowerSettings = { runbookBaseUrl: RUNBOOKS, environment: "prod", staging: false, pagerdutySubdomain: "acme", forwarder: settingsOf({}).forwarder };
const STAGING: LowerSettings = { ...PROD, environment: "staging", staging: true };

describe("lower-core: PagerDuty schedules", () => {
  it("restricts a business-hours layer to each working day once, Monday first, for the day's length", () => {
    assert.deepStrictEqual(scheduleLayer(rotation()), {
      name: "Weekly, business hours",
      start: "2024-01-03T09:30:00+00:00",
      rotationVirtualStart: "2024-01-03T09:30:00+00:00",
      rotationTurnLengthSeconds: 604800,
      users: ["${ref:pagerduty-user:zed@example.com:id}", "${ref:pagerduty-user:amy@example.com:id}"],
      restrictions: [1, 3, 5].map((day) => ({ type: "weekly_restriction", startDayOfWeek: day, startTimeOfDay: "08:15:00", durationSeconds: 34200 })),
    });
    assert.equal(minutesOfDay("09:30"), 570);
  });

  it("writes each zone's offset at the first handoff, +00:00 for GMT", () => {
    assert.equal(layerStart(rotation({ timeZone: "UTC" })), "2024-01-03T09:30:00+00:00");
    assert.equal(layerStart(rotation({ timeZone: "Asia/Kolkata" })), "2024-01-03T09:30:00+05:30");
    assert.equal(layerStart(rotation({ timeZone: "America/Chicago", handoff: { day: "monday", time: "08:00" } })), "2024-01-01T08:00:00-06:00");
  });
});

describe("lower-core: PagerDuty on-call", () => {
  it("writes a business-hours rotation's schedule and escalation policy in full", () => {
    const r = rotation();
    assert.deepStrictEqual(rotationSpecs(r), [
      { type: "martech:pagerduty:OnCallRotation", name: "ops-primary--on-call", inputs: {} },
      {
        type: "pagerduty:index/schedule:Schedule",
        name: "ops-primary--schedule",
        parent: "ops-primary--on-call",
        inputs: { name: "Ops primary", description: "Weekly business-hours rotation of team ops, nobody on call outside them, managed by Pulumi from inventory/.", timeZone: "Europe/London", layers: [scheduleLayer(r)] },
      },
      {
        type: "pagerduty:index/escalationPolicy:EscalationPolicy",
        name: "ops-primary--escalation",
        parent: "ops-primary--on-call",
        inputs: {
          name: "Ops primary escalation",
          description: "On call first, then boss@example.com after 5 minutes.",
          numLoops: 1,
          rules: [
            { escalationDelayInMinutes: 5, targets: [{ type: "schedule_reference", id: "${ref:ops-primary--schedule:id}" }] },
            { escalationDelayInMinutes: 5, targets: [{ type: "user_reference", id: "${ref:pagerduty-user:boss@example.com:id}" }] },
          ],
        },
      },
    ]);
    assert.equal((rotationSpecs(rotation({ afterHours: "page" }))[1].inputs as { description: string }).description, "Weekly rotation of team ops, on call around the clock, managed by Pulumi from inventory/.");
  });

  it("looks up each person once, sorted, then the Datadog vendor; staging looks up and creates nothing", () => {
    const inventory = { rotations: [rotation(), rotation({ id: "b", members: ["amy@example.com", "cat@example.com"], escalation: { afterMinutes: 9, owner: "amy@example.com" } })] } as unknown as Inventory;
    assert.deepStrictEqual(onCallInvokes(inventory, PROD), [
      ...["amy@example.com", "boss@example.com", "cat@example.com", "zed@example.com"].map((email) => ({ key: `pagerduty-user:${email}`, token: "pagerduty:index/getUser:getUser", args: { email } })),
      { key: "pagerduty-vendor:datadog", token: "pagerduty:index/getVendor:getVendor", args: { name: "Datadog" } },
    ]);
    assert.deepStrictEqual(onCallInvokes(inventory, STAGING), []);
    assert.deepStrictEqual(onCallRotationSpecs(inventory, STAGING), []);
    assert.deepStrictEqual(onCallRotationSpecs(inventory, PROD).map((s) => s.name), ["ops-primary--on-call", "ops-primary--schedule", "ops-primary--escalation", "b--on-call", "b--schedule", "b--escalation"]);
  });

  it("maps each look-up back to its key, and refuses one it does not make", () => {
    assert.equal(invokeKey("pagerduty:index/getUser:getUser", { email: "amy@example.com" }), "pagerduty-user:amy@example.com");
    assert.equal(invokeKey("pagerduty:index/getVendor:getVendor", { name: "Datadog" }), "pagerduty-vendor:datadog");
    assert.equal(message(() => invokeKey("pagerduty:index/getVendor:getVendor", { name: "Slack" })), "internal: unknown look-up pagerduty:index/getVendor:getVendor");
    assert.equal(message(() => invokeKey("pagerduty:index/getUser:getVendor", { name: "Datadog", email: "x" })), "internal: unknown look-up pagerduty:index/getUser:getVendor");
  });

  it("creates Datadog's PagerDuty integration only in prod with a subdomain", () => {
    assert.deepStrictEqual(datadogPagerdutySpecs(PROD), [{ type: "datadog:pagerduty/integration:Integration", name: "datadog-pagerduty", inputs: { subdomain: "acme" } }]);
    assert.deepStrictEqual(datadogPagerdutySpecs({ ...PROD, pagerdutySubdomain: undefined }), []);
    assert.deepStrictEqual(datadogPagerdutySpecs(STAGING), []);
  });

  it("writes a paging integration's service on its own rotation, in full, and none in staging", () => {
    const inventory = sharedSample.inventory();
    const base = inventory.integrations.find((i) => i.id === "hubspot-salesforce-crm-sync")!;
    const integration = { ...base, description: "  Syncs CRM.\n", previousIds: ["crm-sync"] } as Integration;
    const specs = pagingSpecs(inventory, integration, PROD);
    const revops = inventory.rotations.find((r) => r.id === "revops-primary")!;
    assert.deepStrictEqual(specs, [
      { type: "martech:pagerduty:PagingService", name: "hubspot-salesforce-crm-sync--paging", inputs: {}, aliases: ["crm-sync--paging"] },
      {
        type: "pagerduty:index/service:Service",
        name: "hubspot-salesforce-crm-sync--pagerduty-service",
        parent: "hubspot-salesforce-crm-sync--paging",
        inputs: {
          name: `[martech] ${base.name}`,
          description: `Syncs CRM.\nOwner: ${base.owner}. Managed by Pulumi from inventory/.`,
          escalationPolicy: "${ref:revops-primary--escalation:id}",
          alertCreation: "create_alerts_and_incidents",
          autoResolveTimeout: "null",
          ...(revops.afterHours === "page" ? { incidentUrgencyRule: { type: "constant", urgency: "high" } } : {}),
        },
      },
      {
        type: "pagerduty:index/serviceIntegration:ServiceIntegration",
        name: "hubspot-salesforce-crm-sync--pagerduty-datadog",
        parent: "hubspot-salesforce-crm-sync--paging",
        inputs: { name: "Datadog", service: "${ref:hubspot-salesforce-crm-sync--pagerduty-service:id}", vendor: "${ref:pagerduty-vendor:datadog:id}" },
        secretOutputs: ["integrationKey"],
      },
      {
        type: "datadog:pagerduty/serviceObject:ServiceObject",
        name: "hubspot-salesforce-crm-sync--datadog-pagerduty-service",
        parent: "hubspot-salesforce-crm-sync--paging",
        inputs: { serviceName: "hubspot-salesforce-crm-sync", serviceKey: "${ref:hubspot-salesforce-crm-sync--pagerduty-datadog:integrationKey}" },
        secretInputs: ["serviceKey"],
        dependsOn: ["datadog-pagerduty"],
      },
    ]);
    assert.equal(revops.afterHours, "page");
    assert.deepStrictEqual(pagingSpecs(inventory, integration, STAGING), []);
    assert.equal("dependsOn" in pagingSpecs(inventory, integration, { ...PROD, pagerdutySubdomain: undefined })[3], false);
  });
});

describe("lower-core: lowerInventory", () => {
  it("makes the on-call look-ups, then the forwarder's, and none in staging", () => {
    const inventory = sharedSample.inventory();
    const invokes = lowerInventory(inventory, PROD).invokes;
    assert.deepStrictEqual(invokes, [...onCallInvokes(inventory, PROD), ...forwarderInvokes(inventory)]);
    assert.equal(invokes.filter((i) => i.token === "pagerduty:index/getUser:getUser").length, new Set(inventory.rotations.flatMap((r) => [...r.members, r.escalation.owner])).size);
    assert.deepStrictEqual(lowerInventory(inventory, STAGING).invokes, forwarderInvokes(inventory));
  });
});

describe("lower-core: names", () => {
  it("joins every name's parts with --, the same way each time", () => {
    assert.deepStrictEqual(
      [
        names.monitorsComponent("i"), names.monitor("i", "f"), names.slosComponent("i"), names.slo("i", "s"), names.burnAlert("i", "s", "fast"),
        names.pagingComponent("i"), names.pagerdutyService("i"), names.pagerdutyIntegration("i"), names.datadogServiceObject("i"),
        names.rotationComponent("r"), names.schedule("r"), names.escalationPolicy("r"), names.userLookup("a@b.c"),
        names.datadogVendorLookup, names.datadogPagerdutyIntegration, names.dashboardComponent, names.dashboard, names.forwarderComponent, names.forwarder("p"),
        names.webhookSecret("i", "s"), names.webhookSecretValue("i", "s"), names.webhookSilence("i", "s"),
        names.destinationCredentials("i", "s", "y"), names.destinationCredentialsValue("i", "s", "y"),
        names.maintenanceComponent("i"), names.maintenanceDowntime("i", "y", "w"), names.maintenanceSloCorrection("i", "y", "w", "s"),
        names.catalogComponent, names.catalogService("i"), names.catalogSystem("y"),
      ],
      [
        "i--monitors", "i--monitor--f", "i--slos", "i--slo--s", "i--slo--s--burn-fast",
        "i--paging", "i--pagerduty-service", "i--pagerduty-datadog", "i--datadog-pagerduty-service",
        "r--on-call", "r--schedule", "r--escalation", "pagerduty-user:a@b.c",
        "pagerduty-vendor:datadog", "datadog-pagerduty", "reliability-dashboard", "reliability-dashboard-weekly", "webhook-forwarder", "webhook-forwarder--p",
        "i--webhook--s--secret", "i--webhook--s--secret-value", "i--webhook--s--no-deliveries",
        "i--webhook--s--destination--y--credentials", "i--webhook--s--destination--y--credentials-value",
        "i--maintenance", "i--maintenance--y--w", "i--maintenance--y--w--slo--s",
        "software-catalog", "i--catalog", "y--catalog-system",
      ],
    );
    assert.equal(FORWARDER_SCOPE, "webhook-forwarder");
    assert.equal(CATALOG_SYSTEM_PART, "catalog-system");
  });

  it("tells an integration's resources from rotations' and shared ones", () => {
    assert.deepStrictEqual(
      ["a-b--monitor--c", "a--paging", "webhook-forwarder--ingress", "r--on-call", "r--schedule", "r--escalation", "crm--catalog-system", "reliability-dashboard", "a--catalog"].map(integrationOfName),
      ["a-b", "a", undefined, undefined, undefined, undefined, undefined, undefined, "a"],
    );
  });

  it("lists every earlier name, the current one left out", () => {
    const integration = { id: "new", previousIds: ["old", "older"] } as unknown as Integration;
    assert.deepStrictEqual(previousComponentNames(integration, names.pagingComponent), ["old--paging", "older--paging"]);
    assert.deepStrictEqual(previousNames(integration, ["was"], names.monitor, "now"), ["new--monitor--was", "old--monitor--now", "old--monitor--was", "older--monitor--now", "older--monitor--was"]);
  });
});

describe("lower-core: environment scope", () => {
  it("scopes a per-environment metric's query by the form of its scope, and leaves others as written", () => {
    assert.equal(scopeToEnvironment("sum:martech.forwarder.x{ a:b }.as_count()", "prod"), "sum:martech.forwarder.x{a:b,env:prod}.as_count()");
    assert.equal(scopeToEnvironment("sum:martech.forwarder.x{ a:b OR c:d }", "prod"), "sum:martech.forwarder.x{(a:b OR c:d) AND env:prod}");
    assert.equal(scopeToEnvironment("sum:martech.forwarder.x{ a:b AND c:d }", "prod"), "sum:martech.forwarder.x{a:b AND c:d AND env:prod}");
    assert.equal(scopeToEnvironment("sum(last_5m):sum:martech.forwarder.x{*} / sum:vendor.y{*} > 1", "qa"), "sum(last_5m):sum:martech.forwarder.x{env:qa} / sum:vendor.y{*} > 1");
    assert.equal(scopeToEnvironment("sum:martech.forwarder.x{!env:staging}", "prod"), "sum:martech.forwarder.x{!env:staging}");
    const burn = 'burn_rate("x").over("30d").long_window("1h") > 2';
    assert.equal(scopeToEnvironment(burn, "prod"), burn);
    assert.equal(message(() => scopeToEnvironment("sum:x{", "prod")).startsWith('cannot scope the query "sum:x{" to an environment: '), true);
  });

  it("counts a query as per-environment only when it reads metrics and all of them are", () => {
    assert.equal(readsOnlyPerEnvironmentMetrics('burn_rate("x").over("30d").long_window("1h") > 2'), false);
    assert.equal(readsOnlyPerEnvironmentMetrics("sum:martech.forwarder.x{*} / sum:vendor.y{*}"), false);
    assert.equal(readsOnlyPerEnvironmentMetrics("sum:martech.forwarder.x{*} / sum:martech.forwarder.y{*}"), true);
    assert.equal(measuresThisStack(["sum:martech.forwarder.x{*}", "sum:vendor.y{*}"], { staging: true }), false);
    assert.equal(measuresThisStack(["sum:martech.forwarder.x{*}", "sum:martech.forwarder.y{*}"], { staging: true }), true);
    assert.equal(measuresThisStack(["sum:vendor.y{*}"], { staging: false }), true);
  });
});

describe("lower-core: specs' references", () => {
  it("finds, replaces and maps references at any depth", () => {
    const value = { a: ["${ref:x:id} and ${ref:y--z:arn}", 3, null, { b: "${ref:w:url}" }], c: true, d: "plain" };
    assert.deepStrictEqual(refsIn(value), [{ name: "x", attr: "id" }, { name: "y--z", attr: "arn" }, { name: "w", attr: "url" }]);
    assert.deepStrictEqual(refsIn(7), []);
    assert.equal(resolveRefsInString("<${ref:x:id}|${ref:y:arn}>", (n, a) => `${n}.${a}`), "<x.id|y.arn>");
    assert.deepStrictEqual(mapStrings(value, (s) => s.length), { a: [31, 3, null, { b: 12 }], c: true, d: 5 });
    assert.equal(mapStrings("s", (s) => `${s}!`), "s!");
  });

  it("lists the secret config keys and the referenced attributes a state needs", () => {
    const state: DesiredState = {
      invokes: [],
      resources: [
        { type: "t", name: "a", inputs: { s: { $configSecret: "p:z" }, c: { $targetCredentials: { auth: { type: "bearer", configKey: "p:auth" }, headers: [{ name: "X-K", configKey: "p:h" }] } }, n: null, q: "${ref:b:arn}" } },
        { type: "t", name: "b", inputs: { c: { $targetCredentials: { headers: [{ name: "X-K", configKey: "p:h2" }] } }, r: ["${ref:a:id}", "${ref:b:url}", "${ref:b:arn}"] }, outputs: { o: "${ref:c:name}" } },
      ],
    };
    assert.deepStrictEqual(configSecretKeys(state), ["p:auth", "p:h", "p:h2", "p:z"]);
    assert.deepStrictEqual(targetCredentialKeys({ $targetCredentials: { headers: [] } }), []);
    assert.deepStrictEqual(referencedAttrs(state), new Map([["b", new Set(["arn", "url"])], ["c", new Set(["name"])]]));
  });
});
