/**
 * A planned monitor's query text, parsed, of the kind the caller evaluates: `query alert`
 * (evaluate.ts) or `slo alert` (burnRate.ts). The plan's queries come from the lowering, so a
 * malformed query or one of the other kind is a caller's bug, said with the entry point to use.
 */
import type { BurnRateQuery, MonitorQuery } from "../query/ast";
import { parseMonitorQuery } from "../query/parse";

type Parsed = MonitorQuery | BurnRateQuery;

const KINDS: Readonly<Record<Parsed["kind"], { readonly words: string; readonly entry: string }>> = {
  monitor: { words: "a metric monitor", entry: "evaluateMetricMonitor" },
  burn_rate: { words: "an SLO burn-rate alert", entry: "evaluateBurnRateAlert" },
};

export function parseSimulatedQuery<K extends Parsed["kind"]>(query: string, kind: K): Extract<Parsed, { kind: K }> {
  const parsed = parseMonitorQuery(query);
  if (!parsed.ok) throw new Error(`cannot simulate ${JSON.stringify(query)}: ${parsed.error.message} (character ${parsed.error.offset + 1})`);
  const found = parsed.query.kind;
  if (found !== kind) throw new Error(`${JSON.stringify(query)} is ${KINDS[found].words}; evaluate it with ${KINDS[found].entry}`);
  return parsed.query as Extract<Parsed, { kind: K }>;
}
