/**
 * `openslo import`: every OpenSLO v1 document of the files given -> inventory SLO entries, with
 * a finding for each thing the inventory cannot hold. SLIs, DataSources, AlertPolicies and
 * AlertConditions may be in any of the files, as OpenSLO references cross files.
 */
import { API_VERSION, KINDS, type Kind } from "./documents";
import { field, isFields, text } from "./fields";
import { reporterInto, type Finding, type Report } from "./findings";
import { importSlo, type ImportedSlo } from "./importSlo";
import type { SourceDocument } from "./readDocuments";

export interface ImportResult {
  readonly slos: readonly ImportedSlo[];
  readonly findings: readonly Finding[];
  /** SLO documents seen, imported or not. */
  readonly sloCount: number;
}

/** Why each kind never imported is left out, said once per document (SLIs, AlertPolicies and AlertConditions are read through the SLOs that refer to them). */
const NOT_IMPORTED: Partial<Record<Kind, string>> = {
  AlertNotificationTarget: "alerts notify the integration's PagerDuty service or its owning team's channel",
  DataSource: "only its type is read, for the metric sources that refer to it; the stack's Datadog provider holds the connection",
};

/** How the kinds read through references are referred to. */
const REFERRED_BY: Partial<Record<Kind, string>> = { SLI: "SLO with indicatorRef", AlertPolicy: "SLO with alertPolicyRef", AlertCondition: "alert policy of an SLO with conditionRef" };

export function importDocuments(documents: readonly SourceDocument[]): ImportResult {
  const findings: Finding[] = [];
  const report = reporterInto(findings);
  const objects = documents.filter((d) => d.data !== null && d.data !== undefined && checkObject(d, report));
  const kindOf = (d: SourceDocument) => field(d.data, "kind") as Kind;
  const slis = byName(objects.filter((d) => kindOf(d) === "SLI"), "SLI", report);
  const dataSources = byName(objects.filter((d) => kindOf(d) === "DataSource"), "DataSource", report);
  const alertPolicies = byName(objects.filter((d) => kindOf(d) === "AlertPolicy"), "AlertPolicy", report);
  const alertConditions = byName(objects.filter((d) => kindOf(d) === "AlertCondition"), "AlertCondition", report);

  const slos: ImportedSlo[] = [];
  const usedBy: Partial<Record<Kind, Set<string>>> = { SLI: new Set(), AlertPolicy: new Set(), AlertCondition: new Set() };
  const sloDocs = objects.filter((d) => kindOf(d) === "SLO");
  for (const doc of sloDocs) {
    const { imported, used } = importSlo(doc, { slis, dataSources, alertPolicies, alertConditions }, report);
    if (used.sli) usedBy.SLI!.add(used.sli);
    for (const p of used.policies) usedBy.AlertPolicy!.add(p);
    for (const c of used.conditions) usedBy.AlertCondition!.add(c);
    if (!imported) continue;
    const earlier = slos.find((s) => s.integration === imported.integration && s.entry.id === imported.entry.id);
    if (earlier) {
      const { line } = earlier.doc.at([]);
      report(doc, ["metadata", "name"], "error", "openslo-input", `SLO ${imported.entry.id} of integration ${imported.integration} is already imported from ${earlier.doc.file}:${line}; SLO ids must be unique within an integration`);
      continue;
    }
    slos.push(imported);
  }
  for (const doc of objects) {
    const kind = kindOf(doc);
    const name = text(field(field(doc.data, "metadata"), "name")) ?? `#${doc.index + 1}`;
    const why = NOT_IMPORTED[kind];
    if (why) report(doc, ["kind"], "warning", "openslo-not-imported", `${kind} ${name} is not imported: ${why}`);
    const unused = usedBy[kind] && !usedBy[kind].has(name) ? REFERRED_BY[kind] : undefined;
    if (unused) report(doc, ["kind"], "warning", "openslo-not-imported", `${kind} ${name} is not imported: no ${unused} in the files given refers to it`);
  }
  return { slos, findings, sloCount: sloDocs.length };
}

/** Whether a document is an OpenSLO v1 object of a known kind; if not, says why. */
function checkObject(doc: SourceDocument, report: Report): boolean {
  const bad = (path: (string | number)[], message: string) => (report(doc, path, "error", "openslo-input", message), false);
  if (!isFields(doc.data)) return bad([], `document ${doc.index + 1} is not an OpenSLO object: it must be a mapping of apiVersion, kind, metadata and spec`);
  const version = field(doc.data, "apiVersion");
  if (version === undefined) return bad([], `document ${doc.index + 1} has no apiVersion; OpenSLO v1 documents start with apiVersion: ${API_VERSION}`);
  if (version !== API_VERSION) return bad(["apiVersion"], `apiVersion ${String(version)} is not read: only ${API_VERSION} documents are (other versions differ in shape)`);
  const kind = field(doc.data, "kind");
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
    return bad(kind === undefined ? [] : ["kind"], `${kind === undefined ? `document ${doc.index + 1} has no kind` : `kind ${String(kind)} is not an OpenSLO v1 kind`}; the kinds are ${KINDS.join(", ")}`);
  }
  if (!isFields(field(doc.data, "metadata")) || text(field(field(doc.data, "metadata"), "name")) === undefined) return bad(isFields(field(doc.data, "metadata")) ? ["metadata"] : [], `${kind} has no metadata.name (OpenSLO spec: required)`);
  if (!isFields(field(doc.data, "spec"))) return bad([], `${kind} ${String(field(field(doc.data, "metadata"), "name"))} has no spec mapping (OpenSLO spec: required)`);
  return true;
}

/** Documents of one kind by metadata.name; a second of the same name is an error (a reference to it would be ambiguous). */
function byName(docs: readonly SourceDocument[], kind: string, report: Report): Map<string, SourceDocument> {
  const out = new Map<string, SourceDocument>();
  for (const doc of docs) {
    const name = text(field(field(doc.data, "metadata"), "name"))!;
    const earlier = out.get(name);
    if (earlier) report(doc, ["metadata", "name"], "error", "openslo-input", `another ${kind} named ${name} is defined at ${earlier.file}:${earlier.at(["metadata", "name"]).line}; names must be unique within a kind`);
    else out.set(name, doc);
  }
  return out;
}
