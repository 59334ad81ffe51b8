/** `npm run golden`: rewrite the golden plan after an intended change; review the diff before committing. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIR, goldenFiles } from "./golden";

for (const [name, text] of Object.entries(goldenFiles())) {
  writeFileSync(join(GOLDEN_DIR, name), text);
  console.log(`wrote test/golden/${name}`);
}
