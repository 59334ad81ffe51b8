/**
 * Mutation gaps of compiler/query/ other than parser.ts (issue 16): the exact error (offset, words,
 * related character) of each check in the lexer, names.ts and semantics.ts, the exact tree and
 * tokens of valid queries, every word of vocabulary.ts Datadog documents, what a scope selects,
 * the printed form, and the parse cache.
 */
import { strict as assert } from "node:assert";
import type { Expr } from "../compiler/query/ast";
import { isCountQuery } from "../compiler/query/countQuery";
import { lex } from "../compiler/query/lexer";
import { metricQueriesIn, parseMetricExpression, parseMonitorQuery } from "../compiler/query/parse";
import { printExpr } from "../compiler/query/print";
import { selections } from "../compiler/query/selections";
import { BOOLEAN_KEYWORDS } from "../compiler/query/vocabulary";

/** Makes each text of the cache tests one no earlier call parsed. */
let calls = 0;

const parse = parseMetricExpression;

function expr(text: string): Expr {
  const r = parse(text);
  if (!r.ok) assert.fail(`${text}: ${r.error.message} (at ${r.error.offset})`);
  return r.expr;
}

const error = (offset: number, message: string, related?: number) => ({ ok: false, error: { offset, message, ...(related !== undefined && { related }) } });

