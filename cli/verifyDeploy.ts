/**
 * `npm run verify-deploy -- [--stack prod] [--inventory DIR] [--runbooks DIR]`
 * Run after `pulumi up`: reads back every managed monitor and SLO from Datadog and checks
 * each one the inventory declares is there (by name and tags), every monitor links to its
 * runbook section, and every burn-rate alert watches its SLO. Exits 1 listing each problem.
 * Needs DD_API_KEY and DD_APP_KEY (read-only scopes monitors_read, slos_read); DD_SITE or DD_API_URL
 * (default: the stack's datadogSite).
 */
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { redactEnvSecrets } from "../compiler/redact";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { checkDeployed, expectedDatadog } from "../ops/datadog/deployedCheck";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run verify-deploy -- [--stack NAME] [--inventory DIR] [--runbooks DIR]  (env: DD_API_KEY, DD_APP_KEY, DD_SITE or DD_API_URL)";
const MANAGED = "managed-by:pulumi";

runCli("verify-deploy", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    stack: { type: "string", default: "prod" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);

  const loaded = loadStackInventory("verify-deploy", values, "nothing was verified");
  if (!loaded) return 1;
  const { checked: result, settings } = loaded;
  const expected = expectedDatadog(lowerInventory(result.inventory, settings).resources);

  // Credentials are checked only now, so an invalid inventory is reported without them.
  // DD_SITE or DD_API_URL win; else the site the stack's forwarder sends to.
  const client = datadogClientFromEnv(process.env, {}, settings.forwarder.datadogSite);
  const env = `env:${settings.environment}`;
  // Both filters are also applied here: the server-side ones narrow the download, these make the check exact.
  const ours = <T extends { tags: string[] }>(items: T[]) => items.filter((i) => i.tags.includes(MANAGED) && i.tags.includes(env));
  const [monitors, slos] = await Promise.all([client.listMonitors({ monitorTags: [MANAGED, env] }), client.listSlos({ tagsQuery: MANAGED })]);
  const { problems, notes } = checkDeployed(expected, { monitors: ours(monitors), slos: ours(slos) });

  // Problems quote what Datadog holds; none may carry an API key from the environment.
  for (const note of notes) process.stdout.write(redactEnvSecrets(`note: ${note}\n`));
  const scope = `in Datadog (${env}, ${MANAGED}) for stack ${values.stack}`;
  if (problems.length) {
    for (const problem of problems) process.stdout.write(redactEnvSecrets(`${problem}\n`));
    process.stdout.write(`verify-deploy: ${problems.length} problem(s) among ${expected.monitors.length} monitors and ${expected.slos.length} SLOs ${scope}\n`);
    return 1;
  }
  const linked = expected.monitors.filter((m) => m.runbookUrl !== undefined).length;
  process.stdout.write(`verified ${expected.monitors.length} monitors and ${expected.slos.length} SLOs ${scope}: all present, ${linked} runbook links match the inventory\n`);
  return 0;
});
