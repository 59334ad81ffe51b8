/**
 * The sample integration web-lead-form-to-crm, end to end, for alert drills: Webflow form
 * submissions forwarded to HubSpot Forms, HubSpot contact webhooks forwarded to Salesforce. Its
 * forwarder configuration, target credentials and monitors all come from lowering the sample
 * inventory with the repository's own code (the prod stack's settings), so the drill runs what
 * would be deployed and judges it with the monitors that would be created.
 *
 * Loopback stand-ins: dynalite (idempotency), a Secrets Manager-compatible server (signing secrets
 * and target credentials), the fakes of Salesforce (REST API and OAuth token endpoint) and HubSpot
 * Forms from test/forwarder/fakes, with Salesforce's API behind a front whose faults a drill
 * switches minute by minute.
 */
import { formatDogStatsdErrors, seriesFromDogStatsd, type CapturedDatagram } from "../../../compiler/simulate/dogstatsd";
import type { SeriesSet } from "../../../compiler/simulate/input";
import { plannedMonitors, type PlannedMonitor } from "../../../compiler/simulate/plannedMonitors";
import { parseMetricMonitor, type SimulatedMonitorOptions } from "../../../compiler/simulate/evaluate";
import { lowerInventory } from "../../../compiler/lower/lowerInventory";
import { MONITOR } from "../../../compiler/lower/monitors";
import { names } from "../../../compiler/lower/names";
import type { ArchiveValue } from "../../../compiler/lower/spec";
import type { Integration, Inventory } from "../../../compiler/model";
import { createSecretsManagerClient } from "../../../forwarder/aws/secretsManager";
import type { StaticForwarderConfig } from "../../../forwarder/config";
import { CONFIG_FILE } from "../../../forwarder/configSource";
import { targetCredentialsSecretString } from "../../../forwarder/destinations/credentials";
import type { FunctionUrlEvent, IngressResponse } from "../../../forwarder/ingress/handler";
import { secretStringFor } from "../../../forwarder/ingress/secrets";
import type { EmitterStats } from "../../../forwarder/metrics/emitter";
import { hookPath, sourceKey } from "../../../forwarder/route";
import { localAws } from "../../forwarder/support/awsClients";
import { startHubspotFormsApi, type HubspotFormsFake } from "../../forwarder/fakes/hubspotFormsApi";
import { startOAuth2Server, type OAuth2Server } from "../../forwarder/fakes/oauth2Server";
import { startSalesforceApi, type SalesforceFake } from "../../forwarder/fakes/salesforceApi";
import { signGeneric, signHubspot } from "../../forwarder/signers";
import { startDynamo, type LocalDynamo } from "../../forwarder/support/consumerHarness";
import { startSecretsServer, type SecretsServer } from "../../forwarder/support/secretsServer";
import { sampleInventory, sampleSettings } from "../../support/sampleState";
import { startFaultyFront, type DestinationFault, type FaultyFront } from "./faultyFront";
import { startForwarderDrill, type Arrival, type DeadLetter } from "./forwarderDrill";
import { simulatedClock } from "./simulatedClock";

export const INTEGRATION = "web-lead-form-to-crm";
export const WEBFLOW = "webflow-form-submissions";
export const HUBSPOT = "hubspot-contact-events";

/** Test values only, as an operator would set them with `pulumi config set --secret`. */
const WEBFLOW_SIGNING_SECRET = "webflow-form-secret-drill-0001";
const HUBSPOT_CLIENT_SECRET = "1b6f2c0e-7a4d-4e0b-9a51-3c2d9e8f7a10";
/** The client secret before a rotation nobody copied to the forwarder: what a bad-signature drill signs with. */
const HUBSPOT_OTHER_SECRET = "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
const SF_LEADS = { clientId: "3MVG9leads-drill", clientSecret: "leads-secret-drill", refreshToken: "5Aep861leads-drill" };
const HUBSPOT_FORMS_TOKEN = "pat-na1-hubspot-drill-0001";
const CONFIG_VALUES: Readonly<Record<string, string>> = {
  salesforceLeadSyncClient: JSON.stringify(SF_LEADS),
  hubspotFormsAccessToken: HUBSPOT_FORMS_TOKEN,
};
/** A Monday 09:00 UTC: simulated second 0 of every drill. */
const EPOCH_MS = Date.UTC(2026, 2, 2, 9, 0, 0);
/** Where in its minute each vendor's webhook arrives. */
const HUBSPOT_OFFSET_MS = 15_000;
const WEBFLOW_OFFSET_MS = 45_000;

