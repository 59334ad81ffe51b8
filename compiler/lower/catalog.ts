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
 * - A system (a SaaS product, the website) is `kind: system`, "a group of entities that cooperate
 *   to perform a broader function": a whole product whose parts we do not see. A kind of its own
 *   also keeps `service:<id>` free for an APM service of the same name that someone else owns.
 *   An integration lists its upstream and downstream systems under `spec.dependsOn` as
 *   `system:<id>` (entity references, `kind:name`).
 *
 * The staging stack creates none (catalogInStack). Entities are written with the `yaml`
 * package, never by pasting text together; free text from the inventory goes through
 * catalogText first.
 */
import { Document, visit } from "yaml";
import type { Integration, Inventory, System } from "../model";
import { inertText } from "../notificationSyntax";
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

/** The fields of a v3 entity this stack writes (entity.schema.json, metadata.schema.json, service.schema.json, system.schema.json). */
export interface CatalogEntity {
  readonly apiVersion: "v3";
  readonly kind: "service" | "system";
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
  return inventory.systems.filter((s) => used.has(s.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
  const dependsOn = [...new Set([...integration.upstream, ...integration.downstream])].map((id) => `system:${id}`);
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

/** A system's entity: its name, its category as the system's type, and its status page. The inventory names no owner for a vendor's product, so it has none. */
export function systemEntity(system: System): CatalogEntity {
  return {
    apiVersion: "v3",
    kind: "system",
    metadata: {
      name: system.id,
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
      if (typeof node.value === "string" && refsIn(node.value).length > 0) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/**
 * Inventory free text made inert, as in monitor messages (notificationSyntax.ts inertText: no
 * handle, template block, Slack mention, line break or `${`, which would otherwise read as a
 * reference the emit stage resolves, spec.ts REF_PATTERN). `check` rejects all of them first
 * (message-injection, reference-syntax), so valid names and titles pass unchanged.
 */
export const catalogText = inertText;

/** A URL built from the inventory or config, with `${` percent-encoded for the same reason. */
export const catalogUrl = (url: string): string => url.replace(/\$\{/g, "$%7B");

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
  const host = catalogUrl(site.trim().replace(/^https?:\/\//, "").replace(/^(app|api)\./, "").replace(/\/+$/, ""));
  return `https://${host.split(".").length === 2 ? `app.${host}` : host}`;
}
