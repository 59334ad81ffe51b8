/**
 * Datadog Software Catalog: one entity per integration, and one per system an integration
 * depends on, so Datadog shows the ownership, on-call, tier and runbooks the inventory declares
 * (README, "Software Catalog").
 *
 * Schema v3 (https://docs.datadoghq.com/internal_developer_portal/software_catalog/entity_model/;
 * the JSON Schemas in github.com/DataDog/schema, service-catalog/v3/). v3 entities are created
 * through the Software Catalog API (`/api/v2/catalog/entity`), which the provider's
 * `datadog.SoftwareCatalog` calls; `datadog.ServiceDefinitionYaml` is the Service Definition API
 * "for v2.2 and earlier" (https://docs.datadoghq.com/api/latest/service-definition/: "Service
 * Catalog v3.0 schema has new API endpoints documented under Software Catalog").
 *
 * - An integration is `kind: service` ("you can collect non-instrumented services by declaring
 *   them through metadata", entity types docs), named by its id: the `service:<id>` tag every
 *   monitor and SLO of it carries (lower/notify.ts), which is how Datadog joins them to it.
 * - A system (a SaaS product, the website) is an entity of its own, and each integration lists its
 *   upstream and downstream systems under `spec.dependsOn` (entity references, `kind:name`). It
 *   is a `kind: service` entity, not `kind: system`: what `dependsOn` is documented to name is
 *   services, queues, datastores and libraries (service.schema.json `dependsOn` examples
 *   `service:myapp`, `queue:myqueue`, `datastore:mydatastore`, `library:mylibrary`; "Manage and
 *   Map Dependencies", https://docs.datadoghq.com/internal_developer_portal/use_cases/dependency_management/,
 *   "Service A depends on Service B"), while a `system` is "a group of entities that cooperate to
 *   perform a broader function" that components join through `componentOf` (entity types docs),
 *   never a dependency target in the schema or the docs. A vendor's product is, to the
 *   integration, a service it calls or is called by ("you can collect non-instrumented services
 *   by declaring them through metadata"). Not verified offline: that Datadog draws a dependency
 *   on a service without telemetry; README, "Software Catalog", says so.
 * - A system's entity is named `system--<id>` (systemEntityName): `--` never occurs in an
 *   inventory id (validate/schema.ts ID_PATTERN), so it cannot be an integration's entity, and
 *   the stack never takes over the `service:<id>` entity an APM service of the same name (a
 *   `website` service, say) may already have.
 *
 * The staging stack creates none (catalogInStack). Entities are written with the `yaml`
 * package, never by pasting text together; free text from the inventory goes through
 * catalogText first.
 */
import { Document, parse, visit } from "yaml";
import type { Integration, Inventory, System } from "../model";
import { inertText } from "../notificationSyntax";
import { requireWebAddress } from "../webAddress";
import { names, previousComponentNames } from "./names";
import { runbookUrl } from "./notify";
import { hasPagingService } from "./onCall";
import type { LowerSettings } from "./settings";
import { ref, refsIn, type ResourceSpec } from "./spec";

export const SOFTWARE_CATALOG = "datadog:index/softwareCatalog:SoftwareCatalog";
export const CATALOG_COMPONENT = "martech:datadog:SoftwareCatalog";

/**
 * Whether this stack creates catalog entities. Staging does not: an entity is one per Datadog
 * organisation (its kind and name are its key: the provider replaces an entity whose reference
 * changes, terraform-provider-datadog resource_datadog_software_catalog.go), and staging shares
 * the organisation with prod, so staging's would overwrite prod's ownership and on-call with its
 * own (no PagerDuty service there). Env-named copies (`web-lead-form-to-crm-staging`) would
 * match no `service:` tag and double the catalog. Staging's monitors and SLOs carry the same
 * `service:<id>` tag, so prod's entity covers them, told apart by `env:`.
 */
export const catalogInStack = (settings: LowerSettings) => !settings.staging;

/** The v3 link types Datadog recognises (metadata.schema.json, links[].type examples). */
export const LINK_TYPES = ["runbook", "doc", "repo", "dashboard", "other"] as const;

export interface CatalogLink {
  readonly name: string;
  readonly type: (typeof LINK_TYPES)[number];
  readonly url: string;
}

