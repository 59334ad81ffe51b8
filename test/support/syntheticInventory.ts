/**
 * A valid synthetic inventory of any size, shaped like the sample one (two SLOs, five
 * failure modes of every detection kind, a webhook, a complete runbook per integration, and
 * the webhook forwarder's runbook that the webhooks require).
 * Deterministic, so benchmarks and tests see the same files every run.
 */
import type { TextSource } from "../../compiler/validate/validateInventory";
import { FORWARDER_RUNBOOK, FORWARDER_SECTIONS } from "../../compiler/forwarderRunbook";
import { RUNBOOK_SECTIONS } from "../../compiler/runbookSections";

export interface SyntheticInventory {
  readonly sources: TextSource[];
  /** Runbook text by path inside the runbooks folder. */
  readonly runbooks: Map<string, string>;
}

const TEAMS = ["growth-engineering", "revenue-operations"];

export function integrationId(i: number): string {
  return `integration-${String(i).padStart(4, "0")}`;
}

export function syntheticInventory(count: number, dir = "inventory"): SyntheticInventory {
  const sources: TextSource[] = [
    { file: `${dir}/teams.yaml`, text: teamsYaml() },
    { file: `${dir}/rotations.yaml`, text: rotationsYaml() },
    { file: `${dir}/systems.yaml`, text: systemsYaml() },
  ];
  const runbooks = new Map<string, string>();
  for (let i = 1; i <= count; i++) {
    const id = integrationId(i);
    sources.push({ file: `${dir}/integrations/${id}.yaml`, text: integrationYaml(id, i) });
    runbooks.set(`${id}.md`, runbookMd(id));
  }
  if (count > 0) runbooks.set(FORWARDER_RUNBOOK, forwarderRunbookMd());
  return { sources, runbooks };
}

function teamsYaml(): string {
  const members = (team: string) =>
    [1, 2, 3].map((n) => `      - name: Person ${n} of ${team}\n        email: ${team}-${n}@example.com\n        timeZone: America/New_York`).join("\n");
  return `version: reliability/v1
kind: Teams
teams:
${TEAMS.map((t) => `  - id: ${t}\n    name: ${t}\n    chatChannel: "#${t}-alerts"\n    members:\n${members(t)}`).join("\n")}
`;
}

function rotationsYaml(): string {
  return `version: reliability/v1
kind: Rotations
rotations:
${TEAMS.map(
  (t) => `  - id: ${t}-primary
    name: ${t} primary
    team: ${t}
    timeZone: America/New_York
    handoff: { day: monday, time: "09:00" }
    businessHours: { days: [monday, tuesday, wednesday, thursday, friday], start: "09:00", end: "17:00" }
    members: [${t}-1@example.com, ${t}-2@example.com, ${t}-3@example.com]
    escalation: { afterMinutes: 30, owner: ${t}-1@example.com }
    afterHours: page`,
).join("\n")}
`;
}

function systemsYaml(): string {
  const systems = [
    ["webflow-forms", "web"],
    ["hubspot", "marketing-automation"],
    ["salesforce", "crm"],
  ];
  return `version: reliability/v1
kind: Systems
systems:
${systems.map(([id, category]) => `  - id: ${id}\n    name: ${id}\n    category: ${category}`).join("\n")}
`;
}

function integrationYaml(id: string, i: number): string {
  const team = TEAMS[i % TEAMS.length];
  const metric = (name: string, extra = "") => `count:martech.forwarder.${name}{integration:${id}${extra}}`;
  return `version: reliability/v1
kind: Integration
id: ${id}
name: Synthetic integration ${i}
description: Web form leads for region ${i} flow through HubSpot into Salesforce.
tier: ${1 + (i % 3)}
owner: ${team}
rotation: ${team}-primary
revenue:
  usdPerHour: ${100 + ((i * 7919) % 10000)}
  basis: Leads per hour times conversion times average deal size.
upstream: [webflow-forms]
downstream: [hubspot, salesforce]
slos:
  - id: delivered-within-60s
    description: Leads that reach Salesforce within 60 seconds.
    objective: 99.5
    window: 30d
    sli:
      good: ${metric("settled", ",within_slo:true")}
      total: ${metric("settled")}
  - id: accepted
    description: Webhook deliveries accepted by the forwarder.
    objective: 99.9
    window: 7d
    alerting: { slow: off }
    sli:
      good: ${metric("enqueued")}
      total: ${metric("received")}
failureModes:
  - id: field-deprecated
    title: CRM field deprecated
    frequency: monthly
    response: page
    slo: delivered-within-60s
    detection:
      kind: reconciliation
      upstream: { system: webflow-forms, count: "${metric("received")}" }
      downstream: { system: salesforce, count: "${metric("settled", ",outcome:forwarded")}" }
      window: 1h
      maxDropPercent: 5
  - id: api-errors
    title: CRM API errors
    frequency: weekly
    response: page
    detection:
      kind: error-rate
      errors: ${metric("settled", ",!outcome:forwarded")}
      total: ${metric("settled")}
      window: 15m
      maxPercent: 5
  - id: silent
    title: No submissions arriving
    frequency: quarterly
    response: page
    detection:
      kind: heartbeat
      query: ${metric("received")}
      silentMinutes: 60
  - id: volume-drop
    title: Submission volume drop
    frequency: monthly
    response: ticket
    detection:
      kind: anomaly
      query: ${metric("received")}
      window: 1h
      direction: below
  - id: rate-limit
    title: Rate limit nearly exhausted
    frequency: weekly
    response: ticket
    detection:
      kind: threshold
      query: avg:hubspot.api.rate_limit.remaining{integration:${id}}
      window: 5m
      below: 100
      evaluationDelaySeconds: 300
webhooks:
  - id: hubspot-events
    vendor: hubspot
    secretConfigKey: hubspotWebhookSecret
    forwardTo:
      - system: salesforce
        url: https://example.my.salesforce.com/services/apexrest/leads
`;
}

export const SYNTHETIC_FAILURE_MODE_TITLES = ["CRM field deprecated", "CRM API errors", "No submissions arriving", "Submission volume drop", "Rate limit nearly exhausted"];

function runbookMd(id: string, title = id, failureModeTitles: readonly string[] = SYNTHETIC_FAILURE_MODE_TITLES): string {
  const body = (what: string) =>
    `${what} for ${id}. Check the forwarder dashboard, then run:\n\n\`\`\`sh\naws logs tail /aws/lambda/${id}-consumer --since 1h\n\`\`\`\n`;
  const sections = RUNBOOK_SECTIONS.map((s) =>
    s.key === "failureModes"
      ? `## ${s.heading}\n\n${failureModeTitles.map((t) => `### ${t}\n\n${body(t)}`).join("\n")}`
      : `## ${s.heading}\n\n${body(s.heading)}`,
  );
  return `# ${title}\n\n${sections.join("\n")}`;
}

/** The shared forwarder runbook `check` requires once any integration has webhooks. */
export function forwarderRunbookMd(): string {
  return runbookMd("webhook-forwarder", "Webhook forwarder", Object.values(FORWARDER_SECTIONS));
}