describe("query mutants: exact errors of metric expressions", () => {
  const rows: [string, number, string, number?][] = [
    // lexer: an unclosed quote, counted from 1
    ["anomalies(sum:x{a:b}, 'agile, 2)", 22, "the quote ' at character 23 is never closed"],
    ["sum:x{a:\"b}", 8, "the quote \" at character 9 is never closed"],
    // a two-character operator ends where it ends: the tag is a:b!=, not a
    ["sum:x{a:b!=}", 9, "\"!\" cannot appear in a tag value; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\" (and \"*\" as a wildcard)"],
    ["sum:x{a:b>=}", 9, "\">\" cannot appear in a tag value; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\" (and \"*\" as a wildcard)"],
    // a surrogate pair is one character
    ["sum:x{a:b} 😀", 11, "unexpected \"😀\" after the query; remove it or join the parts with + - * /"],
    ["sum:x{a:b} \ud800\udc00", 11, 'unexpected "\ud800\udc00" after the query; remove it or join the parts with + - * /'],
    // the last high surrogate, 0xdbff, still opens a pair
    ["sum:x{a:b} 􏰀", 11, "unexpected \"􏰀\" after the query; remove it or join the parts with + - * /"],
    // a character past the surrogates is one character, even before a word
    ["sum:x{a:b} ！x", 11, "unexpected \"！\" after the query; remove it or join the parts with + - * /"],
    // non-ASCII: a letter or digit continues a word, anything else does not
    ["sum:x€{*}", 5, "\"€\" cannot appear in a metric name; metric names hold ASCII letters, digits, \"_\" and \".\""],
    ["sum:x٣{*}", 5, "\"٣\" cannot appear in the metric name x٣; metric names hold ASCII letters, digits, \"_\" and \".\""],
    ["sum:xé{*}", 5, "\"é\" cannot appear in the metric name xé; metric names hold ASCII letters, digits, \"_\" and \".\""],
    ["sum:x{a:b€}", 9, "\"€\" cannot appear in a tag value; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\" (and \"*\" as a wildcard)"],
    // metric names (https://docs.datadoghq.com/metrics/custom_metrics/#naming-custom-metrics)
    ["sum:1x{*}", 4, "the metric name 1x must start with a letter"],
    ["sum:_x{*}", 4, "the metric name _x must start with a letter"],
    ["sum:x.y_z:a{*}", 9, "\":\" cannot appear in a metric name; metric names hold ASCII letters, digits, \"_\" and \".\""],
    // tags (https://docs.datadoghq.com/getting_started/tagging/#define-tags)
    ["sum:x{1a:b}", 6, "the tag 1a must start with a letter"],
    ["sum:x{_a:b}", 6, "the tag _a must start with a letter"],
    ["sum:x{٣a:b}", 6, "the tag ٣a must start with a letter"],
    ["sum:x{:a}", 6, "a tag needs a name before its colon"],
    ["sum:x{a@b:c}", 7, "\"@\" cannot appear in the tag name a@b; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\""],
    ["sum:x{a€:b}", 7, "\"€\" cannot appear in the tag name a€; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\""],
    ["sum:x{a[b:c}", 7, "\"[\" cannot appear in the tag name a[b; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\""],
    ["sum:x{a:b@c}", 9, "\"@\" cannot appear in a tag value; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\" (and \"*\" as a wildcard)"],
    ["sum:x{a:b:}", 9, "a tag cannot end with a colon; remove the last colon or write the value after it"],
    ["sum:x{a:b} by {x€}", 16, "\"€\" cannot appear in the tag name x€; tags hold letters, digits, \"_\", \"-\", \":\", \".\" and \"/\""],
    // parse.ts keeps the character the message names
    ["avg:metric{app:lead-sync", 24, "expected \"}\" to close the tag scope opened at character 11", 10],
    // semantics: modifiers
    ["sum:x{a:b}.as_count().as_count()", 21, ".as_count() is given twice"],
    ["sum:x{a:b}.as_count().rollup(sum).as_count()", 33, ".as_count() is given twice"],
    ["sum:x{a:b}.as_count().as_rate()", 21, "a query is either .as_count() or .as_rate(), not both"],
    ["sum:x{a:b}.as_rate().rollup(sum).as_count()", 10, "a query is either .as_count() or .as_rate(), not both"],
    ["avg:x{a:b}.as_count()", 0, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:x{...}.as_count()), or count: for a distribution, instead of avg"],
    ["min:x{a:b}.as_count()", 0, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:x{...}.as_count()), or count: for a distribution, instead of min"],
    ["average:x{a:b}", 0, "unknown space aggregator \"average\"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)"],
    ["sum:x{a:b}.as_count(1)", 10, ".as_count() takes no arguments"],
    ["sum:x{a:b}.as_rate(x)", 10, ".as_rate() takes no arguments"],
    ["sum:x{a:b}.rollup(median)", 10, ".rollup() takes an aggregator (avg, sum, min, max or count) and optionally an interval in seconds, such as .rollup(sum, 60)"],
    ["sum:x{a:b}.rollup(60)", 10, ".rollup() takes an aggregator (avg, sum, min, max or count) and optionally an interval in seconds, such as .rollup(sum, 60)"],
    ["sum:x{a:b}.rollup(sum, 60, 1)", 10, ".rollup() takes an aggregator (avg, sum, min, max or count) and optionally an interval in seconds, such as .rollup(sum, 60)"],
    ["sum:x{a:b}.rollup(sum, 0)", 10, "the .rollup() interval must be a whole number of seconds, such as 60"],
    ["sum:x{a:b}.rollup(sum, 1.5)", 10, "the .rollup() interval must be a whole number of seconds, such as 60"],
    ["sum:x{a:b}.rollup(sum, x)", 10, "the .rollup() interval must be a whole number of seconds, such as 60"],
    ["sum:x{a:b}.fill(median)", 10, ".fill() takes null, zero, linear or last, and optionally a limit in seconds, such as .fill(zero, 300)"],
    ["sum:x{a:b}.fill(300)", 10, ".fill() takes null, zero, linear or last, and optionally a limit in seconds, such as .fill(zero, 300)"],
    ["sum:x{a:b}.fill(zero, 300, 1)", 10, ".fill() takes null, zero, linear or last, and optionally a limit in seconds, such as .fill(zero, 300)"],
    ["sum:x{a:b}.fill(zero, 0)", 10, "the .fill() limit must be a whole number of seconds, such as 300"],
    ["sum:x{a:b}.fill(zero, 2.5)", 10, "the .fill() limit must be a whole number of seconds, such as 300"],
    ["sum:x{a:b}.fill(zero, x)", 10, "the .fill() limit must be a whole number of seconds, such as 300"],
    // semantics: functions (https://docs.datadoghq.com/dashboards/functions/)
    ["1 + absolute(sum:x{a:b})", 4, "unknown function absolute(); see Datadog's functions at https://docs.datadoghq.com/dashboards/functions/"],
    ["1 + abs()", 4, "abs() needs a metric query to work on"],
    ["1 + abs('x')", 4, "abs() needs a metric query to work on"],
    ["abs(avg:x{*}.as_count())", 4, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:x{...}.as_count()), or count: for a distribution, instead of avg"],
    ["top(sum:x{*}, 'x', avg:y{*}.as_count())", 19, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:y{...}.as_count()), or count: for a distribution, instead of avg"],
    ["top(sum:x{*}, avg:y{*}.as_count())", 14, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:y{...}.as_count()), or count: for a distribution, instead of avg"],
    ["sum:a{*} + avg:b{*}.as_count()", 11, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:b{...}.as_count()), or count: for a distribution, instead of avg"],
    ["abs(1 + anomalies(sum:x{*}, 'fancy', 2))", 28, "anomalies() takes the algorithm second: 'basic', 'agile' or 'robust'"],
    // anomalies (https://docs.datadoghq.com/monitors/types/anomaly/)
    ["1 + anomalies(sum:x{*})", 4, "anomalies() takes the algorithm second: 'basic', 'agile' or 'robust'"],
    ["1 + anomalies(sum:x{*}, 2, 2)", 24, "anomalies() takes the algorithm second: 'basic', 'agile' or 'robust'"],
    ["1 + anomalies(sum:x{*}, 'fancy', 2)", 24, "anomalies() takes the algorithm second: 'basic', 'agile' or 'robust'"],
    ["1 + anomalies(sum:x{*}, 'basic')", 4, "anomalies() takes the number of deviations third, such as 2"],
    ["1 + anomalies(sum:x{*}, 'basic', 'two')", 33, "anomalies() takes the number of deviations third, such as 2"],
    ["1 + anomalies(sum:x{*}, 'basic', 0)", 33, "anomalies() takes the number of deviations third, such as 2"],
    ["1 + anomalies(sum:x{*}, 'basic', -1)", 33, "anomalies() takes the number of deviations third, such as 2"],
    ["1 + anomalies(sum:x{*}, 'basic', 2, direction='up')", 4, "anomalies() direction must be 'both', 'above' or 'below'"],
    ["1 + anomalies(sum:x{*}, 'basic', 2, direction=2)", 4, "anomalies() direction must be 'both', 'above' or 'below'"],
    // percentiles: p0 to p100, up to two decimals
    ["xp99:x{*}", 0, "unknown space aggregator \"xp99\"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)"],
    ["p99x:x{*}", 0, "unknown space aggregator \"p99x\"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)"],
    ["p101:x{*}", 0, "unknown space aggregator \"p101\"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)"],
    ["p99.999:x{*}", 0, "unknown space aggregator \"p99.999\"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)"],
    ["p05:x{*}", 0, "unknown space aggregator \"p05\"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95 (https://docs.datadoghq.com/metrics/#space-aggregation)"],
  ];
  for (const [text, offset, message, related] of rows) {
    it(text, () => assert.deepStrictEqual(parse(text), error(offset, message, related)));
  }

  it("metric names and tags: 200 characters at most", () => {
    const long = (n: number) => "a".repeat(n);
    assert.equal(parse(`sum:${long(200)}{*}`).ok, true);
    assert.deepStrictEqual(parse(`sum:${long(201)}{*}`), error(204, "the metric name is 201 characters long; Datadog allows at most 200"));
    assert.equal(parse(`sum:x{${long(200)}}`).ok, true);
    assert.deepStrictEqual(parse(`sum:x{${long(201)}}`), error(206, "the tag is longer than Datadog's 200 characters"));
    assert.equal(parse(`sum:x{a:${long(198)}}`).ok, true);
    assert.deepStrictEqual(parse(`sum:x{a:${long(199)}}`), error(206, "the tag is longer than Datadog's 200 characters"));
  });

  it("an error at the end of the text is reported there", () => {
    assert.deepStrictEqual(parse("sum:x{a:b} +"), error(12, "the query ends where a metric query was expected, such as sum:martech.forwarder.received{integration:x}.as_count()"));
  });
});

