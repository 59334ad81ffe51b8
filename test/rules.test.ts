/**
 * One failing fixture per rule: each row edits the valid fixture in one place and names
 * the exact diagnostic (rule id and file:line:col) that edit must produce.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, RULES, type RuleId } from "../compiler/diagnostics";
import { FAKE } from "./hostile/fakeSecrets";
import { transformTestDiagnostics } from "../compiler/validate/rules/transforms";
import { editFile as edit, loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";
import { editInline, editTestsFile, INLINE_FIRST_LINE, TESTS_FILE, withAlertTests } from "./support/alertTestFixture";

const INT1 = "inventory/integrations/integration-0001.yaml";
const INT4 = "inventory/integrations/integration-0004.yaml";
const editRunbook = (name: string, from: string, to: string) => (f: Fixture) => f.runbooks.set(name, replaceOnce(f.runbooks.get(name)!, from, to));
/** Gives the fixture's salesforce system a time zone (line 14) and these maintenance windows (from line 15): README, "Planned maintenance". */
const SYSTEMS = "inventory/systems.yaml";
const withMaintenance = (windows: string, zone = "    timeZone: Europe/Berlin\n") => edit(SYSTEMS, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n${zone}    maintenance:\n${windows}`);
const weekly = (rrule: string, duration = "2h", start = "2026-12-06T02:00") => `      - id: weekly\n        reason: Salesforce weekly maintenance\n        start: "${start}"\n        duration: ${duration}\n        rrule: ${rrule}\n`;
const once = (start: string, end: string) => `      - id: once\n        reason: Salesforce instance migration\n        start: "${start}"\n        end: "${end}"\n`;

/** Adds a change-freezes file (README, "Change freezes"): line 4 is the first freeze's id, 6 start, 7 end, 8 timeZone, 9 its scope or the next freeze. */
const FREEZES = "inventory/change-freezes.yaml";
const withFreezes = (...freezes: string[]) => (f: Fixture) => f.files.set(FREEZES, `version: reliability/v1\nkind: ChangeFreezes\nfreezes:\n${freezes.join("")}`);
const freeze = (id: string, start: string, end: string, { zone = "America/New_York", scope = "" } = {}) => `  - id: ${id}\n    reason: Black Friday\n    start: "${start}"\n    end: "${end}"\n    timeZone: ${zone}\n${scope}`;

/** Drops an integration's SLOs and the failure mode's reference to one. */
const withoutSlos = (file: string) => (f: Fixture) => {
  const text = f.files.get(file)!;
  const slos = text.slice(text.indexOf("slos:\n"), text.indexOf("failureModes:"));
  f.files.set(file, replaceOnce(replaceOnce(text, slos, ""), "    slo: delivered-within-60s\n", ""));
};

interface Row {
  readonly rule: RuleId;
  readonly change: (f: Fixture) => void;
  /** `file:line:col` of the diagnostic. */
  readonly at: string;
  /** Words the message must contain. */
  readonly says: string;
  readonly severity?: "error" | "warning";
  /** Reported by check's asynchronous step (transformTests), not by validation. */
  readonly async?: true;
}

const ROWS: Row[] = [
  { rule: "yaml-syntax", change: edit(INT1, "tier: 2", "tier: [2"), at: `${INT1}:8:1`, says: "YAML syntax error" },
  { rule: "yaml-syntax", change: edit(INT1, "tier: 2", "tier: 2\ntier: 3"), at: `${INT1}:8:1`, says: "unique" },
  { rule: "inventory-version", change: edit(INT1, "version: reliability/v1", "version: reliability/v0"), at: `${INT1}:2:10`, says: 'this tool reads "version: reliability/v1"' },
  { rule: "unknown-kind", change: edit(INT1, "kind: Integration", "kind: Integraton"), at: `${INT1}:3:7`, says: 'did you mean "Integration"?' },
  { rule: "schema", change: edit(INT1, "tier: 2", "tier: high"), at: `${INT1}:7:7`, says: "must be 1, 2 or 3" },
  { rule: "schema", change: edit(INT1, "      maxDropPercent: 5\n", ""), at: `${INT1}:38:7`, says: 'failure mode field-deprecated: detection: missing required field "maxDropPercent"' },
  { rule: "schema", change: edit(INT1, "kind: anomaly", "kind: anomally"), at: `${INT1}:66:13`, says: 'unknown kind "anomally"; did you mean "anomaly"?' },
  { rule: "schema", change: edit(INT1, "      below: 100\n", ""), at: `${INT1}:75:7`, says: "set exactly one of above or below" },
  { rule: "schema", change: edit("inventory/rotations.yaml", 'start: "09:00", end: "17:00" }\n    members: [growth', 'start: "09:00", end: "08:00" }\n    members: [growth'), at: "inventory/rotations.yaml:10:97", says: "rotation growth-engineering-primary: businessHours.end: end must be later than start" },
  { rule: "schema", change: edit(INT1, "    vendor: hubspot\n", "    vendor: generic-hmac\n"), at: `${INT1}:81:5`, says: "webhook hubspot-events: genericHmac: a generic-hmac webhook needs genericHmac (header, encoding)" },
  { rule: "schema", change: edit(INT1, "    secretConfigKey: hubspotWebhookSecret\n", "    secretConfigKey: hubspotWebhookSecret\n    deliverWithin: 5 minutes\n"), at: `${INT1}:84:20`, says: "webhook hubspot-events: deliverWithin: must be a latency such as 60s, 5m or 1h" },
  { rule: "schema", change: edit(INT1, "secretConfigKey: hubspotWebhookSecret", "secretConfigKey: hubspot-webhook-secret"), at: `${INT1}:83:22`, says: "secretConfigKey: must be a Pulumi config key such as hubspotWebhookSecret" },
  { rule: "schema", change: edit(INT1, "id: integration-0001", "id: webhook-forwarder"), at: `${INT1}:4:5`, says: "webhook-forwarder is the name of the shared webhook forwarder; choose another id" },
  { rule: "schema", change: edit(SYSTEMS, "name: hubspot\n", "name: hubspot\n    statusPage: javascript:alert(document.domain)\n"), at: `${SYSTEMS}:10:17`, says: "system hubspot: statusPage: must be a web address starting with https:// (or http://)" },
  { rule: "unknown-key", change: edit(INT1, "owner: revenue-operations", "ownr: revenue-operations"), at: `${INT1}:8:1`, says: 'unknown field "ownr"; did you mean "owner"?' },
  { rule: "unknown-key", change: edit(INT1, "    objective: 99.9", "    objective: 99.9\n    target: 99.9"), at: `${INT1}:26:5`, says: 'slo accepted: unknown field "target"' },
  { rule: "duplicate-id", change: edit(INT4, "id: integration-0004", "id: integration-0001"), at: `${INT4}:4:5`, says: `integration id "integration-0001" is already defined at ${INT1}:4` },
  { rule: "duplicate-id", change: edit(INT1, "title: CRM API errors", "title: CRM field deprecated"), at: `${INT1}:44:12`, says: 'failure mode of integration integration-0001 title "CRM field deprecated" is already defined at' },
  { rule: "duplicate-id", change: edit(INT1, "  - id: accepted", "  - id: delivered-within-60s"), at: `${INT1}:23:9`, says: "slo of integration integration-0001" },
  { rule: "unresolved-reference", change: edit(INT1, "owner: revenue-operations", "owner: revenue-ops"), at: `${INT1}:8:8`, says: 'there is no team "revenue-ops"' },
  { rule: "unresolved-reference", change: edit(INT1, "downstream: [hubspot, salesforce]", "downstream: [hubspot, salesforse]"), at: `${INT1}:14:23`, says: 'did you mean "salesforce"?' },
  { rule: "unresolved-reference", change: edit(INT1, "    slo: delivered-within-60s", "    slo: delivered-in-60s"), at: `${INT1}:36:10`, says: 'there is no slo "delivered-in-60s" in integration integration-0001' },
  { rule: "unresolved-reference", change: edit(INT1, "{ system: webflow-forms, count", "{ system: hubspot, count"), at: `${INT1}:39:27`, says: "in this integration's upstream list" },
  { rule: "unresolved-reference", change: edit("inventory/rotations.yaml", "owner: growth-engineering-1@example.com", "owner: someone@example.com"), at: "inventory/rotations.yaml:12:44", says: "among the members of team growth-engineering" },
  { rule: "runbook-missing", change: (f) => f.runbooks.delete("integration-0004.md"), at: `${INT4}:4:5`, says: "there is no runbook integration-0004.md" },
  { rule: "runbook-missing", change: edit(INT4, "tier: 2", "tier: 2\nrunbook: ../secrets.md"), at: `${INT4}:8:10`, says: "must be a relative path inside the runbooks folder" },
  { rule: "runbook-section-missing", change: editRunbook("integration-0004.md", "## Diagnosis", "## Debugging"), at: `${INT4}:4:5`, says: 'has no "## Diagnosis" section' },
  { rule: "runbook-section-empty", severity: "warning", change: editRunbook("integration-0004.md", "## Upstream and downstream\n\nUpstream and downstream for integration-0004. Check the forwarder dashboard, then run:\n\n```sh\naws logs tail /aws/lambda/integration-0004-consumer --since 1h\n```\n", "## Upstream and downstream\n"), at: "runbooks/integration-0004.md:11:1", says: 'section "Upstream and downstream" is empty' },
  { rule: "runbook-placeholder", change: editRunbook("integration-0004.md", "then run:\n\n```sh\naws logs tail /aws/lambda/integration-0004-consumer --since 1h\n```\n\n## Diagnosis", "then run: TODO\n\n## Diagnosis"), at: "runbooks/integration-0004.md:63:87", says: "placeholder TODO" },
  { rule: "failure-mode-heading-missing", change: editRunbook("integration-0004.md", "### Submission volume drop", "### Volume drop"), at: `${INT4}:62:12`, says: 'failure mode volume-drop: runbook runbooks/integration-0004.md has no "### Submission volume drop" heading' },
  { rule: "forwarder-runbook", change: (f) => f.runbooks.delete("webhook-forwarder.md"), at: `${INT1}:80:1`, says: "this integration and 5 others receive vendor webhooks through the shared webhook forwarder, but the runbooks folder has no webhook-forwarder.md" },
  { rule: "forwarder-runbook", change: editRunbook("webhook-forwarder.md", "### Deliveries dead-lettered", "### Dead letters"), at: "runbooks/webhook-forwarder.md:19:1", says: 'has no "### Deliveries dead-lettered" heading under "## Failure modes ranked by frequency"' },
  { rule: "forwarder-runbook", change: editRunbook("webhook-forwarder.md", "## Diagnosis", "## Debugging"), at: "runbooks/webhook-forwarder.md:69:1", says: 'the webhook forwarder\'s runbook has no "## Diagnosis" section' },
  { rule: "objective-range", change: edit(INT1, "objective: 99.9", "objective: 100"), at: `${INT1}:25:16`, says: "100% leaves no error budget" },
  { rule: "objective-range", change: edit(INT1, "objective: 99.9", "objective: 0"), at: `${INT1}:25:16`, says: "must be a percentage above 0 and below 100" },
  { rule: "burn-tier-dropped", severity: "warning", change: edit(INT1, "objective: 99.5", "objective: 93"), at: `${INT1}:18:16`, says: "slo delivered-within-60s: at 93% the burn rate can never exceed 14.286x, so the fast burn-rate alert (2% of the budget within 1h, 14.4x) is not created" },
  { rule: "burn-tier-dropped", severity: "warning", change: edit(INT1, "objective: 99.5\n    window: 30d", "objective: 99.5\n    window: 7d"), at: `${INT1}:19:13`, says: "slo delivered-within-60s: over 7d, the slow burn-rate alert (10% of the budget within 24h, 0.7x) is below 1x: it would fire while the SLO is still on track" },
  { rule: "objective-precision", change: edit(INT1, "objective: 99.9", "objective: 99.9995"), at: `${INT1}:25:16`, says: "slo accepted: objective: 99.9995 has more than three decimals; Datadog SLO targets take at most three" },
  { rule: "slo-window", change: edit(INT1, "window: 7d", "window: 28d"), at: `${INT1}:26:13`, says: '"28d" is not a window Datadog SLOs support' },
  { rule: "literal-secret", change: edit(INT1, "secretConfigKey: hubspotWebhookSecret", "secretConfigKey: 8f2b9c4e1a7d6f3b0c5e9a2d4f6b8c1e"), at: `${INT1}:83:22`, says: "must name a Pulumi config key" },
  { rule: "literal-secret", change: edit(INT1, "name: Synthetic integration 1", `name: Synthetic integration 1 ${FAKE.stripeSecretKey}`), at: `${INT1}:5:31`, says: "name: contains what looks like a Stripe secret key; keep secrets out of the inventory" },
  { rule: "literal-secret", change: edit(INT1, "tier: 2", `tier: 2  # DD key ${FAKE.datadogApiKey}`), at: `${INT1}:7:19`, says: "a comment holds what looks like a Datadog API key" },
  { rule: "literal-secret", change: edit(INT1, "  usdPerHour: 8019", `  ${FAKE.githubToken}: 1\n  usdPerHour: 8019`), at: `${INT1}:11:3`, says: "revenue: a field name holds what looks like a GitHub token" },
  { rule: "literal-secret", change: edit(INT1, "remaining{integration:integration-0001}", `remaining{integration:integration-0001,api_key:${FAKE.datadogApiKey}}`), at: `${INT1}:76:88`, says: "failure mode rate-limit: detection.query: contains what looks like a Datadog API key" },
  { rule: "literal-secret", change: edit(INT1, "url: https://example.my.salesforce.com/services/apexrest/leads", `url: https://leads:${FAKE.urlPassword}@example.my.salesforce.com/services/apexrest/leads`), at: `${INT1}:86:22`, says: 'forwardTo[0].url: carries a user name or password (user:password@ before the host), and this URL is shown in the plan and the pull request; keep credentials in Pulumi secret config ("pulumi config set --secret")' },
  { rule: "literal-secret", change: edit(INT1, "url: https://example.my.salesforce.com/services/apexrest/leads", "url: https://example.my.salesforce.com/services/apexrest/leads?access_token=abc123"), at: `${INT1}:86:72`, says: 'carries a credential in the query parameter "access_token"' },
  { rule: "literal-secret", change: editRunbook("integration-0004.md", "What it does and why revenue depends on it for integration-0004.", `What it does and why revenue depends on it for integration-0004. Key: ${FAKE.awsAccessKeyId}.`), at: "runbooks/integration-0004.md:5:71", says: "this runbook holds what looks like an AWS access key id" },
  { rule: "placeholder", change: edit(INT1, "basis: Leads per hour", "basis: TODO Leads per hour"), at: `${INT1}:12:10`, says: "revenue.basis: still holds the placeholder TODO" },
  { rule: "invalid-time-zone", change: edit("inventory/rotations.yaml", "    timeZone: America/New_York\n    handoff: { day: monday, time: \"09:00\" }\n    businessHours: { days: [monday, tuesday, wednesday, thursday, friday], start: \"09:00\", end: \"17:00\" }\n    members: [growth", "    timeZone: America/NewYork\n    handoff: { day: monday, time: \"09:00\" }\n    businessHours: { days: [monday, tuesday, wednesday, thursday, friday], start: \"09:00\", end: \"17:00\" }\n    members: [growth"), at: "inventory/rotations.yaml:8:15", says: '"America/NewYork" is not a time zone' },
  { rule: "top-revenue-coverage", change: withoutSlos(INT1), at: `${INT1}:11:15`, says: "is #2 by revenue exposure ($8,019/h), one of the top 5, so it needs at least one SLO" },
  { rule: "top-revenue-coverage", change: editRunbook("integration-0001.md", "### CRM API errors", "### API errors"), at: `${INT1}:11:15`, says: "so its runbook must be complete; 1 problem(s)" },
  { rule: "pagerduty-service-name", change: edit(INT1, "name: Synthetic integration 1", "name: Synthetic integration 1 & 2"), at: `${INT1}:5:7`, says: 'name: this integration pages, so it gets a PagerDuty service named "[martech] Synthetic integration 1 & 2", and PagerDuty does not accept "&" in a service name' },
  { rule: "pagerduty-service-name", change: edit(INT4, "name: Synthetic integration 4", "name: Synthetic integration 4/5"), at: `${INT4}:5:7`, says: 'does not accept "/" in a service name (no \\ / & < > or invisible characters); write "or" or a dash instead of "/"' },
  { rule: "pagerduty-service-name", change: edit("inventory/rotations.yaml", "name: revenue-operations primary", "name: revenue-operations & billing primary"), at: "inventory/rotations.yaml:15:11", says: 'rotation revenue-operations-primary: name: this rotation gets a PagerDuty escalation policy named "revenue-operations & billing primary escalation", and PagerDuty does not accept "&" in an escalation policy name (no \\ / & < > or invisible characters); write "and" instead of "&"' },
  { rule: "after-hours-coverage", change: edit("inventory/rotations.yaml", "revenue-operations-1@example.com }\n    afterHours: page", "revenue-operations-1@example.com }\n    afterHours: next-business-day"), at: "inventory/integrations/integration-0003.yaml:9:11", says: "rotation: this tier-1 integration pages through rotation revenue-operations-primary, which has afterHours: next-business-day, so out of hours nobody is on call and its pages would wait until 09:00 America/New_York on the next business day; set afterHours: page on revenue-operations-primary" },
  { rule: "schema", change: edit("inventory/rotations.yaml", "growth-engineering-1@example.com }\n    afterHours: page", "growth-engineering-1@example.com }\n    afterHours: pages"), at: "inventory/rotations.yaml:13:17", says: 'rotation growth-engineering-primary: afterHours: "pages" is not allowed; did you mean "page"?' },
  { rule: "schema", change: edit("inventory/rotations.yaml", "growth-engineering-1@example.com }\n    afterHours: page\n", "growth-engineering-1@example.com }\n"), at: "inventory/rotations.yaml:5:5", says: 'rotation growth-engineering-primary: missing required field "afterHours" (one of: page, next-business-day)' },
  { rule: "schema", change: edit("inventory/rotations.yaml", "days: [monday, tuesday, wednesday, thursday, friday], start: \"09:00\", end: \"17:00\" }\n    members: [growth", "days: [monday, monday, wednesday, thursday, friday], start: \"09:00\", end: \"17:00\" }\n    members: [growth"), at: "inventory/rotations.yaml:10:28", says: "rotation growth-engineering-primary: businessHours.days: lists monday twice" },
  { rule: "monitor-window", change: edit(INT1, "      window: 1h\n      maxDropPercent: 5", "      window: 31d\n      maxDropPercent: 5"), at: `${INT1}:41:15`, says: "failure mode field-deprecated: detection.window: 31d is longer than 730h (about a month), outside the evaluation windows Datadog monitors accept (1m to 730h)" },
  { rule: "anomaly-window", change: edit(INT1, "      window: 1h\n      direction: below", "      window: 4m\n      direction: below"), at: `${INT1}:68:15`, says: "failure mode volume-drop: detection.window: 4m holds fewer than 5 points at the default rollup of 60 seconds" },
  { rule: "anomaly-window", change: edit(INT1, "      window: 1h\n      direction: below", "      window: 1h\n      rollupSeconds: 900\n      direction: below"), at: `${INT1}:68:15`, says: "its rollup of 900 seconds (rollupSeconds); Datadog needs the anomaly alert window to be at least 5 rollups long, so use a window of 75m or more" },
  { rule: "anomaly-seasonality", severity: "warning", change: edit(INT1, "    response: ticket\n    detection:\n      kind: anomaly", "    response: page\n    detection:\n      kind: anomaly"), at: `${INT1}:66:7`, says: "failure mode volume-drop: detection: Datadog's agile algorithm with weekly seasonality needs 3 weeks of the metric's history before its band means anything, and the inventory does not say how old the metric is; add metricSince" },
  { rule: "schema", change: edit(INT1, "      direction: below\n", "      direction: below\n      algorithm: basic\n      seasonality: weekly\n"), at: `${INT1}:71:20`, says: "failure mode volume-drop: detection.seasonality: the basic algorithm has no seasonality" },
  { rule: "schema", change: edit(INT1, "      direction: below\n", "      direction: below\n      metricSince: 2025-02-30\n"), at: `${INT1}:70:20`, says: "must be a date such as 2025-01-15" },
  { rule: "unresolved-reference", change: edit(INT1, "    response: ticket\n    detection:\n      kind: anomaly", "    response: ticket\n    systems: [hubspot, stripe]\n    detection:\n      kind: anomaly"), at: `${INT1}:65:24`, says: "there is no system \"stripe\" in this integration's upstream or downstream list" },
  { rule: "unknown-resource", change: edit(INT1, "query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}", "query: max:aws.sqs.approximate_age_of_oldest_message{queuename:martech-forwarder-hubspot-events}"), at: `${INT1}:76:70`, says: "failure mode rate-limit: detection.query: queuename:martech-forwarder-hubspot-events selects no data, so nothing built on this query can ever alert: the forwarder has no queue martech-forwarder-hubspot-events; every webhook source shares the queue martech-prod-webhooks" },
  { rule: "runbook-stale-reference", change: editRunbook("integration-0004.md", "Diagnosis for integration-0004. Check the forwarder dashboard, then run:", "Diagnosis for integration-0004: `aws lambda get-function-concurrency --function-name martech-forwarder-hubspot-events`."), at: "runbooks/integration-0004.md:71:86", says: "the forwarder has no Lambda martech-forwarder-hubspot-events; its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer" },
  { rule: "runbook-stale-reference", change: editRunbook("integration-0004.md", "Diagnosis for integration-0004. Check the forwarder dashboard, then run:", "Diagnosis for integration-0004: `pulumi config set forwarderConcurrency 50 --stack prod`."), at: "runbooks/integration-0004.md:71:52", says: 'this stack reads no config key "forwarderConcurrency"; did you mean "forwarderIngressConcurrency"?' },
  { rule: "runbook-stale-reference", change: editRunbook("integration-0004.md", "Diagnosis for integration-0004. Check the forwarder dashboard, then run:", "Diagnosis for integration-0004: `count:martech.forwarder.received{integration:integration-0004} by {topic}`."), at: "runbooks/integration-0004.md:71:101", says: 'martech.forwarder.received is grouped by "topic", a tag the forwarder never sends on it' },
  { rule: "query-syntax", change: edit(INT1, "rate_limit.remaining{integration:integration-0001}\n", "rate_limit.remaining{integration:integration-0001\n"), at: `${INT1}:76:79`, says: 'failure mode rate-limit: detection.query: Datadog cannot read this query: expected "}" to close the tag scope opened at column 50' },
  { rule: "query-syntax", change: edit(INT1, "query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}", "query: please count all the leads"), at: `${INT1}:76:14`, says: '"please" is not a metric query; write <aggregator>:<metric>{<tags>}' },
  { rule: "threshold-aggregation", change: edit(INT1, "query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}", "query: sum:hubspot.api.calls{integration:integration-0001}.as_count()"), at: `${INT1}:75:7`, says: "failure mode rate-limit: detection.aggregation: the query counts events with .as_count(), and Datadog evaluates such a monitor only in total; the aggregation, which defaults to avg, cannot be used with it, so set aggregation: sum" },
  { rule: "sli-stream", change: edit(INT1, "good: count:martech.forwarder.settled{integration:integration-0001,within_slo:true}", "good: count:martech.forwarder.enqueued{integration:integration-0001}"), at: `${INT1}:21:13`, says: "slo delivered-within-60s: sli.good counts martech.forwarder.enqueued but sli.total counts martech.forwarder.settled, a different stream: good events must be a subset of the total, or the ratio can exceed 100% and hide failures" },
  { rule: "sli-stream", change: edit(INT1, "total: count:martech.forwarder.settled{integration:integration-0001}\n  - id: accepted", "total: count:martech.forwarder.settled{integration:integration-0001,synthetic:false}\n  - id: accepted"), at: `${INT1}:21:13`, says: "sli.good and sli.total select different deliveries (sli.good has no such filter, sli.total has synthetic:false): give both the same integration, source, destination, synthetic filters" },
  { rule: "sli-stream", change: edit(INT1, "total: count:martech.forwarder.settled{integration:integration-0001}\n  - id: accepted", "total: count:martech.forwarder.settled{integration:integration-0001,outcome:forwarded}\n  - id: accepted"), at: `${INT1}:21:13`, says: "sli.total filters outcome:forwarded but sli.good does not" },
  { rule: "sli-stream", change: edit(INT1, "good: count:martech.forwarder.enqueued{integration:integration-0001}", "good: sum:martech.forwarder.enqueued{integration:integration-0001}.as_count()"), at: `${INT1}:29:13`, says: "slo accepted: sli.good: the forwarder's martech.forwarder.enqueued is a distribution, which an SLO counts with count:martech.forwarder.enqueued{...}" },
  { rule: "sli-stream", change: edit(INT1, "errors: count:martech.forwarder.settled{integration:integration-0001,!outcome:forwarded}", "errors: count:martech.forwarder.failed{integration:integration-0001}"), at: `${INT1}:49:15`, says: "failure mode api-errors: detection.errors counts martech.forwarder.failed but detection.total counts martech.forwarder.settled, a different stream" },
  { rule: "message-injection", change: edit(INT1, "title: CRM API errors", "title: CRM API errors @pagerduty-integration-0002 {{/is_alert}}"), at: `${INT1}:44:27`, says: 'failure mode api-errors: title: "@pagerduty-integration-0002" would notify whoever that handle names from this failure mode\'s monitor name and message; write it without "@"' },
  { rule: "message-injection", change: edit(INT1, "title: CRM API errors", "title: CRM API errors @pagerduty-integration-0002 {{/is_alert}}"), at: `${INT1}:44:55`, says: 'failure mode api-errors: title: "{{" is Datadog template syntax' },
  { rule: "message-injection", change: edit(INT1, "name: Synthetic integration 1", 'name: "Synthetic integration 1\\n@webhook-exfiltrate"'), at: `${INT1}:5:31`, says: "name: a line break here would start a new line in every monitor message of this integration" },
  { rule: "message-injection", change: edit("inventory/systems.yaml", "name: hubspot\n", "name: hubspot\n    statusPage: https://status.hubspot.com/ <!channel>\n"), at: "inventory/systems.yaml:10:45", says: 'system hubspot: statusPage: "<!channel>" would notify everyone in the Slack channel' },
  { rule: "message-injection", change: edit(INT1, "description: Leads that reach Salesforce within 60 seconds.", 'description: "Leads that reach Salesforce within 60 seconds.\\nRetired: not really"'), at: `${INT1}:17:65`, says: "slo delivered-within-60s: description: a line break here would start a new line in the SLO's description in Datadog" },
  { rule: "reference-syntax", change: edit(INT1, "title: CRM API errors", "title: CRM API errors ${ref:pd-service-integration-0002:integrationKey}"), at: `${INT1}:44:27`, says: 'failure mode api-errors: title: "${" starts a placeholder that the deployment fills in with a value of another resource, such as a PagerDuty integration key or a web address, so this text could publish a secret or point somewhere else; write "$ {" or remove it' },
  { rule: "reference-syntax", change: edit(INT1, "remaining{integration:integration-0001}", "remaining{integration:${ref:pagerduty-user:id}}"), at: `${INT1}:76:63`, says: 'failure mode rate-limit: detection.query: "${" starts a placeholder' },
  { rule: "unreadable-file", change: (f) => f.files.set("inventory/notes\u0007.yaml", "version: reliability/v1\n"), at: "inventory/notes\\u0007.yaml:1:1", says: "this file's name holds a control character" },
  { rule: "file-too-large", change: edit(INT1, "tier: 2", `tier: 2\n# ${"x".repeat(1 << 20)}`), at: `${INT1}:1:1`, says: "inventory files and runbooks are read up to 1 MiB" },
  { rule: "invalid-text", change: edit(INT1, "tier: 2", "tier: 2\u0000"), at: `${INT1}:7:8`, says: "this file holds a NUL character (U+0000)" },
  { rule: "transform-syntax", change: edit(INT1, '"Email": email }] }', '"Email": email ]] }'), at: `${INT1}:88:86`, says: 'webhook hubspot-events: forwardTo salesforce: transform: JSONata cannot read this expression: Expected "}", got "]"' },
  { rule: "transform-syntax", change: edit(INT1, '"Email": email }] }', '"Email": $eval(email) }] }'), at: `${INT1}:88:80`, says: "$eval is not allowed in a transform: it would run text from the payload as code" },
  { rule: "transform-syntax", change: edit(INT1, '"Email": email }] }', '"Email": $match(email, /(a+)+@/) }] }'), at: `${INT1}:88:94`, says: "a regular expression with a repeated group that itself repeats, such as (a+)+ can take unbounded time" },
  { rule: "transform-test-failed", async: true, change: edit(INT1, "Email: ada@example.com }] }", "Email: grace@example.com }] }"), at: `${INT1}:91:70`, says: 'webhook hubspot-events: forwardTo salesforce: transformTests[0]: the transform\'s output differs from the expected output: records[0].Email is "ada@example.com", expected "grace@example.com"' },
  { rule: "transform-test-failed", async: true, change: edit(INT1, "input: { email: ada@example.com }", "input: { mail: ada@example.com }"), at: `${INT1}:91:70`, says: "transformTests[0]: the transform's output differs from the expected output: records[0].Email is missing" },
  { rule: "schema", change: edit(INT1, "        kind: salesforce\n", "        kind: salesforce\n        auth: { type: oauth2-refresh-token, secretConfigKey: salesforceLeadsClient }\n"), at: `${INT1}:88:23`, says: "oauth2-refresh-token needs tokenUrl, the token endpoint" },
  { rule: "schema", change: edit(INT1, "        kind: salesforce\n", "        kind: salesforce\n        headers: { Content-Type: application/json }\n"), at: `${INT1}:88:34`, says: "the forwarder sets Content-Type itself: set it with contentType" },
  { rule: "literal-secret", change: edit(INT1, "        kind: salesforce\n", "        kind: salesforce\n        auth: { type: bearer, secretConfigKey: 00D5g000004ABCD!AQ4AQFakeTokenValue9a8b7c6d5e4f3g2h1i0j }\n"), at: `${INT1}:88:48`, says: "must name a Pulumi config key" },
  // Planned maintenance (systems.yaml: salesforce gets timeZone on line 14, maintenance from line 15, its first window's fields on lines 16-20).
  { rule: "maintenance-window", change: withMaintenance(once("2027-03-28T02:30", "2027-03-28T03:15")), at: `${SYSTEMS}:19:14`, says: "system salesforce: maintenance window once: end: 2027-03-28T03:15 is not after start 2027-03-28T02:30 in Europe/Berlin; clocks in Europe/Berlin skip 02:30 that night, so it means 03:30; a window must end after it starts" },
  { rule: "maintenance-window", change: withMaintenance(once("2027-01-10T23:00", "2027-01-10T00:00")), at: `${SYSTEMS}:19:14`, says: "end: 2027-01-10T00:00 is not after start 2027-01-10T23:00 in Europe/Berlin; a window must end after it starts" },
  { rule: "maintenance-recurrence", change: withMaintenance(weekly("FREQ=WEEKLY;BYDAY=SU")), at: `${SYSTEMS}:20:28`, says: "system salesforce: maintenance window weekly: rrule: Datadog's SLO corrections accept only FREQ, INTERVAL, COUNT and UNTIL, not BYDAY; each occurrence takes its day and time from start" },
  { rule: "maintenance-recurrence", change: withMaintenance(weekly("FREQ=HOURLY")), at: `${SYSTEMS}:20:21`, says: "FREQ=HOURLY repeats more often than daily" },
  { rule: "maintenance-recurrence", change: withMaintenance(weekly("FREQ=WEEKLY", "8d")), at: `${SYSTEMS}:19:19`, says: "duration: each occurrence lasts 8d but the window repeats every week, so occurrences would overlap and the monitors would never be unmuted" },
  { rule: "maintenance-recurrence", change: withMaintenance(weekly("FREQ=MONTHLY", "2h", "2027-01-31T02:00")), at: `${SYSTEMS}:18:16`, says: "start: a monthly window starting on day 31 is skipped in every month without a 31st" },
  { rule: "maintenance-recurrence", change: withMaintenance(weekly("FREQ=WEEKLY;UNTIL=20261205T000000Z")), at: `${SYSTEMS}:20:28`, says: "rrule: UNTIL is before the first start (2026-12-06T02:00 Europe/Berlin), so the window never occurs" },
  { rule: "maintenance-past", severity: "warning", change: withMaintenance(once("2020-03-28T22:00", "2020-03-29T00:00")), at: `${SYSTEMS}:19:14`, says: "system salesforce: maintenance window once: this window ended at 2020-03-29 00:00 Europe/Berlin, so it mutes nothing any more and no stack creates its downtime now (Datadog refuses a start in the past); its SLO corrections keep it out of the error budget until it is older than the longest SLO window (30d), so remove it after 2020-04-27" },
  { rule: "maintenance-past", severity: "warning", change: withMaintenance(weekly("FREQ=DAILY;COUNT=3", "1h", "2020-03-27T02:00")), at: `${SYSTEMS}:20:16`, says: "this window had its last occurrence, which ended at 2020-03-29 04:00 Europe/Berlin" },
  { rule: "maintenance-scope", severity: "warning", change: edit(SYSTEMS, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n  - id: snowflake\n    name: snowflake\n    category: warehouse\n    timeZone: UTC\n    maintenance:\n${weekly("FREQ=WEEKLY")}`), at: `${SYSTEMS}:19:7`, says: "system snowflake: maintenance: no integration lists snowflake upstream or downstream, so these windows mute no monitor and correct no SLO" },
  { rule: "invalid-time-zone", change: withMaintenance(weekly("FREQ=WEEKLY"), "    timeZone: Europe/Berln\n"), at: `${SYSTEMS}:14:15`, says: 'system salesforce: timeZone: "Europe/Berln" is not a time zone; use an IANA name such as America/Los_Angeles' },
  { rule: "invalid-time-zone", change: withMaintenance(`${weekly("FREQ=WEEKLY")}        timeZone: CEST\n`), at: `${SYSTEMS}:21:19`, says: 'system salesforce: maintenance window weekly: timeZone: "CEST" is not a time zone' },
  { rule: "schema", change: withMaintenance(weekly("FREQ=WEEKLY"), ""), at: `${SYSTEMS}:15:9`, says: "system salesforce: maintenance window weekly: this window's times need a time zone: set timeZone on the system (an IANA name such as America/Los_Angeles) or on the window" },
  { rule: "schema", change: withMaintenance(`      - id: once\n        reason: r\n        start: "2027-03-28T02:30"\n`), at: `${SYSTEMS}:16:9`, says: "maintenance window once: end: a one-off window needs end; a recurring one needs rrule and duration" },
  { rule: "schema", change: withMaintenance(once("2027-02-30T02:30", "2027-03-01T02:30")), at: `${SYSTEMS}:18:16`, says: 'maintenance window once: start: must be a local date and time such as "2026-03-29T02:00"' },
  { rule: "schema", change: withMaintenance(weekly("FREQ=WEEKLY") + weekly("FREQ=MONTHLY")), at: `${SYSTEMS}:21:13`, says: 'system salesforce: maintenance window weekly: id: window id "weekly" is listed twice in this system; ids must be unique' },
  { rule: "message-injection", change: withMaintenance(weekly("FREQ=WEEKLY").replace("Salesforce weekly maintenance", "Salesforce weekly maintenance @pagerduty-integration-0002")), at: `${SYSTEMS}:17:47`, says: 'maintenance window weekly: reason: "@pagerduty-integration-0002" would notify whoever that handle names from the message of this window\'s downtimes' },
  // Alert tests: test/support/alertTestFixture.ts adds valid ones to integration-0001 (its own from line INLINE_FIRST_LINE, and a tests file), then each row breaks one thing; test/alertTestsFormat.test.ts has more.
  { rule: "alert-test-file", change: editTestsFile("integration: integration-0001", "integration: integration-0009"), at: `${TESTS_FILE}:3:14`, says: 'there is no integration "integration-0009" to test; did you mean "integration-0001"?' },
  { rule: "alert-test-duplicate-name", change: editTestsFile("HubSpot's API allowance runs low for half an hour", "CRM rejects a sixth of leads for half an hour"), at: `${TESTS_FILE}:5:11`, says: `integration integration-0001 already has a test of this name, at ${INT1}:${INLINE_FIRST_LINE + 1}` },
  { rule: "alert-test-values", change: editInline("0x30 2x30 0x90", "0x30 2x 0x90"), at: `${INT1}:${INLINE_FIRST_LINE + 6}:22`, says: 'input[1].values: "2x" is not a value' },
  { rule: "alert-test-series", change: editInline("outcome:dead_lettered}", "!outcome:dead_lettered}"), at: `${INT1}:${INLINE_FIRST_LINE + 5}:72`, says: 'input[1].series: an input series is one series as it is submitted, so it cannot exclude a tag with "!"' },
  { rule: "alert-test-unread-metric", change: editInline("martech.forwarder.received{", "martech.forwarder.recieved{"), at: `${INT1}:${INLINE_FIRST_LINE + 7}:17`, says: 'no monitor or SLO of integration integration-0001 reads martech.forwarder.recieved, so this series cannot change any alert; did you mean "martech.forwarder.received"?' },
  { rule: "alert-test-after-input", change: editInline("at: 90m", "at: 160m"), at: `${INT1}:${INLINE_FIRST_LINE + 14}:13`, says: "160m is after the last sample of every input series" },
  { rule: "alert-test-unknown-monitor", change: editInline("firing: [api-errors]", "firing: [api-error]"), at: `${INT1}:${INLINE_FIRST_LINE + 13}:18`, says: 'has no failure mode "api-error"; did you mean "api-errors"?' },
  { rule: "alert-test-not-created", change: editInline("quiet: [api-errors]\n      - at: 40m", "quiet: [api-errors, accepted/slow]\n      - at: 40m"), at: `${INT1}:${INLINE_FIRST_LINE + 11}:29`, says: "the plan creates no accepted/slow alert: slo accepted sets alerting.slow to off" },
  { rule: "alert-test-anomaly", change: editInline("firing: [api-errors]", "firing: [volume-drop]"), at: `${INT1}:${INLINE_FIRST_LINE + 13}:18`, says: "failure mode volume-drop is detected by an anomaly monitor, and anomaly monitors are not simulated" },
  { rule: "alert-test-contradiction", change: editInline("firing: [api-errors]", "firing: [api-errors]\n        quiet: [api-errors]"), at: `${INT1}:${INLINE_FIRST_LINE + 14}:17`, says: "api-errors is also listed under firing in this expectation" },
  // Nine monitors for a week inline (90,720 monitor-minutes), then the file's test for a week too (10,080 more).
  {
    rule: "alert-test-budget",
    change: (f) =>
      withAlertTests(
        f,
        (t) => replaceOnce(t, "at: 90m\n        quiet: [api-errors, silent]", "at: 7d\n        quiet: [api-errors, silent, field-deprecated, rate-limit, delivered-within-60s/fast, delivered-within-60s/medium, delivered-within-60s/slow, accepted/fast, accepted/medium]"),
        (t) => replaceOnce(t, "at: 2h", "at: 7d"),
      ),
    at: `${TESTS_FILE}:15:13`,
    says: "with this test, which runs 1 monitor for 10080 minutes, the alert tests of integration integration-0001 come to 100,800 monitor-minutes",
  },
  { rule: "schema", change: editTestsFile("interval: 5m", "interval: 45s"), at: `${TESTS_FILE}:6:15`, says: "45s neither divides a minute" },
  // Change freezes (withFreezes: the first freeze on lines 4-8, the second from line 9).
  { rule: "freeze-window", change: withFreezes(freeze("launch", "2026-12-02T00:00", "2026-12-01T00:00")), at: `${FREEZES}:7:10`, says: "change freeze launch: end: 2026-12-01T00:00 is not after start 2026-12-02T00:00 in America/New_York; end is the first minute deploys are allowed again" },
  { rule: "freeze-window", change: withFreezes(freeze("launch", "2027-03-28T02:30", "2027-03-28T03:15", { zone: "Europe/Berlin" })), at: `${FREEZES}:7:10`, says: "in Europe/Berlin; clocks in Europe/Berlin skip 02:30 that night, so it means 03:30" },
  { rule: "freeze-overlap", change: withFreezes(freeze("black-friday", "2026-11-26T00:00", "2026-12-01T00:00"), freeze("cyber-week", "2026-11-30T00:00", "2026-12-05T00:00", { zone: "Europe/Berlin" })), at: `${FREEZES}:11:12`, says: `change freeze cyber-week: 2026-11-30 00:00 to 2026-12-05 00:00 Europe/Berlin overlaps change freeze black-friday (2026-11-26 00:00 to 2026-12-01 00:00 America/New_York, ${FREEZES}:4), which has no scope either (both freeze everything); merge them into one window, or give them different scopes` },
  { rule: "freeze-overlap", change: withFreezes(freeze("a", "2026-11-26T00:00", "2026-12-01T00:00", { scope: "    scope: { teams: [revenue-operations], integrations: [integration-0001, integration-0002] }\n" }), freeze("b", "2026-11-30T23:00", "2026-12-05T00:00", { scope: "    scope: { integrations: [integration-0002, integration-0001], teams: [revenue-operations] }\n" })), at: `${FREEZES}:12:12`, says: "which has the same scope" },
  { rule: "freeze-scope", change: withFreezes(freeze("launch", "2026-11-26T00:00", "2026-12-01T00:00", { scope: "    scope:\n      integrations: [integration-0001, integraton-0002]\n" })), at: `${FREEZES}:10:40`, says: 'change freeze launch: scope: there is no integration "integraton-0002"; did you mean "integration-0002"?' },
  { rule: "freeze-scope", change: withFreezes(freeze("launch", "2026-11-26T00:00", "2026-12-01T00:00", { scope: "    scope:\n      teams: [revenue-ops]\n" })), at: `${FREEZES}:10:15`, says: 'scope: there is no team "revenue-ops"; did you mean "revenue-operations"?' },
  { rule: "invalid-time-zone", change: withFreezes(freeze("launch", "2026-11-26T00:00", "2026-12-01T00:00", { zone: "CEST" })), at: `${FREEZES}:8:15`, says: 'change freeze launch: timeZone: "CEST" is not a time zone' },
  { rule: "duplicate-id", change: withFreezes(freeze("launch", "2026-11-26T00:00", "2026-12-01T00:00"), freeze("launch", "2027-03-01T00:00", "2027-03-02T00:00")), at: `${FREEZES}:9:9`, says: `change freeze id "launch" is already defined at ${FREEZES}:4` },
  { rule: "schema", change: withFreezes(freeze("launch", "2026-11-26 00:00", "2026-12-01T00:00")), at: `${FREEZES}:6:12`, says: 'change freeze launch: start: must be a local date and time such as "2026-11-26T00:00"' },
  { rule: "schema", change: withFreezes(freeze("launch", "2026-11-26T00:00", "2026-12-01T00:00", { scope: "    scope: {}\n" })), at: `${FREEZES}:9:12`, says: "change freeze launch: scope: a scope lists integrations, teams or both; leave scope out to freeze everything" },
];

describe("check rules", () => {
  it("the valid fixture has no diagnostics", () => {
    const result = validateFixture(loadFixture());
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.inventory?.integrations.length, 6);
  });

  for (const row of ROWS) {
    it(`${row.rule}: ${row.says}`, async () => {
      const fixture = loadFixture();
      row.change(fixture);
      const validated = validateFixture(fixture);
      const later = row.async ? await transformTestDiagnostics([...fixture.files].map(([file, text]) => ({ file, text }))) : [];
      const result = { ...validated, diagnostics: [...validated.diagnostics, ...later] };
      const found = result.diagnostics.filter((d) => d.rule === row.rule);
      const where = found.map((d) => `${d.file}:${d.line}:${d.column}`);
      assert.ok(where.includes(row.at), `expected ${row.rule} at ${row.at}, got:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
      const d = found[where.indexOf(row.at)];
      assert.ok(d.message.includes(row.says), `message "${d.message}" should say "${row.says}"`);
      assert.equal(d.severity, row.severity ?? "error");
      if (d.severity === "error" && !row.async) assert.equal(result.inventory, undefined, "an inventory with errors must not produce a model");
    });
  }

  it("has a failing fixture for every rule", () => {
    const covered = new Set(ROWS.map((r) => r.rule));
    assert.deepEqual(RULES.filter((r) => !covered.has(r)), []);
  });

  it("lists every rule, and only those, in README's rule table", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Rules `check` enforces"), readme.indexOf("## Vendor contracts"));
    const listed = [...table.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => m[1]);
    assert.deepEqual([...listed].sort(), [...RULES].sort());
  });
});

