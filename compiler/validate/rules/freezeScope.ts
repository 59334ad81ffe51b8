/**
 * freeze-scope: a change freeze scoped to an integration or team the inventory does not
 * define. The gate compares the scope with the ids of what a change touches, so a misspelt id
 * would silently freeze nothing; an integration renamed through `previousIds` is named by its
 * new id.
 */
import { suggestion } from "../didYouMean";
import { changeFreezes } from "../changeFreezes";
import type { Rule } from "../ruleContext";

export const freezeScope: Rule = (ctx) => {
  const integrationIds = [...new Set(ctx.integrations.map((i) => i.value.id))];
  const teamIds = [...ctx.teamById.keys()];
  for (const { freeze, file, path, label } of changeFreezes(ctx)) {
    freeze.scope?.integrations?.forEach((id, i) => {
      if (integrationIds.includes(id) || ctx.declaredInBrokenFiles.has(`integration:${id}`)) return;
      const renamed = ctx.integrations.find((x) => x.value.previousIds?.includes(id))?.value.id;
      const hint = renamed ? `; it was renamed to "${renamed}": use the new id` : suggestion(id, integrationIds);
      ctx.report(file, [...path, "scope", "integrations", i], "freeze-scope", `${label}: scope: there is no integration "${id}"${hint}`);
    });
    freeze.scope?.teams?.forEach((id, i) => {
      if (teamIds.includes(id) || ctx.declaredInBrokenFiles.has(`team:${id}`)) return;
      ctx.report(file, [...path, "scope", "teams", i], "freeze-scope", `${label}: scope: there is no team "${id}"${suggestion(id, teamIds)}`);
    });
  }
};