describe("query mutants: exact errors of monitor queries", () => {
  const rows: [string, number, string][] = [
    // https://docs.datadoghq.com/monitors/types/metric/: time aggregation and last_<duration>
    ["sum(last_5mx):sum:x{a:b} > 1", 4, '"last_5mx" is not an evaluation window; write last_ and a duration, such as last_5m, last_1h or last_1d'],
    ["sum(xlast_5m):sum:x{a:b} > 1", 4, '"xlast_5m" is not an evaluation window; write last_ and a duration, such as last_5m, last_1h or last_1d'],
    ["  sum(5m):sum:x{a:b} > 1", 6, '"5m" is not an evaluation window; write last_ and a duration, such as last_5m, last_1h or last_1d'],
    ["  median(last_5m):sum:x{a:b} > 1", 2, 'unknown time aggregation "median"; a metric monitor evaluates avg, sum, min or max over its window'],
    ["sum(last_5m):avg:x{a:b}.as_count() > 1", 13, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:x{...}.as_count()), or count: for a distribution, instead of avg"],
    // == and != are one token each, and neither is a monitor's comparator
    ["sum(last_5m):sum:x{a:b} == 1", 24, 'expected a comparison (>, >=, <, <=) and a threshold after the query, found "=="'],
    ["sum(last_5m):sum:x{a:b} != 1", 24, 'expected a comparison (>, >=, <, <=) and a threshold after the query, found "!="'],
    // https://docs.datadoghq.com/service_level_objectives/burn_rate/
    ['  burn_rate("x").over("14d").long_window("1h") > 2', 2, 'burn_rate(...).over("14d"): an SLO\'s timeframe is 7d, 30d or 90d'],
    ['burn_rate("x").over("30d").long_window("x1h") > 2', 0, 'burn_rate(...).long_window("x1h") is not a window such as 1h or 5m'],
    ['burn_rate("x").over("30d").long_window("1hx") > 2', 0, 'burn_rate(...).long_window("1hx") is not a window such as 1h or 5m'],
    ['burn_rate("x").over("30d").long_window("1h").short_window("0m") > 2', 0, 'burn_rate(...).short_window("0m") is not a window such as 1h or 5m'],
    ['burn_rate("x").over("30d").long_window("1h").short_window("5mx") > 2', 0, 'burn_rate(...).short_window("5mx") is not a window such as 1h or 5m'],
  ];
  for (const [text, offset, message] of rows) {
    it(text, () => assert.deepStrictEqual(parseMonitorQuery(text), error(offset, message)));
  }

  it("every time aggregation, window unit, SLO timeframe and burn window Datadog documents", () => {
    for (const agg of ["avg", "sum", "min", "max"]) {
      for (const window of ["last_5m", "last_4h", "last_1d", "last_1w", "last_10m"]) assert.equal(parseMonitorQuery(`${agg}(${window}):sum:x{a:b} > 1`).ok, true, `${agg}(${window})`);
    }
    for (const over of ["7d", "30d", "90d"]) {
      for (const w of ["1h", "5m", "1d", "60m"]) assert.equal(parseMonitorQuery(`burn_rate("x").over("${over}").long_window("${w}").short_window("${w}") > 2`).ok, true, `${over} ${w}`);
    }
  });
});

