/**
 * PagerDuty REST API v2 wire shapes -> ./types.ts. Only the fields we use are read and checked.
 *
 * GET /incidents -> `{ incidents: Incident[], limit, offset, more: boolean, total: number | null }`.
 * Each incident: `{ id, type: "incident", title, summary, incident_number, status, urgency: "high"|"low",
 * created_at: ISO 8601, service: { id, type: "service_reference", summary: <service name>, self, html_url },
 * escalation_policy: { id, type: "escalation_policy_reference", summary: <policy name>, ... }, ... }`.
 * References carry the referenced object's name in `summary`, so serviceName and
 * escalationPolicyName come from there.
 */
import { ShapeReader } from "../http/shape";
import type { PagerDutyIncident } from "./types";

export function incidentPage(body: unknown, r: ShapeReader): { incidents: PagerDutyIncident[]; more: boolean } {
  const doc = r.object(body, "the body");
  const incidents = r.array(doc.incidents, "incidents").map((raw, i): PagerDutyIncident => {
    const incident = r.object(raw, `incidents[${i}]`);
    const service = r.object(incident.service, `incidents[${i}].service`);
    const policy = r.object(incident.escalation_policy, `incidents[${i}].escalation_policy`);
    return {
      id: r.string(incident.id, `incidents[${i}].id`),
      title: r.string(incident.title ?? incident.summary, `incidents[${i}].title`),
      createdAt: r.string(incident.created_at, `incidents[${i}].created_at`),
      urgency: r.string(incident.urgency, `incidents[${i}].urgency`),
      serviceId: r.string(service.id, `incidents[${i}].service.id`),
      serviceName: r.string(service.summary, `incidents[${i}].service.summary`),
      escalationPolicyId: r.string(policy.id, `incidents[${i}].escalation_policy.id`),
      escalationPolicyName: r.string(policy.summary, `incidents[${i}].escalation_policy.summary`),
    };
  });
  if (typeof doc.more !== "boolean") r.fail("more is not true or false");
  return { incidents, more: doc.more };
}
