/**
 * JSON Schemas of the inventory's file kinds, generated from the zod schemas (validate/schema.ts)
 * with zod 4's `z.toJSONSchema`, for editors: the YAML extension of VS Code (yaml-language-server)
 * completes and validates a file whose first line names its schema (modeline.ts).
 *
 * They describe what a person WRITES (`io: "input"`: defaulted fields are optional), in JSON Schema
 * draft-07, the newest draft yaml-language-server supports ("Supports JSON Schema 7 and below",
 * https://github.com/redhat-developer/yaml-language-server#readme). `check` stays the authority:
 * what toJSONSchema cannot see (refinements are code) is restated below where JSON Schema can say
 * it; the rest (references between files, runbooks, query grammar, calendars) only `check` knows.
 * A schema may be looser than `check`, never stricter: every sample file must pass it.
 */
import { z } from "zod";
import { LOCAL_DATE_TIME_PATTERN } from "../time/zonedTime";
import { AUTH_TYPES, isOAuth2 } from "../../forwarder/destinations/kinds";
import { anomalyDetection, changeFreezes, INVENTORY_VERSION, integration, rotations, SCHEMAS, slo, SLO_WINDOWS, systems, thresholdDetection, webhook, type Kind } from "../validate/schema";

type Json = z.core.JSONSchema.BaseSchema;

/** The folder the schemas are committed in, relative to the repository root (`npm run schemas` writes it). */
export const SCHEMA_DIR = "schemas";

/** Each kind's schema file in SCHEMA_DIR. */
export const SCHEMA_FILES: Readonly<Record<Kind, string>> = {
  Integration: "integration.schema.json",
  Teams: "teams.schema.json",
  Rotations: "rotations.schema.json",
  Systems: "systems.schema.json",
  AlertTests: "alert-tests.schema.json",
  ChangeFreezes: "change-freezes.schema.json",
};

/** Shown by editors as the file's title and help. */
const ABOUT: Readonly<Record<Kind, { title: string; description: string }>> = {
  Integration: { title: "Integration", description: "One marketing-technology integration: who owns it, what it is worth, its SLOs, failure modes and how each is detected, its vendor webhooks and alert tests (README, \"The inventory format\")." },
  Teams: { title: "Teams", description: "The teams that own integrations, their chat channel and members (README, \"The inventory format\")." },
  Rotations: { title: "Rotations", description: "On-call rotations: members in order, weekly handoff, business hours and who is reached after hours (README, \"On-call\")." },
  Systems: { title: "Systems", description: "The systems integrations connect (CRMs, ad platforms, warehouses), their status pages and planned maintenance (README, \"Planned maintenance\")." },
  AlertTests: { title: "Alert tests", description: "Alert tests of one integration, kept in tests/<integration>.yaml: input series and which monitors must fire, warn or stay quiet when (README, \"Alert tests\")." },
  ChangeFreezes: { title: "Change freezes", description: "Windows of local time in which production deploys wait, for every integration or some (README, \"Change freezes\")." },
};

const forwardTarget = webhook.shape.forwardTo.element;
const auth = forwardTarget.shape.auth.unwrap();
const system = systems.shape.systems.element;
const maintenanceWindow = system.shape.maintenance.unwrap().element;
const freeze = changeFreezes.shape.freezes.element;
const expectation = SCHEMAS.AlertTests.shape.alertTests.element.shape.expect.element;
/** `2026-03-29T02:00`: the shape of local times; whether the day exists is check's (localTimeSchema.ts). */
const localTime: Json = { pattern: LOCAL_DATE_TIME_PATTERN.source };
const forbid = (...fields: string[]): Json => ({ properties: Object.fromEntries(fields.map((f) => [f, false])) });

/**
 * Refinements (`refine`/`superRefine`, code that toJSONSchema leaves out) restated in JSON Schema,
 * keyed by the zod schema they refine, so editors flag these mistakes as `check` does.
 */
