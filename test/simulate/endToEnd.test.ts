/**
 * The end-to-end drill (issue 13): the REAL forwarder (ingress and consumer handlers, real AWS SDK
 * clients against the loopback SQS server and dynalite, real fetch to the vendor fakes) runs the
 * sample integration web-lead-form-to-crm, configured exactly as the plan deploys it, while faults
 * are injected; the DogStatsD datagrams it actually sends are captured on a UDP socket, parsed
 * (compiler/simulate/dogstatsd.ts) and fed to the evaluator with the integration's planned
 * monitors. Each scenario asserts which monitors fire and which stay quiet, so the forwarder's
 * metrics and the inventory's queries are shown to agree, from a webhook's bytes to a page.
 *
 * Time is simulated (support/simulatedClock.ts): twenty minutes of outage take milliseconds, and
 * SQS's visibility timeouts and redeliveries happen at their simulated instants. The deployed
 * numbers decide the timings: the queue's visibility timeout is 6 minutes and a message is
 * received 5 times (compiler/lower/forwarder.ts), so a delivery that keeps failing is retried at
 * +6, +12, +18 and +24 minutes and settles (dead-lettered) on that fifth receive.
 *
 * HubSpot's contact webhook arrives at second 15 of its minutes, Webflow's form submission at
 * second 45. A metric point is stamped with the END of its simulated minute (compiler/simulate/input.ts:
 * sample i holds the interval ending at i), so whatever happens during minute m is first seen by
 * the evaluation at minute m + 1: a monitor never reads an event before it happened. `at N` below
 * is the monitors' evaluation at minute N.
 */
import { strict as assert } from "node:assert";
import { runAlertTest } from "../../compiler/simulate/runAlertTest";
import { inStackEnvironment } from "../../compiler/simulate/stackEnvironment";
import type { SeriesSet } from "../../compiler/simulate/input";
import { parseMetricExpression, metricQueriesIn } from "../../compiler/query/parse";
import { MONITOR } from "../../compiler/lower/monitors";
import { names } from "../../compiler/lower/names";
import type { PlannedMonitor } from "../../compiler/simulate/plannedMonitors";
import { HUBSPOT, INTEGRATION, startLeadFormWorld, WEBFLOW, type DrillResult, type LeadFormWorld, type MinutePlan, type Scenario } from "./support/leadFormWorld";

/**
 * The integration's monitors that read only what the forwarder emits (checked below). The others
 * read hubspot.api.rate_limit.remaining (hubspot-rate-limit-exhausted: the inventory says the
 * forwarder reads HubSpot's header, but forwarder/metrics/names.ts emits no such metric) or the
 * lead-sync poller's Salesforce counts (crm-field-deprecated-leads-dropped,
 * lead-complete-in-salesforce/*): a drill of the forwarder alone says nothing about them.
 */
const WATCHED = [
  "salesforce-rejects-lead-upserts",
  "form-submissions-stopped",
  "hubspot-webhook-signature-rejected",
  "webhook-hubspot-contact-events-silent",
  "lead-delivered-within-5m/fast",
  "lead-delivered-within-5m/medium",
  "lead-delivered-within-5m/slow",
] as const;
type Watched = (typeof WATCHED)[number];
const BURN = ["lead-delivered-within-5m/fast", "lead-delivered-within-5m/medium", "lead-delivered-within-5m/slow"] as const;

const HEALTHY: MinutePlan = { salesforce: "none", hubspot: "signed", webflow: false };
/** Whether a webhook sent every `n` minutes comes in `minute` (Webflow's demo form: the Datadog synthetic's, every 10, the inventory says). */
const every = (n: number, minute: number) => minute % n === 0;

/** The metrics a monitor reads, every query of it. */
function metricsRead(m: PlannedMonitor): string[] {
  if (m.monitor.kind === "metric") return metricQueriesIn(m.monitor.query.expr).map((q) => q.metric);
  return [m.monitor.slo.numerator, m.monitor.slo.denominator].flatMap((text) => {
    const parsed = parseMetricExpression(text);
    if (!parsed.ok) throw new Error(`${m.title}: ${parsed.error.message}`);
    return metricQueriesIn(parsed.expr).map((q) => q.metric);
  });
}

/** Values recorded in the whole drill for a metric, over every series carrying all the tags. */
function total(input: SeriesSet, metric: string, ...tags: string[]): number {
  return input.series
    .filter((s) => s.metric === `martech.forwarder.${metric}` && tags.every((t) => s.tags.includes(t)))
    .reduce((sum, s) => sum + s.values.reduce<number>((a, v) => a + (v ?? 0), 0), 0);
}
const salesforce = ["integration:web-lead-form-to-crm", "source:hubspot-contact-events", "destination:salesforce"];

