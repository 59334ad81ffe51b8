/**
 * An integration file whose shape is invalid, a freshly scaffolded one full of TODOs above all,
 * still names its runbook: by its `id`, or by its `runbook` path. validateInventory checks that
 * runbook all the same (its own TODOs, sections and secrets; not the failure-mode headings, which
 * need the failure modes' titles), so one `check` lists the YAML's TODOs and the runbook's
 * together instead of the runbook's only once the YAML is fixed.
 */
import type { SourceMap } from "../load/yamlFile";
import { isPlaceholder } from "./scanStrings";
import { integration } from "./schema";

export interface IntegrationDraft {
  readonly id: string;
  /** The `runbook` field, when the file sets one. */
  readonly runbook?: string;
  /** Where diagnostics about the draft's YAML go (the same pair ParsedFile carries). */
  readonly file: string;
  readonly source: SourceMap;
}

/**
 * The draft of a shape-invalid `kind: Integration` mapping, when its `id` (and `runbook`, if
 * set) pass their own field schemas: the runbook path is then the one the valid file would have.
 * Undefined otherwise (the schema errors on those fields say why).
 */
export function integrationDraft(file: string, source: SourceMap, data: Record<string, unknown>): IntegrationDraft | undefined {
  if (data.kind !== "Integration") return undefined;
  const id = integration.shape.id.safeParse(data.id);
  const runbook = integration.shape.runbook.safeParse(data.runbook);
  if (!id.success || !runbook.success || isPlaceholder(data.runbook)) return undefined;
  return { id: id.data, ...(runbook.data !== undefined && { runbook: runbook.data }), file, source };
}
