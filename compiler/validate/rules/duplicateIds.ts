/** duplicate-id: ids are how resources are named, so each must be defined once. */
import { positionOf } from "../../load/yamlFile";
import type { Path } from "../../path";
import type { Located, Rule, RuleContext } from "../ruleContext";

export const duplicateIds: Rule = (ctx) => {
  reportRepeats(ctx, "integration", ctx.integrations.map((d) => ({ ...d, path: [...d.path, "id"] })));
  reportRepeats(ctx, "team", ctx.teams.map((d) => ({ ...d, path: [...d.path, "id"] })));
  reportRepeats(ctx, "rotation", ctx.rotations.map((d) => ({ ...d, path: [...d.path, "id"] })));
  reportRepeats(ctx, "system", ctx.systems.map((d) => ({ ...d, path: [...d.path, "id"] })));
  for (const { value, file } of ctx.integrations) {
    const within = <T extends { id: string }>(key: "slos" | "failureModes" | "webhooks", items: readonly T[]) =>
      items.map((item, i) => ({ value: item, file, path: [key, i, "id"] as Path }));
    reportRepeats(ctx, `slo of integration ${value.id}`, within("slos", value.slos));
    reportRepeats(ctx, `failure mode of integration ${value.id}`, within("failureModes", value.failureModes));
    reportRepeats(ctx, `webhook of integration ${value.id}`, within("webhooks", value.webhooks));
    // A title is its runbook heading: two equal titles would share one section.
    const titles = value.failureModes.map((m, i) => ({ value: { id: m.title }, file, path: ["failureModes", i, "title"] as Path }));
    reportRepeats(ctx, `failure mode of integration ${value.id}`, titles, "title");
  }
};

function reportRepeats(ctx: RuleContext, what: string, items: readonly Located<{ id: string }>[], label = "id"): void {
  const first = new Map<string, Located<{ id: string }>>();
  for (const item of items) {
    const earlier = first.get(item.value.id);
    if (!earlier) {
      first.set(item.value.id, item);
      continue;
    }
    const { line } = positionOf(earlier.file.source, earlier.path);
    ctx.report(item.file, item.path, "duplicate-id", `${what} ${label} "${item.value.id}" is already defined at ${earlier.file.file}:${line}; ${label}s must be unique`);
  }
}
