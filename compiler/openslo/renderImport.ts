/**
 * Imported SLOs as YAML to paste: one document per integration, `integration:` and the
 * `slos:` entries to add to `inventory/integrations/<integration>.yaml` (README, "OpenSLO").
 */
import type { ImportedSlo, SloEntry } from "./importSlo";
import { renderDocuments } from "./renderDocuments";

export interface ImportedIntegration {
  readonly integration: string;
  readonly slos: readonly SloEntry[];
}

/** Grouped by integration, in the order the files and documents were given. */
export function groupByIntegration(slos: readonly ImportedSlo[]): ImportedIntegration[] {
  const groups = new Map<string, SloEntry[]>();
  for (const { integration, entry } of slos) {
    const list = groups.get(integration) ?? [];
    list.push(entry);
    groups.set(integration, list);
  }
  return [...groups].map(([integration, entries]) => ({ integration, slos: entries }));
}

export const IMPORT_HEADER = "SLO entries imported from OpenSLO: add each integration's slos: entries to inventory/integrations/<integration>.yaml, then run npm run check.";

export function renderImport(slos: readonly ImportedSlo[]): string {
  return renderDocuments(groupByIntegration(slos), IMPORT_HEADER);
}
