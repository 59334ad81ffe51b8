/**
 * The CLIs that call Datadog take the site from the stack's `datadogSite` when neither DD_SITE
 * nor DD_API_URL is set. Run from a temporary working directory holding this project's
 * Pulumi.yaml and a stack whose datadogSite is not a site, so using it shows in one sentence
 * and no request leaves the machine. (budget-gate builds its client the same way, but only
 * asks Datadog when a change needs error budget, which takes a git history to set up.)
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFixture, startReplayServer } from "../support/apiReplay";
import { envWithoutApiKeys, REPO, runCliAsync } from "../support/runCli";

const KEYS = { DD_API_KEY: "dd-api-key-0123456789abcdef", DD_APP_KEY: "dd-app-key-fedcba9876543210", PAGERDUTY_TOKEN: "pd-token-0123456789" };
const FIXTURE = join(REPO, "test", "fixtures", "valid");
const LOCATION = ["--inventory", join(FIXTURE, "inventory"), "--runbooks", join(FIXTURE, "runbooks")];
const BAD_SITE = /datadogSite in the stack config "not-a-site" is not a Datadog site such as datadoghq\.com or datadoghq\.eu\./;

describe("Datadog site from the stack config", function () {
  let cwd: string;
  before(() => {
    cwd = mkdtempSync(join(tmpdir(), "datadog-site-"));
    copyFileSync(join(REPO, "Pulumi.yaml"), join(cwd, "Pulumi.yaml"));
    const prod = readFileSync(join(REPO, "Pulumi.prod.yaml"), "utf8");
    writeFileSync(join(cwd, "Pulumi.sitetest.yaml"), `${prod.trimEnd()}\n  martech-reliability:datadogSite: not-a-site\n`);
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));
  const run = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCliAsync(script, [...args, "--stack", "sitetest", ...LOCATION], { cwd, env: { ...envWithoutApiKeys(), ...KEYS, ...env } });

  it("verify-deploy and report use it without DD_SITE or DD_API_URL", async () => {
    for (const [script, args, name] of [
      ["cli/verifyDeploy.ts", [], "verify-deploy"],
      ["cli/report.ts", ["--week", "2026-W47", "--out", join(cwd, "reports")], "report"],
    ] as const) {
      const r = await run(script, [...args]);
      assert.equal(r.status, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^${name}: ${BAD_SITE.source}\n$`));
    }
  });

  it("postmortem uses it (the budget cells say why), and DD_API_URL still wins over it", async () => {
    const out = join(cwd, "postmortems");
    const bad = await run("cli/postmortem.ts", ["integration-0001", "2024-05-14", "--out", out]);
    assert.equal(bad.status, 0, bad.stderr);
    assert.match(bad.stdout, new RegExp(`error budgets not available for 2 of 2 SLO\\(s\\): ${BAD_SITE.source.replace(/\\\.$/, "")}\n`));
    rmSync(out, { recursive: true, force: true });

    const server = await startReplayServer(loadFixture("datadog", "postmortem-budgets"));
    try {
      const good = await run("cli/postmortem.ts", ["integration-0001", "2024-05-14", "--out", out], { DD_API_URL: server.url });
      assert.equal(good.status, 0, good.stderr);
      assert.match(readFileSync(join(out, "2024-05-14-integration-0001.md"), "utf8"), /\| 99\.38% \| -24% \|/);
      assert.ok(server.requests.length > 0);
    } finally {
      await server.close();
    }
  });
});
