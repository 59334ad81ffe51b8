/**
 * `npm run schemas`: writes the JSON Schema of each inventory file kind to schemas/ (README,
 * "Editor support"), from the zod schemas (compiler/editorSchema/jsonSchemas.ts). Run it after
 * changing a schema; test/jsonSchemas.test.ts fails while the committed files are stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCliArgs, runCli, UsageError } from "../cli/run";
import { jsonSchemaText, KINDS, SCHEMA_DIR, SCHEMA_FILES } from "../compiler/editorSchema/jsonSchemas";

const USAGE = `usage: npm run schemas\nwrites ${SCHEMA_DIR}/<kind>.schema.json, the JSON Schema editors read, for each kind of inventory file`;

runCli("schemas", () => {
  const { positionals } = parseCliArgs(USAGE, {});
  if (positionals.length) throw new UsageError(USAGE);
  const dir = join(__dirname, "..", SCHEMA_DIR);
  mkdirSync(dir, { recursive: true });
  const current = new Set(Object.values(SCHEMA_FILES));
  // A renamed or removed kind leaves no stale schema behind.
  for (const name of readdirSync(dir)) if (name.endsWith(".schema.json") && !current.has(name)) rmSync(join(dir, name));
  for (const kind of KINDS) {
    writeFileSync(join(dir, SCHEMA_FILES[kind]), jsonSchemaText(kind));
    process.stdout.write(`wrote ${SCHEMA_DIR}/${SCHEMA_FILES[kind]}\n`);
  }
  return 0;
});
