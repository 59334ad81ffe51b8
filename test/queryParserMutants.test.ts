/**
 * compiler/query/parser.ts, pinned exactly: for each mistake the parser names, the offset, the
 * whole message and the related offset (the `{` or `(` left open); for valid queries the whole
 * tree, spans included (deepStrictEqual). test/query.test.ts holds Datadog's documented examples
 * and checks messages by their start; this file closes what that leaves open to mutation.
 *
 * The expressions are parsed with the Parser itself, as parse.ts's `run` does, not through
 * parseMetricExpression: that function caches its results by query text for the whole process,
 * and StrykerJS runs every mutant in the same long-lived process, so a cached tree made before
 * (or under another mutant) would hide what the parser does under the mutant being tested.
 * parseMonitorQuery does not cache; the monitor rows use it, and the last block checks that the
 * public functions give the same errors as the helper.
 */
import { strict as assert } from "node:assert";
import type { Expr, QueryError, ScopeFilter, ScopeTerm, Span, TagFilter } from "../compiler/query/ast";
import { lex } from "../compiler/query/lexer";
import { parseMetricExpression, parseMonitorQuery } from "../compiler/query/parse";
import { Parser, QuerySyntaxError, describe as describeToken } from "../compiler/query/parser";

type Result = { ok: true; expr: Expr } | { ok: false; error: QueryError };

/** parse.ts's `run` for an expression, without the cache and without the semantic checks. */
function parseSyntax(text: string): Result {
  const lexed = lex(text);
  if (!lexed.ok) assert.fail(`${text}: the lexer refuses it: ${lexed.message}`);
  try {
    return { ok: true, expr: new Parser(text, lexed.tokens).expression() };
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    return { ok: false, error: { offset: e.offset, message: e.message, ...(e.related !== undefined && { related: e.related }) } };
  }
}

const EXAMPLE = "sum:martech.forwarder.received{integration:x}.as_count()";
const MONITOR_START = `a monitor query starts with a time aggregation and window, such as sum(last_5m):${EXAMPLE} > 5`;
const NOT_METRIC = (word: string) => `"${word}" is not a metric query; write <aggregator>:<metric>{<tags>}, for example ${EXAMPLE}`;
const EXPECTED_METRIC = (found: string) => `expected a metric query such as ${EXAMPLE}, found ${found}`;
const ENDS = `the query ends where a metric query was expected, such as ${EXAMPLE}`;
const METRIC_CHAR = (c: string) => `"${c}" cannot appear in a metric name; metric names hold ASCII letters, digits, "_" and "."`;
const NO_SCOPE = (name: string) => `expected "{" after the metric name ${name}, with the tags to filter on ({*} for every source)`;
const SPACE_IN_TAG = (found: string, at: number) => `expected "," or "}" after a tag, found ${found}; tags cannot contain spaces (close the tag scope opened at character ${at})`;
const MIXED = `"!" and "," cannot be mixed with AND, OR, NOT and IN in one tag scope; write it with AND and NOT only`;
const ALL_AND_TAGS = "{*} already means every source; it cannot be combined with tags";
const NO_TAG = (found: string) => `expected a tag such as integration:lead-sync, found ${found}`;
const TOO_DEEP = "this query nests parentheses, functions or NOT more than 64 levels deep; simplify it";
const UNKNOWN_MODIFIER = (name: string) => `unknown modifier .${name}(); Datadog's are .as_count(), .as_rate(), .rollup() and .fill()`;
const TAG_NAME_CHAR = (c: string, key: string) => `"${c}" cannot appear in the tag name ${key}; tags hold letters, digits, "_", "-", ":", "." and "/"`;
const ERR = (offset: number, message: string, related?: number): { ok: false; error: QueryError } => ({ ok: false, error: { offset, message, ...(related !== undefined && { related }) } });