describe("query mutants: valid queries", () => {
  it("every function of Datadog's function groups parses with a query", () => {
    // https://docs.datadoghq.com/dashboards/functions/ (algorithmic, arithmetic, count, exclusion,
    // interpolation, rank, rate, regression, rollup, smoothing, timeshift)
    const names = [
      "outliers", "forecast", "abs", "pow", "log2", "log10", "cumsum", "integral", "count_nonzero", "count_not_null",
      "exclude_null", "clamp_min", "clamp_max", "cutoff_min", "cutoff_max", "default_zero", "top", "per_second", "per_minute",
      "per_hour", "dt", "diff", "monotonic_diff", "derivative", "trend_line", "piecewise_constant", "robust_trend", "moving_rollup",
      "autosmooth", "ewma_3", "ewma_5", "ewma_7", "ewma_10", "ewma_20", "median_3", "median_5", "median_7", "median_9", "weighted",
      "timeshift", "hour_before", "day_before", "week_before", "month_before", "calendar_shift",
    ];
    for (const name of names) assert.equal(parse(`${name}(sum:x{a:b})`).ok, true, name);
    assert.equal(parse("anomalies(sum:x{a:b}, 'basic', 2)").ok, true, "direction is optional");
    for (const algorithm of ["basic", "agile", "robust"]) {
      for (const direction of ["both", "above", "below"]) assert.equal(parse(`anomalies(sum:x{a:b}, '${algorithm}', 0.5, direction='${direction}')`).ok, true, `${algorithm} ${direction}`);
    }
  });

  it("every space aggregator, rollup aggregator and fill method Datadog documents", () => {
    const aggregators = ["avg", "sum", "min", "max", "count", "p0", "p5", "p50", "p99", "p100", "p99.9", "p99.99", "p100.00"];
    for (const agg of aggregators) assert.equal(parse(`${agg}:x{a:b}`).ok, true, agg);
    for (const agg of ["avg", "sum", "min", "max", "count"]) assert.equal(parse(`sum:x{a:b}.rollup(${agg}, 60)`).ok, true, agg);
    for (const how of ["null", "zero", "linear", "last"]) assert.equal(parse(`sum:x{a:b}.fill(${how}, 300)`).ok, true, how);
    for (const q of ["sum:x{a:b}.as_count()", "count:x{a:b}.as_count()", "sum:x{a:b}.rollup(sum)", "sum:x{a:b}.fill(zero)", "sum:x{a:b}.rollup(sum, 1).fill(zero, 1)", "avg:x{a:b}.as_rate()"]) {
      assert.equal(parse(q).ok, true, q);
    }
  });

  it("names: ASCII upper case, non-ASCII letters and digits where Datadog takes them", () => {
    for (const q of ["sum:metricZ.A_b9{*}", "sum:Zx{Z:Y}", "sum:x{été:zürich٣}", "sum:x{a٣:b}", "sum:x{a:b_c-d.e/f:g*}", "sum:x{a:b} by {été,Z٣}"]) {
      assert.equal(parse(q).ok, true, q);
    }
  });

  it("a call's tree, with the spans of its string and number", () => {
    assert.deepStrictEqual(expr("anomalies(sum:x{a:b} by {h}, 'agile', 2, direction='above')"), {
      kind: "call",
      name: "anomalies",
      args: [
        {
          kind: "metric",
          aggregator: "sum",
          metric: "x",
          scope: [{ kind: "tag", key: "a", value: "b", negated: false, span: { start: 16, end: 19 } }],
          groupBy: ["h"],
          methods: [],
          span: { start: 10, end: 27 },
          metricSpan: { start: 14, end: 15 },
          scopeSpan: { start: 15, end: 20 },
        },
        { kind: "string", value: "agile", span: { start: 29, end: 36 } },
        { kind: "number", value: 2, span: { start: 38, end: 39 } },
      ],
      named: { direction: "above" },
      span: { start: 0, end: 59 },
    });
  });

  it("lexer: tokens with their offsets, operators of two characters, other characters and surrogate pairs", () => {
    const tok = (kind: string, text: string, start: number, end: number, spaced = false) => ({ kind, text, start, end, spaced });
    assert.deepStrictEqual(lex("sum:x{a:b}>=1 @'q' 😀"), {
      ok: true,
      tokens: [
        tok("word", "sum", 0, 3, true),
        tok("punct", ":", 3, 4),
        tok("word", "x", 4, 5),
        tok("punct", "{", 5, 6),
        tok("word", "a", 6, 7),
        tok("punct", ":", 7, 8),
        tok("word", "b", 8, 9),
        tok("punct", "}", 9, 10),
        tok("punct", ">=", 10, 12),
        tok("word", "1", 12, 13),
        tok("other", "@", 14, 15, true),
        tok("string", "q", 15, 18),
        tok("other", "😀", 19, 21, true),
        tok("end", "", 21, 21, true),
      ],
    });
    // A high surrogate with nothing after it is one character, ending where the text ends.
    assert.deepStrictEqual(lex("a \ud800"), { ok: true, tokens: [tok("word", "a", 0, 1, true), tok("other", "\ud800", 2, 3, true), tok("end", "", 3, 3, true)] });
    assert.deepStrictEqual(lex('"x'), { ok: false, offset: 0, message: 'the quote " at character 1 is never closed' });
  });

  it("the words a boolean scope reads as operators, in either case", () => {
    assert.deepStrictEqual([...BOOLEAN_KEYWORDS].sort(), ["AND", "IN", "NOT", "OR", "and", "in", "not", "or"]);
    for (const [and, or, not, inn] of [["AND", "OR", "NOT", "IN"], ["and", "or", "not", "in"]]) {
      const m = metricQueriesIn(expr(`sum:x{a:b ${and} (c:d ${or} ${not} e:f) ${and} g ${inn} (h)}`))[0];
      assert.deepStrictEqual(m.filter && { kind: m.filter.kind }, { kind: "and" });
    }
  });
});

