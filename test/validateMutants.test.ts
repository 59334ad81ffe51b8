/**
 * query-syntax and threshold-aggregation beyond test/query.test.ts: which fields hold metric
 * queries (SLIs too, not only detections), where a scope opened on an earlier line of a folded
 * scalar is said to open, and which queries count events. Each test kills mutants that survived
 * a focused mutation run of compiler/validate/rules/ (README, "Mutation testing").
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { formatDiagnostic } from "../compiler/diagnostics";
import { inventoryQueries } from "../compiler/validate/rules/querySyntax";
import type { IntegrationDoc } from "../compiler/validate/schema";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";

/** The rule's diagnostics after replacing `from` with `to` in integration-0001's file. */
const diagnosticsOf = (rule: string, from: string, to: string) => {
  const f = loadFixture();
  f.files.set(INT1, replaceOnce(f.files.get(INT1)!, from, to));
  return validateFixture(f).diagnostics.filter((d) => d.rule === rule).map(formatDiagnostic);
};

describe("query-syntax: which fields hold metric queries", () => {
  it("lists every SLI and every detection query in file order, with its path and its words", () => {
    const doc = parse(readFileSync(join(__dirname, "fixtures", "valid", INT1), "utf8")) as IntegrationDoc;
    const found = inventoryQueries(doc);
    assert.deepEqual(
      found.map((q) => [q.path, q.label]),
      [
        [["slos", 0, "sli", "good"], "slo delivered-within-60s: sli.good"],
        [["slos", 0, "sli", "total"], "slo delivered-within-60s: sli.total"],
        [["slos", 1, "sli", "good"], "slo accepted: sli.good"],
        [["slos", 1, "sli", "total"], "slo accepted: sli.total"],
        [["failureModes", 0, "detection", "upstream", "count"], "failure mode field-deprecated: detection.upstream.count"],
        [["failureModes", 0, "detection", "downstream", "count"], "failure mode field-deprecated: detection.downstream.count"],
        [["failureModes", 1, "detection", "errors"], "failure mode api-errors: detection.errors"],
        [["failureModes", 1, "detection", "total"], "failure mode api-errors: detection.total"],
        [["failureModes", 2, "detection", "query"], "failure mode silent: detection.query"],
        [["failureModes", 3, "detection", "query"], "failure mode volume-drop: detection.query"],
        [["failureModes", 4, "detection", "query"], "failure mode rate-limit: detection.query"],
      ],
    );
    // Each entry carries the query at its path.
    const at = (path: readonly (string | number)[]) => path.reduce<any>((node, key) => node[key], doc);
    for (const q of found) assert.equal(q.query, at(q.path), q.label);
  });

  it("reports an unreadable SLI where it breaks, naming the SLO", () => {
    assert.deepEqual(diagnosticsOf("query-syntax", "      good: count:martech.forwarder.settled{integration:integration-0001,within_slo:true}", "      good: avg:metric{app:lead-sync"), [
      `${INT1}:21:37: error: slo delivered-within-60s: sli.good: Datadog cannot read this query: expected "}" to close the tag scope opened at column 23 [query-syntax]`,
    ]);
  });

  it("names the line as well when the scope opened on an earlier line of a folded scalar", () => {
    const found = diagnosticsOf("query-syntax", "      total: count:martech.forwarder.settled{integration:integration-0001}\n      window: 15m", "      total: >-\n        avg:metric{app:lead-sync,\n        env:prod\n      window: 15m");
    assert.deepEqual(found, [
      `${INT1}:52:17: error: failure mode api-errors: detection.total: Datadog cannot read this query: expected "}" to close the tag scope opened at line 51, column 19 [query-syntax]`,
    ]);
  });
});

describe("threshold-aggregation: which queries count events", () => {
  const QUERY = "      query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}";

  it("reports a query with any .as_count() term, not only one whose every term counts", () => {
    assert.deepEqual(diagnosticsOf("threshold-aggregation", QUERY, "      query: sum:x{a:b}.as_rate() + sum:y{a:b}.as_count()"), [
      `${INT1}:75:7: error: failure mode rate-limit: detection.aggregation: the query counts events with .as_count(), and Datadog evaluates such a monitor only in total; the aggregation, which defaults to avg, cannot be used with it, so set aggregation: sum [threshold-aggregation]`,
    ]);
  });

  it("leaves a query with other functions alone (.as_rate() is a rate, not a count)", () => {
    assert.deepEqual(diagnosticsOf("threshold-aggregation", QUERY, "      query: sum:x{a:b}.as_rate().rollup(sum, 60)"), []);
  });
});

describe("pagerduty-service-name: the fix it suggests, and names it will not repeat", () => {
  const TOKEN = "Xk9pQ2mZ7vR4tY8wB3nL6hJ1/aQ";
  const inRotations = (from: string, to: string) => {
    const f = loadFixture();
    f.files.set("inventory/rotations.yaml", replaceOnce(f.files.get("inventory/rotations.yaml")!, from, to));
    return validateFixture(f).diagnostics.filter((d) => d.rule === "pagerduty-service-name").map(formatDiagnostic);
  };

  it("asks to reword a character it has no replacement for", () => {
    assert.deepEqual(diagnosticsOf("pagerduty-service-name", "name: Synthetic integration 1", "name: Synthetic integration <1>"), [
      `${INT1}:5:7: error: name: this integration pages, so it gets a PagerDuty service named "[martech] Synthetic integration <1>", and PagerDuty does not accept "<" in a service name (no \\ / & < > or invisible characters); reword it [pagerduty-service-name]`,
    ]);
  });

  it("does not quote a service or policy name that looks like a credential", () => {
    const [service] = diagnosticsOf("pagerduty-service-name", "name: Synthetic integration 1", `name: ${TOKEN}`);
    assert.ok(service?.includes("gets a PagerDuty service named after it, and PagerDuty does not accept \"/\""), service);
    assert.ok(!service.includes(TOKEN), service);
    const [policy] = inRotations("name: revenue-operations primary", `name: ${TOKEN}`);
    assert.ok(policy?.includes("gets a PagerDuty escalation policy named after it, and PagerDuty does not accept \"/\""), policy);
    assert.ok(!policy.includes(TOKEN), policy);
  });
});
