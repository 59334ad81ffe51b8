/** Normalized (camelCase) PagerDuty shapes; the wire mapping is in ./normalize.ts. */

export interface PagerDutyIncident {
  id: string;
  title: string;
  /** ISO 8601, as PagerDuty reports it (`created_at`). */
  createdAt: string;
  /** "high" | "low". */
  urgency: string;
  serviceId: string;
  /** Ours are named `[martech] <integration name>` (compiler/lower/onCall.ts). */
  serviceName: string;
  escalationPolicyId: string;
  /** Ours are named `<rotation name> escalation`. */
  escalationPolicyName: string;
}