describe("query mutants: what a scope selects", () => {
  const picked = (text: string) => selections(metricQueriesIn(expr(text))[0]);

  it("a boolean scope: AND, OR, NOT, IN and NOT IN with their polarity", () => {
    assert.deepStrictEqual(picked("sum:x{a:b AND NOT c:d AND (e:f OR g:h) AND k IN (l, m) AND n NOT IN (o) AND NOT (p:q OR r NOT IN (s)) AND t}"), [
      { key: "a", values: ["b"], from: 6 },
      { key: "e", values: ["f"], from: 27 },
      { key: "g", values: ["h"], from: 34 },
      { key: "k", values: ["l", "m"], from: 43 },
      { key: "r", values: ["s"], from: 88 },
    ]);
    assert.deepStrictEqual(picked("sum:x{NOT NOT a:b AND NOT NOT c NOT IN (d)}"), [{ key: "a", values: ["b"], from: 14 }]);
  });

  it("a comma scope: its key:value terms that are not negated", () => {
    assert.deepStrictEqual(picked("sum:x{a:b,!c:d,e,f:g*}"), [
      { key: "a", values: ["b"], from: 6 },
      { key: "f", values: ["g*"], from: 17 },
    ]);
    assert.deepStrictEqual(picked("sum:x{*}"), []);
  });
});

