/**
 * The webhook forwarder's own runbook: one file shared by every webhook source, whose
 * failure-mode headings the forwarder's monitors link to. `check` requires the file and these
 * headings whenever any integration declares `webhooks:`.
 */
import { slug } from "github-slugger";

export const FORWARDER_RUNBOOK = "webhook-forwarder.md";

/** Level-3 headings under "Failure modes ranked by frequency", by monitor. */
export const FORWARDER_SECTIONS = {
  noDeliveries: "No deliveries from a webhook source",
  deadLetters: "Deliveries dead-lettered",
  errors: "Forwarder Lambda errors",
  throttles: "Forwarder Lambda throttled",
} as const;

export type ForwarderSection = keyof typeof FORWARDER_SECTIONS;

/**
 * Where each heading's link points when it appears once in the runbook (GitHub's heading id,
 * from github-slugger like every runbook anchor). The validated model's `forwarderRunbook.anchors`
 * are read from the file itself, so prefer those: they keep a `-1` suffix if a heading repeats.
 */
export const FORWARDER_ANCHORS: Readonly<Record<ForwarderSection, string>> = Object.freeze({
  noDeliveries: slug(FORWARDER_SECTIONS.noDeliveries),
  deadLetters: slug(FORWARDER_SECTIONS.deadLetters),
  errors: slug(FORWARDER_SECTIONS.errors),
  throttles: slug(FORWARDER_SECTIONS.throttles),
});