/** What happens in one simulated minute. */
export interface MinutePlan {
  /** What Salesforce's REST API does all this minute. */
  readonly salesforce: DestinationFault;
  /** HubSpot's contact webhook: signed with the client secret the forwarder holds, with another one, or not sent. */
  readonly hubspot: "signed" | "bad-signature" | "none";
  /** Whether a Webflow form submission arrives. */
  readonly webflow: boolean;
}

export interface Scenario {
  readonly name: string;
  readonly minutes: number;
  plan(minute: number): MinutePlan;
}

export interface IngressAnswer {
  readonly source: string;
  readonly minute: number;
  readonly status: number;
}

export interface DrillResult {
  /** The captured metrics, one point per simulated minute: the evaluator's input. */
  readonly input: SeriesSet;
  readonly datagrams: readonly CapturedDatagram[];
  readonly answers: readonly IngressAnswer[];
  readonly deadLetters: readonly DeadLetter[];
  /** Salesforce API requests the front answered, by fault. */
  readonly salesforceRequests: { readonly passed: number; readonly error500: number };
  readonly emitterStats: { readonly ingress: EmitterStats; readonly consumer: EmitterStats };
}

export interface LeadFormWorld {
  readonly integration: Integration;
  /** Everything the plan creates, as lowered. */
  readonly resources: readonly { readonly type: string; readonly name: string; readonly inputs: object }[];
  /**
   * The integration's monitors by alert-test reference (failure mode id, `<slo>/<tier>`), plus the
   * forwarder's own per-source silence monitors keyed by their `failure_mode:` tag
   * (`webhook-<source>-silent`); a source whose silence a failure mode already watches has none.
   */
  readonly monitors: ReadonlyMap<string, PlannedMonitor>;
  drill(scenario: Scenario): Promise<DrillResult>;
  close(): Promise<void>;
}

/** `inventory`: the sample inventory by default. */
export async function startLeadFormWorld(options: { readonly inventory?: Inventory } = {}): Promise<LeadFormWorld> {
  const inventory = options.inventory ?? sampleInventory();
  const integration = inventory.integrations.find((i) => i.id === INTEGRATION);
  if (!integration) throw new Error(`the sample inventory has no ${INTEGRATION}`);
  const { resources } = lowerInventory(inventory, sampleSettings());

  const closers: (() => Promise<void>)[] = [];
  const started = <T extends { close(): Promise<void> }>(server: T): T => {
    closers.push(() => server.close());
    return server;
  };
  try {
    const dynamo: LocalDynamo = started(await startDynamo("alert-drills"));
    const secrets: SecretsServer = started(await startSecretsServer());
    // Salesforce's token endpoint sends no expires_in.
    const salesforceOAuth: OAuth2Server = started(await startOAuth2Server([SF_LEADS], {}));
    const salesforce: SalesforceFake = started(await startSalesforceApi({ acceptsToken: (t) => salesforceOAuth.accepts(t) }));
    const hubspotForms: HubspotFormsFake = started(await startHubspotFormsApi({ token: HUBSPOT_FORMS_TOKEN, portalId: "4417205", formGuid: "3f8e2c71-5d0a-4b8e-9c1f-2a7d6e9b0c44" }));
    const secretsManager = createSecretsManagerClient(localAws(secrets.endpoint));

    const deployed = deployedConfig(resources);
    storeSecrets(secrets, resources, deployed);
    const monitors = new Map(plannedMonitors(resources, integration));
    for (const [key, monitor] of silenceMonitors(resources, integration)) monitors.set(key, monitor);
    let leads = 0;

    return {
      integration,
      resources,
      monitors,
      async drill(scenario) {
        const clock = simulatedClock(EPOCH_MS);
        const front: FaultyFront = await startFaultyFront(salesforce.origin);
        const config: StaticForwarderConfig = {
          ...pointedAt(deployed, { salesforceApi: front.origin, salesforceToken: salesforceOAuth.tokenUrl, hubspotForms: hubspotForms.origin }),
          tableName: dynamo.tableName,
        };
        const drill = await startForwarderDrill({ clock, config, dynamo: dynamo.client, secretsManager });
        const answers: IngressAnswer[] = [];
        try {
          for (let minute = 0; minute < scenario.minutes; minute++) {
            const plan = scenario.plan(minute);
            await front.setFault(plan.salesforce);
            const arrivals: Arrival[] = [];
            const answered = (source: string) => (r: IngressResponse) => answers.push({ source, minute, status: r.statusCode });
            if (plan.hubspot !== "none") {
              const lead = ++leads;
              // The lead exists in Salesforce (created earlier); HubSpot reports a change to it.
              salesforce.records.set(`Lead/${lead}`, { LastName: `Lead ${lead}`, Company: "Example Prospect", HubSpot_Contact_Id__c: String(lead), Id: `00Q${String(lead).padStart(15, "0")}` });
              const secret = plan.hubspot === "signed" ? HUBSPOT_CLIENT_SECRET : HUBSPOT_OTHER_SECRET;
              arrivals.push({ atMs: minute * 60_000 + HUBSPOT_OFFSET_MS, request: () => hubspotWebhook(scenario.name, lead, secret, clock.now()), onAnswer: answered(HUBSPOT) });
            }
            if (plan.webflow) {
              arrivals.push({ atMs: minute * 60_000 + WEBFLOW_OFFSET_MS, request: () => webflowSubmission(scenario.name, minute, clock.now()), onAnswer: answered(WEBFLOW) });
            }
            await drill.run(minute * 60_000, (minute + 1) * 60_000, arrivals);
          }
          const parsed = seriesFromDogStatsd(drill.capture.datagrams, { intervalSeconds: 60, samples: scenario.minutes });
          if (!parsed.ok) throw new Error(`the forwarder sent datagrams the simulator cannot read:\n${formatDogStatsdErrors(parsed.errors)}`);
          return {
            input: parsed.input,
            datagrams: [...drill.capture.datagrams],
            answers,
            deadLetters: [...drill.deadLetters],
            salesforceRequests: { ...front.answered },
            emitterStats: drill.emitterStats(),
          };
        } finally {
          await drill.close();
          await front.close();
        }
      },
      async close() {
        for (const c of closers.splice(0).reverse()) await c();
      },
    };
  } catch (err) {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
    throw err;
  }
}

