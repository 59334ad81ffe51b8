/**
 * Entry points of the Datadog query parser: lex, parse into a syntax tree, then check what
 * the words mean. Pure and fast: `check` parses every query of every inventory file.
 */
import { mutationRunKey } from "../mutationRunKey";
import type { BurnRateQuery, Expr, MetricQuery, MonitorQuery, QueryError } from "./ast";
import { lex } from "./lexer";
import { Parser, QuerySyntaxError } from "./parser";
import { checkExpr, checkMonitor } from "./semantics";

type ExpressionResult = { ok: true; expr: Expr } | { ok: false; error: QueryError };

/**
 * Results by query text. Several rules read the same queries, and an inventory repeats them
 * (an SLO's total is often an error rate's total); the trees are read-only, so sharing is safe.
 */
const parsed = new Map<string, ExpressionResult>();
const CACHE_LIMIT = 50_000;

/**
 * Under StrykerJS (README, "Mutation testing") one process runs the tests for mutant after mutant
 * of this parser, and records which test reaches which code: a result parsed under another
 * mutant, or during another test, must not be reused, or mutants survive (or go uncovered) that
 * the tests would catch. The same key as test/support/memo.ts uses; outside Stryker it never changes.
 */
// Stryker disable all: these lines only ever differ under Stryker itself; no caller outside it can tell.
let cacheKey = "";
function parsedCache(): Map<string, ExpressionResult> {
  const key = mutationRunKey();
  if (key !== cacheKey) {
    parsed.clear();
    cacheKey = key;
  }
  return parsed;
}
// Stryker restore all

/** A metric expression as the inventory holds it (detections, SLIs). */
export function parseMetricExpression(text: string): ExpressionResult {
  const cache = parsedCache();
  const cached = cache.get(text);
  if (cached) return cached;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const result = parseExpressionUncached(text);
  cache.set(text, result);
  return result;
}

function parseExpressionUncached(text: string): ExpressionResult {
  const result = run(text, (p) => p.expression());
  if (!result.ok) return result;
  const problem = checkExpr(result.value);
  return problem ? { ok: false, error: problem } : { ok: true, expr: result.value };
}

/** A full monitor query as the plan creates it: `query alert` or `slo alert`. */
export function parseMonitorQuery(text: string): { ok: true; query: MonitorQuery | BurnRateQuery } | { ok: false; error: QueryError } {
  const result = run(text, (p) => p.monitor());
  if (!result.ok) return result;
  const problem = checkMonitor(result.value);
  return problem ? { ok: false, error: problem } : { ok: true, query: result.value };
}

/** Every metric query in a tree, in order. */
export function metricQueriesIn(expr: Expr): MetricQuery[] {
  const out: MetricQuery[] = [];
  const visit = (e: Expr | { kind: "string" }): void => {
    if (e.kind === "metric") out.push(e);
    else if (e.kind === "binary") (visit(e.left), visit(e.right));
    else if (e.kind === "call") e.args.forEach(visit);
  };
  visit(expr);
  return out;
}

function run<T>(text: string, parse: (p: Parser) => T): { ok: true; value: T } | { ok: false; error: QueryError } {
  const lexed = lex(text);
  if (!lexed.ok) return { ok: false, error: { offset: lexed.offset, message: lexed.message } };
  try {
    return { ok: true, value: parse(new Parser(text, lexed.tokens)) };
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: the parser throws nothing but QuerySyntaxError (MAX_DEPTH bounds its recursion), so a rethrow is never taken.
    if (!(e instanceof QuerySyntaxError)) throw e;
    return { ok: false, error: { offset: e.offset, message: e.message, ...(e.related !== undefined && { related: e.related }) } };
  }
}