describe("query parser (parser.ts): each mistake's offset, whole message and related offset", () => {
  const rows: [string, { ok: false; error: QueryError }][] = [
    // ---- factor ----
    ["-x", ERR(0, EXPECTED_METRIC('"-"'))],
    ["-sum:x{*}", ERR(0, EXPECTED_METRIC('"-"'))],
    ["'abc'", ERR(0, "a quoted text can only be a function argument, found 'abc'")],
    ["2 * 'a'", ERR(4, "a quoted text can only be a function argument, found 'a'")],
    ["abc", ERR(0, NOT_METRIC("abc"))],
    ["sum :x{*}", ERR(0, NOT_METRIC("sum"))],
    ["abs (sum:x{*})", ERR(0, NOT_METRIC("abs"))],
    ["@", ERR(0, EXPECTED_METRIC('"@"'))],
    [")", ERR(0, EXPECTED_METRIC('")"'))],
    ["", ERR(0, ENDS)],
    ["1 +", ERR(3, ENDS)],
    ["1 *", ERR(3, ENDS)],
    ["1 2", ERR(2, 'unexpected "2" after the query; remove it or join the parts with + - * /')],
    ["(1", ERR(2, 'expected ")" to close the parenthesis opened at character 1', 0)],
    ["(1 2)", ERR(3, 'expected ")" to close the parenthesis opened at character 1, found "2"', 0)],
    // ---- calls ----
    ["f(", ERR(2, ENDS)],
    ["f(a=1, a=2)", ERR(7, "f() is given a twice")],
    ["f(a=1, 2)", ERR(7, "in f(), arguments without a name must come before named ones such as a=")],
    ["f(a=1, b=2, 'c')", ERR(12, "in f(), arguments without a name must come before named ones such as a=")],
    ["f(a=x)", ERR(4, 'expected a quoted value or a number after a=, found "x"')],
    ["f(a=", ERR(4, "expected a quoted value or a number after a=")],
    ["f(a=-x)", ERR(5, 'expected a value for a, found "x"')],
    ["f(a='x'", ERR(7, 'expected ")" to close f( opened at character 2', 1)],
    ["f(1", ERR(3, 'expected ")" to close f( opened at character 2', 1)],
    ["f(1 2)", ERR(4, 'expected ")" to close f( opened at character 2, found "2"', 1)],
    // ---- metric name ----
    ["sum:", ERR(4, 'expected a metric name right after "sum:"')],
    ["sum: x{*}", ERR(5, 'expected a metric name right after "sum:", found "x"')],
    ["sum:'x'{*}", ERR(4, `expected a metric name right after "sum:", found 'x'`)],
    ["sum:x.as_count()", ERR(5, NO_SCOPE("x"))],
    ["sum:a.b.rollup(sum)", ERR(7, NO_SCOPE("a.b"))],
    ["sum:x.fill()", ERR(5, NO_SCOPE("x"))],
    ["sum:x.y(", ERR(7, METRIC_CHAR("("))],
    ["sum:x.as_count", ERR(14, NO_SCOPE("x.as_count"))],
    ["sum:x-y{*}", ERR(5, METRIC_CHAR("-"))],
    ["sum:x@{*}", ERR(5, METRIC_CHAR("@"))],
    ["sum:x", ERR(5, NO_SCOPE("x"))],
    ["sum:x y", ERR(6, `${NO_SCOPE("x")}, found "y"`)],
    ["sum:x (", ERR(6, `${NO_SCOPE("x")}, found "("`)],
    // ---- scope ----
    ["sum:x{}", ERR(5, "the tag scope {} is empty; write {*} for every source, or tags such as {integration:lead-sync}")],
    ["sum:x{a:b", ERR(9, 'expected "}" to close the tag scope opened at character 6', 5)],
    ["sum:x{a:b{", ERR(9, 'expected "}" to close the tag scope opened at character 6', 5)],
    ["sum:x{a:b c}", ERR(10, SPACE_IN_TAG('"c"', 6), 5)],
    ["sum:x{a:b(c)}", ERR(9, SPACE_IN_TAG('"("', 6), 5)],
    ["sum:x{a and:x}", ERR(8, SPACE_IN_TAG('"and"', 6), 5)],
    ["sum:x{a AND}", ERR(8, SPACE_IN_TAG('"AND"', 6), 5)],
    ["sum:x{!a IN (b)}", ERR(9, SPACE_IN_TAG('"IN"', 6), 5)],
    ["sum:x{a AND !b}", ERR(12, MIXED)],
    ["sum:x{!a AND b}", ERR(6, MIXED)],
    ["sum:x{a, b AND c}", ERR(7, MIXED)],
    ["sum:x{a OR b, c}", ERR(12, MIXED)],
    ["sum:x{a, b, c OR d}", ERR(7, MIXED)],
    ["sum:x{!a, !b OR c}", ERR(6, MIXED)],
    ["sum:x{a AND b, c}", ERR(13, MIXED)],
    ["sum:x{NOT a, b}", ERR(11, MIXED)],
    ["sum:x{*, a:b}", ERR(6, ALL_AND_TAGS)],
    ["sum:x{a:b, *}", ERR(11, ALL_AND_TAGS)],
    ["sum:x{* AND a}", ERR(6, ALL_AND_TAGS)],
    ["sum:x{!*}", ERR(6, "!* would exclude every source")],
    ["sum:x{a, !*}", ERR(9, "!* would exclude every source")],
    ["sum:x{a:b AND }", ERR(14, NO_TAG('"}"'))],
    ["sum:x{a:b OR }", ERR(13, NO_TAG('"}"'))],
    ["sum:x{NOT }", ERR(10, NO_TAG('"}"'))],
    ["sum:x{a:b,}", ERR(10, NO_TAG('"}"'))],
    ["sum:x{a:b,{}", ERR(10, NO_TAG('"{"'))],
    ["sum:x{a:b,)}", ERR(10, NO_TAG('")"'))],
    ["sum:x{a:b,,}", ERR(10, NO_TAG('","'))],
    ["sum:x{!}", ERR(7, NO_TAG('"}"'))],
    ["sum:x{a:b,", ERR(10, 'expected "}" to close the tag scope opened at character 6', 5)],
    ["sum:x{a:b AND (c:d}", ERR(18, 'expected ")" to close the parenthesis opened at character 15, found "}"', 14)],
    ["sum:x{(a:b}", ERR(10, 'expected ")" to close the parenthesis opened at character 7, found "}"', 6)],
    // ---- tags ----
    ["sum:x{1a}", ERR(6, "the tag 1a must start with a letter")],
    ["sum:x{a, 1a}", ERR(9, "the tag 1a must start with a letter")],
    ["sum:x{a:b:}", ERR(9, "a tag cannot end with a colon; remove the last colon or write the value after it")],
    ["sum:x{a@b}", ERR(7, TAG_NAME_CHAR("@", "a@b"))],
    ["sum:x{:b}", ERR(6, "a tag needs a name before its colon")],
    // ---- IN lists ----
    ["sum:x{a IN b}", ERR(11, 'expected "(" after IN, found "b"')],
    ["sum:x{a NOT IN b}", ERR(15, 'expected "(" after NOT IN, found "b"')],
    ["sum:x{a IN", ERR(10, 'expected "(" after IN')],
    ["sum:x{a IN ()}", ERR(12, 'expected a value of a, found ")"')],
    ["sum:x{a IN (b,)}", ERR(14, 'expected a value of a, found ")"')],
    ["sum:x{a IN (,)}", ERR(12, 'expected a value of a, found ","')],
    ["sum:x{a IN ({)}", ERR(12, 'expected a value of a, found "{"')],
    ["sum:x{a IN (b,", ERR(14, "expected a value of a")],
    ["sum:x{a IN (!b)}", ERR(12, `"!" cannot be mixed with AND, OR, NOT and IN in one tag scope; list the values to include, as in a IN (a, b)`)],
    ["sum:x{a NOT IN (!b)}", ERR(16, `"!" cannot be mixed with AND, OR, NOT and IN in one tag scope; list the values to exclude, as in a NOT IN (a, b)`)],
    ["sum:x{a IN (b c)}", ERR(14, 'expected ")" to close the IN list opened at character 12, found "c"', 11)],
    ["sum:x{a IN (b", ERR(13, 'expected ")" to close the IN list opened at character 12', 11)],
    ["sum:x{a IN (b:)}", ERR(13, "a tag cannot end with a colon; remove the last colon or write the value after it")],
    ["sum:x{a IN (b, c:)}", ERR(16, "a tag cannot end with a colon; remove the last colon or write the value after it")],
    ["sum:x{1a IN (b)}", ERR(6, "the tag 1a must start with a letter")],
    ["sum:x{b AND 1a IN (b)}", ERR(12, "the tag 1a must start with a letter")],
    ["sum:x{a:b IN (c)}", ERR(7, TAG_NAME_CHAR(":", "a:b"))],
    // ---- by {...} ----
    ["sum:x{a} by {}", ERR(12, "by {} names no tag to group by; write by {tag} or leave it out")],
    ["sum:x{a} by {a,}", ERR(15, 'expected a tag name to group by, found "}"')],
    ["sum:x{a} by {,}", ERR(13, 'expected a tag name to group by, found ","')],
    ["sum:x{a} by {a,", ERR(15, "expected a tag name to group by")],
    ["sum:x{a} by {a", ERR(14, 'expected "}" to close by { opened at character 13', 12)],
    ["sum:x{a} by {a b}", ERR(15, 'expected "}" to close by { opened at character 13, found "b"', 12)],
    ["sum:x{a} by {1a}", ERR(13, "the tag 1a must start with a letter")],
    ["sum:x{a} by {h, 1a}", ERR(16, "the tag 1a must start with a letter")],
    ["sum:x{a} by {a:b}", ERR(14, TAG_NAME_CHAR(":", "a:b"))],
    ["sum:x{a} by x", ERR(9, 'unexpected "by" after the query; remove it or join the parts with + - * /')],
    ["sum:x{a} by", ERR(9, 'unexpected "by" after the query; remove it or join the parts with + - * /')],
    ["sum:x{a} 'by' {h}", ERR(9, "unexpected 'by' after the query; remove it or join the parts with + - * /")],
    ["sum:x{a} byx {h}", ERR(9, 'unexpected "byx" after the query; remove it or join the parts with + - * /')],
    // ---- modifiers ----
    ["sum:x{a}. as_count()", ERR(10, 'expected a modifier such as .as_count() after ".", found "as_count"')],
    ["sum:x{a}.'as_count'()", ERR(9, `expected a modifier such as .as_count() after ".", found 'as_count'`)],
    ["sum:x{a}.", ERR(9, 'expected a modifier such as .as_count() after "."')],
    ["sum:x{a}.foo()", ERR(9, UNKNOWN_MODIFIER("foo"))],
    ["sum:x{a}.1()", ERR(9, UNKNOWN_MODIFIER("1"))],
    ["sum:x{a}.as_count", ERR(17, 'expected "(" after .as_count')],
    ["sum:x{a}.rollup('sum')", ERR(16, "expected an argument of .rollup(), found 'sum'")],
    ["sum:x{a}.rollup(sum,)", ERR(20, 'expected an argument of .rollup(), found ")"')],
    ["sum:x{a}.rollup(", ERR(16, "expected an argument of .rollup()")],
    ["sum:x{a}.rollup(sum", ERR(19, 'expected ")" to close .rollup( opened at character 16', 15)],
    ["sum:x{a}.rollup(sum 60)", ERR(20, 'expected ")" to close .rollup( opened at character 16, found "60"', 15)],
    // ---- a quoted text is never punctuation, a keyword, a number or part of a name ----
    ["-'5'", ERR(0, EXPECTED_METRIC('"-"'))],
    ["sum':'x", ERR(0, NOT_METRIC("sum"))],
    ["f'('", ERR(0, NOT_METRIC("f"))],
    ["f)", ERR(0, NOT_METRIC("f"))],
    ["f+1", ERR(0, NOT_METRIC("f"))],
    ["f('a'=1)", ERR(5, 'expected ")" to close f( opened at character 2, found "="', 1)],
    ["(1')'", ERR(2, `expected ")" to close the parenthesis opened at character 1, found ')'`, 0)],
    ["sum:x{a 'AND' b}", ERR(8, SPACE_IN_TAG("'AND'", 6), 5)],
    ["sum:x{NOT'('}", ERR(9, TAG_NAME_CHAR("'", "NOT'('"))],
    ["sum:x{a AND'('b}", ERR(8, SPACE_IN_TAG('"AND"', 6), 5)],
    ["sum:x{','}", ERR(6, "the tag ',' must start with a letter")],
    ["sum:x{a'}'}", ERR(7, TAG_NAME_CHAR("'", "a'}'"))],
    ["sum:x{a IN (',')}", ERR(12, `"'" cannot appear in a tag value; tags hold letters, digits, "_", "-", ":", "." and "/" (and "*" as a wildcard)`)],
    ["sum:x{a IN (b'}')}", ERR(13, `"'" cannot appear in a tag value; tags hold letters, digits, "_", "-", ":", "." and "/" (and "*" as a wildcard)`)],
    ["sum:x{a} by {','}", ERR(13, "the tag ',' must start with a letter")],
    ["sum:x{a} by {a'}'}", ERR(14, TAG_NAME_CHAR("'", "a'}'"))],
    // punctuation that does not end a tag starts a (bad) tag name
    ["sum:x{a} by {:a}", ERR(13, "the tag :a must start with a letter")],
    ["sum:x{a} by {!a}", ERR(13, "the tag !a must start with a letter")],
    // IN needs its key right before it, NOT IN the key right before NOT
    ["sum:x{a b IN (c)}", ERR(8, SPACE_IN_TAG('"b"', 6), 5)],
    ["sum:x{a NOT b}", ERR(8, SPACE_IN_TAG('"NOT"', 6), 5)],
    // a number is digits only
    ["1a", ERR(0, NOT_METRIC("1a"))],
    ["a1", ERR(0, NOT_METRIC("a1"))],
    // ---- nesting deeper than 64 levels ----
    [`${"(".repeat(65)}1${")".repeat(65)}`, ERR(64, TOO_DEEP)],
    [`${"abs(".repeat(65)}1${")".repeat(65)}`, ERR(256, TOO_DEEP)],
    [`sum:x{${"NOT ".repeat(65)}a}`, ERR(262, TOO_DEEP)],
    [`sum:x{${"(".repeat(65)}a${")".repeat(65)}}`, ERR(70, TOO_DEEP)],
    [`${"(abs(".repeat(32)}(1)${"))".repeat(32)}`, ERR(160, TOO_DEEP)],
  ];
  for (const [text, expected] of rows) {
    it(JSON.stringify(text.length > 60 ? `${text.slice(0, 40)}... (${text.length} characters)` : text), () => assert.deepStrictEqual(parseSyntax(text), expected));
  }
});

