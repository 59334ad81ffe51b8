/**
 * `npm run postmortem -- <integration> <YYYY-MM-DD> [--out DIR] [--inventory DIR] [--runbooks DIR] [--stack NAME]`
 * Starts a blameless postmortem at <out>/<date>-<integration>.md from postmortems/TEMPLATE.md,
 * prefilled from the inventory, with each SLO's error budget from Datadog when DD_API_KEY and
 * DD_APP_KEY are set (and "not available: <reason>" when not). Never overwrites a file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactEnvSecrets } from "../compiler/redact";
import { suggestion } from "../compiler/validate/didYouMean";
import { renderPostmortem } from "./postmortemDraft";
import { parseCliArgs, runCli, UsageError } from "./run";
import { sloBudgets } from "./sloBudgets";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run postmortem -- <integration> <YYYY-MM-DD> [--out DIR] [--inventory DIR] [--runbooks DIR] [--stack NAME]";
const TEMPLATE = join(__dirname, "..", "postmortems", "TEMPLATE.md");

runCli("postmortem", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    out: { type: "string", default: "postmortems" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
    stack: { type: "string", default: "prod" },
  });
  const [id, date, ...extra] = positionals;
  if (!id || !date || extra.length) throw new UsageError(USAGE);
  checkDate(date);

  const loaded = loadStackInventory("postmortem", values, "fix it first (npm run check)");
  if (!loaded) return 1;
  const { location, checked: result, settings } = loaded;
  const integration = result.inventory.integrations.find((i) => i.id === id);
  if (!integration) throw new Error(`there is no integration "${id}"${suggestion(id, result.inventory.integrations.map((i) => i.id))}`);

  // Checked before Datadog is asked anything; the exclusive write below closes the race.
  const file = join(values.out, `${date}-${id}.md`);
  if (existsSync(file)) throw new Error(`${file} already exists; nothing was written (edit it, or pass another --out)`);

  const budgets = await sloBudgets(integration, date, settings, process.env);
  // The draft is a file in the repository: no key from the environment may end up in it.
  const text = redactEnvSecrets(renderPostmortem({ template: readFileSync(TEMPLATE, "utf8"), inventory: result.inventory, integration, date, settings, runbooksDir: location.runbooksDir, budgets }));
  mkdirSync(values.out, { recursive: true });
  try {
    writeFileSync(file, text, { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`${file} already exists; nothing was written (edit it, or pass another --out)`);
    throw e;
  }
  process.stdout.write(`created ${file}\n`);
  const missing = budgets.flatMap((b) => (b.kind === "unavailable" ? [b.reason] : []));
  if (missing.length) process.stdout.write(redactEnvSecrets(`error budgets not available for ${missing.length} of ${budgets.length} SLO(s): ${missing[0]}\n`));
  process.stdout.write("Fill in every TODO; keep it blameless (roles, not names).\n");
  return 0;
});

/** A real calendar date, not after tomorrow (UTC), so a time-zone slip is still accepted. */
function checkDate(date: string): void {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  // Date.parse rolls 2024-02-30 over to March 1st: the round trip catches it.
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) throw new UsageError(`"${date}" is not a date: use YYYY-MM-DD, e.g. 2024-05-14\n${USAGE}`);
  if (t > Date.now() + 86_400_000) throw new UsageError(`${date} is in the future: a postmortem is about an incident that has happened`);
}
