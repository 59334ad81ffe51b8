/**
 * unknown-resource and message-injection beyond test/staleReferences.test.ts and
 * test/hostile/notifications.test.ts (mutation testing, issue 16): every query field the rule reads
 * (SLI good and total, errors and total, a reconciliation's two counts) at its own position, tag
 * keys in any case, tags that name no AWS resource, queries that do not parse; and the exact
 * words of message-injection for text outside a monitor message (a retired SLO's reason, an SLO
 * description), for a status page, and for long handles and mentions that are not repeated.
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../compiler/diagnostics";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";
const SYSTEMS = "inventory/systems.yaml";
const RATE_LIMIT_QUERY = "query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}";
const OLD = "martech-forwarder-old";
const NO_QUEUE = `selects no data, so nothing built on this query can ever alert: the forwarder has no queue ${OLD}; every webhook source shares the queue martech-prod-webhooks and its dead-letter queue martech-prod-webhooks-dlq`;

/** The diagnostics of `rule` (all of them when omitted) after replacing `from` with `to` once in `file`. */
function after(file: string, from: string, to: string, rule?: string): string[] {
  const fixture = loadFixture();
  fixture.files.set(file, replaceOnce(fixture.files.get(file)!, from, to));
  return validateFixture(fixture)
    .diagnostics.filter((d) => rule === undefined || d.rule === rule)
    .map(formatDiagnostic);
}

const unknownAfter = (from: string, to: string) => after(INT1, from, to, "unknown-resource");
const injectionAfter = (file: string, from: string, to: string) => after(file, from, to, "message-injection");

describe("unknown-resource: every query field, at its position", () => {
  it("checks an SLI's good and total queries", () => {
    assert.deepEqual(unknownAfter("good: count:martech.forwarder.settled{integration:integration-0001,within_slo:true}", `good: count:aws.sqs.x{queuename:${OLD}}`), [
      `${INT1}:21:39: error: slo delivered-within-60s: sli.good: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`,
    ]);
    assert.deepEqual(unknownAfter("total: count:martech.forwarder.received{integration:integration-0001}", `total: count:aws.sqs.x{queuename:${OLD}}`), [
      `${INT1}:30:40: error: slo accepted: sli.total: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`,
    ]);
  });

  it("checks an error-rate's errors and total queries", () => {
    assert.deepEqual(unknownAfter("errors: count:martech.forwarder.settled{integration:integration-0001,!outcome:forwarded}", `errors: count:aws.sqs.x{queuename:${OLD}}`), [
      `${INT1}:49:41: error: failure mode api-errors: detection.errors: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`,
    ]);
    assert.deepEqual(
      unknownAfter("total: count:martech.forwarder.settled{integration:integration-0001}\n      window: 15m", `total: count:aws.sqs.x{queuename:${OLD}}\n      window: 15m`),
      [`${INT1}:50:40: error: failure mode api-errors: detection.total: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`],
    );
  });

  it("checks a reconciliation's upstream and downstream counts", () => {
    assert.deepEqual(
      unknownAfter('count: "count:martech.forwarder.received{integration:integration-0001}" }', `count: "count:aws.sqs.x{queuename:${OLD}}" }`),
      [`${INT1}:39:76: error: failure mode field-deprecated: detection.upstream.count: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`],
    );
    assert.deepEqual(
      unknownAfter('count: "count:martech.forwarder.settled{integration:integration-0001,outcome:forwarded}" }', `count: "count:aws.sqs.x{queuename:${OLD}}" }`),
      [`${INT1}:40:75: error: failure mode field-deprecated: detection.downstream.count: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`],
    );
  });
});

