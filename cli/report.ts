/**
 * `npm run report -- [--week 2026-W47] [--quarter] [--out DIR] [--stack prod] [--inventory DIR] [--runbooks DIR]`
 * The weekly reliability report from Datadog SLO history and PagerDuty incidents: writes
 * `<out>/<week>.md` and its chart `<week>.svg` (with --quarter, also the thirteen weeks
 * ending with --week, and `<week>-quarter.svg`). Default week: the last complete one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkInventory, DEFAULT_LOCATION } from "../compiler/checkInventory";
import { formatDiagnostic } from "../compiler/diagnostics";
import { CONFIG_KEYS } from "../compiler/lower/settings";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { pagerDutyClientFromEnv } from "../ops/pagerduty/client";
import { addWeeks, isoWeekOf, parseIsoWeek } from "../ops/report/isoWeek";
import { makeReport } from "../ops/report/report";
import { parseCliArgs, runCli, UsageError } from "./run";
import { readStackConfig } from "./stackConfig";

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
  const config = readStackConfig(values.stack);
  const location = {
    inventoryDir: values.inventory ?? config[CONFIG_KEYS.inventoryDir] ?? DEFAULT_LOCATION.inventoryDir,
    runbooksDir: values.runbooks ?? config[CONFIG_KEYS.runbooksDir] ?? DEFAULT_LOCATION.runbooksDir,
  };
  const checked = checkInventory(location);
  if (!checked.inventory) {
    for (const d of checked.diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
    process.stdout.write("report: the inventory is invalid; fix it first (npm run check)\n");
    return 1;
  }
  // Missing keys throw a plain Error with one sentence, which runCli prints.
  const clients = { datadog: datadogClientFromEnv(), pagerduty: pagerDutyClientFromEnv() };
  // An ApiError's one sentence is what runCli prints; nothing is written from a partial read.
  const made = await makeReport(clients, {
      inventory: checked.inventory,
      diagnostics: checked.diagnostics,
      runbooksDir: location.runbooksDir,
      environment: config[CONFIG_KEYS.environment] ?? "prod",
      week,
      quarter: values.quarter,
    });
  mkdirSync(values.out, { recursive: true });
  for (const [name, text] of Object.entries(made.files)) {
    writeFileSync(join(values.out, name), text);
    process.stdout.write(`wrote ${join(values.out, name)}\n`);
  }
  const missing = made.report.integrations.flatMap((i) => i.slos.filter((s) => s.missing).map((s) => `${i.id}/${s.slo} (${s.missing})`));
  if (missing.length) process.stdout.write(`report: ${missing.length} SLO(s) without data this week, shown as such: ${missing.join(", ")}\n`);
  return 0;
});
