/** unresolved-reference: every id an inventory names must be defined somewhere. */
import type { Path } from "../../path";
import { suggestion } from "../didYouMean";
import type { Located, Rule, RuleContext } from "../ruleContext";

export const references: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    const check = (path: Path, what: string, id: string, known: Iterable<string>, where = "") =>
      resolve(ctx, file, path, what, id, [...known], where);
    const defined = (kind: string, ids: Iterable<string>) => [...ids, ...[...ctx.declaredInBrokenFiles].filter((d) => d.startsWith(`${kind}:`)).map((d) => d.slice(kind.length + 1))];
    check(["owner"], "team", integration.owner, defined("team", ctx.teamById.keys()));
    check(["rotation"], "rotation", integration.rotation, defined("rotation", ctx.rotationById.keys()));
    for (const side of ["upstream", "downstream"] as const) {
      integration[side].forEach((id, i) => check([side, i], "system", id, defined("system", ctx.systemById.keys())));
    }
    const slos = integration.slos.map((s) => s.id);
    integration.failureModes.forEach((mode, i) => {
      if (mode.slo !== undefined) check(["failureModes", i, "slo"], "slo", mode.slo, slos, ` in integration ${integration.id}`);
      const involved = [...integration.upstream, ...integration.downstream];
      mode.systems?.forEach((id, j) => check(["failureModes", i, "systems", j], "system", id, involved, " in this integration's upstream or downstream list"));
      if (mode.detection.kind === "reconciliation") {
        for (const side of ["upstream", "downstream"] as const) {
          const path = ["failureModes", i, "detection", side, "system"];
          check(path, `${side} system`, mode.detection[side].system, integration[side], ` in this integration's ${side} list`);
        }
      }
    });
    integration.webhooks.forEach((hook, i) =>
      hook.forwardTo.forEach((target, j) =>
        check(["webhooks", i, "forwardTo", j, "system"], "downstream system", target.system, integration.downstream, " in this integration's downstream list"),
      ),
    );
  }
  for (const { value: rotation, file, path } of ctx.rotations) {
    if (!ctx.declaredInBrokenFiles.has(`team:${rotation.team}`)) resolve(ctx, file, [...path, "team"], "team", rotation.team, [...ctx.teamById.keys()]);
    const team = ctx.teamById.get(rotation.team);
    if (!team) continue;
    const emails = team.value.members.map((m) => m.email);
    const where = ` among the members of team ${team.value.id}`;
    rotation.members.forEach((email, i) => resolve(ctx, file, [...path, "members", i], "person", email, emails, where));
    resolve(ctx, file, [...path, "escalation", "owner"], "person", rotation.escalation.owner, emails, where);
  }
};

function resolve(ctx: RuleContext, file: Located<unknown>["file"], path: Path, what: string, id: string, known: readonly string[], where = ""): void {
  if (known.includes(id)) return;
  const hint = known.length ? suggestion(id, known) : "";
  ctx.report(file, path, "unresolved-reference", `there is no ${what} "${id}"${where}${hint}`);
}
