/** `npm run bench`: every benchmark, figures and ratios measured in this one run. */
import { cpus } from "node:os";
import { benchCheck } from "./check.bench";
import { benchForwarder } from "./forwarder.bench";
import { benchPlan } from "./plan.bench";

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cores`);
  await benchCheck();
  await benchPlan();
  await benchForwarder();
}

void main();
