/**
 * README's pictures (docs/images/, drawn by `npm run pictures` from tools/pictures/pictures.ts)
 * are fresh: drawn again in memory, each is byte for byte the committed file; README shows each
 * with its alt text; docs/images/ holds no picture nobody draws. After an intended change to a
 * chart, the PR comment, the sample inventory or the recorded API responses: `npm run pictures`,
 * and review.
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IMAGES_DIR } from "../tools/pictures/picture";
import { PICTURES } from "../tools/pictures/pictures";
import { renderPictures } from "../tools/pictures";
import { weeklyChartPicture } from "../tools/pictures/weeklyChartPicture";
import { checkInventory } from "../compiler/checkInventory";
import { renderSampleWeek, SAMPLE_LOCATION, SAMPLE_WEEK_FILE, sampleWeekRecording, type SampleWeekRecording } from "./fixtures/api/sampleWeek";
import { layoutProblems } from "./support/svgTextBoxes";
import { REPO } from "./support/runCli";

describe("README pictures (npm run pictures)", () => {
  let drawn: { file: string; text: string }[] = [];
  before(async () => {
    drawn = await renderPictures();
  });

  it("draws each listed picture into its own file", () => {
    const files = PICTURES.map((make) => make().file);
    assert.deepEqual(drawn.map((p) => p.file), files);
    assert.equal(new Set(files).size, files.length, "no two pictures share a file");
  });

  it("each committed picture is what the sample draws today", () => {
    for (const p of drawn) {
      const committed = join(REPO, IMAGES_DIR, p.file);
      assert.ok(existsSync(committed), `${IMAGES_DIR}/${p.file} is missing: run npm run pictures`);
      assert.ok(readFileSync(committed, "utf8") === p.text, `${IMAGES_DIR}/${p.file} is stale: run npm run pictures and review the picture`);
    }
  });

  it("docs/images holds only pictures the generator draws", () => {
    assert.deepEqual(readdirSync(join(REPO, IMAGES_DIR)).sort(), drawn.map((p) => p.file).sort());
  });

  it("README shows each picture with its alt text", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    for (const make of PICTURES) {
      const { file, alt } = make();
      assert.ok(readme.includes(`![${alt}](${IMAGES_DIR}/${file})`), `README has no ![${alt}](${IMAGES_DIR}/${file})`);
    }
  });

  it("each picture is laid out cleanly, its texts apart and on the canvas", () => {
    for (const p of drawn) assert.deepEqual(layoutProblems(p.text), [], p.file);
  });
});

describe("the weekly chart's recorded week (test/fixtures/api/sampleWeek.ts)", () => {
  const committed = (): SampleWeekRecording => JSON.parse(readFileSync(SAMPLE_WEEK_FILE, "utf8")) as SampleWeekRecording;

  it("is what sampleWeek.ts writes from the sample today", () => {
    assert.ok(readFileSync(SAMPLE_WEEK_FILE, "utf8") === renderSampleWeek(sampleWeekRecording()), "test/fixtures/api/report/sampleWeek.json is stale: run npx tsx test/fixtures/api/sampleWeek.ts, then npm run pictures");
  });

  it("gives the chart every live SLO of the sample, none of them not found in Datadog", async () => {
    const svg = await weeklyChartPicture().render();
    const { inventory } = checkInventory(SAMPLE_LOCATION);
    for (const slo of inventory!.integrations.flatMap((i) => i.slos.filter((s) => !s.retired))) assert.ok(svg.includes(`>${slo.id}<`), `the chart has no row for ${slo.id}`);
    assert.doesNotMatch(svg, /not found in Datadog|SLOs are tagged/);
    // The chosen figures show: two SLOs missed with their budgets overspent, one silent week.
    assert.equal(svg.match(/>\u2717 missed</g)?.length, 2);
    assert.equal(svg.match(/>\u2717 -\d+% exhausted</g)?.length, 2);
    assert.match(svg, />no data in Datadog this week</);
  });

  it("fails the drawing on a request the recording does not hold, naming it", async () => {
    const recording = committed();
    // The W47 history of the first SLO read: the report asks for it, the replay has no answer.
    const dropped = recording.datadog.findIndex((r) => r.path.endsWith("/history") && r.note?.endsWith(": 2026-W47"));
    const without = { ...recording, datadog: recording.datadog.filter((_, i) => i !== dropped) };
    const { path, query } = recording.datadog[dropped]!;
    await assert.rejects(weeklyChartPicture(() => without).render(), (e: Error) => e.message.includes(`not recorded: GET ${path}?from_ts=${query!.from_ts}&to_ts=${query!.to_ts}`));
  });

  it("fails the drawing on a recorded route the report never asks for", async () => {
    const recording = committed();
    const page = recording.pagerduty[0]!;
    const extra = { ...page, query: { ...page.query, offset: "100" } };
    await assert.rejects(weeklyChartPicture(() => ({ ...recording, pagerduty: [page, extra] })).render(), /recorded, never asked: GET \/incidents .*"offset":"100"/);
  });
});
