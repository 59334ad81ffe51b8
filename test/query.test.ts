/**
 * The Datadog query parser: Datadog's documented examples parse to the expected tree, every
 * query this repository holds or deploys parses, each kind of mistake gives its offset and
 * words, errors land on the right character of the YAML file, and printing a tree then
 * parsing it gives the same tree back.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { checkInventory } from "../compiler/checkInventory";
import { RULES } from "../compiler/diagnostics";
import { listInventoryFiles } from "../compiler/load/readInventory";
import { positionInString } from "../compiler/load/stringPosition";
import { parseYamlFile } from "../compiler/load/yamlFile";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import type { Inventory } from "../compiler/model";
import type { BurnRateQuery, Call, Expr, MetricMethod, MetricQuery, MonitorQuery, ScopeFilter, ScopeTerm, TagFilter } from "../compiler/query/ast";
import { isCountQuery } from "../compiler/query/countQuery";
import { metricQueriesIn, parseMetricExpression, parseMonitorQuery } from "../compiler/query/parse";
import { printExpr, printMonitorQuery } from "../compiler/query/print";
import { BOOLEAN_KEYWORDS } from "../compiler/query/vocabulary";
import { parseInventoryFile } from "../compiler/validate/parseFile";
import { inventoryQueries } from "../compiler/validate/rules/querySyntax";
import { loadFixture, validateFixture } from "./support/fixture";
import { REPO } from "./support/runCli";
import { sampleSettings } from "./support/sampleState";

/** The tree without offsets, so expectations stay readable. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "span" && k !== "metricSpan" && k !== "scopeSpan").map(([k, v]) => [k, shape(v)]));
  }
  return value;
}

function expr(text: string): Expr {
  const r = parseMetricExpression(text);
  if (!r.ok) assert.fail(`${text}: ${r.error.message} (at ${r.error.offset})`);
  return r.expr;
}

const tag = (key: string, value?: string, negated = false) => ({ kind: "tag", key, ...(value !== undefined && { value }), negated });
const metric = (aggregator: string, name: string, scope: object[], rest: { groupBy?: string[]; methods?: object[]; filter?: object } = {}) => ({
  kind: "metric",
  aggregator,
  metric: name,
  scope,
  ...(rest.filter && { filter: rest.filter }),
  groupBy: rest.groupBy ?? [],
  methods: rest.methods ?? [],
});
const asCount = { name: "as_count", args: [] };
const term = (t: object) => ({ kind: "term", term: t });

describe("query parser: Datadog's documented examples", () => {
  const rows: [string, string, unknown][] = [
    // https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/
    ["as_count guide", "sum:requests.error{*}.as_count()", metric("sum", "requests.error", [{ kind: "all" }], { methods: [asCount] })],
    // https://docs.datadoghq.com/metrics/advanced-filtering/
    [
      "boolean AND / OR",
      "avg:system.cpu.user{env:staging AND (availability-zone:us-east-1a OR availability-zone:us-east-1c)} by {availability-zone}",
      metric("avg", "system.cpu.user", [tag("env", "staging"), tag("availability-zone", "us-east-1a"), tag("availability-zone", "us-east-1c")], {
        groupBy: ["availability-zone"],
        filter: { kind: "and", operands: [term(tag("env", "staging")), { kind: "or", operands: [term(tag("availability-zone", "us-east-1a")), term(tag("availability-zone", "us-east-1c"))] }] },
      }),
    ],
    [
      "boolean IN",
      "avg:system.cpu.user{env:shop.ist AND availability-zone IN (us-east-1a, us-east-1b, us-east4-b)} by {availability-zone}",
      metric("avg", "system.cpu.user", [tag("env", "shop.ist"), tag("availability-zone", "us-east-1a"), tag("availability-zone", "us-east-1b"), tag("availability-zone", "us-east4-b")], {
        groupBy: ["availability-zone"],
        filter: { kind: "and", operands: [term(tag("env", "shop.ist")), { kind: "in", key: "availability-zone", values: ["us-east-1a", "us-east-1b", "us-east4-b"], negated: false }] },
      }),
    ],
    [
      "boolean NOT IN",
      "avg:system.cpu.user{env:prod AND location NOT IN (atlanta,seattle,las-vegas)}",
      metric("avg", "system.cpu.user", [tag("env", "prod"), tag("location", "atlanta", true), tag("location", "seattle", true), tag("location", "las-vegas", true)], {
        filter: { kind: "and", operands: [term(tag("env", "prod")), { kind: "in", key: "location", values: ["atlanta", "seattle", "las-vegas"], negated: true }] },
      }),
    ],
    ["wildcard with !", "avg:system.disk.in_use{!device:/dev/loop*} by {device}", metric("avg", "system.disk.in_use", [tag("device", "/dev/loop*", true)], { groupBy: ["device"] })],
    ["wildcard prefix", "sum:kubernetes.pods.running{service:*-canary} by {service}", metric("sum", "kubernetes.pods.running", [tag("service", "*-canary")], { groupBy: ["service"] })],
    // https://docs.datadoghq.com/dashboards/functions/rollup/
    ["rollup", "avg:system.cpu.user{*}.rollup(avg,86400)", metric("avg", "system.cpu.user", [{ kind: "all" }], { methods: [{ name: "rollup", args: ["avg", 86400] }] })],
    // https://docs.datadoghq.com/dashboards/functions/interpolation/
    ["fill", "sum:a.b{env:prod}.fill(null, 300)", metric("sum", "a.b", [tag("env", "prod")], { methods: [{ name: "fill", args: ["null", 300] }] })],
    // https://docs.datadoghq.com/metrics/distributions/ (percentiles up to two decimals)
    ["distribution percentile", "p99.9:lead.latency{integration:x}", metric("p99.9", "lead.latency", [tag("integration", "x")])],
    // the runbook's forwarder query (runbooks/webhook-forwarder.md)
    [
      "OR scope",
      "sum:aws.lambda.errors{functionname:martech-prod-webhook-ingress OR functionname:martech-prod-webhook-consumer} by {functionname}.as_count()",
      metric("sum", "aws.lambda.errors", [tag("functionname", "martech-prod-webhook-ingress"), tag("functionname", "martech-prod-webhook-consumer")], {
        groupBy: ["functionname"],
        methods: [asCount],
        filter: { kind: "or", operands: [term(tag("functionname", "martech-prod-webhook-ingress")), term(tag("functionname", "martech-prod-webhook-consumer"))] },
      }),
    ],
    [
      "arithmetic keeps precedence",
      "(sum:a{x:y}.as_count() - sum:b{x:y}.as_count()) / sum:a{x:y}.as_count() * 100",
      {
        kind: "binary",
        op: "*",
        left: {
          kind: "binary",
          op: "/",
          left: { kind: "binary", op: "-", left: metric("sum", "a", [tag("x", "y")], { methods: [asCount] }), right: metric("sum", "b", [tag("x", "y")], { methods: [asCount] }) },
          right: metric("sum", "a", [tag("x", "y")], { methods: [asCount] }),
        },
        right: { kind: "number", value: 100 },
      },
    ],
    [
      "anomalies()",
      "anomalies(sum:a{x:y}.as_count(), 'agile', 2, direction='both', interval=60)",
      { kind: "call", name: "anomalies", args: [metric("sum", "a", [tag("x", "y")], { methods: [asCount] }), { kind: "string", value: "agile" }, { kind: "number", value: 2 }], named: { direction: "both", interval: 60 } },
    ],
  ];
  for (const [name, text, expected] of rows) it(name, () => assert.deepEqual(shape(expr(text)), expected));

  it("spans point at the parts of a metric query", () => {
    const text = "2 * sum:a.b{x:y} by {h}.as_count()";
    const [m] = metricQueriesIn(expr(text));
    assert.equal(text.slice(m.span.start, m.span.end), "sum:a.b{x:y} by {h}.as_count()");
    assert.equal(text.slice(m.metricSpan.start, m.metricSpan.end), "a.b");
    assert.equal(text.slice(m.scopeSpan.start, m.scopeSpan.end), "{x:y}");
    assert.equal(text.slice(m.methods[0].span.start, m.methods[0].span.end), ".as_count()");
  });

  it("monitor queries: metric alert, anomaly alert and burn-rate SLO alert", () => {
    const rows: [string, unknown][] = [
      // Pulumi registry's datadog.Monitor example
      ["avg(last_1h):avg:aws.ec2.cpu{environment:foo,host:foo} by {host} > 4", { kind: "monitor", timeAggregator: "avg", window: "last_1h", comparator: ">", threshold: 4, expr: metric("avg", "aws.ec2.cpu", [tag("environment", "foo"), tag("host", "foo")], { groupBy: ["host"] }) }],
      // the as_count guide, with a threshold; a space after the colon is allowed
      ["sum(last_5m): sum:requests.error{*}.as_count() / sum:requests.total{*}.as_count() >= 0.5", { kind: "monitor", timeAggregator: "sum", window: "last_5m", comparator: ">=", threshold: 0.5, expr: { kind: "binary", op: "/", left: metric("sum", "requests.error", [{ kind: "all" }], { methods: [asCount] }), right: metric("sum", "requests.total", [{ kind: "all" }], { methods: [asCount] }) } }],
      // a distribution counted with count: on the as_count evaluation path (the same guide): the error-rate lowering writes this
      ["sum(last_15m):(count:d.settled{x:y,!outcome:ok}.as_count()) / (count:d.settled{x:y}.as_count()) * 100 > 5", { kind: "monitor", timeAggregator: "sum", window: "last_15m", comparator: ">", threshold: 5, expr: { kind: "binary", op: "*", left: { kind: "binary", op: "/", left: metric("count", "d.settled", [tag("x", "y"), tag("outcome", "ok", true)], { methods: [asCount] }), right: metric("count", "d.settled", [tag("x", "y")], { methods: [asCount] }) }, right: { kind: "number", value: 100 } } }],
      ["min(last_15m):avg:api.remaining{app:x} < -1", { kind: "monitor", timeAggregator: "min", window: "last_15m", comparator: "<", threshold: -1, expr: metric("avg", "api.remaining", [tag("app", "x")]) }],
      // FIELD-NOTES: the burn-rate alert syntax
      ['burn_rate("abc123").over("30d").long_window("1h").short_window("5m") > 14.4', { kind: "burn_rate", sloId: "abc123", over: "30d", longWindow: "1h", shortWindow: "5m", comparator: ">", threshold: 14.4 }],
    ];
    for (const [text, expected] of rows) {
      const r = parseMonitorQuery(text);
      assert.ok(r.ok, `${text}: ${!r.ok && r.error.message}`);
      assert.deepEqual(shape(r.query), expected, text);
    }
  });
});

describe("query parser: every query this repository holds or deploys", () => {
  for (const [label, dir] of [["sample inventory", join(REPO, "inventory")], ["valid fixture", join(REPO, "test", "fixtures", "valid", "inventory")]] as const) {
    it(`every metric query of the ${label} parses`, () => {
      let count = 0;
      for (const path of listInventoryFiles(dir)) {
        const result = parseInventoryFile(path, readFileSync(path, "utf8"));
        if (result.parsed?.kind !== "Integration") continue;
        for (const q of inventoryQueries(result.parsed.doc)) {
          const r = parseMetricExpression(q.query);
          assert.ok(r.ok, `${path}: ${q.label}: ${!r.ok && r.error.message}`);
          count++;
        }
      }
      assert.ok(count > 20, `only ${count} queries found`);
    });
  }

  // Only this file's rules must hold here: other rules' errors (runbook prose, SLI advice) do not change the queries lowered.
  const OTHER_RULES = new Set(RULES.filter((r) => r !== "query-syntax" && r !== "threshold-aggregation"));
  const deployed = (inventory: Inventory) => lowerInventory(inventory, sampleSettings()).resources;
  const inventories: [string, () => Inventory][] = [
    // Prose-only rules (runbook wording) do not change what is deployed.
    ["sample inventory", () => checkInventory({ inventoryDir: join(REPO, "inventory"), runbooksDir: join(REPO, "runbooks") }, { tolerate: OTHER_RULES }).inventory!],
    ["valid fixture", () => validateFixture(loadFixture(), { tolerate: OTHER_RULES }).inventory!],
  ];
  for (const [label, inventory] of inventories) {
    it(`every monitor query and SLO query the plan creates for the ${label} parses`, () => {
      const resources = deployed(inventory());
      const monitors = resources.filter((r) => r.type === "datadog:index/monitor:Monitor").map((r) => (r.inputs as { query: string }).query);
      const slos = resources.filter((r) => r.type === "datadog:index/serviceLevelObjective:ServiceLevelObjective").flatMap((r) => Object.values((r.inputs as { query?: Record<string, string> }).query ?? {}));
      assert.ok(monitors.length > 5 && slos.length > 2);
      for (const q of monitors) {
        const r = parseMonitorQuery(q);
        assert.ok(r.ok, `${q}: ${!r.ok && r.error.message} (at ${!r.ok && r.error.offset})`);
      }
      for (const q of slos) assert.ok(parseMetricExpression(q).ok, q);
      // Burn-rate alerts are parsed as such, not as metric queries.
      assert.ok(monitors.map(parseMonitorQuery).some((r) => r.ok && r.query.kind === "burn_rate"));
    });
  }
});

describe("query parser: mistakes", () => {
  const rows: [string, string, number, string][] = [
    ["free text", "please count all the leads", 0, '"please" is not a metric query; write <aggregator>:<metric>{<tags>}, for example sum:martech.forwarder.received{integration:x}.as_count()'],
    ["unclosed scope", "avg:metric{app:lead-sync", 24, 'expected "}" to close the tag scope opened at character 11'],
    ["scope closed by a second scope", "avg:metric{app:x{b:c}", 16, 'expected "}" to close the tag scope opened at character 11'],
    ["as_count with avg", "avg:x{a:b}.as_count()", 0, ".as_count() counts events, and counts only add up: use the sum aggregator (sum:x{...}.as_count()), or count: for a distribution, instead of avg"],
    ["as_count with max", "max:x{a:b}.as_count()", 0, ".as_count() counts events, and counts only add up"],
    ["as_count with a percentile", "p95:x{a:b}.as_count()", 0, ".as_count() counts events, and counts only add up"],
    ["unknown aggregator", "average:x{a:b}", 0, 'unknown space aggregator "average"; Datadog offers avg, sum, min and max, and for distributions count and percentiles such as p95'],
    ["empty scope", "sum:x{}", 5, "the tag scope {} is empty; write {*} for every source, or tags such as {integration:lead-sync}"],
    ["bad character in a tag", "sum:x{a:b@c}", 9, '"@" cannot appear in a tag value; tags hold letters, digits, "_", "-", ":", "." and "/" (and "*" as a wildcard)'],
    ["tag starting with a digit", "sum:x{1a:b}", 6, "the tag 1a must start with a letter"],
    ["space after a tag's colon", "sum:x{a: b}", 8, "a tag cannot end with a colon"],
    ["tag ending with a colon after its value", "sum:x{x:y:}", 9, "a tag cannot end with a colon; remove the last colon"],
    ["IN value ending with a colon", "sum:x{env:prod AND x IN (y:)}", 26, "a tag cannot end with a colon"],
    ["space inside a tag", "sum:x{a:b c}", 10, 'expected "," or "}" after a tag, found "c"; tags cannot contain spaces'],
    ["trailing garbage", "sum:x{a:b} extra", 11, 'unexpected "extra" after the query; remove it or join the parts with + - * /'],
    ["unclosed parenthesis", "(sum:x{a:b}", 11, 'expected ")" to close the parenthesis opened at character 1'],
    ["extra parenthesis", "sum:x{a:b})", 10, 'unexpected ")" after the query'],
    ["mixed boolean styles", "avg:mymetric{env:prod AND !region:us-east}", 26, '"!" and "," cannot be mixed with AND, OR, NOT and IN in one tag scope'],
    ["! inside an IN list (Datadog's invalid example)", "avg:mymetric{env:prod AND resource_name NOT IN (!resource_name:A, !resource_name:B)}", 48, '"!" cannot be mixed with AND, OR, NOT and IN'],
    ["missing scope", "sum:martech.leads.as_count()", 17, 'expected "{" after the metric name martech.leads, with the tags to filter on'],
    ["dash in a metric name", "sum:my-metric{*}", 6, '"-" cannot appear in a metric name'],
    ["unknown modifier", "sum:x{a:b}.as_counts()", 11, "unknown modifier .as_counts(); Datadog's are .as_count(), .as_rate(), .rollup() and .fill()"],
    ["bad rollup", "sum:x{a:b}.rollup(median)", 10, ".rollup() takes an aggregator (avg, sum, min, max or count)"],
    ["unknown function", "absolute(sum:x{a:b})", 0, "unknown function absolute()"],
    ["unclosed quote", "anomalies(sum:x{a:b}, 'agile, 2)", 22, "the quote ' at character 23 is never closed"],
    ["nothing at all", "", 0, "the query ends where a metric query was expected"],
  ];
  for (const [name, text, offset, message] of rows) {
    it(name, () => {
      const r = parseMetricExpression(text);
      assert.ok(!r.ok, `${text} should not parse`);
      assert.equal(r.error.offset, offset, r.error.message);
      assert.ok(r.error.message.startsWith(message), `${r.error.message}\n  should start with\n${message}`);
    });
  }

  it("monitor queries: missing threshold, bad window, unsupported comparator", () => {
    const rows: [string, number, string][] = [
      ["sum(last_5m):sum:x{a:b}.as_count()", 34, "expected a comparison (>, >=, <, <=) and a threshold after the query"],
      ["sum(5m):sum:x{a:b} > 1", 4, '"5m" is not an evaluation window'],
      ["median(last_5m):sum:x{a:b} > 1", 0, 'unknown time aggregation "median"'],
      ["sum(last_5m):sum:x{a:b} == 1", 24, "expected a comparison (>, >=, <, <=)"],
      ['burn_rate("x").over("30d") > 2', 27, 'expected "." before long_window(...)'],
    ];
    for (const [text, offset, message] of rows) {
      const r = parseMonitorQuery(text);
      assert.ok(!r.ok, text);
      assert.equal(r.error.offset, offset, `${text}: ${r.error.message}`);
      assert.ok(r.error.message.startsWith(message), r.error.message);
    }
  });
});

describe("query positions inside YAML strings", () => {
  const text = ['plain: avg:metric{app:lead-sync', 'quoted: "sum:x{a:\\"b}"', "folded: >", "  sum:martech.records{integration:x,", "  outcome:ok@}", "trimmed: '  sum:x{}'", ""].join("\n");
  const yaml = parseYamlFile("t.yaml", text);
  const data = yaml.data as Record<string, string>;
  const at = (key: string, offset: number, value = data[key]) => positionInString(yaml.source, [key], value, offset);

  it("plain scalar: offset -> column on the same line", () => assert.deepEqual(at("plain", 11), { line: 1, column: 19 }));
  it("the end of a plain scalar is just after its last character", () => assert.deepEqual(at("plain", data.plain.length), { line: 1, column: 32 }));
  it("double-quoted scalar: an escape takes two source characters", () => {
    assert.equal(data.quoted, 'sum:x{a:"b}');
    assert.deepEqual(at("quoted", 8), { line: 2, column: 18 }); // the escaped quote starts at its backslash
    assert.deepEqual(at("quoted", 9), { line: 2, column: 20 }); // "b" comes after \"
  });
  it("folded block scalar: the second line maps through the fold", () => {
    const value = data.folded;
    assert.equal(value, "sum:martech.records{integration:x, outcome:ok@}\n");
    assert.deepEqual(at("folded", value.indexOf("@")), { line: 5, column: 13 });
  });
  it("a trimmed value (the schema trims text) maps past the leading spaces", () => assert.deepEqual(at("trimmed", 5, "sum:x{}"), { line: 6, column: 18 }));
  it("falls back to the start of the string when the value is not the one in the file", () => assert.deepEqual(at("plain", 3, "something else"), { line: 1, column: 8 }));
});

describe("query-syntax and threshold-aggregation on the valid fixture", () => {
  const INT1 = "inventory/integrations/integration-0001.yaml";
  /** Sets `key` of failure mode `mode`'s detection to `value` (the rest of that line). */
  const setField = (text: string, mode: string, key: string, value: string) => {
    const i = text.indexOf(`\n      ${key}: `, text.indexOf(`- id: ${mode}\n`));
    return text.slice(0, i + 1) + `      ${key}: ${value}` + text.slice(text.indexOf("\n", i + 1));
  };
  const run = (mode: string, key: string, value: string) => {
    const f = loadFixture();
    f.files.set(INT1, setField(f.files.get(INT1)!, mode, key, value));
    return validateFixture(f).diagnostics.filter((d) => d.rule === "query-syntax" || d.rule === "threshold-aggregation").map((d) => `${d.file}:${d.line}:${d.column}: ${d.message} [${d.rule}]`);
  };
  const COUNTED = "sum:martech.forwarder.received{integration:integration-0001}.as_count()";

  it("plain scalar: the unclosed scope is reported where the query ends, naming the column of its {", () => {
    assert.deepEqual(run("api-errors", "total", "avg:metric{app:lead-sync"), [
      `${INT1}:50:38: failure mode api-errors: detection.total: Datadog cannot read this query: expected "}" to close the tag scope opened at column 24 [query-syntax]`,
    ]);
  });
  it("plain scalar: free text", () => {
    assert.deepEqual(run("api-errors", "total", "please count all the leads"), [
      `${INT1}:50:14: failure mode api-errors: detection.total: Datadog cannot read this query: "please" is not a metric query; write <aggregator>:<metric>{<tags>}, for example sum:martech.forwarder.received{integration:x}.as_count() [query-syntax]`,
    ]);
  });
  it("double-quoted scalar with an escape: the column counts the escape's four characters", () => {
    const found = run("field-deprecated", "upstream", '{ system: webflow-forms, count: "sum:martech.forwarder.received{integration:\\x61@x}.as_count()" }');
    assert.deepEqual(found, [`${INT1}:39:97: failure mode field-deprecated: detection.upstream.count: Datadog cannot read this query: "@" cannot appear in a tag value; tags hold letters, digits, "_", "-", ":", "." and "/" (and "*" as a wildcard) [query-syntax]`]);
  });
  it("folded block scalar: the error is on the scalar's second line", () => {
    const found = run("api-errors", "errors", ">-\n        sum:martech.forwarder.failed{integration:integration-0001,\n        outcome:error}.as_rate().as_count()");
    assert.deepEqual(found, [`${INT1}:51:23: failure mode api-errors: detection.errors: Datadog cannot read this query: a query is either .as_count() or .as_rate(), not both [query-syntax]`]);
  });
  it("threshold-aggregation: a defaulted avg over an as_count query is reported at the detection", () => {
    assert.deepEqual(run("rate-limit", "query", COUNTED), [
      `${INT1}:75:7: failure mode rate-limit: detection.aggregation: the query counts events with .as_count(), and Datadog evaluates such a monitor only in total; the aggregation, which defaults to avg, cannot be used with it, so set aggregation: sum [threshold-aggregation]`,
    ]);
  });
  it("threshold-aggregation: a written max is reported at the aggregation", () => {
    assert.deepEqual(run("rate-limit", "query", `${COUNTED}\n      aggregation: max`), [
      `${INT1}:77:20: failure mode rate-limit: detection.aggregation: the query counts events with .as_count(), and Datadog evaluates such a monitor only in total; the aggregation max cannot be used with it, so set aggregation: sum [threshold-aggregation]`,
    ]);
  });
});

