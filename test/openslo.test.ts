/**
 * OpenSLO export and import (compiler/openslo, cli/openslo.ts): exported documents validate
 * against the OpenSLO v1 JSON Schema (test/fixtures/openslo, with the one override its README
 * states) and the spec text's field names; their burn-rate tiers are the plan's; a round trip
 * gives back the inventory's SLOs; import names, with positions, what it cannot represent.
 */
import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { MONITOR } from "../compiler/lower/monitors";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { names } from "../compiler/lower/names";
import type { Inventory } from "../compiler/model";
import type { OpenSloDoc } from "../compiler/openslo/documents";
import { exportInventory } from "../compiler/openslo/exportInventory";
import { formatFinding, sortFindings } from "../compiler/openslo/findings";
import { importDocuments } from "../compiler/openslo/importDocuments";
import { ANNOTATIONS, fitText, isObjectName, MAX_LABEL_LENGTH, objectName } from "../compiler/openslo/names";
import { MAX_ALIAS_COUNT, MAX_DOCUMENTS, MAX_FLOW_DEPTH, readDocuments } from "../compiler/openslo/readDocuments";
import { renderDocuments } from "../compiler/openslo/renderDocuments";
import { objectiveToTarget, percentToObjective, targetToObjective } from "../compiler/openslo/sloTarget";
import { REPO, runCli } from "./support/runCli";
import { sampleInventory, sampleSettings } from "./support/sampleState";

const SCHEMAS = join(REPO, "test", "fixtures", "openslo", "schemas", "v1");
const NAME_SCHEMA = "https://openslo.com/schemas/v1/parts/name.schema.json";

/**
 * The published schema, with `SLO.spec.alertPolicies` items in the spec text's reference form
 * (test/fixtures/openslo/README.md). `strict: false`: the schema uses keywords the way draft-07
 * defines them (`additionalItems` beside a non-array `items`, `required` without `type`), which
 * ajv's strict mode would refuse rather than ignore as the draft says.
 */
function openSloValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const file of readdirSync(join(SCHEMAS, "parts"))) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, "parts", file), "utf8"));
    if (file === "slo-spec.schema.json") {
      // Spec, "Notes (SLO)": "An alert policy can be defined inline or can refer to an AlertPolicy object, ... alertPolicyRef".
      schema.properties.spec.properties.alertPolicies.items = { type: "object", required: ["alertPolicyRef"], properties: { alertPolicyRef: { $ref: NAME_SCHEMA } }, additionalProperties: false };
    }
    ajv.addSchema(schema);
  }
  return ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, "openslo.schema.json"), "utf8")));
}

/**
 * The field names of the spec text (OpenSLO README, "Object Types"), closed: the published
 * schema allows any extra key, so a misspelt `alertWhenBreach` would pass it.
 */
const closed = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required, additionalProperties: false });
const anyOf = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, {}]));
const metadata = closed({ name: { type: "string" }, displayName: { type: "string", maxLength: 63 }, labels: {}, annotations: {} }, ["name"]);
const metricSide = closed({ metricSource: closed(anyOf("metricSourceRef", "type", "spec")) }, ["metricSource"]);
const SPEC_TEXT_SCHEMA = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: { apiVersion: {}, kind: {}, metadata, spec: { type: "object" } },
  additionalProperties: false,
  allOf: [
    { if: { properties: { kind: { const: "Service" } } }, then: { properties: { spec: closed(anyOf("description")) } } },
    {
      if: { properties: { kind: { const: "SLO" } } },
      then: {
        properties: {
          spec: closed({
            ...anyOf("description", "service", "indicatorRef", "budgetingMethod"),
            indicator: closed({ metadata, spec: closed({ ...anyOf("description", "thresholdMetric"), ratioMetric: closed({ counter: {}, good: metricSide, bad: metricSide, total: metricSide, ...anyOf("rawType", "raw") }) }) }),
            timeWindow: { type: "array", items: closed(anyOf("duration", "isRolling", "calendar")) },
            objectives: { type: "array", items: closed(anyOf("displayName", "op", "value", "target", "targetPercent", "timeSliceTarget", "timeSliceWindow", "indicator", "indicatorRef", "compositeWeight")) },
            alertPolicies: { type: "array", items: closed(anyOf("alertPolicyRef")) },
          }),
        },
      },
    },
    {
      if: { properties: { kind: { const: "AlertPolicy" } } },
      then: {
        properties: {
          spec: closed({
            ...anyOf("description", "alertWhenNoData", "alertWhenResolved", "alertWhenBreaching"),
            conditions: { type: "array", items: closed({ kind: {}, metadata, spec: closed({ ...anyOf("description", "severity"), condition: closed(anyOf("kind", "op", "threshold", "lookbackWindow", "alertAfter")) }) }) },
            notificationTargets: { type: "array", items: closed(anyOf("targetRef")) },
          }),
        },
      },
    },
    { if: { properties: { kind: { const: "AlertNotificationTarget" } } }, then: { properties: { spec: closed(anyOf("target", "description"), ["target"]) } } },
  ],
};