describe("query parser (parser.ts): monitor queries, mistakes exactly (parseMonitorQuery)", () => {
  const rows: [string, number, string, number?][] = [
    ["burn_rate > 1", 0, MONITOR_START],
    ["burn_rate.x", 0, MONITOR_START],
    ["'x'(last_5m):sum:x{*} > 1", 0, MONITOR_START],
    ["'burn_rate'(\"a\").over(\"30d\").long_window(\"1h\") > 2", 0, MONITOR_START],
    ["(last_5m):sum:x{*} > 1", 0, MONITOR_START],
    ["sum > 1", 0, MONITOR_START],
    ["", 0, MONITOR_START],
    ['sum("5m"):sum:x{*} > 1', 4, 'expected the evaluation window, such as last_5m, after "sum("'],
    ["sum(", 4, 'expected the evaluation window, such as last_5m, after "sum("'],
    ["sum(last_5m:sum:x{*} > 1", 11, 'expected ")" to close the parenthesis opened at character 4, found ":"', 3],
    ["sum(last_5m) sum:x{*} > 1", 13, 'expected ":" after sum(last_5m), found "sum"'],
    ["sum(last_5m):sum:x{*} = 1", 22, 'expected a comparison (>, >=, <, <=) and a threshold after the query, found "="'],
    ["sum(last_5m):sum:x{*}", 21, "expected a comparison (>, >=, <, <=) and a threshold after the query"],
    ["sum(last_5m):sum:x{*} 5", 22, 'expected a comparison (>, >=, <, <=) and a threshold after the query, found "5"'],
    ["sum(last_5m):sum:x{*} >", 23, "expected a threshold"],
    ["sum(last_5m):sum:x{*} > 5 6", 26, 'unexpected "6" after the threshold; remove it or join the parts with + - * /'],
    ["sum(last_5m):sum:x{*} > x", 24, 'expected a threshold, found "x"'],
    ["sum(last_5m):sum:x{*} > -x", 25, 'expected a threshold, found "x"'],
    ["sum(last_5m):sum:x{*} > '5'", 24, "expected a threshold, found '5'"],
    ["sum(last_5m):sum:x{*} '>' 1", 22, "expected a comparison (>, >=, <, <=) and a threshold after the query, found '>'"],
    ['burn_rate("a").over("30d").long_window("1h") < 2', 45, 'expected a comparison (>, >=) and a threshold after the query, found "<"'],
    ['burn_rate("a").over("30d").long_window("1h") <= 2', 45, 'expected a comparison (>, >=) and a threshold after the query, found "<="'],
    ['burn_rate("a").under("30d")', 15, 'expected .over("...")'],
    ['burn_rate("a").', 15, 'expected .over("...")'],
    ['burn_rate("a").\'over\'("30d")', 15, 'expected .over("...")'],
    ['burn_rate("a").over(30d)', 20, "over(...) takes one quoted value"],
    ["burn_rate(a)", 10, "burn_rate(...) takes one quoted value"],
    ['burn_rate("a"', 13, 'expected ")" to close the parenthesis opened at character 10', 9],
    ['burn_rate("a" "b")', 14, `expected ")" to close the parenthesis opened at character 10, found 'b'`, 9],
    ['burn_rate("a").over "x"', 20, `expected "(" after over, found 'x'`],
    ['burn_rate("a").over("30d").long_window("1h").x("5m") > 1', 45, 'expected .short_window("...")'],
    ['burn_rate("a")x', 14, 'expected "." before over(...), found "x"'],
    ['burn_rate("a").over("30d") > 2', 27, 'expected "." before long_window(...), found ">"'],
    ['burn_rate("a").over("30d").long_window("1h") > 2 3', 49, 'unexpected "3" after the threshold; remove it or join the parts with + - * /'],
    ['burn_rate("a").over("30d").long_window("1h") >', 46, "expected a threshold"],
  ];
  for (const [text, offset, message, related] of rows) {
    it(JSON.stringify(text), () => assert.deepStrictEqual(parseMonitorQuery(text), ERR(offset, message, related)));
  }
});

