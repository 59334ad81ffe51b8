/**
 * Policy 1: every Datadog monitor tells the responder where to start (a runbook section),
 * whose it is (a team tag) and how urgent it is (priority 1-5).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { materialize, UNKNOWN } from "./known";
import { hasRunbookLine, readTags, tagValues } from "./monitorMessage";
import { deliver, merge, PASS, unknownAt, violation, type Outcome } from "./outcome";
import { TYPES } from "./resourceTypes";

export function checkMonitorMetadata(props: Record<string, unknown>): Outcome {
  return merge(runbook(props.message), team(props.tags), priority(props.priority));
}

function runbook(message: unknown): Outcome {
  if (message === UNKNOWN) return unknownAt("message");
  if (typeof message !== "string" || !hasRunbookLine(message)) {
    return violation('message has no "Runbook: https://<runbook>#<section>" line: link the runbook section of this failure mode');
  }
  return PASS;
}

function team(rawTags: unknown): Outcome {
  const tags = readTags(rawTags);
  if (tagValues(tags, "team").length > 0) return PASS;
  if (tags.unknown.length > 0) return { ...PASS, unknown: tags.unknown };
  return violation('has no "team:<owner>" tag: every monitor needs an owning team');
}

function priority(value: unknown): Outcome {
  if (value === UNKNOWN) return unknownAt("priority");
  if (value === undefined || value === null || value === "") return violation("has no priority: set 1 (highest) to 5");
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5) return violation(`priority ${JSON.stringify(value)} is not 1 (highest) to 5`);
  return PASS;
}

export const monitorMetadataPolicy: ResourceValidationPolicy = {
  name: "monitor-has-runbook-team-priority",
  description: "Every Datadog monitor links a runbook section (Runbook: https://...#anchor), has a team: tag and a priority from 1 to 5.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.monitor) return;
    const known = materialize(args.props);
    deliver(checkMonitorMetadata(known.value), known.unknowns, args, report);
  },
};
