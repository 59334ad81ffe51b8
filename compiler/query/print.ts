/**
 * Syntax tree -> query text, in the canonical form Datadog's own examples use. Parsing what
 * this prints gives the same tree (spans aside): the property the query tests check.
 */
import type { BurnRateQuery, Expr, MetricQuery, MonitorQuery, ScopeFilter, ScopeTerm, StringLiteral } from "./ast";

const PRECEDENCE = { "+": 1, "-": 1, "*": 2, "/": 2 } as const;

export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case "metric":
      return printMetric(expr);
    case "number":
      return String(expr.value);
    case "binary": {
      const p = PRECEDENCE[expr.op];
      // Left-associative: a right operand of equal precedence needs parentheses (a - (b - c)).
      const left = wrap(expr.left, (q) => q < p);
      const right = wrap(expr.right, (q) => q <= p);
      return `${left} ${expr.op} ${right}`;
    }
    case "call": {
      const positional = expr.args.map((a) => (a.kind === "string" ? quote(a) : printExpr(a)));
      const named = Object.entries(expr.named).map(([k, v]) => (typeof v === "number" ? `${k}=${v}` : `${k}='${v}'`));
      return `${expr.name}(${[...positional, ...named].join(", ")})`;
    }
  }
}

export function printMonitorQuery(query: MonitorQuery | BurnRateQuery): string {
  if (query.kind === "burn_rate") {
    const short = query.shortWindow === undefined ? "" : `.short_window("${query.shortWindow}")`;
    return `burn_rate("${query.sloId}").over("${query.over}").long_window("${query.longWindow}")${short} ${query.comparator} ${query.threshold}`;
  }
  return `${query.timeAggregator}(${query.window}):${printExpr(query.expr)} ${query.comparator} ${query.threshold}`;
}

function printMetric(m: MetricQuery): string {
  const scope = m.filter ? printFilter(m.filter) : m.scope.map(printTerm).join(",");
  const by = m.groupBy.length ? ` by {${m.groupBy.join(",")}}` : "";
  const methods = m.methods.map((x) => `.${x.name}(${x.args.join(", ")})`).join("");
  return `${m.aggregator}:${m.metric}{${scope}}${by}${methods}`;
}

function printTerm(t: ScopeTerm): string {
  if (t.kind === "all") return "*";
  return `${t.negated ? "!" : ""}${t.key}${t.value === undefined ? "" : `:${t.value}`}`;
}

/** Boolean scope; a nested AND or OR keeps its parentheses so it parses back to the same tree. */
function printFilter(f: ScopeFilter): string {
  const grouped = (o: ScopeFilter, kinds: readonly ScopeFilter["kind"][]) => (kinds.includes(o.kind) ? `(${printFilter(o)})` : printFilter(o));
  switch (f.kind) {
    case "term":
      return printTerm(f.term);
    case "in":
      return `${f.key} ${f.negated ? "NOT IN" : "IN"} (${f.values.join(", ")})`;
    case "not":
      return `NOT ${grouped(f.operand, ["and", "or"])}`;
    case "and":
      return f.operands.map((o) => grouped(o, ["and", "or"])).join(" AND ");
    case "or":
      return f.operands.map((o) => grouped(o, ["or"])).join(" OR ");
  }
}

function wrap(e: Expr, needsParens: (precedence: number) => boolean): string {
  const text = printExpr(e);
  if (e.kind === "binary" && needsParens(PRECEDENCE[e.op])) return `(${text})`;
  return text;
}

function quote(s: StringLiteral): string {
  return `'${s.value}'`;
}