const REFINEMENTS = new Map<z.core.$ZodType, Json>([
  // schema.ts: webhook-forwarder names the shared forwarder.
  [integration.shape.id, { not: { const: "webhook-forwarder" } }],
  // schema.ts rules objective-range and slo-window.
  [slo.shape.objective, { exclusiveMinimum: 0, exclusiveMaximum: 100 }],
  [slo.shape.window, { enum: [...SLO_WINDOWS] }],
  // schema.ts: a threshold sets exactly one of above or below; the basic algorithm has no seasonality; genericHmac goes with vendor generic-hmac alone.
  [thresholdDetection, { oneOf: [{ required: ["above"] }, { required: ["below"] }] }],
  [anomalyDetection, { if: { properties: { algorithm: { const: "basic" } }, required: ["algorithm"] }, then: forbid("seasonality") }],
  [webhook, { if: { properties: { vendor: { const: "generic-hmac" } }, required: ["vendor"] }, then: { required: ["genericHmac"] }, else: forbid("genericHmac") }],
  // forwardTargetSchema.ts: what each auth type takes.
  [
    auth,
    {
      allOf: [
        { if: { properties: { type: { enum: AUTH_TYPES.filter(isOAuth2) } }, required: ["type"] }, then: { required: ["tokenUrl"] }, else: forbid("tokenUrl", "scope") },
        { if: { properties: { type: { const: "api-key" } }, required: ["type"] }, then: { if: { required: ["queryParam"] }, then: forbid("header", "prefix") }, else: forbid("header", "prefix", "queryParam") },
      ],
    },
  ],
  [forwardTarget, { dependencies: { transformTests: ["transform"] } }],
  // schema.ts webAddress and forwardTargetSchema.ts: links and targets are http(s)/https only
  // (toJSONSchema writes only `format: uri`, which javascript: passes). Any case and leading
  // space, as zod allows, so the schema is never stricter than check.
  [system.shape.statusPage.unwrap(), { pattern: "^\\s*[Hh][Tt][Tt][Pp][Ss]?://" }],
  [forwardTarget.shape.url, { pattern: "^\\s*[Hh][Tt][Tt][Pp][Ss]:" }],
  [auth.shape.tokenUrl.unwrap(), { pattern: "^\\s*[Hh][Tt][Tt][Pp][Ss]:" }],
  [forwardTarget.shape.transformTests.unwrap().element, { required: ["input", "output"] }],
  [rotations.shape.rotations.element.shape.businessHours.shape.days, { uniqueItems: true }],
  // maintenanceSchema.ts: one-off windows have end, recurring ones rrule and duration; a window's time zone is its own or its system's.
  [maintenanceWindow, { if: { required: ["rrule"] }, then: { required: ["duration"], ...forbid("end") }, else: { required: ["end"], ...forbid("duration") } }],
  [maintenanceWindow.shape.start, localTime],
  [maintenanceWindow.shape.end.unwrap(), localTime],
  [system, { if: { not: { required: ["timeZone"] } }, then: { properties: { maintenance: { items: { required: ["timeZone"] } } } } }],
  [freeze.shape.start, localTime],
  [freeze.shape.end, localTime],
  [freeze.shape.scope.unwrap(), { minProperties: 1 }],
  [expectation, { anyOf: [{ required: ["firing"] }, { required: ["warning"] }, { required: ["quiet"] }] }],
]);

/** Adds a refinement's keywords to the generated schema; `required` lists are joined, not replaced. */
function merge(into: Json, extra: Json): void {
  const { required, ...rest } = structuredClone(extra);
  Object.assign(into, rest);
  if (required) into.required = [...new Set([...(into.required ?? []), ...required])];
}

/** The JSON Schema of a kind of inventory file. */
export function jsonSchemaOf(kind: Kind): Json {
  const generated = z.toJSONSchema(SCHEMAS[kind], {
    target: "draft-07",
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      const extra = REFINEMENTS.get(zodSchema);
      if (extra) merge(jsonSchema, extra);
    },
    unrepresentable: ({ path, message }) => {
      throw new Error(`${kind} at ${path.join(".") || "(root)"}: ${message}; give it an input JSON Schema in compiler/editorSchema/jsonSchemas.ts`);
    },
  });
  const { $schema, ...body } = generated;
  const properties = body.properties as Record<string, Json>;
  // parseFile.ts checks the version before the schema, so zod has only `string` for it.
  properties.version = { type: "string", const: INVENTORY_VERSION, description: `The inventory format; this tool reads ${INVENTORY_VERSION}.` };
  return { $schema, $comment: `Generated from compiler/validate/schema.ts by npm run schemas; do not edit.`, ...ABOUT[kind], ...body };
}

/** The committed text of a kind's schema: stable key order, two-space indent, final newline. */
export const jsonSchemaText = (kind: Kind): string => `${JSON.stringify(jsonSchemaOf(kind), null, 2)}\n`;

export const KINDS = Object.keys(SCHEMA_FILES) as Kind[];