describe("top-revenue-coverage scope", () => {
  it("does not require an SLO of the sixth integration by revenue exposure", () => {
    const fixture = loadFixture();
    withoutSlos(INT4)(fixture);
    const result = validateFixture(fixture);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(result.inventory?.integrations.find((i) => i.id === "integration-0004")?.slos, []);
  });

  it("does not report references to what a file with a shape error defines", () => {
    const fixture = loadFixture();
    edit("inventory/rotations.yaml", 'start: "09:00", end: "17:00" }\n    members: [growth', 'start: "09:00", end: "08:00" }\n    members: [growth')(fixture);
    edit("inventory/teams.yaml", 'chatChannel: "#growth-engineering-alerts"', 'chatChannel: growth')(fixture);
    assert.deepEqual(validateFixture(fixture).diagnostics.map((d) => `${d.file}:${d.line}: ${d.rule}`), [
      "inventory/rotations.yaml:10: schema",
      "inventory/teams.yaml:7: schema",
    ]);
  });

  it("reports every problem at once, sorted by file, line and column", () => {
    const fixture = loadFixture();
    edit(INT4, "owner: growth-engineering", "owner: growth")(fixture);
    edit(INT1, "objective: 99.9", "objective: 100")(fixture);
    edit(INT1, "tier: 2", "tier: 7")(fixture);
    const lines = validateFixture(fixture).diagnostics.map(formatDiagnostic);
    assert.deepEqual(lines, [
      `${INT1}:7:7: error: tier: must be 1, 2 or 3 [schema]`,
      `${INT1}:25:16: error: slo accepted: objective: must be a percentage above 0 and below 100, such as 99.5, but is 100 (100% leaves no error budget at all) [objective-range]`,
      `${INT4}:8:8: error: there is no team "growth"; did you mean "growth-engineering"? [unresolved-reference]`,
    ]);
  });
});
