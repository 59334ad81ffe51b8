/**
 * The detections a change weakens, as the error-budget gate judges them (ops/budget/changes.ts
 * and weakening.ts: the same rules, not a copy), each tied to the inventory element it
 * concerns so the PR comment can flag it where that element's change is listed.
 */
import type { Inventory } from "../../compiler/model";
import { failureModeSubject, relevantChanges, sloSubject } from "../budget/changes";
import { baseIntegrationOf, type ElementKind } from "./causes";

export interface Weakened {
  /** The integration's id now (its base id when the integration is removed). */
  readonly integration: string;
  /** The failure mode or SLO concerned, by its ids at the base and now (now absent when it is removed); none for a removed integration. */
  readonly element?: { readonly kind: Exclude<ElementKind, "integration">; readonly baseIntegration: string; readonly baseId: string; readonly id?: string };
  /** The gate's words: "maxPercent raised 5 -> 8", "response page -> ticket: it no longer pages anyone". */
  readonly detail: string;
  /** The gate's name for the element, by its base id ("SLO accepted"), for a line about something else. */
  readonly subject?: string;
}

/** Nothing when there is no base to compare with: everything is added, which weakens nothing. */
export function weakenedDetections(base: Inventory | undefined, now: Inventory): Weakened[] {
  if (!base) return [];
  return relevantChanges(base, now)
    .filter((c) => c.kind === "weakened")
    .map((c) => {
      const integration = now.integrations.find((i) => i.id === c.integration);
      const before = integration && baseIntegrationOf(base, integration);
      const mode = before?.failureModes.find((m) => failureModeSubject(m.id) === c.subject);
      const slo = before?.slos.find((s) => sloSubject(s.id) === c.subject);
      const element = mode ?? slo;
      const said = { integration: c.integration, detail: c.detail, ...(c.subject !== undefined && { subject: c.subject }) };
      if (!integration || !before || !element) return said;
      const kind = mode ? "failure mode" : "SLO";
      const current = (mode ? integration.failureModes : integration.slos).find((x) => x.id === element.id || x.previousIds.includes(element.id));
      return { ...said, element: { kind, baseIntegration: before.id, baseId: element.id, ...(current && { id: current.id }) } };
    });
}
