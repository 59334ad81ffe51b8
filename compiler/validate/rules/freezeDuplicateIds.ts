/**
 * duplicate-id, for change freezes: the gate, its summary and the PR comment name a freeze by
 * its id, so each is defined once across every `kind: ChangeFreezes` file.
 */
import { positionOf } from "../../load/yamlFile";
import { changeFreezes, type LocatedFreeze } from "../changeFreezes";
import type { Rule } from "../ruleContext";

export const freezeDuplicateIds: Rule = (ctx) => {
  const first = new Map<string, LocatedFreeze>();
  for (const located of changeFreezes(ctx)) {
    const earlier = first.get(located.freeze.id);
    if (!earlier) {
      first.set(located.freeze.id, located);
      continue;
    }
    const { line } = positionOf(earlier.file.source, [...earlier.path, "id"]);
    ctx.report(located.file, [...located.path, "id"], "duplicate-id", `change freeze id "${located.freeze.id}" is already defined at ${earlier.file.file}:${line}; ids must be unique`);
  }
};