// ---- valid queries: the whole tree, spans included ----

const sp = (start: number, end: number): Span => ({ start, end });
const num = (value: number, start: number, end: number) => ({ kind: "number", value, span: sp(start, end) });
const bin = (op: string, left: object, right: object, start: number, end: number) => ({ kind: "binary", op, left, right, span: sp(start, end) });
const tg = (key: string, value: string | undefined, negated: boolean, start: number, end: number): TagFilter => ({ kind: "tag", key, ...(value !== undefined && { value }), negated, span: sp(start, end) });
const all = (start: number): ScopeTerm => ({ kind: "all", span: sp(start, start + 1) });
const term = (t: ScopeTerm): ScopeFilter => ({ kind: "term", term: t, span: t.span });
const metric = (
  rest: { aggregator?: string; metric?: string; scope: ScopeTerm[]; filter?: ScopeFilter; groupBy?: string[]; methods?: object[] },
  span: Span,
  metricSpan: Span,
  scopeSpan: Span,
) => ({
  kind: "metric",
  aggregator: rest.aggregator ?? "sum",
  metric: rest.metric ?? "x",
  scope: rest.scope,
  ...(rest.filter && { filter: rest.filter }),
  groupBy: rest.groupBy ?? [],
  methods: rest.methods ?? [],
  span,
  metricSpan,
  scopeSpan,
});

