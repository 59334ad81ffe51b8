/**
 * Captured DogStatsD datagrams to simulator input (compiler/simulate/dogstatsd.ts): the format of
 * Datadog's datagram page, distributions counted per interval, everything else refused with its
 * reason. The end-to-end drill (endToEnd.test.ts) feeds it what the real forwarder sends.
 */
import { strict as assert } from "node:assert";
import { formatDogStatsdErrors, parseDogStatsdLine, seriesFromDogStatsd, type CapturedDatagram } from "../../compiler/simulate/dogstatsd";
import { evaluateMetricMonitor, parseMetricMonitor } from "../../compiler/simulate/evaluate";
import { serialize } from "../../forwarder/metrics/emitter";
import { metric } from "../../forwarder/metrics/names";

const at = (atSeconds: number, text: string): CapturedDatagram => ({ atSeconds, text });

describe("simulate: DogStatsD datagrams as input series", () => {
  it("reads the forwarder emitter's own lines", () => {
    const line = serialize(metric("settled", { integration: "web-lead-form-to-crm", source: "hubspot-contact-events", destination: "salesforce", synthetic: false, outcome: "forwarded", within_slo: true }));
    const parsed = parseDogStatsdLine(line!);
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.message);
    assert.equal(parsed.line.metric, "martech.forwarder.settled");
    assert.deepEqual(parsed.line.values, [1]);
    assert.deepEqual(parsed.line.tags, [
      "destination:salesforce", "integration:web-lead-form-to-crm", "outcome:forwarded", "source:hubspot-contact-events", "synthetic:false", "within_slo:true",
    ]);
  });

  it("counts the values of a distribution per interval, whatever they are, and leaves an interval without values empty", () => {
    const r = seriesFromDogStatsd([
      at(5, "lat:1200|d|#s:a\nlat:3400|d|#s:a"),
      at(59.9, "lat:7|d|#s:a"),
      // Packed values (protocol v1.1) count one each.
      at(60, "lat:1:2:3|d|#s:a"),
      at(185, "lat:9|d|#s:a\n"),
    ], { intervalSeconds: 60 });
    assert.ok(r.ok);
    // Each interval's count is stamped with its end: [0, 60) is the sample at 60 (index 1),
    // [60, 120) at 120, [180, 240) at 240; sample 0 (the interval ending at 0) is always a gap.
    assert.deepEqual(r.input, { intervalSeconds: 60, series: [{ metric: "lat", tags: ["s:a"], values: [undefined, 3, 3, undefined, 1] }] });
  });

  it("stamps a value with the end of its interval, so a monitor never reads it before it arrived (7:15 is the sample at 8:00)", () => {
    const r = seriesFromDogStatsd([at(7 * 60 + 15, "m:1|d|#s:a")], { intervalSeconds: 60 });
    assert.ok(r.ok);
    assert.deepEqual(r.input.series[0]!.values, [...Array<undefined>(8).fill(undefined), 1]);
    const monitor = parseMetricMonitor("sum(last_5m):count:m{s:a} > 0");
    const state = (minute: number) => {
      const e = evaluateMetricMonitor(monitor, {}, r.input, minute * 60);
      return e.kind === "evaluated" ? e.groups.map((g) => g.outcome) : e.message;
    };
    assert.deepEqual(state(7), ["SKIPPED"], "at 7:00 the webhook of 7:15 has not happened");
    assert.deepEqual(state(8), ["ALERT"]);
  });

  it("is one series per metric and tag set, whatever the tags' order, and pads every series to the drill's length", () => {
    const r = seriesFromDogStatsd([at(0, "m:1|d|#b:2,a:1\nm:1|d|#a:1,b:2,a:1\nm:1|d\nn:1|d|@1|#a:1")], { intervalSeconds: 60, samples: 3 });
    assert.ok(r.ok);
    assert.deepEqual(r.input.series, [
      { metric: "m", tags: [], values: [undefined, 1, undefined] },
      { metric: "m", tags: ["a:1", "b:2"], values: [undefined, 2, undefined] },
      { metric: "n", tags: ["a:1"], values: [undefined, 1, undefined] },
    ]);
  });

  const refused: [string, RegExp][] = [
    ["m:1|c", /type "c" is not a distribution/],
    ["m:1|g", /type "g" is not a distribution/],
    ["m:1|h", /type "h"/],
    ["m:1|ms", /type "ms"/],
    ["m:abc|s", /"abc" is not a number/],
    ["m:1|d|@0.5", /sampled distributions are not simulated/],
    ["m:1|d|T1767225600", /client timestamp/],
    ["m:1|d|c:4d2f9e", /unknown field "c:4d2f9e"/],
    ["_e{5,4}:title|text", /an event/],
    ["_sc|redis|0", /a service check/],
    ["1m:1|d", /"1m" is not a metric name/],
    ["m.x-y:1|d", /is not a metric name/],
    ["m:0x10|d", /"0x10" is not a number/],
    ["m:NaN|d", /"NaN" is not a number/],
    ["m:1e400|d", /out of range/],
    ["m:|d", /"" is not a number/],
    ["m:1", /not <name>:<value>\|<type>/],
    ["m|d", /not <name>:<value>\|<type>/],
    ["m:1|d|#a:1,,b:2", /an empty tag/],
    ["m:1|d|#a:1,", /an empty tag/],
    ["m:1|d|#a:1|#b:2", /two tag fields/],
    ["", /an empty line/],
  ];
  for (const [line, message] of refused) {
    it(`refuses ${JSON.stringify(line)} rather than guessing`, () => {
      const parsed = parseDogStatsdLine(line);
      assert.ok(!parsed.ok, `${line} was accepted`);
      assert.match(parsed.message, message);
    });
  }

  it("reports every malformed line with its datagram and line, and returns no series at all", () => {
    const r = seriesFromDogStatsd([at(0, "m:1|d"), at(60, "m:1|d\n\nm:1|c"), at(-1, "m:1|d")], { intervalSeconds: 60 });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => [e.datagram, e.line, e.text]), [[1, 2, ""], [1, 3, "m:1|c"], [2, 0, ""]]);
    assert.match(formatDogStatsdErrors(r.errors), /^datagram 1, line 2: an empty line\ndatagram 1, line 3: type "c" is not a distribution.*\(\"m:1\|c\"\)\ndatagram 2, line 0: arrival time -1 is not a simulated time at or after 0$/);
  });

  it("refuses an interval that is not positive", () => {
    assert.throws(() => seriesFromDogStatsd([], { intervalSeconds: 0 }), /intervalSeconds must be positive/);
  });
});