describe("simulate: end-to-end drill of web-lead-form-to-crm (real forwarder, captured DogStatsD, planned monitors)", function () {
  // Simulated hours run in a few seconds; the margin is for a loaded machine, not for waiting.
  let world: LeadFormWorld;

  before(async function () {
    world = await startLeadFormWorld();
  });
  after(async () => {
    await world?.close();
  });

  /**
   * Runs the scenario and checks each evaluation time: the monitors named fire (ALERT, or NO DATA
   * for a heartbeat), every other watched monitor is OK. Exhaustive on purpose: a monitor that
   * fires where nobody expected it is as wrong as one that stays quiet.
   */
  async function drill(scenario: Scenario, checks: readonly { readonly at: number; readonly firing: readonly Watched[] }[]): Promise<DrillResult> {
    const result = await world.drill(scenario);
    const stats = result.emitterStats;
    assert.equal(stats.ingress.lostMetrics + stats.consumer.lostMetrics + stats.ingress.invalidMetrics + stats.consumer.invalidMetrics, 0, "every point reached the capture");
    // In Lambda the Datadog extension tags every point with the function's DD_ENV
    // (compiler/lower/forwarder.ts), which every planned query filters on; the drill runs the
    // handlers without the extension, so the stack's env is added as it would add it.
    const outcome = runAlertTest(inStackEnvironment({
      name: scenario.name,
      intervalSeconds: 60,
      input: result.input.series,
      expect: checks.map((c) => ({ atSeconds: c.at * 60, firing: c.firing, warning: [], quiet: WATCHED.filter((w) => !c.firing.includes(w)) })),
    }, world.monitors), world.monitors);
    const failures = outcome.failures.map((f) => `at ${f.atSeconds / 60}m ${f.monitor} should be ${f.expected}: ${f.observed}`);
    assert.deepEqual(failures, [], `${scenario.name}:\n${failures.join("\n")}`);
    return result;
  }

  it("watches exactly the integration's monitors that read only the forwarder's metrics", () => {
    const fedByForwarder = [...world.monitors].filter(([, m]) => metricsRead(m).every((name) => name.startsWith("martech.forwarder."))).map(([ref]) => ref);
    assert.deepEqual(fedByForwarder.sort(), [...WATCHED].sort());
  });

  it("healthy traffic: nothing fires", async () => {
    const result = await drill(
      { name: "healthy", minutes: 20, plan: (m) => ({ ...HEALTHY, hubspot: every(2, m) ? "signed" : "none", webflow: every(10, m) }) },
      [{ at: 5, firing: [] }, { at: 12, firing: [] }, { at: 19, firing: [] }],
    );
    assert.equal(total(result.input, "received", `source:${HUBSPOT}`), 10);
    assert.equal(total(result.input, "settled", ...salesforce, "outcome:forwarded", "within_slo:true"), 10);
    assert.equal(total(result.input, "settled", `source:${WEBFLOW}`, "destination:hubspot", "outcome:forwarded", "within_slo:true"), 2);
    assert.equal(total(result.input, "failed"), 0);
  });

  it("Salesforce answers 500 for 20 minutes: every lead arrives late, so the latency SLO burns while the error-rate monitor stays quiet", async () => {
    // Leads at even minutes; Salesforce fails [6, 26). A lead of minute m is retried at m+6, m+12...:
    // the first receive at or after minute 26 delivers it. Leads of 8, 14, 20 land at 26; of 10, 16,
    // 22 at 28; of 6 (its 5th and last receive), 12, 18, 24 at 30. All 10 take 6 minutes or more,
    // over the 5-minute SLO: `settled{outcome:forwarded,within_slo:false}`. None is lost, so
    // salesforce-rejects-lead-upserts (settled without a 2xx) never sees an error: a 20-minute
    // outage is shorter than the 24 minutes of redeliveries.
    //
    // Burn rate = error rate / 0.5% (objective 99.5). Nothing settles from 6 to 25: no events, no
    // burn. What settles during minute 26 (the leads of 8, 14 and 20, late, and the lead of 26, on
    // time) is the sample stamped 27, so nothing fires at 26. At 27 the short window (22m, 27m] has
    // 3 late and 1 on time (75%, burn 150), the hour 4 on time and 3 late (43%, burn 86): fast
    // (> 14.4 on both) fires, medium (> 6) and slow (> 3) too. Fast recovers at 36, when its
    // 5-minute window no longer holds the sample of minute 30 (stamped 31); medium's 30 minutes and
    // slow's 2 hours still hold it at 40.
    // In production the long windows would also hold the hours before the outage: a full day at this
    // rate is 720 leads, 10 late = 1.39% (burn 2.8), so the slow tier would stay quiet; six hours are
    // 180 leads, 5.6% (burn 11), so medium fires all the same. The drill's history starts at 0.
    const result = await drill(
      { name: "salesforce 500 for 20 minutes", minutes: 41, plan: (m) => ({ ...HEALTHY, salesforce: m >= 6 && m < 26 ? "error500" : "none", hubspot: every(2, m) ? "signed" : "none", webflow: every(10, m) }) },
      [
        { at: 5, firing: [] },
        { at: 26, firing: [] },
        { at: 27, firing: [...BURN] },
        { at: 35, firing: [...BURN] },
        { at: 36, firing: ["lead-delivered-within-5m/medium", "lead-delivered-within-5m/slow"] },
        { at: 40, firing: ["lead-delivered-within-5m/medium", "lead-delivered-within-5m/slow"] },
      ],
    );
    assert.equal(total(result.input, "settled", ...salesforce, "outcome:forwarded", "within_slo:false"), 10);
    assert.equal(total(result.input, "settled", ...salesforce, "outcome:dead_lettered"), 0);
    assert.equal(total(result.input, "failed", ...salesforce), total(result.input, "failed", ...salesforce, "reason:server_error"));
    assert.ok(result.salesforceRequests.error500 > 0);
    assert.deepEqual(result.deadLetters, []);
  });

  it("Salesforce refuses connections from minute 4: nothing fires until the first lead's fifth receive dead-letters it during minute 28, seen at 29", async () => {
    // Every lead from minute 4 on fails each receive (connection_error) and settles dead-lettered
    // on its fifth, 24 minutes after it arrived: the lead of 4 at 28:15, of 6 at 30:15... Until then
    // no delivery settles at all, so no monitor reading `settled` has anything to judge: the outage
    // is invisible to every monitor of the integration for 24 minutes. The settlement of 28:15 is
    // the sample stamped 29: at 29 the error rate is 1 of 1 and the SLO's windows hold 1 failure
    // against 2 on-time leads (33%, burn 67), and all three tiers fire with it. The lead of 4
    // reaches the dead-letter queue on the receive after its fifth, at 34:15.
    const result = await drill(
      { name: "salesforce refuses connections", minutes: 35, plan: (m) => ({ ...HEALTHY, salesforce: m >= 4 ? "refused" : "none", hubspot: every(2, m) ? "signed" : "none", webflow: every(10, m) }) },
      [
        { at: 3, firing: [] },
        { at: 28, firing: [] },
        { at: 29, firing: ["salesforce-rejects-lead-upserts", ...BURN] },
        { at: 34, firing: ["salesforce-rejects-lead-upserts", ...BURN] },
      ],
    );
    assert.equal(total(result.input, "settled", ...salesforce, "outcome:dead_lettered", "reason:connection_error"), 4);
    assert.equal(total(result.input, "dead_lettered", `source:${HUBSPOT}`), 4);
    assert.deepEqual(result.deadLetters.map((d) => [d.atSeconds, d.receiveCount]), [[34 * 60 + 15, 5]]);
  });

  it("HubSpot webhooks signed with another secret from minute 2: the signature monitor fires at 8, the source's silence monitor at 32", async () => {
    // One webhook a minute, at second 15, each refused 401 and counted
    // rejected{reason:signature_invalid}, never received. The threshold is more than 5 in 10
    // minutes: the rejections of minutes 2 to 7 are the samples stamped 3 to 8, the sixth seen at 8
    // (the one of 7:15 cannot be seen at 7:00). The last verified webhook came at 1:15, the sample
    // stamped 2, so the forwarder's own silence monitor for the source (15-minute window, no data
    // after 30 minutes) goes to NO DATA at 32.
    const result = await drill(
      { name: "hubspot bad signatures", minutes: 32, plan: (m) => ({ ...HEALTHY, hubspot: m >= 2 ? "bad-signature" : "signed", webflow: every(10, m) }) },
      [
        { at: 7, firing: [] },
        { at: 8, firing: ["hubspot-webhook-signature-rejected"] },
        { at: 31, firing: ["hubspot-webhook-signature-rejected"] },
        { at: 32, firing: ["hubspot-webhook-signature-rejected", "webhook-hubspot-contact-events-silent"] },
      ],
    );
    const hubspotAnswers = result.answers.filter((a) => a.source === HUBSPOT);
    assert.deepEqual(hubspotAnswers.filter((a) => a.status !== 200).map((a) => a.status), Array(30).fill(401));
    assert.equal(total(result.input, "received", `source:${HUBSPOT}`), 2, "a rejected request is never received");
    assert.equal(total(result.input, "rejected", `source:${HUBSPOT}`, "reason:signature_invalid"), 30);
  });

  it("Webflow's form webhook falls silent after minute 10: the heartbeat fires 30 minutes after the last submission's sample", async () => {
    // Submissions at 0:45 and 10:45 (the samples stamped 1 and 11), then none.
    // form-submissions-stopped reads received over 15 minutes and goes to NO DATA once nothing has
    // arrived for silentMinutes (30) after the last sample: at 41. The forwarder makes no
    // silence monitor of its own for this source: the failure mode already watches it (one outage,
    // one page); HubSpot's source, still sending, keeps its own silence monitor quiet.
    const result = await drill(
      { name: "webflow silent", minutes: 41, plan: (m) => ({ ...HEALTHY, hubspot: every(10, m) ? "signed" : "none", webflow: m === 0 || m === 10 }) },
      [
        { at: 25, firing: [] },
        { at: 40, firing: [] },
        { at: 41, firing: ["form-submissions-stopped"] },
      ],
    );
    assert.equal(total(result.input, "received", `source:${WEBFLOW}`), 2);
    assert.ok(!world.monitors.has(`webhook-${WEBFLOW}-silent`));
    assert.ok(!world.resources.some((r) => r.type === MONITOR && r.name === names.webhookSilence(INTEGRATION, WEBFLOW)), "no second monitor for the same silence");
  });
});
