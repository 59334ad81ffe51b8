/**
 * `npm run report -- [--week 2026-W47] [--quarter] [--out DIR] [--stack prod] [--inventory DIR] [--runbooks DIR]`
 * The weekly reliability report from Datadog SLO history and PagerDuty incidents: writes
 * `<out>/<week>.md` and its chart `<week>.svg` (with --quarter, also the thirteen weeks
 * ending with --week, and `<week>-quarter.svg`). Default week: the last complete one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactEnvSecrets } from "../compiler/redact";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { pagerDutyClientFromEnv } from "../ops/pagerduty/client";
import { addWeeks, isoWeekOf, parseIsoWeek } from "../ops/report/isoWeek";
import { makeReport } from "../ops/report/report";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run report -- [--week YYYY-Www] [--quarter] [--out DIR] [--stack NAME] [--inventory DIR] [--runbooks DIR]";

runCli("report", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    week: { type: "string" },
    quarter: { type: "boolean", default: false },
    out: { type: "string", default: "reports" },
    stack: { type: "string", default: "prod" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  let week;
  try {
    week = values.week ? parseIsoWeek(values.week) : addWeeks(isoWeekOf(new Date()), -1);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const loaded = loadStackInventory("report", values, "fix it first (npm run check)");
  if (!loaded) return 1;
  const { location, checked, settings } = loaded;
  // Missing keys throw a plain Error with one sentence, which runCli prints.
  // DD_SITE or DD_API_URL win; else the site the stack's forwarder sends to.
  const clients = { datadog: datadogClientFromEnv(process.env, {}, settings.forwarder.datadogSite), pagerduty: pagerDutyClientFromEnv() };
  // An ApiError's one sentence is what runCli prints; nothing is written from a partial read.
  const made = await makeReport(clients, {
      inventory: checked.inventory,
      diagnostics: checked.diagnostics,
      runbooksDir: location.runbooksDir,
      environment: settings.environment,
      week,
      quarter: values.quarter,
    });
  mkdirSync(values.out, { recursive: true });
  for (const [name, text] of Object.entries(made.files)) {
    // A report is committed and shared: no API key from the environment may end up in it.
    writeFileSync(join(values.out, name), redactEnvSecrets(text));
    process.stdout.write(`wrote ${join(values.out, name)}\n`);
  }
  const missing = made.report.integrations.flatMap((i) => i.slos.filter((s) => s.missing).map((s) => `${i.id}/${s.slo} (${s.missing})`));
  if (missing.length) process.stdout.write(redactEnvSecrets(`report: ${missing.length} SLO(s) without data this week, shown as such: ${missing.join(", ")}\n`));
  return 0;
});
