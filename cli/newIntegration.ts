/**
 * `npm run new-integration -- <id> [--tier 1|2|3] [--response ticket|page] [--inventory DIR] [--runbooks DIR]`
 * Scaffolds an inventory file and a runbook from `templates/` (integrationScaffold.ts). Both are
 * full of TODO placeholders, so `check` fails until a person fills them in. Never overwrites a file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_LOCATION } from "../compiler/checkInventory";
import { ID_PATTERN } from "../compiler/validate/schema";
import { schemaPathFor, withModeline } from "../compiler/editorSchema/modeline";
import { renderTemplate, SCAFFOLD_DEFAULTS, SCAFFOLD_RESPONSES, SCAFFOLD_TIERS, type ScaffoldOptions } from "./integrationScaffold";
import { parseCliArgs, runCli, UsageError } from "./run";

const USAGE = "usage: npm run new-integration -- <id> [--tier 1|2|3] [--response ticket|page] [--inventory DIR] [--runbooks DIR]";
const TEMPLATES = join(__dirname, "..", "templates");

runCli("new-integration", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    inventory: { type: "string", default: DEFAULT_LOCATION.inventoryDir },
    runbooks: { type: "string", default: DEFAULT_LOCATION.runbooksDir },
    tier: { type: "string", default: String(SCAFFOLD_DEFAULTS.tier) },
    response: { type: "string", default: SCAFFOLD_DEFAULTS.response },
  });
  const [id, ...extra] = positionals;
  if (!id || extra.length) throw new UsageError(USAGE);
  if (!ID_PATTERN.test(id)) throw new UsageError(`"${id}" is not a valid id: use kebab-case, e.g. webinar-signups-to-hubspot`);
  const tier = SCAFFOLD_TIERS.find((t) => String(t) === values.tier);
  if (tier === undefined) throw new UsageError(`--tier must be 1 (revenue-critical), 2 (important) or 3 (supporting), not "${values.tier}"\n${USAGE}`);
  const response = SCAFFOLD_RESPONSES.find((r) => r === values.response);
  if (response === undefined) throw new UsageError(`--response must be ticket (the team's chat channel) or page (PagerDuty), not "${values.response}"\n${USAGE}`);
  const options: ScaffoldOptions = { id, tier, response };
  const files = [
    { path: join(values.inventory, "integrations", `${id}.yaml`), template: "integration.yaml" },
    { path: join(values.runbooks, `${id}.md`), template: "runbook.md" },
  ];
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length) throw new Error(`${existing.map((f) => f.path).join(" and ")} already exist(s); nothing was written`);
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    const text = renderTemplate(readFileSync(join(TEMPLATES, f.template), "utf8"), options);
    // The template's modeline points from templates/ to schemas/; the scaffold's must point from where it lands.
    writeFileSync(f.path, f.template.endsWith(".yaml") ? withModeline(text, schemaPathFor(f.path, "Integration")) : text, { flag: "wx" });
    process.stdout.write(`created ${f.path}\n`);
  }
  process.stdout.write(`Fill in every TODO, then run: npm run check\n`);
  return 0;
});
