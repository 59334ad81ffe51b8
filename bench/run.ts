/** `npm run bench`: every benchmark, figures and ratios measured in this one run. */
import { cpus } from "node:os";
import { wantsHelp } from "../cli/run";
import { benchCheck } from "./check.bench";
import { benchForwarder } from "./forwarder.bench";
import { benchPlan } from "./plan.bench";

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cores`);
  await benchCheck();
  await benchPlan();
  await benchForwarder();
}

const USAGE = "usage: npm run bench   (every benchmark: check, plan, forwarder; figures and ratios from this run)";

if (wantsHelp(process.argv.slice(2))) console.log(USAGE);
else void main();
