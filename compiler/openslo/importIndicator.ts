/**
 * An OpenSLO SLO's indicator -> the inventory's `sli: { good, total }`, two Datadog metric
 * queries. The indicator is inline (`spec.indicator`) or another document (`spec.indicatorRef`,
 * an SLI among the files given); each metric source is inline (`type: Datadog`) or takes its
 * type from a DataSource (`metricSourceRef`). What the inventory cannot hold is named:
 * - `thresholdMetric`: inventory SLOs are ratios of good to all events;
 * - `ratioMetric.bad`: the inventory counts good events, and good = total - bad is not a query
 *   a Datadog metric SLO takes (its numerator and denominator are each one metric query);
 * - `ratioMetric.raw`: a precomputed ratio has no events to count;
 * - a source other than Datadog: the inventory's queries are Datadog's;
 * - a query Datadog's grammar does not read (compiler/query, what `check`'s query-syntax uses).
 */
import type { Path } from "../path";
import { parseMetricExpression } from "../query/parse";
import { field, fieldAt, has, isFields, text } from "./fields";
import type { DocumentProblem } from "./findings";
import type { SourceDocument } from "./readDocuments";

/** The SLI and DataSource documents of every file given, by name. */
export interface References {
  readonly slis: ReadonlyMap<string, SourceDocument>;
  readonly dataSources: ReadonlyMap<string, SourceDocument>;
}

export type IndicatorProblem = DocumentProblem;

export interface ImportedQueries {
  readonly good: string;
  readonly total: string;
}

export function importIndicator(slo: SourceDocument, refs: References): { queries?: ImportedQueries; problems: IndicatorProblem[]; usedSli?: string } {
  const spec = field(slo.data, "spec");
  const error = (doc: SourceDocument, path: Path, message: string, key = false) => ({ problems: [{ doc, path, key, severity: "error" as const, message }] });
  const inline = has(spec, "indicator");
  const ref = field(spec, "indicatorRef");
  if (inline === (ref !== undefined)) return error(slo, ["spec"], "must have exactly one of indicator and indicatorRef (OpenSLO spec)");
  if (inline) return readSliSpec(slo, ["spec", "indicator", "spec"], "spec.indicator.spec", refs);
  if (typeof ref !== "string") return error(slo, ["spec", "indicatorRef"], "indicatorRef must be the name of an SLI");
  const sli = refs.slis.get(ref);
  if (!sli) return error(slo, ["spec", "indicatorRef"], `indicatorRef ${ref} names no SLI in the files given; pass the file that defines it too`);
  return { ...readSliSpec(sli, ["spec"], `SLI ${ref}: spec`, refs), usedSli: ref };
}

function readSliSpec(doc: SourceDocument, base: Path, label: string, refs: References): { queries?: ImportedQueries; problems: IndicatorProblem[] } {
  const sliSpec = fieldAt(doc.data, base);
  const error = (path: Path, message: string, key = false) => ({ problems: [{ doc, path, key, severity: "error" as const, message }] });
  if (has(sliSpec, "thresholdMetric")) {
    return error([...base, "thresholdMetric"], `${label}.thresholdMetric: a threshold metric cannot be represented: inventory SLOs are ratios of good events to all events (sli.good, sli.total)`, true);
  }
  const ratio = field(sliSpec, "ratioMetric");
  if (!isFields(ratio)) return error(base, `${label} has no ratioMetric; an inventory SLO is a ratio of good events to all events`);
  const at: Path = [...base, "ratioMetric"];
  if (has(ratio, "raw")) return error([...at, "raw"], `${label}.ratioMetric.raw: a precomputed ratio cannot be represented: the inventory counts good events and all events (sli.good, sli.total)`, true);
  if (has(ratio, "bad")) {
    return error([...at, "bad"], `${label}.ratioMetric.bad: a bad/total ratio cannot be represented: the inventory counts good events (sli.good), and total minus bad is not one query a Datadog metric SLO takes; write a query of the good events`, true);
  }
  const problems: IndicatorProblem[] = [];
  const query = (side: "good" | "total") => {
    const path: Path = [...at, side];
    const source = field(field(ratio, side), "metricSource");
    if (!isFields(source)) {
      problems.push({ doc, path: has(ratio, side) ? path : at, severity: "error", message: `${label}.ratioMetric.${side}.metricSource is missing` });
      return undefined;
    }
    return datadogQuery(doc, [...path, "metricSource"], `${label}.ratioMetric.${side}.metricSource`, source, refs, problems);
  };
  const good = query("good");
  const total = query("total");
  return good !== undefined && total !== undefined && problems.every((p) => p.severity !== "error") ? { queries: { good, total }, problems } : { problems };
}

function datadogQuery(doc: SourceDocument, path: Path, label: string, source: Readonly<Record<string, unknown>>, refs: References, problems: IndicatorProblem[]): string | undefined {
  const report = (at: Path, message: string, severity: "error" | "warning" = "error", key = false) => void problems.push({ doc, path: at, key, severity, message });
  const ref = field(source, "metricSourceRef");
  const dataSource = typeof ref === "string" ? refs.dataSources.get(ref) : undefined;
  const type = field(source, "type") ?? field(field(dataSource?.data, "spec"), "type");
  if (type === undefined) {
    report(path, typeof ref === "string" ? `${label}: metricSourceRef ${ref} names no DataSource in the files given, and the source has no type; pass the file that defines it, or write type: Datadog` : `${label} has no type; write type: Datadog`);
    return undefined;
  }
  if (typeof type !== "string" || type.toLowerCase() !== "datadog") {
    report(has(source, "type") ? [...path, "type"] : [...path, "metricSourceRef"], `${label}: a ${typeof type === "string" ? type : "non-string"} metric source cannot be represented: the inventory's SLIs are Datadog metric queries`);
    return undefined;
  }
  const spec = field(source, "spec");
  const query = text(field(spec, "query"));
  if (query === undefined) {
    report(has(source, "spec") ? [...path, "spec"] : path, `${label}.spec.query is missing: a Datadog source is read from its query`);
    return undefined;
  }
  for (const key of Object.keys(isFields(spec) ? spec : {})) {
    if (key !== "query") report([...path, "spec", key], `${label}.spec.${key} is not imported: the inventory keeps the Datadog query only`, "warning", true);
  }
  const parsed = parseMetricExpression(query);
  if (!parsed.ok) {
    report([...path, "spec", "query"], `${label}.spec.query is not a metric query Datadog reads: ${parsed.error.message}`);
    return undefined;
  }
  return query;
}