/** The fields of a v3 entity this stack writes (entity.schema.json, metadata.schema.json, service.schema.json). */
export interface CatalogEntity {
  readonly apiVersion: "v3";
  readonly kind: "service";
  readonly metadata: {
    readonly name: string;
    readonly displayName: string;
    readonly description?: string;
    readonly owner?: string;
    readonly tags: readonly string[];
    readonly links: readonly CatalogLink[];
  };
  readonly integrations?: { readonly pagerduty: { readonly serviceURL: string } };
  readonly spec: {
    readonly lifecycle?: string;
    /** A string: the schemas declare `"type": "string"` (examples "1", "High"). */
    readonly tier?: string;
    readonly type?: string;
    readonly dependsOn?: readonly string[];
  };
}

/** The entity name of a system (see the file's comment): `system--<id>`. */
export const systemEntityName = (systemId: string) => `system--${systemId}`;

/** The system an entity name stands for, or undefined for an integration's entity. */
export const systemOfEntityName = (name: string): string | undefined => (name.startsWith("system--") ? name.slice("system--".length) : undefined);

export function catalogSpecs(inventory: Inventory, settings: LowerSettings): ResourceSpec[] {
  if (!catalogInStack(settings)) return [];
  const parent = names.catalogComponent;
  const services = inventory.integrations.map(
    (integration): ResourceSpec => ({
      type: SOFTWARE_CATALOG,
      name: names.catalogService(integration.id),
      parent,
      aliases: previousComponentNames(integration, names.catalogService),
      inputs: { entity: entityYaml(integrationEntity(integration, settings)) },
    }),
  );
  const systems = dependedOnSystems(inventory).map(
    (system): ResourceSpec => ({ type: SOFTWARE_CATALOG, name: names.catalogSystem(system.id), parent, inputs: { entity: entityYaml(systemEntity(system)) } }),
  );
  return [{ type: CATALOG_COMPONENT, name: parent, inputs: {} }, ...services, ...systems];
}

/** The systems some integration lists upstream or downstream (every system reference must be one of those, validate/rules/references.ts), by id. */
export function dependedOnSystems(inventory: Inventory): System[] {
  const used = new Set(inventory.integrations.flatMap((i) => [...i.upstream, ...i.downstream]));
  return inventory.systems.filter((s) => used.has(s.id)).sort(byId);
}

function byId(a: System, b: System): number {
  if (a.id < b.id) return -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether a comparison is below 0, so a later id (1) and an equal one (0) sort alike.
  return a.id > b.id ? 1 : 0;
}

/**
 * An integration's entity:
 * - `owner`: its owning team's id, which should be the Datadog team handle (README, "Software Catalog").
 * - `integrations.pagerduty.serviceURL`: the web address of its PagerDuty service (the provider's
 *   `htmlUrl` output, a reference until deployed), when this stack creates one: an integration
 *   whose alerts never page has no on-call service, and the entity says none rather than a wrong one.
 * - `spec.tier`: the inventory's tier ("1" revenue-critical, "2" important, "3" supporting), the
 *   same tier that sets monitor priority and who is paged out of hours; not recomputed from
 *   `revenue.usdPerHour`, so the catalog cannot disagree with the paging it describes.
 * - `spec.lifecycle`: `production`: only the prod stack creates entities, and everything it
 *   monitors is live (the schema's examples: experimental, production, deprecated).
 * - links: the runbook, each failure mode's section of it (the anchor its monitor links to), and
 *   the reliability dashboard.
 */
export function integrationEntity(integration: Integration, settings: LowerSettings): CatalogEntity {
  const dependsOn = [...new Set([...integration.upstream, ...integration.downstream])].map((id) => `service:${systemEntityName(id)}`);
  return {
    apiVersion: "v3",
    kind: "service",
    metadata: {
      name: integration.id,
      displayName: catalogText(integration.name),
      description: catalogText(integration.description),
      owner: integration.owner,
      tags: [`integration:${integration.id}`, `team:${integration.owner}`, `tier:${integration.tier}`, "managed-by:pulumi"],
      links: [
        { name: "Runbook", type: "runbook", url: catalogUrl(runbookUrl(settings, integration)) },
        ...integration.failureModes.map((mode): CatalogLink => ({ name: `Runbook: ${catalogText(mode.title)}`, type: "runbook", url: catalogUrl(runbookUrl(settings, integration, mode.runbookAnchor)) })),
        { name: "Reliability dashboard", type: "dashboard", url: dashboardUrl(settings) },
      ],
    },
    ...(hasPagingService(integration, settings) ? { integrations: { pagerduty: { serviceURL: ref(names.pagerdutyService(integration.id), "htmlUrl") } } } : {}),
    spec: { lifecycle: "production", tier: String(integration.tier), dependsOn },
  };
}

