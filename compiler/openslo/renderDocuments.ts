/** OpenSLO objects as one multi-document YAML stream: deterministic, nothing folded. */
import { stringify } from "yaml";

/**
 * Documents separated by `---`, each in the key order it was built with. `lineWidth: 0` keeps a
 * long Datadog query on one line, so it can be searched for and copied whole.
 */
export function renderDocuments(documents: readonly object[], header?: string): string {
  const body = documents.map((d) => `---\n${stringify(d, { lineWidth: 0 })}`).join("");
  return header ? `${header.split("\n").map((l) => `# ${l}`.trimEnd()).join("\n")}\n${body}` : body;
}
