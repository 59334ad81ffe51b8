/**
 * Software Catalog entities (lower/catalog.ts): one v3 `service` per integration and one
 * `service` named `system--<id>` per system an integration depends on, with owner, on-call, tier, lifecycle, links and
 * dependencies read back from the entity YAML the provider receives; none in staging; inventory
 * text neutralised; and the plan's words for them.
 */
import { strict as assert } from "node:assert";
import { CATALOG_COMPONENT, catalogSpecs, datadogAppUrl, dependedOnSystems, entityYaml, integrationEntity, readEntityYaml, SOFTWARE_CATALOG, systemEntity, systemEntityName } from "../compiler/lower/catalog";
import { ID_PATTERN } from "../compiler/validate/schema";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { MONITOR } from "../compiler/lower/monitors";
import { integrationOfName, names } from "../compiler/lower/names";
import { ref, REF_PATTERN, type ResourceSpec } from "../compiler/lower/spec";
import type { Integration, Inventory } from "../compiler/model";
import { catalogFieldChanges, describeCatalog } from "../compiler/plan/describeCatalog";
import { describeFields } from "../compiler/plan/describeFields";
import { diffValues } from "../compiler/plan/diffPlans";
import { sampleSettings, sharedSample } from "./support/sampleState";

type Entity = Record<string, any>;
const entityOf = (spec: ResourceSpec): Entity => readEntityYaml((spec.inputs as { entity: string }).entity) as Entity;

