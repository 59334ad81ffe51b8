/** `npm run bench [-- SECTION...]`: every benchmark, or the sections named; figures and ratios measured in this one run. */
import { cpus } from "node:os";
import { wantsHelp } from "../cli/run";
import { benchCheck } from "./check.bench";
import { benchForwarder } from "./forwarder.bench";
import { benchPlan } from "./plan.bench";
import { benchSimulate } from "./simulate.bench";

const SECTIONS: Readonly<Record<string, () => Promise<void>>> = {
  check: benchCheck,
  plan: benchPlan,
  forwarder: benchForwarder,
  simulate: benchSimulate,
};

const USAGE = `usage: npm run bench [-- SECTION...]   (sections: ${Object.keys(SECTIONS).join(", ")}; all of them by default; figures and ratios from this run)`;

async function main(names: readonly string[]): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cores`);
  for (const name of names.length ? names : Object.keys(SECTIONS)) await SECTIONS[name]!();
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => !Object.hasOwn(SECTIONS, a));
if (wantsHelp(args)) console.log(USAGE);
else if (unknown.length) {
  console.error(`bench: unknown section ${unknown.map((a) => JSON.stringify(a)).join(", ")}\n${USAGE}`);
  process.exitCode = 2;
} else void main(args);
