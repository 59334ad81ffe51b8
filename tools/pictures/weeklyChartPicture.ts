/**
 * The weekly report's chart, as `npm run report -- --week 2026-W47` draws it over the sample
 * (inventory/, runbooks/, stack prod) from the recorded Datadog and PagerDuty responses
 * (test/fixtures/api/report/sampleWeek.json, written from the lowered sample by
 * test/fixtures/api/sampleWeek.ts), replayed by a server on 127.0.0.1 through the real API
 * clients: the chart a report reader gets, with its missed, exhausted and silent SLOs. A request
 * the recording does not hold, or a recorded one the report no longer makes, fails the drawing.
 */
import { readFileSync } from "node:fs";
import { checkInventory } from "../../compiler/checkInventory";
import { DatadogClient } from "../../ops/datadog/client";
import { PagerDutyClient } from "../../ops/pagerduty/client";
import { parseIsoWeek } from "../../ops/report/isoWeek";
import { makeReport } from "../../ops/report/report";
import { SAMPLE_LOCATION, SAMPLE_WEEK, SAMPLE_WEEK_FILE, type SampleWeekRecording } from "../../test/fixtures/api/sampleWeek";
import { startReplayServer } from "../../test/support/apiReplay";
import type { Picture } from "./picture";

const committed = (): SampleWeekRecording => JSON.parse(readFileSync(SAMPLE_WEEK_FILE, "utf8")) as SampleWeekRecording;

/** `recording`: the committed one; tests pass an altered copy. */
export function weeklyChartPicture(recording: () => SampleWeekRecording = committed): Picture {
  return {
    file: "weekly-report-chart.svg",
    alt: `The weekly report's chart for ${SAMPLE_WEEK} over the sample inventory: per SLO in revenue order, its status (met, missed, no data), attainment against the objective and the error budget left`,
    render: async () => {
      const recorded = recording();
      const checked = checkInventory(SAMPLE_LOCATION);
      if (!checked.inventory) throw new Error("the sample does not validate: run npm run check");
      const routes = [...recorded.datadog, ...recorded.pagerduty];
      const server = await startReplayServer(routes);
      try {
        const clients = {
          datadog: new DatadogClient({ apiKey: "recorded", appKey: "recorded", baseUrl: server.url }),
          pagerduty: new PagerDutyClient({ token: "recorded", baseUrl: server.url }),
        };
        const made = await makeReport(clients, { inventory: checked.inventory, diagnostics: checked.diagnostics, runbooksDir: SAMPLE_LOCATION.runbooksDir, environment: "prod", week: parseIsoWeek(SAMPLE_WEEK), quarter: false }).catch((e: unknown) => e as Error);
        // The replay answers an unrecorded request with a 404, which the report may stop at (or
        // take for a missing SLO): say which request it was. A route never asked is as stale.
        const unrecorded = server.requests.filter((q) => q.route < 0).map((q) => `${q.method} ${q.path}?${new URLSearchParams(q.query)}`);
        const unused = made instanceof Error ? [] : routes.filter((_, i) => !server.requests.some((q) => q.route === i)).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query ?? {})}`);
        if (unrecorded.length || unused.length) {
          throw new Error(`the report and test/fixtures/api/report/sampleWeek.json disagree (run npx tsx test/fixtures/api/sampleWeek.ts):${unrecorded.map((u) => `\n  not recorded: ${u}`).join("")}${unused.map((u) => `\n  recorded, never asked: ${u}`).join("")}`);
        }
        if (made instanceof Error) throw made;
        return made.files[`${SAMPLE_WEEK}.svg`]!;
      } finally {
        await server.close();
      }
    },
  };
}