describe("query parser (parser.ts): valid expressions give exactly this tree", () => {
  const a = tg("a", undefined, false, 6, 7);
  const rows: [string, unknown][] = [
    ["1 + 2 - 3", bin("-", bin("+", num(1, 0, 1), num(2, 4, 5), 0, 5), num(3, 8, 9), 0, 9)],
    ["2 * 3 / 4", bin("/", bin("*", num(2, 0, 1), num(3, 4, 5), 0, 5), num(4, 8, 9), 0, 9)],
    ["1 + 2 * 3", bin("+", num(1, 0, 1), bin("*", num(2, 4, 5), num(3, 8, 9), 4, 9), 0, 9)],
    ["1 / 2 - 3", bin("-", bin("/", num(1, 0, 1), num(2, 4, 5), 0, 5), num(3, 8, 9), 0, 9)],
    ["(1) * -2.5", bin("*", num(1, 1, 2), num(-2.5, 6, 10), 0, 10)],
    ["2 * (1)", bin("*", num(2, 0, 1), num(1, 5, 6), 0, 7)],
    ["(1 + 2)", bin("+", num(1, 1, 2), num(2, 5, 6), 1, 6)],
    ["1 - -2", bin("-", num(1, 0, 1), num(-2, 4, 6), 0, 6)],
    ["- 5", num(-5, 0, 3)],
    ["0.25", num(0.25, 0, 4)],
    ["12 + 1", bin("+", num(12, 0, 2), num(1, 5, 6), 0, 6)],
    ["f()", { kind: "call", name: "f", args: [], named: {}, span: sp(0, 3) }],
    [
      "f(1, 'a', -2, k='v', n=-3, m=4)",
      { kind: "call", name: "f", args: [num(1, 2, 3), { kind: "string", value: "a", span: sp(5, 8) }, num(-2, 10, 12)], named: { k: "v", n: -3, m: 4 }, span: sp(0, 31) },
    ],
    ["f(a=')')", { kind: "call", name: "f", args: [], named: { a: ")" }, span: sp(0, 8) }],
    ["f(k=1.5)", { kind: "call", name: "f", args: [], named: { k: 1.5 }, span: sp(0, 8) }],
    ["f(1 + 2)", { kind: "call", name: "f", args: [bin("+", num(1, 2, 3), num(2, 6, 7), 2, 7)], named: {}, span: sp(0, 8) }],
    ["f(g(1))", { kind: "call", name: "f", args: [{ kind: "call", name: "g", args: [num(1, 4, 5)], named: {}, span: sp(2, 6) }], named: {}, span: sp(0, 7) }],
    ["sum:x {*}", metric({ scope: [all(7)] }, sp(0, 9), sp(4, 5), sp(6, 9))],
    ["sum:x{*}by{a}", metric({ scope: [all(6)], groupBy: ["a"] }, sp(0, 13), sp(4, 5), sp(5, 8))],
    ["p99.9:a.b_c{a}", metric({ aggregator: "p99.9", metric: "a.b_c", scope: [tg("a", undefined, false, 12, 13)] }, sp(0, 14), sp(6, 11), sp(11, 14))],
    [
      "sum:x{a:b,!c:d} by {h, g}.rollup(sum, 60).fill(null,1.5)",
      metric(
        {
          scope: [tg("a", "b", false, 6, 9), tg("c", "d", true, 10, 14)],
          groupBy: ["h", "g"],
          methods: [
            { name: "rollup", args: ["sum", 60], span: sp(25, 41) },
            { name: "fill", args: ["null", 1.5], span: sp(41, 56) },
          ],
        },
        sp(0, 56),
        sp(4, 5),
        sp(5, 15),
      ),
    ],
    ["sum:x{a:b} by {h}", metric({ scope: [tg("a", "b", false, 6, 9)], groupBy: ["h"] }, sp(0, 17), sp(4, 5), sp(5, 10))],
    ["sum:x{a} by {h} + 1", bin("+", metric({ scope: [a], groupBy: ["h"] }, sp(0, 15), sp(4, 5), sp(5, 8)), num(1, 18, 19), 0, 19)],
    ["sum:x{a}.as_count().as_rate()", metric({ scope: [a], methods: [{ name: "as_count", args: [], span: sp(8, 19) }, { name: "as_rate", args: [], span: sp(19, 29) }] }, sp(0, 29), sp(4, 5), sp(5, 8))],
    ["sum:x{a}.rollup(sum, 1a)", metric({ scope: [a], methods: [{ name: "rollup", args: ["sum", "1a"], span: sp(8, 24) }] }, sp(0, 24), sp(4, 5), sp(5, 8))],
    ["sum:x{a}.rollup()", metric({ scope: [a], methods: [{ name: "rollup", args: [], span: sp(8, 17) }] }, sp(0, 17), sp(4, 5), sp(5, 8))],
    ["sum:x{a} by {h}.as_count()", metric({ scope: [a], groupBy: ["h"], methods: [{ name: "as_count", args: [], span: sp(15, 26) }] }, sp(0, 26), sp(4, 5), sp(5, 8))],
    // a NOT that stands alone is a tag named NOT; `NOT:x` too (a keyword stands as a word of its own)
    // NOT right before IN is the key of the IN list, not the operator
    ["sum:x{NOT IN (b)}", metric({ scope: [tg("NOT", "b", false, 6, 16)], filter: { kind: "in", key: "NOT", values: ["b"], negated: false, span: sp(6, 16) } }, sp(0, 17), sp(4, 5), sp(5, 17))],
    ["sum:x{NOT a}", metric({ scope: [tg("a", undefined, false, 10, 11)], filter: { kind: "not", operand: term(tg("a", undefined, false, 10, 11)), span: sp(6, 11) } }, sp(0, 12), sp(4, 5), sp(5, 12))],
    ["sum:x{!a}", metric({ scope: [tg("a", undefined, true, 6, 8)] }, sp(0, 9), sp(4, 5), sp(5, 9))],
    ["sum:x{NOT}", metric({ scope: [tg("NOT", undefined, false, 6, 9)] }, sp(0, 10), sp(4, 5), sp(5, 10))],
    [
      "sum:x{a:b OR NOT:x}",
      (() => {
        const [t1, t2] = [tg("a", "b", false, 6, 9), tg("NOT", "x", false, 13, 18)];
        return metric({ scope: [t1, t2], filter: { kind: "or", operands: [term(t1), term(t2)], span: sp(6, 18) } }, sp(0, 19), sp(4, 5), sp(5, 19));
      })(),
    ],
    [
      "sum:x{device:/dev/loop*,a.b-c_d:e/f}",
      metric({ scope: [tg("device", "/dev/loop*", false, 6, 23), tg("a.b-c_d", "e/f", false, 24, 35)] }, sp(0, 36), sp(4, 5), sp(5, 36)),
    ],
    [
      "sum:x{a:b AND NOT (c:d OR e)}",
      (() => {
        const [t1, t2, t3] = [tg("a", "b", false, 6, 9), tg("c", "d", false, 19, 22), tg("e", undefined, false, 26, 27)];
        const filter: ScopeFilter = { kind: "and", operands: [term(t1), { kind: "not", operand: { kind: "or", operands: [term(t2), term(t3)], span: sp(18, 28) }, span: sp(14, 28) }], span: sp(6, 28) };
        return metric({ scope: [t1, t2, t3], filter }, sp(0, 29), sp(4, 5), sp(5, 29));
      })(),
    ],
    [
      "sum:x{not a and (b or c)}",
      (() => {
        const [t1, t2, t3] = [tg("a", undefined, false, 10, 11), tg("b", undefined, false, 17, 18), tg("c", undefined, false, 22, 23)];
        const filter: ScopeFilter = { kind: "and", operands: [{ kind: "not", operand: term(t1), span: sp(6, 11) }, { kind: "or", operands: [term(t2), term(t3)], span: sp(16, 24) }], span: sp(6, 24) };
        return metric({ scope: [t1, t2, t3], filter }, sp(0, 25), sp(4, 5), sp(5, 25));
      })(),
    ],
    [
      "sum:x{a IN (b, c) AND d NOT IN (e)}",
      metric(
        {
          scope: [tg("a", "b", false, 6, 17), tg("a", "c", false, 6, 17), tg("d", "e", true, 22, 34)],
          filter: { kind: "and", operands: [{ kind: "in", key: "a", values: ["b", "c"], negated: false, span: sp(6, 17) }, { kind: "in", key: "d", values: ["e"], negated: true, span: sp(22, 34) }], span: sp(6, 34) },
        },
        sp(0, 35),
        sp(4, 5),
        sp(5, 35),
      ),
    ],
    ["sum:x{a in (b)}", metric({ scope: [tg("a", "b", false, 6, 14)], filter: { kind: "in", key: "a", values: ["b"], negated: false, span: sp(6, 14) } }, sp(0, 15), sp(4, 5), sp(5, 15))],
    ["sum:x{a not in (b)}", metric({ scope: [tg("a", "b", true, 6, 18)], filter: { kind: "in", key: "a", values: ["b"], negated: true, span: sp(6, 18) } }, sp(0, 19), sp(4, 5), sp(5, 19))],
    ["sum:x{a IN (b-c:d/e*)}", metric({ scope: [tg("a", "b-c:d/e*", false, 6, 21)], filter: { kind: "in", key: "a", values: ["b-c:d/e*"], negated: false, span: sp(6, 21) } }, sp(0, 22), sp(4, 5), sp(5, 22))],
    ["sum:x{a-b IN (c)}", metric({ scope: [tg("a-b", "c", false, 6, 16)], filter: { kind: "in", key: "a-b", values: ["c"], negated: false, span: sp(6, 16) } }, sp(0, 17), sp(4, 5), sp(5, 17))],
    ["sum:x{(a:b)}", metric({ scope: [tg("a", "b", false, 7, 10)], filter: { kind: "term", term: tg("a", "b", false, 7, 10), span: sp(6, 11) } }, sp(0, 12), sp(4, 5), sp(5, 12))],
    [
      "sum:x{NOT(a:b)}",
      metric({ scope: [tg("a", "b", false, 10, 13)], filter: { kind: "not", operand: { kind: "term", term: tg("a", "b", false, 10, 13), span: sp(9, 14) }, span: sp(6, 14) } }, sp(0, 15), sp(4, 5), sp(5, 15)),
    ],
    [
      "sum:x{a:b OR c:d OR e:f}",
      (() => {
        const ts = [tg("a", "b", false, 6, 9), tg("c", "d", false, 13, 16), tg("e", "f", false, 20, 23)];
        return metric({ scope: ts, filter: { kind: "or", operands: ts.map(term), span: sp(6, 23) } }, sp(0, 24), sp(4, 5), sp(5, 24));
      })(),
    ],
    [
      "sum:x{a AND(b)}",
      (() => {
        const [t1, t2] = [tg("a", undefined, false, 6, 7), tg("b", undefined, false, 12, 13)];
        return metric({ scope: [t1, t2], filter: { kind: "and", operands: [term(t1), { ...term(t2), span: sp(11, 14) }], span: sp(6, 14) } }, sp(0, 15), sp(4, 5), sp(5, 15));
      })(),
    ],
    [
      "sum:x{a OR(b)}",
      (() => {
        const [t1, t2] = [tg("a", undefined, false, 6, 7), tg("b", undefined, false, 11, 12)];
        return metric({ scope: [t1, t2], filter: { kind: "or", operands: [term(t1), { ...term(t2), span: sp(10, 13) }], span: sp(6, 13) } }, sp(0, 14), sp(4, 5), sp(5, 14));
      })(),
    ],
    [
      "sum:x{a NOT IN(b)}",
      metric({ scope: [tg("a", "b", true, 6, 17)], filter: { kind: "in", key: "a", values: ["b"], negated: true, span: sp(6, 17) } }, sp(0, 18), sp(4, 5), sp(5, 18)),
    ],
    // 64 levels are allowed, and each level is left again (siblings each reach 64)
    [`${"(".repeat(64)}1${")".repeat(64)}`, num(1, 64, 65)],
  ];
  for (const [text, expected] of rows) {
    it(JSON.stringify(text), () => assert.deepStrictEqual(parseSyntax(text), { ok: true, expr: expected }));
  }

  it("64 levels of each kind are allowed, side by side as often as wanted", () => {
    const texts = [
      `${"(".repeat(64)}1${")".repeat(64)} + ${"(".repeat(64)}1${")".repeat(64)}`,
      `${"abs(".repeat(64)}1${")".repeat(64)} + ${"abs(".repeat(64)}1${")".repeat(64)}`,
      `sum:x{${"NOT ".repeat(64)}a AND ${"NOT ".repeat(64)}b}`,
      `sum:x{${"(".repeat(64)}a${")".repeat(64)} AND ${"(".repeat(64)}b${")".repeat(64)}}`,
      `${"(abs(".repeat(32)}1${"))".repeat(32)}`,
    ];
    for (const text of texts) {
      const r = parseSyntax(text);
      assert.ok(r.ok, `${text.slice(0, 30)}...: ${!r.ok && `${r.error.message} at ${r.error.offset}`}`);
    }
  });
});

