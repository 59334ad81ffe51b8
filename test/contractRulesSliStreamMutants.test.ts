/**
 * sli-stream's survivors of mutation testing (issue 16): the exact text of every problem
 * subsetProblem explains (which side counts the forwarder, the metric it names, the filters each
 * side has, written canonically: sorted IN lists and OR/AND groups, NOT of a group, `!` and bare
 * keys, `{*}` in both scope syntaxes), and the full positioned diagnostic of an error rate.
 * test/sliStream.test.ts holds the table of which parts lie within which totals.
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../compiler/diagnostics";
import { subsetProblem } from "../compiler/validate/rules/sliStream";
import { metricQueries } from "./support/metricQueries";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";

const queries = metricQueries;
const SIDES = { part: "sli.good", whole: "sli.total", partNoun: "good events" };
const S = "count:martech.forwarder.settled";
const CONSEQUENCE = "good events must be a subset of the total, or the ratio can exceed 100% and hide failures";
const different = (good: string, total: string) =>
  `sli.good and sli.total select different deliveries (sli.good has ${good}, sli.total has ${total}): give both the same integration, source, destination, synthetic filters, narrowing sli.good only by outcome, within_slo or reason; ${CONSEQUENCE}`;
const missing = (filters: string) => `sli.total filters ${filters} but sli.good does not, so sli.good counts events the total leaves out: ${CONSEQUENCE}`;

const ROWS: [name: string, part: string, whole: string, problem: string | undefined][] = [
  [
    "a forwarder total over a good count of other metrics names the total as the forwarder's side",
    "sum:martech.lead_sync.ok{a:b}.as_count()",
    `${S}{integration:a}`,
    `sli.total counts the webhook forwarder's martech.forwarder.settled but sli.good counts other metrics, a different stream: ${CONSEQUENCE}`,
  ],
  [
    "a forwarder good over a total of other metrics names good as the forwarder's side",
    `${S}{integration:a}`,
    "sum:martech.lead_sync.all{a:b}.as_count()",
    `sli.good counts the webhook forwarder's martech.forwarder.settled but sli.total counts other metrics, a different stream: ${CONSEQUENCE}`,
  ],
  ["a part within the second query of a summed total", `${S}{integration:a,source:y}`, `${S}{integration:a,source:x} + ${S}{integration:a,source:y}`, undefined],
  ["a part within the first query of a summed total", `${S}{integration:a,source:x}`, `${S}{integration:a,source:x} + ${S}{integration:a,source:y}`, undefined],
  [
    "a part within neither query of a summed total is explained against the first",
    `${S}{integration:a,source:z}`,
    `${S}{integration:a,source:x} + ${S}{integration:a,source:y}`,
    different("source:z", "source:x"),
  ],
  [
    "a forwarder metric names.ts does not declare, over another metric",
    "count:martech.forwarder.unknown{integration:a}",
    `${S}{integration:a}`,
    `sli.good counts martech.forwarder.unknown but sli.total counts martech.forwarder.settled, a different stream: ${CONSEQUENCE}; divide one forwarder metric by itself (for deliveries, martech.forwarder.settled with the same tags, narrowed by outcome or within_slo on the good side)`,
  ],
  ["an OR group that reads one stream key and one other key is a stream filter", `${S}{integration:a AND (source:x OR outcome:forwarded)}`, `${S}{integration:a}`, different("(outcome:forwarded OR source:x)", "no such filter")],
  ["every filter the total adds is listed, comma-separated", `${S}{integration:a}`, `${S}{integration:a,outcome:forwarded,reason:server_error}`, missing("outcome:forwarded, reason:server_error")],
  ["{*} filters nothing", `${S}{within_slo:true}`, `${S}{*}`, undefined],
  ["{(*)}, the boolean form of {*}, filters nothing", `${S}{within_slo:true}`, `${S}{(*)}`, undefined],
  ["NOT of an OR group", `${S}{integration:a AND NOT (source:x OR source:y)}`, `${S}{integration:a}`, different("NOT (source:x OR source:y)", "no such filter")],
  ["an AND group inside an OR group", `${S}{integration:a AND (source:x OR (source:y AND destination:z))}`, `${S}{integration:a}`, different("((destination:z AND source:y) OR source:x)", "no such filter")],
  ["an IN list of two values, sorted", `${S}{integration:a AND source IN (y, x)}`, `${S}{integration:a}`, different("source IN (x,y)", "no such filter")],
  ["a NOT IN list of two values, sorted", `${S}{integration:a AND source NOT IN (y, x)}`, `${S}{integration:a}`, different("source NOT IN (x,y)", "no such filter")],
  ["IN lists that differ", `${S}{integration:a AND source IN (x, y)}`, `${S}{integration:a AND source IN (x, z)}`, different("source IN (x,y)", "source IN (x,z)")],
  ["an IN list of one value is that tag", `${S}{integration:a AND source IN (x) AND within_slo:true}`, `${S}{integration:a,source:x}`, undefined],
  ["a NOT IN list of one value is that tag negated", `${S}{integration:a AND source NOT IN (x) AND within_slo:true}`, `${S}{integration:a,!source:x}`, undefined],
  ["a tag and its negation differ", `${S}{integration:a,synthetic:true}`, `${S}{integration:a,!synthetic:true}`, different("synthetic:true", "!synthetic:true")],
  ["a bare key is written without a value", `${S}{integration:a}`, `${S}{integration:a,synthetic}`, different("no such filter", "synthetic")],
];

describe("sli-stream mutants: the exact problem of a part against its total", () => {
  for (const [name, part, whole, expected] of ROWS) {
    it(name, () => {
      assert.equal(subsetProblem(queries(part), queries(whole), SIDES), expected);
    });
  }

  it("an error rate whose errors count another metric: the diagnostic at detection.errors, in the words of errors", () => {
    const fixture = loadFixture();
    const file = "inventory/integrations/integration-0001.yaml";
    fixture.files.set(
      file,
      replaceOnce(fixture.files.get(file)!, "errors: count:martech.forwarder.settled{integration:integration-0001,!outcome:forwarded}", "errors: count:martech.forwarder.failed{integration:integration-0001}"),
    );
    const found = validateFixture(fixture).diagnostics.filter((d) => d.rule === "sli-stream");
    assert.deepStrictEqual(found.map(formatDiagnostic), [
      `${file}:49:15: error: failure mode api-errors: detection.errors counts martech.forwarder.failed but detection.total counts martech.forwarder.settled, a different stream: errors must be a subset of the total, or the ratio can exceed 100% and hide failures; divide one forwarder metric by itself (for deliveries, martech.forwarder.settled with the same tags, narrowed by outcome or within_slo on the errors side) [sli-stream]`,
    ]);
  });
});
