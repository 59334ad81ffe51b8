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
