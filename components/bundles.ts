/** The forwarder's Lambda bundles must exist before a real preview or update ships them. */
import { existsSync } from "node:fs";
import type { DesiredState } from "../compiler/lower/spec";

export function assertBundlesBuilt(state: DesiredState): void {
  const missing = state.resources.flatMap((spec) =>
    Object.values(spec.inputs).flatMap((value) =>
      value && typeof value === "object" && "$archive" in value
        ? Object.values((value as { $archive: Record<string, { path?: string }> }).$archive).flatMap((f) => (f.path !== undefined && !existsSync(f.path) ? [f.path] : []))
        : [],
    ),
  );
  if (missing.length > 0) throw new Error(`the webhook forwarder is not built (${missing.join(", ")} missing): run \`npm run build:forwarder\` before pulumi preview or up`);
}
