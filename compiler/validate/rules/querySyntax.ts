/**
 * query-syntax: every metric query of the inventory must be one Datadog can read. Each is
 * parsed against Datadog's metric query grammar (compiler/query: space aggregator, metric,
 * `{scope}`, `by {tags}`, `.as_count()` / `.as_rate()` / `.rollup()` / `.fill()`, arithmetic,
 * functions; https://docs.datadoghq.com/metrics/#querying-metrics,
 * https://docs.datadoghq.com/metrics/advanced-filtering/,
 * https://docs.datadoghq.com/getting_started/tagging/#define-tags), and an error points at the
 * offending character inside the YAML string.
 */
import type { Position } from "../../diagnostics";
import { positionInString } from "../../load/stringPosition";
import type { Path } from "../../path";
import type { QueryError } from "../../query/ast";
import { parseMetricExpression } from "../../query/parse";
import type { Rule } from "../ruleContext";
import type { IntegrationDoc } from "../schema";

/** One metric query field of an integration: where it is, and words for messages. */
export interface InventoryQuery {
  readonly path: Path;
  readonly query: string;
  /** `failure mode lead-sync-errors: detection.total` */
  readonly label: string;
}

/** Every metric query field: failure modes' detections and SLOs' SLIs, in file order. */
export function inventoryQueries(integration: IntegrationDoc): InventoryQuery[] {
  const out: InventoryQuery[] = [];
  integration.slos.forEach((slo, i) => {
    out.push({ path: ["slos", i, "sli", "good"], query: slo.sli.good, label: `slo ${slo.id}: sli.good` });
    out.push({ path: ["slos", i, "sli", "total"], query: slo.sli.total, label: `slo ${slo.id}: sli.total` });
  });
  integration.failureModes.forEach((mode, i) => {
    const d = mode.detection;
    const at = (field: string, query: string, ...rest: string[]) =>
      out.push({ path: ["failureModes", i, "detection", field, ...rest], query, label: `failure mode ${mode.id}: detection.${[field, ...rest].join(".")}` });
    switch (d.kind) {
      case "threshold":
      case "heartbeat":
      case "anomaly":
        at("query", d.query);
        break;
      case "error-rate":
        at("errors", d.errors);
        at("total", d.total);
        break;
      case "reconciliation":
        at("upstream", d.upstream.count, "count");
        at("downstream", d.downstream.count, "count");
        break;
    }
  });
  return out;
}

export const querySyntax: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    for (const q of inventoryQueries(integration)) {
      const parsed = parseMetricExpression(q.query);
      if (parsed.ok) continue;
      const where = (offset: number) => positionInString(file.source, q.path, q.query, offset);
      ctx.reportAt(file.file, where(parsed.error.offset), "query-syntax", `${q.label}: Datadog cannot read this query: ${inFileTerms(parsed.error, where)}`);
    }
  }
};

/** The parser names an earlier character as `character N` of the query; say where it is in the file. */
function inFileTerms(error: QueryError, where: (offset: number) => Position): string {
  // Stryker disable next-line ConditionalExpression: without it the split below looks for "character NaN", which no message holds, so the message comes back unchanged.
  if (error.related === undefined) return error.message;
  const here = where(error.offset);
  const there = where(error.related);
  const words = there.line === here.line ? `column ${there.column}` : `line ${there.line}, column ${there.column}`;
  return error.message.split(`character ${error.related + 1}`).join(words);
}

