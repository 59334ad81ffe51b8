/**
 * The webhook forwarder's own runbook: one file shared by every webhook source, whose
 * failure-mode headings the forwarder's monitors link to. `check` requires the file and these
 * headings whenever any integration declares `webhooks:`.
 */
export const FORWARDER_RUNBOOK = "webhook-forwarder.md";

/** Level-3 headings under "Failure modes ranked by frequency", by monitor. */
export const FORWARDER_SECTIONS = {
  noDeliveries: "No deliveries from a webhook source",
  deadLetters: "Deliveries dead-lettered",
  errors: "Forwarder Lambda errors",
  throttles: "Forwarder Lambda throttled",
} as const;

export type ForwarderSection = keyof typeof FORWARDER_SECTIONS;
