/**
 * Every component under Pulumi's mock engine: children are created 1:1 from their specs,
 * parented to the component, with references resolved, secrets kept secret, SLOs protected
 * and earlier names aliased.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { RecordingMocks } from "../cli/mockEngine";
import { names } from "../compiler/lower/names";
import { referencedAttrs, type DesiredState, type ResourceSpec } from "../compiler/lower/spec";
import type * as Components from "../components";
import type { RefTable } from "../components/refTable";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { sampleInventory, sampleSettings } from "./support/sampleState";

const LEADS = "web-lead-form-to-crm";
const INGRESS_URL = "https://abc123.lambda-url.us-east-1.on.aws/";
const promiseOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("components under the mock engine", () => {
  let mocks: RecordingMocks;
  let components: typeof Components;
  let newRefs: () => RefTable;
  let state: DesiredState;

  before(async () => {
    const { RecordingMocks } = await import("../cli/mockEngine.js");
    mocks = new RecordingMocks();
    await pulumi.runtime.setMocks(mocks, "martech-reliability", "test", false);
    components = await import("../components/index.js");
    const { RefTable } = await import("../components/refTable.js");
    // forwarderPercentiles on, as prod runs once the forwarder has delivered, so the metric tag configuration is created too.
    const settings = sampleSettings();
    state = lowerInventory(sampleInventory(), { ...settings, forwarder: { ...settings.forwarder, percentiles: true } });
    // Datadog's PagerDuty integration, created for real: paging services' routes depend on it.
    const { createResource } = await import("../components/specComponent.js");
    const datadogPagerduty = createResource(state.resources.find((r) => r.name === names.datadogPagerdutyIntegration)!, new RefTable());
    // A table that already knows the look-ups and resources other components would create.
    newRefs = () => {
      // A config value of each shape the program validates: the object form of a signing secret, and
      // every field a forwarding target's credentials may need (forwarder/destinations/credentials.ts).
      const configValue = (key: string) => JSON.stringify({ secrets: [`value-of-${key}`], username: key, password: "p", clientId: key, clientSecret: "s", refreshToken: "r" });
      const refs = new RefTable((key) => pulumi.secret(configValue(key)), referencedAttrs(state));
      const refOf = (name: string, attrs: string[]) => Object.fromEntries(attrs.map((a) => [a, `\${ref:${name}:${a}}`]));
      for (const i of state.invokes) refs.add(i.key, refOf(i.key, ["id", "accountId", "region", "partition"]));
      for (const r of state.resources) refs.add(r.name, { ...refOf(r.name, ["id", "integrationKey", "arn", "url", "name", "htmlUrl"]), functionUrl: INGRESS_URL });
      refs.add(names.datadogPagerdutyIntegration, datadogPagerduty as unknown as Record<string, unknown>);
      return refs;
    };
  });
  beforeEach(() => mocks.resources.splice(0));

  const childrenOf = (name: string): ResourceSpec[] => state.resources.filter((r) => r.parent === name);

  const cases: [keyof typeof Components, string][] = [
    ["IntegrationMonitors", names.monitorsComponent(LEADS)],
    ["IntegrationSlos", names.slosComponent(LEADS)],
    ["IntegrationMaintenance", names.maintenanceComponent(LEADS)],
    ["PagingService", names.pagingComponent(LEADS)],
    ["OnCallRotation", names.rotationComponent("growth-eng-primary")],
    ["ReliabilityDashboard", names.dashboardComponent],
    ["WebhookForwarder", names.forwarderComponent],
    ["SoftwareCatalog", names.catalogComponent],
  ];
  for (const [className, name] of cases) {
    it(`${className} creates its specs 1:1 as children`, async () => {
      const Component = components[className] as typeof components.IntegrationMonitors;
      const specs = childrenOf(name);
      assert.ok(specs.length > 0);
      const component = new Component(name, { children: specs, refs: newRefs() });
      const urns = await Promise.all(component.resources.map((r) => promiseOf(r.urn)));
      assert.deepEqual(
        urns.map((u) => u.split("::").slice(-2).join("::")),
        specs.map((s) => `${Component.TYPE}$${s.type}::${s.name}`),
        "every child is parented to the component",
      );
      // The engine sees registrations in the order their inputs resolve, so match by name.
      const recorded = new Map(mocks.resources.filter((r) => r.custom).map((r) => [r.name, r]));
      assert.deepEqual([...recorded.keys()].sort(), specs.map((s) => s.name).sort());
      for (const [i, spec] of specs.entries()) {
        const expected = JSON.parse(JSON.stringify(spec.inputs));
        for (const key of spec.secretInputs ?? []) expected[key] = "[secret]";
        assert.equal(recorded.get(spec.name)!.type, spec.type);
        assert.deepEqual(recorded.get(spec.name)!.inputs, expected, `${spec.name} inputs`);
        assert.equal((component.resources[i] as unknown as { __protect?: boolean }).__protect, spec.protect, `${spec.name} protect`);
      }
    });
  }

  it("SoftwareCatalog writes each integration's PagerDuty service address and the dashboard's id into its entity YAML, as YAML", async () => {
    const { parse } = await import("yaml");
    const refs = newRefs();
    // What the providers return once the service and the dashboard exist: a URL with characters YAML would read otherwise unquoted.
    const serviceUrl = "https://acme.pagerduty.com/service-directory/PABC123?x=1#a: b";
    refs.add(names.pagerdutyService(LEADS), { id: "PABC123", htmlUrl: serviceUrl });
    refs.add(names.dashboard, { id: "abc-def-ghi" });
    const specs = childrenOf(names.catalogComponent).filter((s) => s.name === names.catalogService(LEADS));
    const component = new components.SoftwareCatalog("catalog-refs-test", { children: specs, refs });
    await Promise.all(component.resources.map((r) => promiseOf(r.urn)));
    const entity = parse(String(mocks.resources.find((r) => r.name === names.catalogService(LEADS))!.inputs.entity)) as Record<string, any>;
    assert.equal(entity.integrations.pagerduty.serviceURL, serviceUrl);
    assert.equal(entity.metadata.links.find((l: { type: string }) => l.type === "dashboard").url, "https://app.datadoghq.com/dashboard/abc-def-ghi");
  });

  it("protects SLOs and aliases earlier names", async () => {
    const [slo] = childrenOf(names.slosComponent(LEADS));
    const renamed = { ...slo, aliases: ["old-slo-name"] };
    const component = new components.IntegrationSlos("aliases-test", { children: [renamed], refs: newRefs() });
    const resource = component.resources[0] as unknown as { __protect: boolean; __aliases: pulumi.Output<string>[] };
    assert.equal(resource.__protect, true);
    const aliases = await Promise.all(resource.__aliases.map(promiseOf));
    assert.ok(aliases.some((u) => u.endsWith("::old-slo-name")), aliases.join("\n"));
  });

  it("asks the engine to keep PagerDuty's integration key secret", async () => {
    // The mock engine does not apply additionalSecretOutputs, so read what the program asked of it.
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: unknown) => unknown };
    const register = monitor.registerResource.bind(monitor);
    const asked = new Map<string, string[]>();
    const dependencies = new Map<string, string[]>();
    monitor.registerResource = (req, cb) => {
      asked.set(req.getName(), req.getAdditionalsecretoutputsList());
      dependencies.set(req.getName(), req.getDependenciesList());
      return register(req, cb);
    };
    try {
      const specs = childrenOf(names.pagingComponent(LEADS));
      const component = new components.PagingService("secret-test", { children: specs, refs: newRefs() });
      await Promise.all(component.resources.map((r) => promiseOf(r.urn)));
      assert.deepEqual(asked.get(names.pagerdutyIntegration(LEADS)), ["integrationKey"]);
      // And the route waits for Datadog's PagerDuty integration (spec dependsOn -> Pulumi dependsOn).
      assert.ok(dependencies.get(names.datadogServiceObject(LEADS))!.some((urn) => urn.endsWith(`::${names.datadogPagerdutyIntegration}`)), String(dependencies.get(names.datadogServiceObject(LEADS))));
    } finally {
      monitor.registerResource = register;
    }
  });

  it("WebhookForwarder outputs each source's URL and writes its secret from the stack's secret config with that URL", async () => {
    const spec = state.resources.find((r) => r.name === names.forwarderComponent)!;
    const component = new components.WebhookForwarder(spec.name, { children: childrenOf(spec.name), refs: newRefs(), outputs: spec.outputs });
    const urls = await promiseOf(pulumi.output(component.outputs.webhookUrls as Record<string, string>));
    const byName = (name: string) => component.resources.find((r) => (r as unknown as { __name: string }).__name === name)!;
    const functionUrl = await promiseOf((byName(names.forwarder("ingress-url")) as unknown as { functionUrl: pulumi.Output<string> }).functionUrl);
    assert.equal(urls[`${LEADS}/hubspot-contact-events`], `${functionUrl}hooks/${LEADS}/hubspot-contact-events`, "the URL of the Function URL this component created");
    // One per webhook source of the sample inventory, the synthetic probe's included.
    assert.equal(Object.keys(urls).length, 6);

    const version = byName(names.webhookSecretValue(LEADS, "hubspot-contact-events"));
    const secretString = (version as unknown as { secretString: pulumi.Output<string> }).secretString;
    assert.equal(await pulumi.isSecret(secretString), true, "the SecretString stays a Pulumi secret");
    assert.deepEqual(JSON.parse(await promiseOf(secretString)), { secrets: ["value-of-hubspotWebhookSecret"], publicUrl: urls[`${LEADS}/hubspot-contact-events`] });

    // A target's credentials: validated and written as the consumer reads them, still a secret.
    const credentials = (byName(names.destinationCredentialsValue("server-side-conversions-to-ads", "segment-conversion-events", "google-ads")) as unknown as { secretString: pulumi.Output<string> }).secretString;
    assert.equal(await pulumi.isSecret(credentials), true);
    assert.deepEqual(JSON.parse(await promiseOf(credentials)), {
      auth: { type: "oauth2-refresh-token", clientId: "googleAdsOAuthClient", clientSecret: "s", refreshToken: "r" },
      headers: { "developer-token": JSON.stringify({ secrets: ["value-of-googleAdsDeveloperToken"], username: "googleAdsDeveloperToken", password: "p", clientId: "googleAdsDeveloperToken", clientSecret: "s", refreshToken: "r" }) },
    });
  });

  it("registers each resource exactly as its typed provider class would: same type, inputs and plugin version", async () => {
    const { TYPED_CLASSES } = await import("../components/resourceTypes.js");
    const { TYPED_PROVIDER_CLASSES: RESOURCE_CLASSES } = await import("./support/typedClasses.js");
    const { createResource } = await import("../components/specComponent.js");
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: unknown) => unknown };
    const register = monitor.registerResource.bind(monitor);
    const versions = new Map<string, string>();
    monitor.registerResource = (req, cb) => {
      versions.set(req.getName(), req.getVersion());
      return register(req, cb);
    };
    try {
      assert.deepEqual([...new Set(state.resources.filter((r) => !r.type.startsWith("martech:")).map((r) => r.type))].sort(), Object.keys(RESOURCE_CLASSES).sort(), "every type the program creates");
      const types = Object.keys(RESOURCE_CLASSES).filter((t) => !TYPED_CLASSES[t]);
      for (const type of types) {
        const spec = state.resources.find((r) => r.type === type)!;
        // dependsOn names resources this bare table does not hold; it is not part of the inputs compared here.
        const lean = createResource({ ...spec, dependsOn: undefined }, newRefs());
        const typed = new RESOURCE_CLASSES[type]!(`typed-${spec.name}`, newRefs().resolve(spec.inputs) as never);
        await Promise.all([promiseOf(lean.urn), promiseOf(typed.urn)]);
        const recorded = (name: string) => mocks.resources.find((r) => r.name === name)!;
        assert.equal(recorded(spec.name).type, recorded(`typed-${spec.name}`).type);
        assert.deepEqual(recorded(spec.name).inputs, recorded(`typed-${spec.name}`).inputs, type);
        assert.match(versions.get(spec.name)!, /^\d+\.\d+\.\d+$/, `${type} asks for a plugin version`);
        assert.equal(versions.get(spec.name), versions.get(`typed-${spec.name}`), `${type} asks for the typed class's plugin version`);
      }
    } finally {
      monitor.registerResource = register;
    }
  });

  it("fails a deployment without a webhook's secret config with the command that sets it", async () => {
    const { stackConfigSecret } = await import("../components/refTable.js");
    assert.throws(() => stackConfigSecret("noSuchWebhookSecret"), /the stack has no secret config noSuchWebhookSecret: set it with `pulumi config set --secret noSuchWebhookSecret <value>`/);
    assert.throws(() => stackConfigSecret("datadog:apiKey"), /pulumi config set --secret datadog:apiKey/);
  });
});
