/**
 * `npm run pictures`: draws README's pictures from the sample (tools/pictures/pictures.ts lists
 * them) and writes them to docs/images/. Run after a change to what they show (the charts, the
 * PR comment, the sample inventory, the recorded API responses); test/pictures.test.ts fails on a
 * stale one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactEnvSecrets } from "../compiler/redact";
import { IMAGES_DIR } from "./pictures/picture";
import { PICTURES } from "./pictures/pictures";

const ROOT = join(__dirname, "..");

/** Each picture's file and text, as committed: what the freshness test compares. */
export async function renderPictures(): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  // One at a time: the weekly chart runs a replay server, the timeline a simulation.
  for (const make of PICTURES) {
    const picture = make();
    // Committed files: nothing from the environment's API keys may end up in one.
    out.push({ file: picture.file, text: redactEnvSecrets(await picture.render()) });
  }
  return out;
}

if (require.main === module) {
  const USAGE = "usage: npm run pictures   (draws README's pictures from the sample into docs/images/)";
  const [arg] = process.argv.slice(2);
  if (arg === "--help" || arg === "-h") {
    console.log(USAGE);
    process.exit(0);
  }
  if (arg !== undefined) {
    console.error(`pictures: unexpected argument "${arg}"\n${USAGE}`);
    process.exit(2);
  }
  renderPictures().then(
    (pictures) => {
      mkdirSync(join(ROOT, IMAGES_DIR), { recursive: true });
      for (const p of pictures) {
        writeFileSync(join(ROOT, IMAGES_DIR, p.file), p.text);
        console.log(`wrote ${IMAGES_DIR}/${p.file}`);
      }
    },
    (e: unknown) => {
      console.error(`pictures: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