/** The forwarder-config.json the deployment writes into the consumer's bundle. */
function deployedConfig(resources: readonly { name: string; inputs: object }[]): StaticForwarderConfig {
  const consumer = resources.find((r) => r.name === names.forwarder("consumer"));
  if (!consumer) throw new Error("the plan has no forwarder consumer");
  const text = ((consumer.inputs as { code: ArchiveValue }).code.$archive[CONFIG_FILE] as { text: string }).text;
  return JSON.parse(text) as StaticForwarderConfig;
}

/** The same configuration with each vendor origin replaced by its loopback stand-in. */
function pointedAt(config: StaticForwarderConfig, to: { salesforceApi: string; salesforceToken: string; hubspotForms: string }): StaticForwarderConfig {
  const replacements: [string, string][] = [
    // The token URL first: it shares the API's origin.
    ["https://examplecorp.my.salesforce.com/services/oauth2/token", to.salesforceToken],
    ["https://examplecorp.my.salesforce.com", to.salesforceApi],
    ["https://api.hsforms.com", to.hubspotForms],
  ];
  let text = JSON.stringify(config);
  for (const [from, replacement] of replacements) text = text.split(from).join(replacement);
  return JSON.parse(text) as StaticForwarderConfig;
}

const publicUrlOf = (source: string) => `https://hooks.example.com${hookPath(sourceKey(INTEGRATION, source))}`;

