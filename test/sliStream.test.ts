/**
 * sli-stream's comparison of a part (an SLO's good events, an error rate's errors) with its
 * total, one row per case: whether the part is a subset of the total from the same stream.
 * The positioned diagnostics are rows of test/rules.test.ts.
 */
import { strict as assert } from "node:assert";
import { subsetProblem } from "../compiler/validate/rules/sliStream";
import { metricQueries } from "./support/metricQueries";

const queries = metricQueries;
const SIDES = { part: "sli.good", whole: "sli.total", partNoun: "good events" };
const S = "count:martech.forwarder.settled";
const TARGET = "integration:a,source:hooks,destination:crm";

const ROWS: [name: string, part: string, whole: string, problem: RegExp | undefined][] = [
  ["the same stream, good narrowed by within_slo", `${S}{${TARGET},within_slo:true}`, `${S}{${TARGET}}`, undefined],
  ["errors narrowed by a negated outcome and a reason", `${S}{${TARGET},!outcome:forwarded,reason:server_error}`, `${S}{${TARGET}}`, undefined],
  ["tags in another order", `${S}{destination:crm,within_slo:true,source:hooks,integration:a}`, `${S}{${TARGET}}`, undefined],
  ["enqueued is a documented subset of received", "count:martech.forwarder.enqueued{integration:a}", "count:martech.forwarder.received{integration:a}", undefined],
  ["boolean scopes that say the same", `${S}{integration:a AND (source:x OR source:y) AND within_slo:true}`, `${S}{(source:y OR source:x) AND integration:a}`, undefined],
  ["NOT term and ! term are the same filter", `${S}{integration:a AND NOT synthetic:true AND within_slo:true}`, `${S}{integration:a,!synthetic:true}`, undefined],
  ["metrics that are not the forwarder's are not this rule's", "sum:martech.lead_sync.ok{a:b}.as_count()", "sum:martech.lead_sync.all{c:d}.as_count()", undefined],
  ["received is not a subset of enqueued", "count:martech.forwarder.received{integration:a}", "count:martech.forwarder.enqueued{integration:a}", /sli\.good counts martech\.forwarder\.received but sli\.total counts martech\.forwarder\.enqueued, a different stream/],
  ["attempts over deliveries", "count:martech.forwarder.failed{integration:a}", "count:martech.forwarder.received{integration:a}", /counts martech\.forwarder\.failed but sli\.total counts martech\.forwarder\.received/],
  ["the sample's old lead SLO: another source and a synthetic filter on one side", `${S}{integration:a,source:hubspot,destination:salesforce,within_slo:true}`, `${S}{integration:a,source:webflow,synthetic:false}`, /\(sli\.good has source:hubspot, destination:salesforce, sli\.total has source:webflow, synthetic:false\)/],
  ["good narrowed by destination", `${S}{integration:a,destination:crm,within_slo:true}`, `${S}{integration:a}`, /sli\.good has destination:crm, sli\.total has no such filter/],
  ["an OR over sources that differs", `${S}{integration:a AND (source:x OR source:y)}`, `${S}{integration:a AND (source:x OR source:z)}`, /select different deliveries/],
  ["total narrower than good", `${S}{${TARGET}}`, `${S}{${TARGET},outcome:forwarded}`, /sli\.total filters outcome:forwarded but sli\.good does not/],
  ["forwarder good over another metric's total", `${S}{${TARGET},within_slo:true}`, "sum:martech.lead_sync.leads{a:b}.as_count()", /sli\.good counts the webhook forwarder's martech\.forwarder\.settled but sli\.total counts other metrics/],
  ["each part of a sum must lie within the total", `${S}{${TARGET},outcome:rejected} + count:martech.forwarder.failed{${TARGET}}`, `${S}{${TARGET}}`, /counts martech\.forwarder\.failed/],
];

describe("sli-stream: part within total", () => {
  for (const [name, part, whole, expected] of ROWS) {
    it(name, () => {
      const problem = subsetProblem(queries(part), queries(whole), SIDES);
      if (expected === undefined) assert.equal(problem, undefined);
      else assert.match(problem ?? "(no problem)", expected);
    });
  }
});
