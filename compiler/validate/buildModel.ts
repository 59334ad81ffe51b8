/** Validated documents -> the model, once every rule has passed. */
import { failureModeHeadings, findSections, headingSlug, type Runbook } from "../load/runbook";
import type { FailureMode, ForwarderRunbook, Integration, Inventory } from "../model";
import { FORWARDER_RUNBOOK } from "../forwarderRunbook";
import { toChangeFreeze } from "../freeze/changeFreeze";
import { byRevenueExposure } from "../revenueRank";
import type { AlertTest } from "../simulate/alertTest";
import { alertTestsByIntegration } from "./alertTestSources";
import { changeFreezes } from "./changeFreezes";
import { toAlertTest } from "./alertTestsModel";
import { forwarderAnchors } from "./rules/forwarderRunbook";
import type { RuleContext } from "./ruleContext";
import { FREQUENCIES, isSloWindow, type IntegrationDoc } from "./schema";

export function buildModel(ctx: RuleContext): Inventory {
  // Three-way, as the language asks of a comparator (a tolerated duplicate id can reach here).
  const byId = <T extends { id: string }>(a: T, b: T) => {
    if (a.id < b.id) return -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether the result is below zero, so 1 and 0 order alike there.
    return a.id > b.id ? 1 : 0;
  };
  // Its own list first, then its tests file's (ids are unique once every rule has passed); every integration has an entry.
  const testsById = new Map(alertTestsByIntegration(ctx).map(({ integration, tests }) => [integration.value.id, tests.map((t) => toAlertTest(t.test))]));
  const integrations = ctx.integrations
    .map(({ value }) => value)
    .sort(byRevenueExposure)
    .map((doc, i) => toIntegration(doc, i + 1, ctx.runbooks.get(doc.id)!.runbook, testsById.get(doc.id)!));
  return {
    integrations,
    teams: ctx.teams.map((t) => t.value).sort(byId),
    rotations: ctx.rotations.map((r) => r.value).sort(byId),
    systems: ctx.systems.map((s) => s.value).sort(byId),
    changeFreezes: changeFreezes(ctx)
      .map(({ freeze }) => toChangeFreeze(freeze))
      .sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1)),
    ...forwarderRunbookOf(ctx),
  };
}

export function runbookPath(doc: Pick<IntegrationDoc, "id" | "runbook">): string {
  return doc.runbook ?? `${doc.id}.md`;
}

function toIntegration(doc: IntegrationDoc, rank: number, runbook: Runbook, alertTests: readonly AlertTest[]): Integration {
  const { version: _v, kind: _k, runbook: _r, slos, failureModes, previousIds, alertTests: _t, ...rest } = doc;
  const sections = findSections(runbook);
  const modesSection = sections.get("failureModes")!;
  const headings = failureModeHeadings(runbook, modesSection);
  // The sort is stable, so modes of the same frequency keep their order in the file.
  const ranked = [...failureModes]
    .sort((a, b) => FREQUENCIES.indexOf(a.frequency) - FREQUENCIES.indexOf(b.frequency))
    .map((mode, i): FailureMode => {
      const slug = headingSlug(mode.title);
      const heading = headings.find((h) => h.slug === slug)!;
      return { ...mode, rank: i + 1, runbookAnchor: heading.anchor, previousIds: mode.previousIds ?? [] };
    });
  return {
    ...rest,
    rank,
    runbook: runbookPath(doc),
    detectionAnchor: sections.get("detection")!.anchor,
    slos: slos.map((slo) => {
      if (!isSloWindow(slo.window)) throw new Error(`unchecked SLO window ${slo.window}`);
      return { ...slo, window: slo.window, previousIds: slo.previousIds ?? [] };
    }),
    failureModes: ranked,
    previousIds: previousIds ?? [],
    alertTests,
  };
}

function forwarderRunbookOf(ctx: RuleContext): { forwarderRunbook?: ForwarderRunbook } {
  const anchors = ctx.forwarderRunbook?.runbook && forwarderAnchors(ctx.forwarderRunbook.runbook);
  return anchors ? { forwarderRunbook: { file: FORWARDER_RUNBOOK, anchors } } : {};
}