describe("unknown-resource: which tags and queries", () => {
  it("reads a tag key in any case, as Datadog lowercases tags, and names the key as written", () => {
    assert.deepEqual(unknownAfter(RATE_LIMIT_QUERY, `query: max:aws.sqs.x{QueueName:${OLD}}`), [
      `${INT1}:76:38: error: failure mode rate-limit: detection.query: QueueName:${OLD} ${NO_QUEUE} [unknown-resource]`,
    ]);
  });

  it("leaves a stack-like name under a tag that names no AWS resource alone", () => {
    assert.deepEqual(unknownAfter(RATE_LIMIT_QUERY, `query: max:aws.sqs.x{env:${OLD},queuename:martech-prod-webhooks}`), []);
  });

  it("leaves a query that does not parse to query-syntax", () => {
    assert.deepEqual(after(INT1, RATE_LIMIT_QUERY, `query: max:aws.sqs.x{queuename:${OLD}`), [
      `${INT1}:76:59: error: failure mode rate-limit: detection.query: Datadog cannot read this query: expected "}" to close the tag scope opened at column 27 [query-syntax]`,
    ]);
  });

  it("reports each selection at its own name, not at an earlier occurrence of the same text", () => {
    assert.deepEqual(unknownAfter(RATE_LIMIT_QUERY, `query: max:aws.sqs.x{queuename:${OLD}} + max:aws.sqs.y{queuename:${OLD}}`), [
      `${INT1}:76:38: error: failure mode rate-limit: detection.query: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`,
      `${INT1}:76:87: error: failure mode rate-limit: detection.query: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`,
    ]);
    assert.deepEqual(unknownAfter(RATE_LIMIT_QUERY, `query: max:aws.sqs.x{env:${OLD},queuename:${OLD}}`), [
      `${INT1}:76:64: error: failure mode rate-limit: detection.query: queuename:${OLD} ${NO_QUEUE} [unknown-resource]`,
    ]);
  });
});

describe("message-injection: exact words", () => {
  it("tells a retired SLO's reason that it is copied into the SLO's description, where a handle or mention only reads as one", () => {
    const retired = (reason: string) => injectionAfter(INT1, "    window: 7d\n", `    window: 7d\n    retired: { reason: ${reason} }\n`);
    assert.deepEqual(retired("Replaced by the ingress SLO @pagerduty-integration-0002"), [
      `${INT1}:27:52: error: slo accepted: retired.reason: "@pagerduty-integration-0002" reads as a notification handle, and this text is copied into the SLO's description in Datadog; write it without "@" [message-injection]`,
    ]);
    assert.deepEqual(retired("Replaced by the ingress SLO <!here>"), [
      `${INT1}:27:52: error: slo accepted: retired.reason: "<!here>" is a Slack mention, and this text is copied into the SLO's description in Datadog; remove it [message-injection]`,
    ]);
  });

  it("names a Slack mention in an SLO description, and does not repeat one over 60 characters", () => {
    const description = (text: string) => injectionAfter(INT1, "description: Webhook deliveries accepted by the forwarder.", `description: Webhook deliveries accepted by the forwarder ${text}`);
    assert.deepEqual(description("<!here>"), [
      `${INT1}:24:63: error: slo accepted: description: "<!here>" is a Slack mention, and this text is copied into the SLO's description in Datadog; remove it [message-injection]`,
    ]);
    assert.deepEqual(description(`<!subteam^${"S".repeat(60)}>`), [
      `${INT1}:24:63: error: slo accepted: description: Slack mention syntax is a Slack mention, and this text is copied into the SLO's description in Datadog; remove it [message-injection]`,
    ]);
    assert.deepEqual(injectionAfter(INT1, "title: CRM API errors", `title: CRM API errors <!subteam^${"S".repeat(60)}>`), [
      `${INT1}:44:27: error: failure mode api-errors: title: Slack mention syntax would notify everyone in the Slack channel that receives this failure mode's monitor name and message; remove it [message-injection]`,
    ]);
  });

  it("repeats a handle of 60 characters (without the sentence's full stop) and not one of 61", () => {
    const sixty = `@${"a".repeat(59)}`;
    assert.deepEqual(injectionAfter(INT1, "title: CRM API errors", `title: CRM API errors ${sixty}.`), [
      `${INT1}:44:27: error: failure mode api-errors: title: "${sixty}" would notify whoever that handle names from this failure mode's monitor name and message; write it without "@" [message-injection]`,
    ]);
    assert.deepEqual(injectionAfter(INT1, "title: CRM API errors", `title: CRM API errors ${sixty}a.`), [
      `${INT1}:44:27: error: failure mode api-errors: title: an "@" handle would notify whoever that handle names from this failure mode's monitor name and message; write it without "@" [message-injection]`,
    ]);
  });

  it("says where a status page's mention would reach", () => {
    assert.deepEqual(injectionAfter(SYSTEMS, "name: hubspot\n", "name: hubspot\n    statusPage: https://status.hubspot.com/ <!channel>\n"), [
      `${SYSTEMS}:10:45: error: system hubspot: statusPage: "<!channel>" would notify everyone in the Slack channel that receives the status line of every monitor message that involves this system; remove it [message-injection]`,
    ]);
  });
});
