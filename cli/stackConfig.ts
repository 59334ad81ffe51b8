/**
 * A stack's plain config offline: Pulumi.yaml's declared defaults overlaid with
 * Pulumi.<stack>.yaml, without the project prefix. Secrets (`secure:` values) are never
 * read; the program needs none to plan.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export function readStackConfig(stack: string, dir = "."): Record<string, string> {
  const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, { default?: unknown }> };
  const values: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) if (decl.default !== undefined) values[key] = String(decl.default);
  const stackFile = join(dir, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) throw new Error(`no ${stackFile}: name an existing stack with --stack`);
  const stackConfig = (parse(readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {};
  for (const [fullKey, value] of Object.entries(stackConfig)) {
    const [namespace, key] = fullKey.includes(":") ? fullKey.split(":", 2) : [project.name, fullKey];
    if (namespace === project.name && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) values[key] = String(value);
  }
  return values;
}
