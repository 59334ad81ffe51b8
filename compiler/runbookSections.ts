/**
 * The six questions every runbook answers, as its level-2 headings, in this order.
 * Failure modes are level-3 headings under "Failure modes ranked by frequency", one per
 * inventory failure mode, whose text is the failure mode's `title`.
 */
export const RUNBOOK_SECTIONS = [
  { key: "purpose", heading: "What it does and why revenue depends on it" },
  { key: "dependencies", heading: "Upstream and downstream" },
  { key: "failureModes", heading: "Failure modes ranked by frequency" },
  { key: "detection", heading: "Detection and monitors" },
  { key: "diagnosis", heading: "Diagnosis" },
  { key: "mitigation", heading: "Who may mitigate and how" },
] as const;

export type RunbookSectionKey = (typeof RUNBOOK_SECTIONS)[number]["key"];

/** Text the scaffold leaves for people to replace; `check` fails while any is left. */
export const PLACEHOLDER = "TODO";