describe("query parser (parser.ts): valid monitor queries give exactly this tree", () => {
  const x = (start: number) => metric({ scope: [all(start + 6)] }, sp(start, start + 8), sp(start + 4, start + 5), sp(start + 5, start + 8));
  const rows: [string, unknown][] = [
    ['burn_rate("a").over("30d").long_window("1h") > 2', { kind: "burn_rate", sloId: "a", over: "30d", longWindow: "1h", comparator: ">", threshold: 2, span: sp(0, 48) }],
    ['burn_rate ("a") . over ("7d") . long_window ("6h") . short_window ("30m") >= 6', { kind: "burn_rate", sloId: "a", over: "7d", longWindow: "6h", shortWindow: "30m", comparator: ">=", threshold: 6, span: sp(0, 78) }],
    ["sum(last_5m):sum:x{*} > 5", { kind: "monitor", timeAggregator: "sum", window: "last_5m", expr: x(13), comparator: ">", threshold: 5, span: sp(0, 25) }],
    ["avg(last_1h):sum:x{*} <= -0.5", { kind: "monitor", timeAggregator: "avg", window: "last_1h", expr: x(13), comparator: "<=", threshold: -0.5, span: sp(0, 29) }],
    ["max(last_1d):sum:x{*} < - 2", { kind: "monitor", timeAggregator: "max", window: "last_1d", expr: x(13), comparator: "<", threshold: -2, span: sp(0, 27) }],
    ["min(last_1w):sum:x{*} >= 1", { kind: "monitor", timeAggregator: "min", window: "last_1w", expr: x(13), comparator: ">=", threshold: 1, span: sp(0, 26) }],
  ];
  for (const [text, expected] of rows) {
    it(JSON.stringify(text), () => assert.deepStrictEqual(parseMonitorQuery(text), { ok: true, query: expected }));
  }
});