describe("query mutants: printing, metric queries in a tree, Count queries", () => {
  it("parentheses only where precedence and left associativity need them", () => {
    const rows: [string, string][] = [
      ["sum:a{*} - sum:b{*} - sum:c{*}", "sum:a{*} - sum:b{*} - sum:c{*}"],
      ["sum:a{*} - (sum:b{*} - sum:c{*})", "sum:a{*} - (sum:b{*} - sum:c{*})"],
      ["sum:a{*} - sum:b{*} * 2", "sum:a{*} - sum:b{*} * 2"],
      ["(sum:a{*} - sum:b{*}) * 2", "(sum:a{*} - sum:b{*}) * 2"],
      ["sum:a{*} / (sum:b{*} * 2)", "sum:a{*} / (sum:b{*} * 2)"],
      ["sum:a{*} * 2 / 3", "sum:a{*} * 2 / 3"],
    ];
    for (const [text, printed] of rows) assert.equal(printExpr(expr(text)), printed, text);
  });

  it("metric queries in a tree, in order", () => {
    const names = metricQueriesIn(expr("sum:a{*} / (sum:b{*} + abs(sum:c{*})) * top(sum:d{*}, 'x')")).map((m) => m.metric);
    assert.deepStrictEqual(names, ["a", "b", "c", "d"]);
  });

  it("a modifier other than .as_count() does not make a query count", () => {
    const m = metricQueriesIn(expr("avg:x{a:b}.rollup(avg, 60).fill(zero).as_rate()"))[0];
    assert.equal(isCountQuery(m), false);
  });
});

describe("query mutants: the parse cache", () => {
  it("a text parsed again gives the same result object, until the cache is full", () => {
    const a = `sum:cache.a${calls++}{*}`;
    const b = `sum:cache.b${calls++}{*}`;
    const first = parseMetricExpression(a);
    assert.equal(parseMetricExpression(a), first);
    parseMetricExpression(b);
    assert.equal(parseMetricExpression(a), first, "parsing another text keeps the first");
  });

  it("the cache holds 50,000 results, then starts again", () => {
    // Whether a marker text is still cached shows when the cache was emptied; a lookup that hits adds nothing.
    const marker = `sum:cache.marker${calls++}{*}`;
    let kept = parseMetricExpression(marker);
    const stillCached = () => parseMetricExpression(marker) === kept;
    let added = 0;
    const until = (limit: number) => {
      for (let i = 0; i < limit; i++) {
        parseMetricExpression(`'${calls++}`); // an unclosed quote: the cheapest text to parse
        added++;
        if (!stillCached()) return true;
      }
      return false;
    };
    assert.ok(until(50_001), "the cache was never emptied");
    // Emptied while the last text was added; the lookup then stored the marker again: 2 results.
    kept = parseMetricExpression(marker);
    added = 0;
    assert.ok(until(50_001), "the cache was not emptied a second time");
    assert.equal(added, 49_999);
  });
});
