/**
 * Per-file validation: YAML, then `version`, then `kind`, then that kind's schema.
 * Pure in (file name, text), so files can be checked in any order or in parallel.
 */
import type { Diagnostic } from "../diagnostics";
import { positionOf, type SourceMap } from "../load/yamlFile";
import { readYamlFile, type YamlReader } from "../load/twoTierYaml";
import { valueAt, type Path } from "../path";
import { suggestion } from "./didYouMean";
import { INVENTORY_VERSION, SCHEMAS, type AlertTestsDoc, type ChangeFreezesDoc, type IntegrationDoc, type Kind, type RotationsDoc, type SystemsDoc, type TeamsDoc } from "./schema";
import { describeValue } from "./describeValue";
import { friendlyErrors, schemaDiagnostics } from "./schemaIssues";
import { isPlaceholder, scanStrings } from "./scanStrings";
import { integrationDraft, type IntegrationDraft } from "./integrationDraft";

export type Document =
  | { readonly kind: "Integration"; readonly doc: IntegrationDoc }
  | { readonly kind: "Teams"; readonly doc: TeamsDoc }
  | { readonly kind: "Rotations"; readonly doc: RotationsDoc }
  | { readonly kind: "Systems"; readonly doc: SystemsDoc }
  | { readonly kind: "AlertTests"; readonly doc: AlertTestsDoc }
  | { readonly kind: "ChangeFreezes"; readonly doc: ChangeFreezesDoc };

/** A file whose shape is valid: its typed document and where each node is. */
export type ParsedFile = Document & { readonly file: string; readonly source: SourceMap };

export interface FileResult {
  /** Present when the file's shape is valid. */
  readonly parsed?: ParsedFile;
  /** Ids a shape-invalid file still declares, so references to them are not reported as dangling too. */
  readonly declared?: readonly string[];
  readonly diagnostics: Diagnostic[];
  /** Values flagged as literal secrets (literal-secret), so no output repeats them; never printed. */
  readonly secrets?: readonly string[];
  /** A shape-invalid integration's id and runbook, so its runbook is checked in the same round (integrationDraft.ts). */
  readonly draft?: IntegrationDraft;
}

/** `team:growth`, `rotation:primary`, `system:hubspot`, `integration:web-leads`: ids declared by a file's raw data. */
function declaredIds(data: Record<string, unknown>): string[] {
  const ids = (list: unknown, kind: string) => (Array.isArray(list) ? list.map((x) => (x as { id?: unknown })?.id).filter((id) => typeof id === "string").map((id) => `${kind}:${id}`) : []);
  // An integration whose file is broken still has its tests file, which is not then "for an unknown integration".
  const integration = data.kind === "Integration" && typeof data.id === "string" ? [`integration:${data.id}`] : [];
  return [...ids(data.teams, "team"), ...ids(data.rotations, "rotation"), ...ids(data.systems, "system"), ...integration];
}

const KINDS = Object.keys(SCHEMAS) as Kind[];

/** `readYaml`: the two-tier reader by default; parseYamlFile reads with the `yaml` tier alone (bench, differential tests). */
export function parseInventoryFile(file: string, text: string, readYaml: YamlReader = readYamlFile): FileResult {
  const yaml = readYaml(file, text);
  // Secrets and placeholders are looked for whatever else is wrong with the file, broken YAML included.
  const scan = scanStrings(file, yaml);
  const { secrets } = scan;
  const diagnostics = [...yaml.diagnostics, ...scan.diagnostics];
  if (yaml.data === undefined) return { diagnostics, secrets };
  const fail = (path: Path, rule: Diagnostic["rule"], message: string): FileResult => ({
    secrets,
    diagnostics: [...diagnostics, { file, ...positionOf(yaml.source, path), severity: "error", rule, message }],
  });

  const data = yaml.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    // Stryker disable next-line ArrayDeclaration: no key path names a node in a file that is not a mapping, so positionOf gives its start for any path.
    return fail([], "inventory-version", `an inventory file must be a mapping that starts with "version: ${INVENTORY_VERSION}"`);
  }
  const { version, kind } = data as { version?: unknown; kind?: unknown };
  if (version !== INVENTORY_VERSION) {
    const found = version === undefined ? "no version" : `version ${describeValue(version)}`;
    return fail(["version"], "inventory-version", `this file has ${found}; this tool reads "version: ${INVENTORY_VERSION}"`);
  }
  // No value but one of these strings is included, so nothing else need be checked first.
  if (!KINDS.includes(kind as Kind)) {
    const message =
      kind === undefined
        ? `missing required field "kind" (one of: ${KINDS.join(", ")})`
        : `unknown kind ${describeValue(kind)}${suggestion(String(kind), KINDS)}`;
    return fail(["kind"], "unknown-kind", message);
  }
  const schema = SCHEMAS[kind as Kind];
  const result = schema.safeParse(data, { error: friendlyErrors });
  if (!result.success) {
    // A field still holding the scaffold's TODO is already reported as a placeholder.
    const issues = result.error.issues.filter((i) => !isPlaceholder(valueAt(data, i.path as Path)));
    const draft = integrationDraft(file, yaml.source, data as Record<string, unknown>);
    return { declared: declaredIds(data as Record<string, unknown>), diagnostics: [...diagnostics, ...schemaDiagnostics(yaml, schema, issues)], secrets, ...(draft && { draft }) };
  }
  const parsed = { kind, doc: result.data, file, source: yaml.source } as ParsedFile;
  return { parsed, diagnostics, secrets };
}