describe("query parser (parser.ts): describe() names a token as the messages do", () => {
  it("the end, a quoted text and anything else", () => {
    assert.equal(describeToken({ kind: "end", text: "", start: 3, end: 3, spaced: true }), "the end of the query");
    assert.equal(describeToken({ kind: "string", text: "a b", start: 0, end: 5, spaced: false }), "'a b'");
    assert.equal(describeToken({ kind: "word", text: "x", start: 0, end: 1, spaced: false }), '"x"');
    assert.equal(describeToken({ kind: "punct", text: "}", start: 0, end: 1, spaced: false }), '"}"');
    assert.equal(describeToken({ kind: "other", text: "@", start: 0, end: 1, spaced: false }), '"@"');
  });
});

describe("query parser (parser.ts): the public functions report the parser's errors as they are", () => {
  it("parseMetricExpression and parseMonitorQuery give the same offset, message and related offset", () => {
    const rows: [string, { ok: false; error: QueryError }][] = [
      ["sum:x{a:b", ERR(9, 'expected "}" to close the tag scope opened at character 6', 5)],
      ["sum:x{a} by {}", ERR(12, "by {} names no tag to group by; write by {tag} or leave it out")],
      ["(1 2)", ERR(3, 'expected ")" to close the parenthesis opened at character 1, found "2"', 0)],
    ];
    for (const [text, expected] of rows) {
      assert.deepStrictEqual(parseSyntax(text), expected, text);
      assert.deepStrictEqual(parseMetricExpression(text), expected, text);
      const prefix = "sum(last_5m):";
      const shifted = { ...expected.error, offset: expected.error.offset + prefix.length, ...(expected.error.related !== undefined && { related: expected.error.related + prefix.length }) };
      const monitor = parseMonitorQuery(`${prefix}${text}`);
      assert.ok(!monitor.ok, text);
      // The message names characters of the text it was given: restate them for the prefix.
      assert.equal(monitor.error.offset, shifted.offset, text);
      assert.equal(monitor.error.related, shifted.related, text);
    }
  });
});
