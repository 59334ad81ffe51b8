/**
 * The weekly report's chart, as `npm run report -- --week 2026-W47` draws it over the valid
 * fixture inventory from the recorded Datadog and PagerDuty responses
 * (test/fixtures/api/report/week.json, replayed by a server on 127.0.0.1 through the real API
 * clients): the chart a report reader gets, with its missing and exhausted SLOs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkInventory } from "../../compiler/checkInventory";
import { DatadogClient } from "../../ops/datadog/client";
import { PagerDutyClient } from "../../ops/pagerduty/client";
import { parseIsoWeek } from "../../ops/report/isoWeek";
import { makeReport } from "../../ops/report/report";
import { FIXTURES_DIR, startReplayServer, type ReplayRoute } from "../../test/support/apiReplay";
import type { Picture } from "./picture";

const ROOT = join(__dirname, "..", "..");
const WEEK = "2026-W47";
/** What the recording was made for (its note): the valid fixture in environment prod. */
const LOCATION = { inventoryDir: join(ROOT, "test", "fixtures", "valid", "inventory"), runbooksDir: join(ROOT, "test", "fixtures", "valid", "runbooks") };

export function weeklyChartPicture(): Picture {
  return {
    file: "weekly-report-chart.svg",
    alt: `The weekly report's chart for ${WEEK}: per SLO in revenue order, its status (met, missed, no data), attainment against the objective and the error budget left`,
    render: async () => {
      const recorded = JSON.parse(readFileSync(join(FIXTURES_DIR, "report", "week.json"), "utf8")) as { datadog: ReplayRoute[]; pagerduty: ReplayRoute[] };
      const checked = checkInventory(LOCATION);
      if (!checked.inventory) throw new Error("test/fixtures/valid does not validate: run npm run check -- --inventory test/fixtures/valid/inventory --runbooks test/fixtures/valid/runbooks");
      const server = await startReplayServer([...recorded.datadog, ...recorded.pagerduty]);
      try {
        const clients = {
          datadog: new DatadogClient({ apiKey: "recorded", appKey: "recorded", baseUrl: server.url }),
          pagerduty: new PagerDutyClient({ token: "recorded", baseUrl: server.url }),
        };
        const made = await makeReport(clients, { inventory: checked.inventory, diagnostics: checked.diagnostics, runbooksDir: LOCATION.runbooksDir, environment: "prod", week: parseIsoWeek(WEEK), quarter: false });
        return made.files[`${WEEK}.svg`]!;
      } finally {
        await server.close();
      }
    },
  };
}