describe("Software Catalog entities", () => {
  // The prod sample, lowered inside each test that reads it (memo.ts: not at describe time, so no catalog mutant is static).
  const sample = () => {
    const inventory: Inventory = sharedSample.inventory();
    const specs: readonly ResourceSpec[] = sharedSample.state().resources;
    return { inventory, specs, catalog: specs.filter((s) => s.type === SOFTWARE_CATALOG) };
  };
  const serviceOf = (id: string) => entityOf(sample().catalog.find((s) => s.name === names.catalogService(id))!);

  it("creates one v3 service entity per integration, named by its id (its monitors' service: tag), in one component created last", () => {
    const { inventory, specs, catalog } = sample();
    for (const integration of inventory.integrations) {
      const spec = catalog.find((s) => s.name === names.catalogService(integration.id));
      assert.ok(spec, integration.id);
      assert.equal(spec.parent, names.catalogComponent);
      const e = entityOf(spec);
      assert.equal(e.apiVersion, "v3");
      assert.equal(e.kind, "service");
      assert.equal(e.metadata.name, integration.id);
      assert.equal(e.metadata.displayName, integration.name);
      const monitor = specs.find((s) => s.type === MONITOR && s.name.startsWith(`${integration.id}--`))!;
      assert.ok((monitor.inputs as { tags: string[] }).tags.includes(`service:${e.metadata.name}`), "Datadog joins the monitors to the entity by it");
      assert.equal(integrationOfName(spec.name), integration.id, "the plan shows it under its integration");
    }
    const component = specs.findIndex((s) => s.type === CATALOG_COMPONENT);
    assert.equal(specs[component]!.name, names.catalogComponent);
    assert.ok(specs.slice(component).every((s) => s.type === SOFTWARE_CATALOG || s.type === CATALOG_COMPONENT), "after everything an entity references");
  });

  it("gives each its owner team, its tier as a string, lifecycle production and the integration's tags", () => {
    const { inventory } = sample();
    for (const integration of inventory.integrations) {
      const e = serviceOf(integration.id);
      assert.equal(e.metadata.owner, integration.owner);
      assert.equal(e.spec.tier, String(integration.tier));
      assert.equal(typeof e.spec.tier, "string", "the schema types tier as a string");
      assert.equal(e.spec.lifecycle, "production");
      assert.deepEqual(e.metadata.tags, [`integration:${integration.id}`, `team:${integration.owner}`, `tier:${integration.tier}`, "managed-by:pulumi"]);
    }
    assert.match(entityYaml(integrationEntity(inventory.integrations[0]!, sampleSettings())), /\n {2}tier: "1"\n/);
  });

  it("names the PagerDuty service of an integration that pages as its on-call, by reference to the service's htmlUrl, and none for one that never pages", () => {
    const { inventory, specs } = sample();
    const paging = new Set(specs.filter((s) => s.type === "pagerduty:index/service:Service").map((s) => s.name));
    assert.ok(paging.size > 0);
    let without = 0;
    for (const integration of inventory.integrations) {
      const e = serviceOf(integration.id);
      if (paging.has(names.pagerdutyService(integration.id))) {
        assert.equal(e.integrations.pagerduty.serviceURL, ref(names.pagerdutyService(integration.id), "htmlUrl"), integration.id);
      } else {
        assert.equal(e.integrations, undefined, `${integration.id} has no PagerDuty service, so no on-call`);
        without++;
      }
    }
    assert.ok(without > 0, "the sample has integrations that never page (clearbit-enrichment, segment-to-snowflake)");
  });

  it("links the runbook, each failure mode's section (the same address its monitor links to) and the reliability dashboard", () => {
    const { inventory, specs } = sample();
    for (const integration of inventory.integrations) {
      const links = serviceOf(integration.id).metadata.links as { name: string; type: string; url: string }[];
      const base = `https://github.com/acme/martech-reliability/blob/main/runbooks/${integration.runbook}`;
      assert.deepEqual(links[0], { name: "Runbook", type: "runbook", url: base });
      for (const [k, mode] of integration.failureModes.entries()) {
        const link = links[k + 1]!;
        assert.deepEqual(link, { name: `Runbook: ${mode.title}`, type: "runbook", url: `${base}#${mode.runbookAnchor}` });
        const monitor = specs.find((s) => s.name === names.monitor(integration.id, mode.id));
        if (monitor) assert.ok(String((monitor.inputs as { message: string }).message).endsWith(`Runbook: ${link.url}`), `${mode.id}: same section as the monitor`);
      }
      assert.deepEqual(links.at(-1), { name: "Reliability dashboard", type: "dashboard", url: `https://app.datadoghq.com/dashboard/${ref(names.dashboard)}` });
      assert.equal(links.length, integration.failureModes.length + 2);
    }
  });

  it("depends on its upstream and downstream systems, each an entity of its own of a kind dependsOn is documented to name (a service, system--<id>), shared by the integrations", () => {
    const { inventory, catalog } = sample();
    const systems = new Map(catalog.filter((s) => s.name.endsWith("--catalog-system")).map((s) => [s.name, entityOf(s)]));
    for (const integration of inventory.integrations) {
      const dependsOn: string[] = serviceOf(integration.id).spec.dependsOn;
      const ids = [...new Set([...integration.upstream, ...integration.downstream])];
      assert.deepEqual(dependsOn, ids.map((id) => `service:system--${id}`));
      for (const id of ids) assert.equal(`service:${systems.get(names.catalogSystem(id))?.metadata.name}`, `service:system--${id}`, id);
    }
    const referenced = new Set(inventory.integrations.flatMap((i) => [...i.upstream, ...i.downstream]));
    assert.deepEqual([...systems.values()].map((e) => e.metadata.name).sort(), [...referenced].map(systemEntityName).sort(), "exactly the systems some integration depends on");
    for (const [name, e] of systems) {
      const system = inventory.systems.find((s) => systemEntityName(s.id) === e.metadata.name)!;
      assert.equal(e.kind, "service");
      assert.deepEqual(e.metadata.tags, [`system:${system.id}`, `category:${system.category}`, "managed-by:pulumi"]);
      assert.equal(e.spec.type, system.category);
      assert.deepEqual(e.metadata.links, system.statusPage ? [{ name: "Status page", type: "other", url: system.statusPage }] : []);
      assert.equal(e.metadata.owner, undefined, "the inventory names no owner for a vendor's product");
      assert.equal(integrationOfName(name), undefined, "shared, not any integration's");
    }
  });

  it("leaves out a system no integration depends on", () => {
    const { inventory } = sample();
    const unused = { ...inventory.systems[0]!, id: "unused-system", name: "Nobody's system" };
    assert.ok(!dependedOnSystems({ ...inventory, systems: [...inventory.systems, unused] }).some((s) => s.id === "unused-system"));
  });

  it("names a system's entity so that no integration's entity, nor an APM service named like the system, can have its name", () => {
    const { inventory, catalog } = sample();
    const entities = catalog.map((s) => entityOf(s).metadata.name as string);
    assert.equal(new Set(entities).size, entities.length);
    for (const system of inventory.systems) {
      assert.ok(!ID_PATTERN.test(systemEntityName(system.id)), `${systemEntityName(system.id)} is no inventory id`);
      assert.notEqual(systemEntityName(system.id), system.id);
    }
  });

  it("aliases an integration's entity from its previous ids", () => {
    const { inventory } = sample();
    const renamed: Integration = { ...inventory.integrations[0]!, previousIds: ["old-lead-forms"] };
    const spec = catalogSpecs({ ...inventory, integrations: [renamed] }, sampleSettings()).find((s) => s.name === names.catalogService(renamed.id))!;
    assert.deepEqual(spec.aliases, [names.catalogService("old-lead-forms")]);
  });

  it("creates no entity in staging, which shares prod's Datadog organisation", () => {
    const { inventory } = sample();
    assert.deepEqual(lowerInventory(inventory, sampleSettings("staging")).resources.filter((s) => s.type === SOFTWARE_CATALOG || s.type === CATALOG_COMPONENT), []);
  });

  it("neutralises inventory text: no handle, template block, line break or reference survives into the entity, and the YAML stays YAML", () => {
    const { inventory } = sample();
    const hostile = "Leads @pagerduty-ceo {{#is_alert}}\nnext: line ${ref:reliability-dashboard-weekly:id} \"quoted\" # not a comment";
    const base = inventory.integrations[0]!;
    const integration: Integration = {
      ...base,
      name: hostile,
      description: hostile,
      failureModes: base.failureModes.map((m) => ({ ...m, title: hostile })),
    };
    const text = entityYaml(integrationEntity(integration, sampleSettings()));
    const refs = [...text.matchAll(REF_PATTERN)].map((m) => m[0]);
    assert.deepEqual(refs.sort(), [ref(names.dashboard), ref(names.pagerdutyService(base.id), "htmlUrl")].sort(), "only the references the lowering wrote");
    const e = readEntityYaml(text) as Entity;
    for (const value of [e.metadata.displayName, e.metadata.description, e.metadata.links[1].name]) {
      assert.ok(!/[@\n]|\{\{|\$\{/.test(value), value);
      assert.match(value, /Leads ＠pagerduty-ceo \{ \{#is_alert\} \} next: line \$ \{ref:reliability-dashboard-weekly:id\} "quoted" # not a comment$/);
    }
    const system = entityYaml(systemEntity({ ...inventory.systems[0]!, name: hostile, statusPage: "https://status.example.com/${ref:x:id}" }));
    assert.deepEqual([...system.matchAll(REF_PATTERN)], []);
  });

  it("finds the web app of each Datadog site", () => {
    const ROWS: [site: string, app: string][] = [
      ["datadoghq.com", "https://app.datadoghq.com"],
      ["datadoghq.eu", "https://app.datadoghq.eu"],
      ["ddog-gov.com", "https://app.ddog-gov.com"],
      ["us3.datadoghq.com", "https://us3.datadoghq.com"],
      ["us5.datadoghq.com", "https://us5.datadoghq.com"],
      ["ap1.datadoghq.com", "https://ap1.datadoghq.com"],
      ["app.datadoghq.eu", "https://app.datadoghq.eu"],
    ];
    for (const [site, app] of ROWS) assert.equal(datadogAppUrl(site), app, site);
  });

  it("is described by the plan in words, and its changes field by field", () => {
    const { catalog } = sample();
    const planned = (spec: ResourceSpec) => ({ type: spec.type, name: spec.name, inputs: spec.inputs as Record<string, unknown> });
    const leads = planned(catalog.find((s) => s.name === names.catalogService("web-lead-form-to-crm"))!);
    assert.equal(
      describeCatalog(leads),
      "catalog service web-lead-form-to-crm (owner growth-engineering, tier 1, production, on call: its PagerDuty service; depends on website, webflow-forms, hubspot, salesforce, datadog; links: runbook, 5 failure-mode sections, dashboard)",
    );
    const quiet = planned(catalog.find((s) => s.name === names.catalogService("segment-to-snowflake"))!);
    assert.match(describeCatalog(quiet), /no on-call \(never pages\)/);
    assert.equal(describeCatalog(planned(catalog.find((s) => s.name === names.catalogSystem("salesforce"))!)), 'catalog system salesforce "Salesforce Sales Cloud" (crm, status page)');
    assert.equal(describeCatalog({ ...leads, inputs: { entity: "kind: [" } }), `catalog entity ${leads.name} (unreadable entity YAML)`);

    const after = readEntityYaml(leads.inputs.entity) as Entity;
    after.metadata.owner = "revenue-operations";
    after.spec.dependsOn.push("service:system--clearbit");
    after.metadata.links.splice(1, 0, { name: "Runbook: New failure", type: "runbook", url: "https://x.example/r.md#new-failure" });
    const changed = { ...leads, inputs: { entity: entityYaml(after as Parameters<typeof entityYaml>[0]) } };
    assert.deepEqual(describeFields(leads, changed, diffValues(leads.inputs, changed.inputs)), [
      'entity.metadata.links: added "Runbook: New failure https://x.example/r.md#new-failure"',
      "entity.metadata.owner growth-engineering → revenue-operations",
      "entity.spec.dependsOn: added service:system--clearbit",
    ]);
    // Anything but the entity, or an entity that does not parse, passes through.
    const unreadable = [{ path: ["entity"], before: "kind: [", after: "kind: ]" }];
    assert.deepEqual(catalogFieldChanges(unreadable), unreadable);
  });
});

describe("Software Catalog entities, exactly (maintcat)", () => {
  const prod = () => catalogSpecs(sharedSample.inventory(), sharedSample.settings());
  const entityText = (name: string) => (prod().find((s) => s.name === name)!.inputs as { entity: string }).entity;
  const RUNBOOKS = "https://github.com/acme/martech-reliability/blob/main/runbooks";

  it("writes the component first, then each integration's entity in inventory order, then each depended-on system's by id", () => {
    const INTEGRATIONS = ["web-lead-form-to-crm", "server-side-conversions-to-ads", "shopify-orders-to-klaviyo", "hubspot-salesforce-crm-sync", "onetrust-consent-to-gtm", "stripe-billing-to-crm-attribution", "klaviyo-audience-sync", "clearbit-enrichment", "segment-to-snowflake"];
    const SYSTEMS = ["clearbit", "datadog", "google-ads", "google-tag-manager", "hubspot", "klaviyo", "meta-ads", "onetrust", "salesforce", "segment", "shopify", "snowflake", "stripe", "webflow-forms", "website"];
    assert.deepEqual(
      prod().map((s) => ({ type: s.type, name: s.name, parent: s.parent, aliases: s.aliases })),
      [
        { type: "martech:datadog:SoftwareCatalog", name: "software-catalog", parent: undefined, aliases: undefined },
        ...INTEGRATIONS.map((id) => ({ type: "datadog:index/softwareCatalog:SoftwareCatalog", name: `${id}--catalog`, parent: "software-catalog", aliases: [] })),
        ...SYSTEMS.map((id) => ({ type: "datadog:index/softwareCatalog:SoftwareCatalog", name: `${id}--catalog-system`, parent: "software-catalog", aliases: undefined })),
      ],
    );
  });

  it("writes an integration that pages with its PagerDuty service's address, references double-quoted", () => {
    const base = `${RUNBOOKS}/web-lead-form-to-crm.md`;
    assert.equal(
      entityText("web-lead-form-to-crm--catalog"),
      [
        "apiVersion: v3",
        "kind: service",
        "metadata:",
        "  name: web-lead-form-to-crm",
        "  displayName: Web lead forms to HubSpot and Salesforce",
        "  description: Demo-request and contact-sales forms on www (built in Webflow) post to the martech forwarder, which submits them to HubSpot; HubSpot contact-creation webhooks then come back through the forwarder to the Salesforce lead-intake Apex endpoint, where assignment rules route the lead to an SDR.",
        "  owner: growth-engineering",
        "  tags:",
        "    - integration:web-lead-form-to-crm",
        "    - team:growth-engineering",
        "    - tier:1",
        "    - managed-by:pulumi",
        "  links:",
        "    - name: Runbook",
        "      type: runbook",
        `      url: ${base}`,
        ...[
          ["Salesforce rejects lead upserts", "salesforce-rejects-lead-upserts"],
          ["HubSpot API rate limit nearly exhausted", "hubspot-api-rate-limit-nearly-exhausted"],
          ["CRM field deprecated and leads silently dropped", "crm-field-deprecated-and-leads-silently-dropped"],
          ["Form submissions stop arriving", "form-submissions-stop-arriving"],
          ["HubSpot webhook signatures rejected", "hubspot-webhook-signatures-rejected"],
        ].flatMap(([title, anchor]) => [`    - name: "Runbook: ${title}"`, "      type: runbook", `      url: ${base}#${anchor}`]),
        "    - name: Reliability dashboard",
        "      type: dashboard",
        '      url: "https://app.datadoghq.com/dashboard/${ref:reliability-dashboard-weekly:id}"',
        "integrations:",
        "  pagerduty:",
        '    serviceURL: "${ref:web-lead-form-to-crm--pagerduty-service:htmlUrl}"',
        "spec:",
        "  lifecycle: production",
        '  tier: "1"',
        "  dependsOn:",
        "    - service:system--website",
        "    - service:system--webflow-forms",
        "    - service:system--hubspot",
        "    - service:system--salesforce",
        "    - service:system--datadog",
        "",
      ].join("\n"),
    );
  });

  it("writes an integration that never pages without integrations, and each system with its status page or no link", () => {
    const clearbit = readEntityYaml(entityText("clearbit-enrichment--catalog")) as Entity;
    assert.deepEqual(Object.keys(clearbit), ["apiVersion", "kind", "metadata", "spec"]);
    assert.deepEqual(clearbit.spec, { lifecycle: "production", tier: "3", dependsOn: ["service:system--hubspot", "service:system--clearbit", "service:system--salesforce"] });
    assert.equal(
      entityText("salesforce--catalog-system"),
      ["apiVersion: v3", "kind: service", "metadata:", "  name: system--salesforce", "  displayName: Salesforce Sales Cloud", "  tags:", "    - system:salesforce", "    - category:crm", "    - managed-by:pulumi", "  links:", "    - name: Status page", "      type: other", "      url: https://status.salesforce.com", "spec:", "  type: crm", ""].join("\n"),
    );
    assert.equal(
      entityText("website--catalog-system"),
      ["apiVersion: v3", "kind: service", "metadata:", "  name: system--website", "  displayName: Marketing website (www)", "  tags:", "    - system:website", "    - category:web", "    - managed-by:pulumi", "  links: []", "spec:", "  type: web", ""].join("\n"),
    );
  });

  it("creates nothing at all in staging, not even the component", () => {
    assert.deepEqual(catalogSpecs(sharedSample.inventory(), sampleSettings("staging")), []);
  });

  it("orders depended-on systems by id whatever the inventory's order, keeping the given order of equal ids", () => {
    const inventory = sharedSample.inventory();
    const system = (id: string, name = id) => ({ ...inventory.systems[0]!, id, name });
    const integration = { ...inventory.integrations[0]!, upstream: ["b-system", "a-system"], downstream: ["d-system", "c-system"] };
    const ids = (systems: Inventory["systems"]) => dependedOnSystems({ ...inventory, integrations: [integration], systems }).map((s) => `${s.id} ${s.name}`);
    const ALL = ["a-system a-system", "b-system b-system", "c-system c-system", "d-system d-system"];
    for (const order of [["d-system", "c-system", "b-system", "a-system"], ["c-system", "a-system", "d-system", "b-system"], ["a-system", "b-system", "c-system", "d-system"], ["b-system", "d-system", "a-system", "c-system"]]) {
      assert.deepEqual(ids([system("unused"), ...order.map((id) => system(id))]), ALL, order.join(","));
    }
    assert.deepEqual(ids([system("c-system"), system("a-system", "first"), system("a-system", "second")]), ["a-system first", "a-system second", "c-system c-system"]);
  });

  it("reads back only an entity YAML that is a mapping", () => {
    assert.deepEqual(readEntityYaml("kind: service\nmetadata:\n  name: x\n"), { kind: "service", metadata: { name: "x" } });
    for (const text of ["- kind: service", "", "null", "42", "service", "kind: [", undefined]) assert.equal(readEntityYaml(text), undefined, JSON.stringify(text));
  });

  it("finds the web app from a site written with a scheme, an app. or api. prefix, spaces or trailing slashes, changing nothing else", () => {
    const ROWS: [site: string, app: string][] = [
      ["  datadoghq.eu\n", "https://app.datadoghq.eu"],
      ["https://datadoghq.eu", "https://app.datadoghq.eu"],
      ["http://us3.datadoghq.com", "https://us3.datadoghq.com"],
      ["https://api.datadoghq.com/", "https://app.datadoghq.com"],
      ["us5.datadoghq.com//", "https://us5.datadoghq.com"],
      // Only a leading app. or api., a leading scheme and trailing slashes are removed.
      ["myapp.datadoghq.com", "https://myapp.datadoghq.com"],
      ["us3.datadoghq.com/path/", "https://us3.datadoghq.com/path"],
      ["us3.datadoghq.com/http://", "https://us3.datadoghq.com/http:"],
    ];
    for (const [site, app] of ROWS) assert.equal(datadogAppUrl(site), app, JSON.stringify(site));
  });
});
