/** `npm run golden`: rewrite the golden plan after an intended change; review the diff before committing. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { wantsHelp } from "../../cli/run";
import { GOLDEN_DIR, goldenFiles } from "./golden";

const USAGE = "usage: npm run golden   (rewrites test/golden/plan.txt, plan.json and plan.staging.txt from the sample inventory)";

if (wantsHelp(process.argv.slice(2))) console.log(USAGE);
else {
  for (const [name, text] of Object.entries(goldenFiles())) {
    writeFileSync(join(GOLDEN_DIR, name), text);
    console.log(`wrote test/golden/${name}`);
  }
}
