/**
 * `npm run new-integration -- <id> [--inventory DIR] [--runbooks DIR]`
 * Scaffolds an inventory file and a runbook from `templates/`. Both are full of TODO
 * placeholders, so `check` fails until a person fills them in. Never overwrites a file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_LOCATION } from "../compiler/checkInventory";
import { ID_PATTERN } from "../compiler/validate/schema";
import { parseCliArgs, runCli, UsageError } from "./run";

const USAGE = "usage: npm run new-integration -- <id> [--inventory DIR] [--runbooks DIR]";
const TEMPLATES = join(__dirname, "..", "templates");

runCli("new-integration", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    inventory: { type: "string", default: DEFAULT_LOCATION.inventoryDir },
    runbooks: { type: "string", default: DEFAULT_LOCATION.runbooksDir },
  });
  const [id, ...extra] = positionals;
  if (!id || extra.length) throw new UsageError(USAGE);
  if (!ID_PATTERN.test(id)) throw new UsageError(`"${id}" is not a valid id: use kebab-case, e.g. webinar-signups-to-hubspot`);
  const files = [
    { path: join(values.inventory, "integrations", `${id}.yaml`), template: "integration.yaml" },
    { path: join(values.runbooks, `${id}.md`), template: "runbook.md" },
  ];
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length) throw new Error(`${existing.map((f) => f.path).join(" and ")} already exist(s); nothing was written`);
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, readFileSync(join(TEMPLATES, f.template), "utf8").replaceAll("__ID__", id), { flag: "wx" });
    process.stdout.write(`created ${f.path}\n`);
  }
  process.stdout.write(`Fill in every TODO, then run: npm run check\n`);
  return 0;
});