/** The two sources' signing secrets, and the integration's targets' credentials built as the deployment builds them. */
function storeSecrets(secrets: SecretsServer, resources: readonly { name: string; inputs: object }[], config: StaticForwarderConfig): void {
  const signing: Record<string, string> = { [WEBFLOW]: WEBFLOW_SIGNING_SECRET, [HUBSPOT]: HUBSPOT_CLIENT_SECRET };
  for (const [source, secret] of Object.entries(signing)) {
    const sourceConfig = config.sources[sourceKey(INTEGRATION, source)];
    if (!sourceConfig) throw new Error(`the forwarder configuration has no ${source}`);
    secrets.secrets.set(sourceConfig.secretId, secretStringFor(JSON.stringify([secret]), publicUrlOf(source)));
  }
  const inputsOf = (r: { inputs: object }) => r.inputs as Record<string, unknown>;
  type Spec = { auth?: { type: never; configKey: string }; headers: { name: string; configKey: string }[] };
  for (const spec of resources) {
    const value = (inputsOf(spec)["secretString"] as { $targetCredentials?: Spec } | undefined)?.$targetCredentials;
    if (!value || ![value.auth?.configKey, ...value.headers.map((h) => h.configKey)].every((k) => k === undefined || k in CONFIG_VALUES)) continue;
    const secretResource = resources.find((r) => r.name === String(inputsOf(spec)["secretId"]).replace(/^\$\{ref:(.+):id\}$/, "$1"));
    if (!secretResource) throw new Error(`${spec.name}: its secret is not in the plan`);
    secrets.secrets.set(String(inputsOf(secretResource)["name"]), targetCredentialsSecretString(
      value.auth && { ...value.auth, value: CONFIG_VALUES[value.auth.configKey]! },
      value.headers.map((h) => ({ ...h, value: CONFIG_VALUES[h.configKey]! })),
    ));
  }
  for (const source of [WEBFLOW, HUBSPOT]) {
    for (const t of config.sources[sourceKey(INTEGRATION, source)]!.targets) {
      if (t.credentialsSecretId !== undefined && !secrets.secrets.has(t.credentialsSecretId)) throw new Error(`no credentials stored for ${source} -> ${t.system}`);
    }
  }
}

/** The forwarder's per-source silence monitors of the integration, keyed by their failure_mode tag. */
function silenceMonitors(resources: readonly { type: string; name: string; inputs: object }[], integration: Integration): Map<string, PlannedMonitor> {
  const out = new Map<string, PlannedMonitor>();
  for (const hook of integration.webhooks) {
    const resource = resources.find((r) => r.name === names.webhookSilence(integration.id, hook.id) && r.type === MONITOR);
    if (!resource) continue;
    const inputs = resource.inputs as { name: string; query: string; tags: string[] } & Record<string, unknown>;
    const key = inputs.tags.find((t) => t.startsWith("failure_mode:"))!.slice("failure_mode:".length);
    out.set(key, {
      ref: { kind: "failure-mode", id: key },
      resource: resource.name,
      title: inputs.name,
      monitor: { kind: "metric", name: inputs.name, query: parseMetricMonitor(inputs.query), options: inputs as SimulatedMonitorOptions },
      inputs,
    });
  }
  return out;
}

/** A HubSpot v3 contact webhook (one property change), signed at `nowMs` as HubSpot signs it. */
function hubspotWebhook(scenario: string, lead: number, secret: string, nowMs: number): FunctionUrlEvent {
  const body = JSON.stringify([{
    eventId: lead, subscriptionId: 2345, portalId: 4417205, occurredAt: nowMs, subscriptionType: "contact.propertyChange", attemptNumber: 0,
    objectId: lead, propertyName: "email", propertyValue: `lead-${lead}@example.com`, changeSource: "FORM",
    // Makes every drill's bodies (and so their delivery ids, a hash of the body) its own.
    drill: scenario,
  }]);
  const timestamp = String(nowMs);
  return functionUrlEvent(HUBSPOT, body, {
    "x-hubspot-signature-v3": signHubspot(secret, "POST", publicUrlOf(HUBSPOT), Buffer.from(body), timestamp),
    "x-hubspot-request-timestamp": timestamp,
  });
}

/** A Webflow form_submission webhook, signed with the form webhook secret. */
function webflowSubmission(scenario: string, minute: number, nowMs: number): FunctionUrlEvent {
  const body = JSON.stringify({
    triggerType: "form_submission",
    payload: {
      name: "Demo request", id: `${scenario}-${minute}`, publishedPath: "/demo", submittedAt: new Date(nowMs).toISOString(),
      data: { Email: `demo-${minute}@example.com`, "First Name": "Ada", "Last Name": "Lovelace", Company: `Drill ${scenario}` },
    },
  });
  return functionUrlEvent(WEBFLOW, body, { "x-webflow-signature": signGeneric(WEBFLOW_SIGNING_SECRET, Buffer.from(body), "hex") });
}

function functionUrlEvent(source: string, body: string, headers: Record<string, string>): FunctionUrlEvent {
  return {
    rawPath: hookPath(sourceKey(INTEGRATION, source)),
    rawQueryString: "",
    headers: { host: "hooks.example.com", "content-type": "application/json", ...headers },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: "POST" } },
  };
}
