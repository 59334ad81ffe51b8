/**
 * One OpenSLO v1 SLO document -> one inventory SLO entry (`slos:` item of an integration), or
 * the reasons it cannot be one. Reads the SLO id and integration from this repository's
 * annotations when present (an exported SLO's name may be shortened; names.ts), else from
 * `metadata.name` and `spec.service`; both must be inventory ids (validate/schema.ts ID_PATTERN),
 * the integration's being the name of its file and the prefix of every resource it creates.
 */
import { PLACEHOLDER } from "../runbookSections";
import { ID_PATTERN, slo as sloSchema, type SloAlertingDoc, type SloWindow } from "../validate/schema";
import type { Path } from "../path";
import { field, text } from "./fields";
import type { Report } from "./findings";
import { importAlerting, type AlertingReferences } from "./importAlerting";
import { importIndicator, type ImportedQueries, type References } from "./importIndicator";
import { importObjective } from "./importObjective";
import { importWindow } from "./importWindow";
import { ANNOTATIONS } from "./names";
import type { SourceDocument } from "./readDocuments";

/** An inventory SLO entry, keys in the order the inventory writes them. */
export interface SloEntry {
  readonly id: string;
  readonly description: string;
  readonly objective: number;
  readonly window: SloWindow;
  /** Left out when every tier follows the integration (importAlerting.ts). */
  readonly alerting?: SloAlertingDoc;
  readonly sli: ImportedQueries;
}

export interface ImportedSlo {
  /** The integration it belongs under: the annotation, else `spec.service`. */
  readonly integration: string;
  readonly entry: SloEntry;
  readonly doc: SourceDocument;
}

/** Written when the SLO has no description: `check` reports the placeholder until someone writes one. */
export const MISSING_DESCRIPTION = `${PLACEHOLDER}: say what this SLO measures (imported from OpenSLO without a description)`;

/** What an SLO read besides itself, so documents nothing refers to can be named. */
export interface Used {
  readonly sli?: string;
  readonly policies: readonly string[];
  readonly conditions: readonly string[];
}

export function importSlo(doc: SourceDocument, refs: References & AlertingReferences, report: Report): { imported?: ImportedSlo; used: Used } {
  const data = doc.data;
  const spec = field(data, "spec");
  const metadata = field(data, "metadata");
  const annotations = field(metadata, "annotations");
  const name = text(field(metadata, "name")) ?? `#${doc.index + 1}`;
  let failed = false;
  const say = (path: Path, severity: "error" | "warning", message: string, key = false, on: SourceDocument = doc) => {
    if (severity === "error") failed = true;
    report(on, path, severity, severity === "error" ? "openslo-unsupported" : "openslo-not-imported", `SLO ${name}: ${message}`, key);
  };

  const annotatedId = text(field(annotations, ANNOTATIONS.slo));
  const id = annotatedId ?? text(field(metadata, "name"));
  const idPath: Path = annotatedId ? ["metadata", "annotations", ANNOTATIONS.slo] : ["metadata", "name"];
  if (id === undefined) say(["metadata"], "error", "metadata.name is missing");
  else if (!ID_PATTERN.test(id)) say(idPath, "error", `"${id}" is not an inventory id (kebab-case: lowercase letters, digits and single hyphens, starting with a letter); rename it`);

  const annotatedIntegration = text(field(annotations, ANNOTATIONS.integration));
  const integration = annotatedIntegration ?? text(field(spec, "service"));
  const integrationPath: Path = annotatedIntegration ? ["metadata", "annotations", ANNOTATIONS.integration] : ["spec", "service"];
  if (integration === undefined) say(["spec"], "error", "spec.service is missing: inventory SLOs live under the integration their service names");
  else if (!ID_PATTERN.test(integration)) {
    say(integrationPath, "error", `"${integration}" is not an inventory integration id (kebab-case: lowercase letters, digits and single hyphens, starting with a letter); name the service after the integration the SLO belongs to`);
  }

  const method = field(spec, "budgetingMethod");
  if (method !== "Occurrences") {
    say(method === undefined ? ["spec"] : ["spec", "budgetingMethod"], "error", method === undefined
      ? "budgetingMethod is missing (OpenSLO spec: required); inventory SLOs count occurrences"
      : `budgetingMethod ${String(method)} cannot be represented: inventory SLOs are Datadog metric SLOs, which count good events out of all events (Occurrences)`);
  }

  const window = importWindow(spec);
  if ("problem" in window) say(window.path, "error", window.problem, window.key);

  const objective = importObjective(spec);
  for (const p of objective.problems) say(p.path, p.severity, p.message, p.key);

  const indicator = importIndicator(doc, refs);
  for (const p of indicator.problems) say(p.path, p.severity, p.message, p.key, p.doc);

  const target = "window" in window && objective.objective !== undefined ? { objective: objective.objective, window: window.window } : undefined;
  const alerting = importAlerting(doc, refs, target);
  for (const p of alerting.problems) say(p.path, p.severity, p.message, p.key, p.doc);
  const used: Used = { sli: indicator.usedSli, ...alerting.used };

  if (failed || id === undefined || integration === undefined || "problem" in window || objective.objective === undefined || !indicator.queries) return { used };
  const description = text(field(spec, "description")) ?? text(field(metadata, "displayName"));
  if (description === undefined) say(["spec"], "warning", `has no description; the entry says ${PLACEHOLDER} until one is written`);
  const entry: SloEntry = {
    id,
    description: description ?? MISSING_DESCRIPTION,
    objective: objective.objective,
    window: window.window,
    ...(alerting.alerting ? { alerting: alerting.alerting } : {}),
    sli: indicator.queries,
  };
  // The inventory's own schema has the last word: whatever it refuses is not an entry `check` would pass.
  const checked = sloSchema.safeParse(entry);
  if (!checked.success) {
    for (const issue of checked.error.issues) say(["metadata", "name"], "error", `${issue.path.join(".") || "entry"}: ${issue.message}`);
    return { used };
  }
  return { imported: { integration, entry, doc }, used };
}