// ---- properties ----

const keyword = (s: string) => BOOLEAN_KEYWORDS.has(s) || s === "by";
const tagKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/).filter((s) => !keyword(s));
// Datadog tags cannot end with a colon.
const tagValue = fc.stringMatching(/^[a-z0-9*][a-z0-9_.:\-/*]{0,6}$/).filter((s) => !keyword(s) && !s.endsWith(":"));
const metricName = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}(\.[a-z][a-z0-9_]{0,5}){0,3}$/);
const S = { start: 0, end: 0 };

const tagFilter = (negatable: boolean): fc.Arbitrary<TagFilter> =>
  fc.record({ key: tagKey, value: fc.option(tagValue, { nil: undefined }), negated: negatable ? fc.boolean() : fc.constant(false) }).map(({ key, value, negated }) => ({ kind: "tag", key, ...(value !== undefined && { value }), negated, span: S }));

const { filter } = fc.letrec<{ filter: ScopeFilter; operand: ScopeFilter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small" },
    fc.array(tie("operand"), { minLength: 2, maxLength: 3 }).map((operands): ScopeFilter => ({ kind: "and", operands, span: S })),
    fc.array(tie("operand"), { minLength: 2, maxLength: 3 }).map((operands): ScopeFilter => ({ kind: "or", operands, span: S })),
    tie("operand").map((operand): ScopeFilter => ({ kind: "not", operand, span: S })),
    fc.record({ key: tagKey, values: fc.array(tagValue, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }).map((r): ScopeFilter => ({ kind: "in", ...r, span: S })),
  ),
  operand: fc.oneof({ depthSize: "small", withCrossShrink: true }, tagFilter(false).map((term): ScopeFilter => ({ kind: "term", term, span: S })), tie("filter")),
}));

function termsOf(f: ScopeFilter): ScopeTerm[] {
  if (f.kind === "term") return [f.term];
  if (f.kind === "not") return termsOf(f.operand);
  if (f.kind === "in") return f.values.map((value) => ({ kind: "tag", key: f.key, value, negated: f.negated, span: S }));
  return f.operands.flatMap(termsOf);
}

type Scope = { scope: ScopeTerm[]; filter?: ScopeFilter };
const scope: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant<Scope>({ scope: [{ kind: "all", span: S }] }),
  fc.array(tagFilter(true), { minLength: 1, maxLength: 3 }).map((scope): Scope => ({ scope })),
  filter.map((f): Scope => ({ scope: termsOf(f), filter: f })),
);

const methods = (aggregator: string): fc.Arbitrary<MetricMethod[]> =>
  fc.record({
    count: fc.constantFrom(...(aggregator === "sum" || aggregator === "count" ? ["as_count", "as_rate", undefined] : ["as_rate", undefined])),
    rollup: fc.option(fc.constantFrom<(string | number)[]>(["sum"], ["avg", 60], ["count", 300]), { nil: undefined }),
    fill: fc.option(fc.constantFrom<(string | number)[]>(["zero"], ["null", 300], ["last"]), { nil: undefined }),
  }).map(({ count, rollup, fill }) => [
    ...(count ? [{ name: count as "as_count" | "as_rate", args: [], span: S }] : []),
    ...(rollup ? [{ name: "rollup" as const, args: rollup, span: S }] : []),
    ...(fill ? [{ name: "fill" as const, args: fill, span: S }] : []),
  ]);

const metricQuery: fc.Arbitrary<MetricQuery> = fc
  .record({ aggregator: fc.constantFrom("avg", "sum", "min", "max", "count", "p95", "p99.9"), metric: metricName, scope, groupBy: fc.array(tagKey, { maxLength: 2 }) })
  .chain((r) => methods(r.aggregator).map((m): MetricQuery => ({ kind: "metric", aggregator: r.aggregator, metric: r.metric, ...r.scope, groupBy: r.groupBy, methods: m, span: S, metricSpan: S, scopeSpan: S })));

const number = fc.oneof(fc.integer({ min: -100, max: 100000 }), fc.integer({ min: 1, max: 9999 }).map((n) => n / 100)).map((value): Expr => ({ kind: "number", value, span: S }));

const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    metricQuery,
    number,
    fc.record({ op: fc.constantFrom("+" as const, "-" as const, "*" as const, "/" as const), left: tie("tree"), right: tie("tree") }).map((b): Expr => ({ kind: "binary", ...b, span: S })),
    fc.record({ name: fc.constantFrom("abs", "per_second", "log10"), arg: tie("tree") }).map(({ name, arg }): Call => ({ kind: "call", name, args: [arg], named: {}, span: S })),
    fc.record({ q: metricQuery, algorithm: fc.constantFrom("basic", "agile", "robust"), bounds: fc.integer({ min: 1, max: 6 }), direction: fc.constantFrom("both", "above", "below") }).map(
      ({ q, algorithm, bounds, direction }): Call => ({ kind: "call", name: "anomalies", args: [q, { kind: "string", value: algorithm, span: S }, { kind: "number", value: bounds, span: S }], named: { direction, interval: 60 }, span: S }),
    ),
  ),
}));

describe("query parser: properties", () => {
  it("printing a tree and parsing the text gives the same tree", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const text = printExpr(t);
        const r = parseMetricExpression(text);
        if (!r.ok) throw new Error(`${text}: ${r.error.message} at ${r.error.offset}`);
        assert.deepEqual(shape(r.expr), shape(t), text);
      }),
      { seed: 20251130, numRuns: 200 },
    );
  });

  it("printing a monitor query and parsing it gives the same query", () => {
    const monitor = fc
      .record({ timeAggregator: fc.constantFrom("avg", "sum", "min", "max"), n: fc.integer({ min: 1, max: 90 }), unit: fc.constantFrom("m", "h", "d", "w"), expr: tree, comparator: fc.constantFrom(">" as const, ">=" as const, "<" as const, "<=" as const), threshold: fc.integer({ min: -10, max: 1000 }) })
      .map(({ n, unit, ...q }): MonitorQuery => ({ kind: "monitor", ...q, window: `last_${n}${unit}`, span: S }));
    const burn = fc
      .record({ sloId: fc.stringMatching(/^[a-z0-9]{1,12}$/), over: fc.constantFrom("7d", "30d", "90d"), longWindow: fc.constantFrom("1h", "6h"), shortWindow: fc.option(fc.constantFrom("5m", "30m"), { nil: undefined }), comparator: fc.constantFrom(">" as const, ">=" as const), threshold: fc.constantFrom(14.4, 6, 2) })
      .map(({ shortWindow, ...q }): BurnRateQuery => ({ kind: "burn_rate", ...q, ...(shortWindow !== undefined && { shortWindow }), span: S }));
    fc.assert(
      fc.property(fc.oneof(monitor, burn), (q) => {
        const text = printMonitorQuery(q);
        const r = parseMonitorQuery(text);
        if (!r.ok) throw new Error(`${text}: ${r.error.message} at ${r.error.offset}`);
        assert.deepEqual(shape(r.query), shape(q), text);
      }),
      { seed: 20251130, numRuns: 200 },
    );
  });

  it("parsing never throws, and errors point inside the text", () => {
    const alphabet = fc.constantFrom(..."sum:avg{}()[],.!*-+/<>='\" abc0123_|@ANDORNOTIN".split(""), "sum:", "{*}", ".as_count()", " by {", " AND ", " IN (", "burn_rate(", "last_5m");
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 30 }), fc.array(alphabet, { maxLength: 25 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(text, (s) => {
        for (const r of [parseMetricExpression(s), parseMonitorQuery(s)]) {
          if (!r.ok) assert.ok(r.error.offset >= 0 && r.error.offset <= s.length, `${JSON.stringify(s)}: offset ${r.error.offset}`);
        }
      }),
      { seed: 20251130, numRuns: 200 },
    );
  });
});

describe("query: Count queries (on_missing_data default evaluates them as 0)", () => {
  const metric = (text: string): MetricQuery => {
    const r = parseMetricExpression(text);
    if (!r.ok || r.expr.kind !== "metric") throw new Error(text);
    return r.expr;
  };
  // "default" if using sum or count aggregation -> "Evaluate as 0"; all other aggregations keep
  // the last known status (https://docs.datadoghq.com/monitors/guide/on_missing_data/).
  const rows: [string, boolean][] = [
    ["sum:m{a:b}", true],
    ["count:m{a:b}", true],
    ["sum:m{a:b}.as_count()", true],
    ["sum:m{a:b}.as_rate()", true],
    ["avg:m{a:b}", false],
    ["min:m{a:b}", false],
    ["max:m{a:b} by {host}", false],
    ["p99:m{a:b}", false],
  ];
  for (const [text, counts] of rows) {
    it(`${text} ${counts ? "counts" : "does not count"}`, () => assert.equal(isCountQuery(metric(text)), counts));
  }
  it("a count read .as_count() counts whatever its aggregator (the parser refuses avg with it; a tree may still carry it)", () => {
    const avg = metric("avg:m{a:b}");
    const asCount: MetricMethod = { name: "as_count", args: [], span: { start: avg.span.end, end: avg.span.end + 11 } };
    assert.equal(isCountQuery({ ...avg, methods: [asCount] }), true);
  });
});