function errorsOf(validate: ValidateFunction, doc: unknown): string {
  return validate(doc) ? "" : JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message}`));
}

describe("openslo export", () => {
  let inventory: Inventory;
  let exported: ReturnType<typeof exportInventory>;
  let validate: ValidateFunction;
  before(() => {
    inventory = sampleInventory();
    exported = exportInventory(inventory);
    validate = openSloValidator();
  });

  it("validates every document of the sample against the OpenSLO v1 JSON Schema and the spec text's fields", () => {
    const specText = new Ajv({ allErrors: true, strict: false }).compile(SPEC_TEXT_SCHEMA);
    let count = 0;
    for (const { fileName, documents } of exported) {
      // What is validated is what is written: the YAML read back, not the objects in memory.
      for (const doc of parseAllDocuments(renderDocuments(documents)).map((d) => d.toJS())) {
        count++;
        assert.equal(errorsOf(validate, doc), "", `${fileName}: ${doc.kind} ${doc.metadata.name}`);
        assert.equal(errorsOf(specText, doc), "", `${fileName}: ${doc.kind} ${doc.metadata.name}`);
      }
    }
    assert.equal(count, exported.reduce((n, e) => n + e.documents.length, 0));
  });

  it("keeps generated ids of any length inside the schema: a team id too long for a label is carried whole in an annotation", () => {
    const specText = new Ajv({ allErrors: true, strict: false }).compile(SPEC_TEXT_SCHEMA);
    fc.assert(
      fc.property(fc.integer({ min: MAX_LABEL_LENGTH + 1, max: 250 }), (length) => {
        const long = withLongIds(inventory, length);
        const team = long.integrations[0]!.owner;
        assert.ok(team.length >= length);
        for (const { fileName, documents } of exportInventory(long)) {
          for (const doc of parseAllDocuments(renderDocuments(documents)).map((d) => d.toJS())) {
            assert.equal(errorsOf(validate, doc), "", `${fileName}: ${doc.kind} ${doc.metadata.name}`);
            assert.equal(errorsOf(specText, doc), "", `${fileName}: ${doc.kind} ${doc.metadata.name}`);
            assert.equal(doc.metadata.labels.team, undefined);
            assert.ok(long.teams.some((t) => t.id === doc.metadata.annotations[ANNOTATIONS.team]), `${doc.kind} ${doc.metadata.name} names its team`);
          }
        }
      }),
      { seed: 15, numRuns: 3 },
    );
    const fitting = exported[0]!.documents[0]!;
    assert.deepEqual(fitting.metadata.labels, { team: inventory.integrations[0]!.owner, tier: String(inventory.integrations[0]!.tier) });
    assert.equal(fitting.metadata.annotations?.[ANNOTATIONS.team], undefined, "a team id that fits is a label only");
  });

  it("the validator refuses what the schema refuses (so the test above can fail)", () => {
    const slo = structuredClone(exported.flatMap((e) => e.documents).find((d) => d.kind === "SLO" && d.spec.alertPolicies)) as unknown as Record<string, any>;
    const mutations: [string, (d: Record<string, any>) => void][] = [
      ["no budgetingMethod", (d) => delete d.spec.budgetingMethod],
      ["target of 1", (d) => (d.spec.objectives[0].target = 1)],
      ["a window that is not a duration-shorthand", (d) => (d.spec.timeWindow[0].duration = "30 days")],
      ["a bare alert policy name", (d) => (d.spec.alertPolicies[0] = "web-lead-form-to-crm--fast")],
      ["an uppercase name", (d) => (d.metadata.name = "Lead-Delivered")],
      ["good and bad together", (d) => (d.spec.indicator.spec.ratioMetric.bad = d.spec.indicator.spec.ratioMetric.good)],
    ];
    assert.equal(errorsOf(validate, slo), "");
    for (const [what, mutate] of mutations) {
      const copy = structuredClone(slo);
      mutate(copy);
      assert.notEqual(errorsOf(validate, copy), "", what);
    }
  });

  it("names are RFC 1123 labels, unique, and every reference resolves within its file", () => {
    for (const { documents } of exported) {
      const byKind = (kind: string) => new Set(documents.filter((d) => d.kind === kind).map((d) => d.metadata.name));
      for (const d of documents) assert.ok(isObjectName(d.metadata.name), d.metadata.name);
      const all = documents.map((d) => `${d.kind}/${d.metadata.name}`);
      assert.equal(new Set(all).size, all.length);
      for (const d of documents) {
        if (d.kind === "SLO") {
          assert.ok(byKind("Service").has(d.spec.service));
          for (const { alertPolicyRef } of d.spec.alertPolicies ?? []) assert.ok(byKind("AlertPolicy").has(alertPolicyRef), alertPolicyRef);
        }
        if (d.kind === "AlertPolicy") for (const { targetRef } of d.spec.notificationTargets) assert.ok(byKind("AlertNotificationTarget").has(targetRef), targetRef);
      }
    }
  });

  it("exports exactly the burn-rate alerts the prod plan creates: tier, windows, factor and who is told", () => {
    const settings = sampleSettings("prod");
    const monitors = lowerInventory(inventory, settings).resources.filter((r) => r.type === MONITOR);
    for (const integration of inventory.integrations) {
      const documents = exported.find((e) => e.integration === integration.id)!.documents;
      for (const slo of integration.slos) {
        const planned = monitors
          .filter((m) => m.name.startsWith(`${names.slo(integration.id, slo.id)}--burn-`))
          .map((m) => {
            const inputs = m.inputs as { query: string; tags: string[] };
            const [, long, short, factor] = /long_window\("(\w+)"\)\.short_window\("(\w+)"\) > ([\d.]+)$/.exec(inputs.query)!;
            return { tier: m.name.slice(m.name.lastIndexOf("burn-") + 5), long, short, factor: Number(factor), response: inputs.tags.find((t) => t.startsWith("response:"))!.slice(9) };
          });
        const sloDoc = documents.find((d) => d.kind === "SLO" && d.metadata.annotations?.[ANNOTATIONS.slo] === slo.id);
        const policies = (sloDoc?.kind === "SLO" ? sloDoc.spec.alertPolicies ?? [] : []).map(({ alertPolicyRef }) => documents.find((d) => d.kind === "AlertPolicy" && d.metadata.name === alertPolicyRef)!);
        const exportedTiers = policies.map((p) => {
          const { metadata, spec } = (p as Extract<OpenSloDoc, { kind: "AlertPolicy" }>).spec.conditions[0];
          return { tier: (p.metadata.displayName ?? "").split(" ")[0], long: spec.condition.lookbackWindow, short: metadata.annotations![ANNOTATIONS.shortWindow], factor: spec.condition.threshold, response: spec.severity };
        });
        assert.deepEqual(exportedTiers, planned, `${integration.id}/${slo.id}`);
      }
    }
    // The sample has SLOs whose slow tier is dropped or set off, so equality covers more than all-three.
    assert.ok(exported.some((e) => e.documents.filter((d) => d.kind === "AlertPolicy").length % 3 !== 0));
  });

  it("long names keep a readable head and a hash: at most 63 characters, distinct, the same on every run", () => {
    const long = objectName("server-side-conversions-to-ads", "google-conversions-accepted-1h", "burn-medium");
    assert.equal(long, "server-side-conversions-to-ads--google-conversions-acc-2ecb417e");
    assert.equal(long.length, 63);
    assert.notEqual(objectName("server-side-conversions-to-ads", "google-conversions-accepted-1h", "burn-slow"), long);
    assert.equal(objectName("web-lead-form-to-crm", "lead-delivered-within-5m"), "web-lead-form-to-crm--lead-delivered-within-5m");
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,20}(-[a-z0-9]{1,20}){0,4}$/), { minLength: 1, maxLength: 4 }), (parts) => isObjectName(objectName(...parts))),
      { seed: 15, numRuns: 300 },
    );
    assert.equal(fitText("Web lead forms to HubSpot and Salesforce", 20), "Web lead forms to…");
  });

  it("writes one file per integration into --out, and never writes through a symbolic link planted there", () => {
    const out = mkdtempSync(join(tmpdir(), "openslo-"));
    try {
      const outside = join(out, "..", `${out.split("/").pop()}-outside.yaml`);
      symlinkSync(outside, join(out, "web-lead-form-to-crm.yaml"));
      const refused = runCli("cli/openslo.ts", ["export", "--out", out]);
      assert.equal(refused.status, 1);
      assert.equal(refused.stderr, `openslo: ${join(out, "web-lead-form-to-crm.yaml")} is a symbolic link; nothing is written through it (remove it and run again)\n`);
      assert.equal(existsSync(outside), false);
      rmSync(join(out, "web-lead-form-to-crm.yaml"));
      const r = runCli("cli/openslo.ts", ["export", "--out", out]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(readdirSync(out).sort(), exported.map((e) => e.fileName).sort());
      assert.ok(r.stdout.includes(`wrote ${join(out, "web-lead-form-to-crm.yaml")} (${exported.find((e) => e.integration === "web-lead-form-to-crm")!.documents.length} documents)\n`), r.stdout);
      const written = readFileSync(join(out, "web-lead-form-to-crm.yaml"), "utf8");
      assert.equal(written, renderDocuments(exported.find((e) => e.integration === "web-lead-form-to-crm")!.documents, "OpenSLO v1 documents generated by `npm run openslo -- export` from the inventory: change the inventory, not this file."));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("openslo export of an invalid inventory", () => {
  it("writes its diagnostics to stderr, never into the document stream on stdout, and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "openslo-invalid-"));
    try {
      cpSync(join(REPO, "test", "fixtures", "valid"), dir, { recursive: true });
      const file = join(dir, "inventory", "integrations", "integration-0001.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace("objective: 99.5", "objective: 100"));
      const r = runCli("cli/openslo.ts", ["export", "--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks")]);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /integration-0001\.yaml:18:16: error: .*objective: must be a percentage above 0 and below 100, such as 99\.5, but is 100 \(100% leaves no error budget at all\) \[objective-range\]\n/);
      assert.ok(r.stderr.endsWith("openslo: the inventory is invalid; nothing was exported (npm run check)\n"), r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("openslo import", () => {
  const importText = (files: Record<string, string>) => {
    const read = Object.entries(files).map(([file, text]) => readDocuments(file, text));
    const result = importDocuments(read.flatMap((r) => r.documents));
    const findings = sortFindings([...read.flatMap((r) => r.findings), ...result.findings], Object.keys(files));
    return { result, lines: findings.map(formatFinding) };
  };

  /** Every SLO entry the inventory holds, whole, by integration (retired ones are not exported). */
  function inventoryEntries(inventory: Inventory) {
    return inventory.integrations.flatMap((i) =>
      i.slos
        .filter((s) => !s.retired)
        .map(({ previousIds, ...entry }) => {
          // An SLO's former ids are its Datadog resources' history, not part of what OpenSLO describes; none in the sample.
          assert.deepEqual(previousIds, [], `${i.id}/${entry.id}`);
          return { integration: i.id, entry };
        }),
    );
  }

  it("round trip: exporting the sample and importing it gives back every SLO entry whole, alerting: as written included", () => {
    const inventory = sampleInventory();
    const files = Object.fromEntries(exportInventory(inventory).map((e) => [e.fileName, renderDocuments(e.documents)]));
    const { result, lines } = importText(files);
    assert.deepEqual(lines.filter((l) => !l.endsWith("[openslo-not-imported]")), []);
    const expected = inventoryEntries(inventory);
    assert.deepStrictEqual(result.slos.map(({ integration, entry }) => ({ integration, entry })), expected);
    assert.ok(expected.length > 0);
    assert.deepStrictEqual(expected.find((e) => e.entry.id === "consent-ready-before-tags")?.entry.alerting, { slow: "off" }, "the sample's one alerting: override is covered");
  });

  it("round trip with ids longer than any OpenSLO name or label: the annotations carry them back", () => {
    const long = withLongIds(sampleInventory(), 90);
    const { result, lines } = importText(Object.fromEntries(exportInventory(long).map((e) => [e.fileName, renderDocuments(e.documents)])));
    assert.deepEqual(lines.filter((l) => !l.endsWith("[openslo-not-imported]")), []);
    assert.deepStrictEqual(result.slos.map(({ integration, entry }) => ({ integration, entry })), inventoryEntries(long));
  });

  /** A foreign OpenSLO SLO (no annotations of this repository) over two Datadog queries, with the alert policies given. */
  const foreignSlo = (name: string, service: string, alertPolicies: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  description: Orders paid
  service: ${service}
  indicator:
    metadata:
      name: ${name}-ratio
    spec:
      ratioMetric:
        counter: false
        good:
          metricSource:
            type: Datadog
            spec:
              query: sum:shop.orders{outcome:paid}.as_count()
        total:
          metricSource:
            type: Datadog
            spec:
              query: sum:shop.orders{*}.as_count()
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.995
${alertPolicies}`;
  const burnPolicy = (name: string, severity: string, condition = "kind: burnrate\n          op: gt\n          threshold: 14.4\n          lookbackWindow: 1h") => `---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: ${name}
spec:
  alertWhenNoData: false
  alertWhenResolved: true
  alertWhenBreaching: true
  conditions:
    - kind: AlertCondition
      metadata:
        name: ${name}
      spec:
        severity: ${severity}
        condition:
          ${condition}
          alertAfter: 5m
  notificationTargets:
    - targetRef: shop-on-call
`;
  const refs = (...names: string[]) => `  alertPolicies:\n${names.map((n) => `    - alertPolicyRef: ${n}\n`).join("")}`;

  it("rebuilds alerting: from the alert policies an SLO refers to: the tier from the name, page or ticket from the severity, a tier without a policy off", () => {
    const { result, lines } = importText({
      "shop.yaml": [
        foreignSlo("orders-paid", "shop-checkout", refs("orders-burn-fast", "orders-burn-slow")),
        burnPolicy("orders-burn-fast", "page"),
        burnPolicy("orders-burn-slow", "ticket", "kind: burnrate\n          op: gt\n          threshold: 3\n          lookbackWindow: 24h"),
        `---\n${foreignSlo("orders-refunded", "shop-checkout", "")}`,
      ].join(""),
    });
    assert.deepEqual(lines, []);
    assert.deepStrictEqual(
      result.slos.map((s) => [s.entry.id, s.entry.alerting]),
      [
        ["orders-paid", { fast: "page", medium: "off", slow: "ticket" }],
        ["orders-refunded", { fast: "off", medium: "off", slow: "off" }],
      ],
    );
  });

  it("gives back alerting: as written from the export's annotation, unless the alert policies were changed since: then they win", () => {
    const inventory = sampleInventory();
    const exported = exportInventory(inventory).find((e) => e.integration === "onetrust-consent-to-gtm")!;
    const edit = (change: (docs: Record<string, any>[]) => void) => {
      const docs = structuredClone(exported.documents) as unknown as Record<string, any>[];
      change(docs);
      return importText({ "onetrust.yaml": renderDocuments(docs) }).result.slos[0]!.entry.alerting;
    };
    const policy = (docs: Record<string, any>[], tier: string) => docs.find((d) => d.kind === "AlertPolicy" && d.metadata.annotations[ANNOTATIONS.burnTier] === tier)!;
    assert.deepStrictEqual(edit(() => undefined), { slow: "off" });
    assert.deepStrictEqual(edit((docs) => (policy(docs, "fast").spec.conditions[0].spec.severity = "ticket")), { fast: "ticket", slow: "off" }, "a default tier edited is written out");
    assert.deepStrictEqual(
      edit((docs) => {
        const slo = docs.find((d) => d.kind === "SLO")!;
        slo.spec.alertPolicies = slo.spec.alertPolicies.filter((p: { alertPolicyRef: string }) => p.alertPolicyRef !== policy(docs, "medium").metadata.name);
      }),
      { medium: "off", slow: "off" },
      "a policy removed turns its tier off",
    );
    assert.deepStrictEqual(
      edit((docs) => delete docs.find((d) => d.kind === "SLO")!.metadata.annotations[ANNOTATIONS.alerting]),
      { fast: "page", medium: "page", slow: "off" },
      "without the annotation every tier is written out",
    );
    const garbled = structuredClone(exported.documents) as unknown as Record<string, any>[];
    garbled.find((d) => d.kind === "SLO")!.metadata.annotations[ANNOTATIONS.alerting] = "slow=quiet";
    const read = importText({ "onetrust.yaml": renderDocuments(garbled) });
    assert.deepStrictEqual(read.result.slos[0]!.entry.alerting, { fast: "page", medium: "page", slow: "off" });
    assert.ok(read.lines.some((l) => /:\d+:\d+: warning: SLO onetrust-consent-to-gtm--consent-ready-before-tags: annotation martech-reliability\.internal\/alerting is not read .*every tier written out \[openslo-not-imported\]$/.test(l)), read.lines.join("\n"));
  });

  it("refuses an SLO whose alert policies name no tier, or a severity, condition or reference the inventory cannot hold, each at its position", () => {
    const { result, lines } = importText({
      "alerts.yaml": [
        foreignSlo("orders-paid", "shop-checkout", refs("orders-alert", "orders-burn-fast", "orders-burn-medium", "orders-burn-slow", "orders-fast-again", "nowhere")),
        burnPolicy("orders-alert", "page"),
        burnPolicy("orders-burn-fast", "critical"),
        burnPolicy("orders-burn-medium", "page", "kind: threshold\n          op: gt\n          threshold: 6\n          lookbackWindow: 6h"),
        burnPolicy("orders-burn-slow", "ticket", "kind: burnrate\n          op: gt\n          threshold: 10\n          lookbackWindow: 2h"),
        burnPolicy("orders-fast-again", "page").replace("  name: orders-fast-again\n", "  name: orders-fast-again\n  annotations:\n    martech-reliability.internal/burn-tier: slow\n"),
      ].join(""),
    });
    assert.deepEqual(result.slos, []);
    assert.deepEqual(lines, [
      "alerts.yaml:36:23: error: SLO orders-paid: alertPolicyRef nowhere names no AlertPolicy in the files given; pass the file that defines it too (its tier and severity become the entry's alerting:) [openslo-unsupported]",
      "alerts.yaml:41:9: error: SLO orders-paid: alert policy orders-alert: its burn-rate tier cannot be told (the inventory's are fast 2% of the budget in 1h, medium 5% of the budget in 6h, slow 10% of the budget in 24h): end its name in burn-fast, burn-medium or burn-slow, or annotate it martech-reliability.internal/burn-tier [openslo-unsupported]",
      "alerts.yaml:74:19: error: SLO orders-paid: alert policy orders-burn-fast: severity critical cannot be represented: an inventory burn-rate tier pages (severity page) or opens a ticket (severity ticket) [openslo-unsupported]",
      "alerts.yaml:99:11: error: SLO orders-paid: alert policy orders-burn-medium: a condition of kind threshold cannot be represented: the inventory's SLO alerts are burn-rate tiers (kind burnrate) [openslo-unsupported]",
      "alerts.yaml:122:11: warning: SLO orders-paid: alert policy orders-burn-slow: a burn rate above 10 over 2h is not imported: the plan's slow tier alerts above 3x over 24h and 2h for a 30d SLO; only its response (ticket) is [openslo-not-imported]",
      "alerts.yaml:133:9: error: SLO orders-paid: alert policy orders-fast-again is a second policy for the slow burn-rate tier; the inventory has one response per tier [openslo-unsupported]",
      "alerts.yaml:147:11: warning: SLO orders-paid: alert policy orders-fast-again: a burn rate above 14.4 over 1h is not imported: the plan's slow tier alerts above 3x over 24h and 2h for a 30d SLO; only its response (page) is [openslo-not-imported]",
    ]);
  });

  it("refuses an integration that is not an inventory id, at spec.service", () => {
    const { result, lines } = importText({ "shop.yaml": foreignSlo("orders-paid", "shop--checkout", "") });
    assert.deepEqual(result.slos, []);
    assert.deepEqual(lines, [
      'shop.yaml:7:12: error: SLO orders-paid: "shop--checkout" is not an inventory integration id (kebab-case: lowercase letters, digits and single hyphens, starting with a letter); name the service after the integration the SLO belongs to [openslo-unsupported]',
    ]);
  });

  it("objectives survive target and targetPercent exactly, for every value with up to three decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (thousandths) => {
        const objective = thousandths / 1000;
        return targetToObjective(objectiveToTarget(objective)) === objective && percentToObjective(objective) === objective;
      }),
      { seed: 15, numRuns: 500 },
    );
    assert.equal(objectiveToTarget(99.9), 0.999);
    assert.equal(targetToObjective(0.999995), undefined);
  });

  it("converts an SLO whose SLI, DataSource and alert condition are documents of their own, naming what it leaves out", () => {
    const r = runCli("cli/openslo.ts", ["import", "test/fixtures/openslo/import/supported.yaml"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(parseAllDocuments(r.stdout).map((d) => d.toJS()), [
      {
        integration: "shop-checkout",
        slos: [
          {
            id: "orders-paid",
            description: "Orders paid",
            objective: 99.95,
            window: "7d",
            alerting: { fast: "page", medium: "off", slow: "off" },
            sli: { good: "sum:shop.orders{outcome:paid}.as_count()", total: "sum:shop.orders{*}.as_count()" },
          },
        ],
      },
    ]);
    assert.equal(
      r.stderr,
      [
        "test/fixtures/openslo/import/supported.yaml:3:7: warning: DataSource datadog-prod is not imported: only its type is read, for the metric sources that refer to it; the stack's Datadog provider holds the connection [openslo-not-imported]",
        "openslo: 1 SLO(s) imported; 0 error(s), 1 warning(s)",
        "",
      ].join("\n"),
    );
  });

  it("names each thing the inventory cannot represent, at its file:line:col, and exits 1", () => {
    const r = runCli("cli/openslo.ts", ["import", "test/fixtures/openslo/import/unsupported.yaml"]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    const at = (line: number, col: number, rest: string) => `test/fixtures/openslo/import/unsupported.yaml:${line}:${col}: ${rest}`;
    assert.deepEqual(r.stderr.split("\n"), [
      at(11, 7, "error: SLO latency-p99: spec.indicator.spec.thresholdMetric: a threshold metric cannot be represented: inventory SLOs are ratios of good events to all events (sli.good, sli.total) [openslo-unsupported]"),
      at(17, 7, "error: SLO latency-p99: spec.timeWindow[0]: a calendar-aligned window (isRolling not true) cannot be represented: inventory SLOs are Datadog metric SLOs over a rolling 7d, 30d or 90d [openslo-unsupported]"),
      at(21, 20, "error: SLO latency-p99: budgetingMethod Timeslices cannot be represented: inventory SLOs are Datadog metric SLOs, which count good events out of all events (Occurrences) [openslo-unsupported]"),
      at(23, 7, "warning: SLO latency-p99: spec.objectives[0].op is not imported: it has no meaning for a ratio SLO counted by occurrences [openslo-not-imported]"),
      at(24, 7, "warning: SLO latency-p99: spec.objectives[0].value is not imported: it has no meaning for a ratio SLO counted by occurrences [openslo-not-imported]"),
      at(26, 7, "warning: SLO latency-p99: spec.objectives[0].timeSliceTarget is not imported: it has no meaning for a ratio SLO counted by occurrences [openslo-not-imported]"),
      at(27, 7, "warning: SLO latency-p99: spec.objectives[0].timeSliceWindow is not imported: it has no meaning for a ratio SLO counted by occurrences [openslo-not-imported]"),
      at(41, 9, "error: SLO errors-prometheus: spec.indicator.spec.ratioMetric.bad: a bad/total ratio cannot be represented: the inventory counts good events (sli.good), and total minus bad is not one query a Datadog metric SLO takes; write a query of the good events [openslo-unsupported]"),
      at(52, 17, "error: SLO errors-prometheus: spec.timeWindow[0].duration: a rolling window of 14d cannot be represented: Datadog SLOs take 7d, 30d or 90d [openslo-unsupported]"),
      at(57, 7, "error: SLO errors-prometheus: has 2 objectives; an inventory SLO has exactly one, so write one SLO per objective [openslo-unsupported]"),
      at(62, 9, 'error: SLO Orders_Paid: "Orders_Paid" is not an inventory id (kebab-case: lowercase letters, digits and single hyphens, starting with a letter); rename it [openslo-unsupported]'),
      at(73, 19, "error: SLO Orders_Paid: spec.indicator.spec.ratioMetric.good.metricSource: a Prometheus metric source cannot be represented: the inventory's SLIs are Datadog metric queries [openslo-unsupported]"),
      at(80, 22, 'error: SLO Orders_Paid: spec.indicator.spec.ratioMetric.total.metricSource.spec.query is not a metric query Datadog reads: expected "}" to close the tag scope opened at character 16 [openslo-unsupported]'),
      at(86, 15, "error: SLO Orders_Paid: spec.objectives[0].target 0.999995 cannot be represented: Datadog SLO targets take at most three decimals of a percentage (such as 99.95 or 99.999) [openslo-unsupported]"),
      at(94, 17, "error: SLO refunds: indicatorRef refunds-ratio names no SLI in the files given; pass the file that defines it too [openslo-unsupported]"),
      at(102, 13, "error: apiVersion openslo/v1alpha is not read: only openslo/v1 documents are (other versions differ in shape) [openslo-input]"),
      at(109, 7, "error: kind Dashboard is not an OpenSLO v1 kind; the kinds are DataSource, SLO, SLI, AlertPolicy, AlertCondition, AlertNotificationTarget, Service [openslo-input]"),
      "openslo: 0 SLO(s) imported, 4 not; 13 error(s), 4 warning(s)",
      "",
    ]);
  });

  it("reads untrusted YAML within bounds: tags, alias bombs, broken syntax, too many documents, deep nesting and repeated keys are positioned errors", () => {
    const slo = "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\n";
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 5 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    const { lines } = importText({
      "tagged.yaml": `${slo}spec:\n  description: !!binary aGVsbG8=\n`,
      "bomb.yaml": `${bomb}\n`,
      "broken.yaml": `${slo}spec: [\n`,
      "many.yaml": "---\n{}\n".repeat(MAX_DOCUMENTS + 1),
      "deep.yaml": `${slo}spec: ${"[".repeat(MAX_FLOW_DEPTH + 1)}\n`,
      "twice.yaml": `${slo}  name: y\nspec: {}\n`,
      "scalar.yaml": "just text\n",
    });
    assert.deepEqual(lines, [
      "tagged.yaml:6:16: error: the YAML tag !!binary is not read in OpenSLO files: write a plain value instead [openslo-input]",
      `bomb.yaml:1:1: error: this document's aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, or refer to no anchor (&name); write the values out instead [openslo-input]`,
      "broken.yaml:6:1: error: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] [openslo-input]",
      `many.yaml:${2 * MAX_DOCUMENTS + 1}:1: error: this file holds more than ${MAX_DOCUMENTS} YAML documents; at most ${MAX_DOCUMENTS} are read from one file, so split it [openslo-input]`,
      `deep.yaml:5:${7 + MAX_FLOW_DEPTH}: error: this file nests brackets more than ${MAX_FLOW_DEPTH} levels deep; no OpenSLO document needs that, so simplify it [openslo-input]`,
      "twice.yaml:5:3: error: the key name appears twice in this mapping; keys must be unique [openslo-input]",
      "scalar.yaml:1:1: error: document 1 is not an OpenSLO object: it must be a mapping of apiVersion, kind, metadata and spec [openslo-input]",
    ]);
  });

  it("answers a missing file, no file and an unknown command in one line each", () => {
    const missing = runCli("cli/openslo.ts", ["import", "nope.yaml"]);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, "nope.yaml:1:1: error: no such file [openslo-input]\nopenslo: 0 SLO(s) imported; 1 error(s), 0 warning(s)\n");
    const none = runCli("cli/openslo.ts", ["import"]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^openslo: import needs at least one OpenSLO file\nusage: npm run openslo/);
    const unknown = runCli("cli/openslo.ts", ["convert"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^openslo: unknown command "convert": use export or import\nusage:/);
  });
});


/**
 * The inventory with every integration, team and SLO id made at least `length` characters long
 * (still kebab-case ids, still unique): longer than any OpenSLO name or label value may be.
 */
function withLongIds(inventory: Inventory, length: number): Inventory {
  const long = (id: string) => `${id}-${"x".repeat(Math.max(1, length - id.length - 1))}`;
  return {
    ...inventory,
    teams: inventory.teams.map((t) => ({ ...t, id: long(t.id) })),
    integrations: inventory.integrations.map((i) => ({ ...i, id: long(i.id), owner: long(i.owner), slos: i.slos.map((s) => ({ ...s, id: long(s.id) })) })),
  };
}
