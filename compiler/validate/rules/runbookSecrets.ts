/**
 * literal-secret in runbooks: a runbook arrives in the same pull request as the inventory and is
 * published with the repository, so a credential pasted into its prose or code (a `curl -H
 * "DD-API-KEY: ..."` example, a webhook secret in a `pulumi config set` line) is reported at the
 * secret itself, with the same detector and words as in the inventory (secretPatterns.ts).
 */
import type { Position } from "../../diagnostics";
import type { Runbook } from "../../load/runbook";
import type { Rule } from "../ruleContext";
import { findSecrets } from "../secretPatterns";

interface RunbookSecret {
  readonly at: Position;
  readonly kind: string;
  readonly value: string;
}

const cache = new WeakMap<Runbook, readonly RunbookSecret[]>();

/** Each secret in a runbook with its position; computed once per parsed runbook. */
export function runbookSecrets(runbook: Runbook): readonly RunbookSecret[] {
  let found = cache.get(runbook);
  if (!found) {
    const { text } = runbook;
    const lineStarts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    // Findings come in text order, so the line only moves forward (past the last line, lineStarts[line + 1] is undefined and `<=` false).
    let line = 0;
    found = findSecrets(text).map((f) => {
      while (lineStarts[line + 1] <= f.start) line++;
      return { at: { line: line + 1, column: f.start - lineStarts[line] + 1 }, kind: f.kind, value: text.slice(f.start, f.end) };
    });
    cache.set(runbook, found);
  }
  return found;
}

/** Every runbook the validation read: the integrations' (those whose YAML is not valid yet included) and the webhook forwarder's. */
export function runbooksRead(ctx: Parameters<Rule>[0]): Runbook[] {
  const all = [...ctx.runbooks.values(), ...ctx.draftRunbooks.values()].map((c) => c.runbook);
  if (ctx.forwarderRunbook?.runbook) all.push(ctx.forwarderRunbook.runbook);
  return [...new Set(all)];
}

export const runbookSecretsRule: Rule = (ctx) => {
  for (const runbook of runbooksRead(ctx)) {
    for (const s of runbookSecrets(runbook)) {
      ctx.reportAt(runbook.file, s.at, "literal-secret", `this runbook holds what looks like ${s.kind}; keep secrets out of runbooks (on call reads them from the secret store) and rotate it if it was real`);
    }
  }
};