/**
 * A system's entity: its name, its category as its type (a free string in the schema, "The type
 * of service"), and its status page. The inventory names no owner for a vendor's product, so it
 * has none; no `lifecycle` or `tier` either, which are the vendor's to say.
 */
export function systemEntity(system: System): CatalogEntity {
  return {
    apiVersion: "v3",
    kind: "service",
    metadata: {
      name: systemEntityName(system.id),
      displayName: catalogText(system.name),
      tags: [`system:${system.id}`, `category:${system.category}`, "managed-by:pulumi"],
      links: system.statusPage ? [{ name: "Status page", type: "other", url: catalogUrl(system.statusPage) }] : [],
    },
    spec: { type: system.category },
  };
}

/**
 * The entity as YAML text (the provider's `entity`: "a valid entity YAML/JSON structure").
 * References (`${ref:...}`) are double-quoted scalars, so the value Pulumi puts in their place, a
 * URL or an id, is read back as the same string whatever characters it holds; no line folding,
 * so a reference is never split.
 */
export function entityYaml(entity: CatalogEntity): string {
  const doc = new Document(entity);
  visit(doc, {
    Scalar(_, node) {
      // refsIn finds references in strings only (a scalar holds no array or object).
      if (refsIn(node.value).length > 0) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/**
 * An entity read back from its YAML (the plan's words, the contract test): the shape
 * CatalogEntity writes with every field possibly missing. Only its being a mapping is checked,
 * so a field may still hold another type than declared; validate it before trusting one.
 */
export type ReadCatalogEntity = DeepPartial<CatalogEntity>;
type DeepPartial<T> = T extends readonly (infer U)[] ? readonly DeepPartial<U>[] : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** The entity YAML of a catalog resource's `entity` input, or undefined when it does not parse as a mapping. */
export function readEntityYaml(text: unknown): ReadCatalogEntity | undefined {
  try {
    const entity = parse(String(text)) as unknown;
    return typeof entity === "object" && entity !== null && !Array.isArray(entity) ? (entity as ReadCatalogEntity) : undefined;
  } catch {
    // Not YAML at all: undefined, as for YAML that is not a mapping.
  }
  return undefined;
}

/**
 * Inventory free text made inert, as in monitor messages (notificationSyntax.ts inertText: no
 * handle, template block, Slack mention, line break or `${`, which would otherwise read as a
 * reference the emit stage resolves, spec.ts REF_PATTERN). `check` rejects all of them first
 * (message-injection, reference-syntax), so valid names and titles pass unchanged.
 */
export const catalogText = inertText;

/** Text of a URL with `${` percent-encoded, for the same reason. */
const inertUrlText = (url: string): string => url.replace(/\$\{/g, "$%7B");

/**
 * A link built from the inventory or config: a web address only (webAddress.ts; a `javascript:`
 * link would run when clicked in Datadog's UI), with `${` percent-encoded.
 */
export const catalogUrl = (url: string): string => inertUrlText(requireWebAddress(url, "Software Catalog link"));

/**
 * The reliability dashboard in Datadog's web app, by id (`/dashboard/<id>` opens it; the
 * provider's `url` output is the path the API returns, not a full address). The app's address
 * comes from the site (https://docs.datadoghq.com/getting_started/site/): datadoghq.com,
 * datadoghq.eu and ddog-gov.com are served at `app.<site>`, the others (us3.datadoghq.com,
 * ap1.datadoghq.com, ...) at the site itself.
 */
export function dashboardUrl(settings: LowerSettings): string {
  return `${datadogAppUrl(settings.forwarder.datadogSite)}/dashboard/${ref(names.dashboard)}`;
}

export function datadogAppUrl(site: string): string {
  const host = inertUrlText(site.trim().replace(/^https?:\/\//, "").replace(/^(app|api)\./, "").replace(/\/+$/, ""));
  return `https://${host.split(".").length === 2 ? `app.${host}` : host}`;
}
