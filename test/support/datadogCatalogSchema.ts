/**
 * Datadog's published Software Catalog v3 JSON Schemas (test/fixtures/datadog-catalog: source
 * commit and licence in its README), compiled once with ajv: the independent check of every
 * entity the plan writes, instead of a restatement of the schema by hand.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { formatPath, valueAt } from "../../compiler/path";

const DIR = join(__dirname, "..", "fixtures", "datadog-catalog", "v3");
const SCHEMA_BASE = "https://raw.githubusercontent.com/DataDog/schema/main/service-catalog/v3/";

/** The schema of each kind this stack writes (lower/catalog.ts): services only. */
export const CATALOG_KIND_SCHEMAS: Readonly<Record<string, string>> = { service: `${SCHEMA_BASE}service.schema.json` };

let compiled: Map<string, ValidateFunction> | undefined;

/**
 * `strict: false`: the schemas put `additionalProperties` on arrays and `required` beside `if`,
 * which draft-07 allows and ajv's strict mode refuses. The `uri` and `email` formats come from
 * ajv-formats, which is not installed: defined here, as RFC 3986 (a scheme, then a URL that
 * parses) and as an address with one `@` and a dotted domain.
 */
function validators(): Map<string, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("uri", (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s));
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".schema.json"))) ajv.addSchema(JSON.parse(readFileSync(join(DIR, file), "utf8")));
  compiled = new Map(Object.entries(CATALOG_KIND_SCHEMAS).map(([kind, id]) => [kind, ajv.getSchema(id)!]));
  return compiled;
}

/** Why Datadog's v3 schema refuses the entity, one sentence each ("metadata has team, which the v3 schema does not allow"); none when it validates. */
export function catalogSchemaErrors(entity: unknown): string[] {
  const kind = (entity as { kind?: unknown } | null)?.kind;
  const validate = validators().get(String(kind));
  if (!validate) return [`kind ${String(kind)} is not one this stack writes (${Object.keys(CATALOG_KIND_SCHEMAS).join(", ")})`];
  if (validate(entity)) return [];
  return [...new Set((validate.errors ?? []).map((e) => describeError(entity, e)))];
}

function describeError(entity: unknown, e: ErrorObject): string {
  const path = e.instancePath.split("/").slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const where = formatPath(path) || "entity";
  if (e.keyword === "additionalProperties") return `${where} has ${String(e.params.additionalProperty)}, which the v3 schema does not allow`;
  return `${where} ${JSON.stringify(valueAt(entity, path))} ${e.message ?? e.keyword} (v3 schema)`;
}
