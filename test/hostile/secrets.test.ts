/**
 * Issue 11, class 3: secrets. A credential pasted into the inventory or a runbook is found by
 * its vendor's documented shape wherever it sits (a value, a mapping key, an id, a comment,
 * inside a query's tag braces, a runbook's prose or code), reported at the secret itself, and
 * never repeated by any output: not by literal-secret, not by another rule's message, not in
 * `--format json`, not in the plan. Prose that only names a prefix is not an error. An API key
 * from the environment never reaches a message or a written file, however odd its characters.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { formatDiagnostic, type Diagnostic } from "../../compiler/diagnostics";
import { redact, REDACTED } from "../../compiler/redact";
import { findSecrets } from "../../compiler/validate/secretPatterns";
import { requestJson, ApiError } from "../../ops/http/jsonApi";
import { startReplayServer, type ReplayServer } from "../support/apiReplay";
import { editFile as edit, loadFixture, replaceOnce, validateFixture, type Fixture } from "../support/fixture";
import { envWithoutApiKeys, REPO, runCli, runCliAsync } from "../support/runCli";
import { FAKE } from "./fakeSecrets";

const INT1 = "inventory/integrations/integration-0001.yaml";
const FIXTURE = join(REPO, "test", "fixtures", "valid");
const editRunbook = (name: string, from: string, to: string) => (f: Fixture) => f.runbooks.set(name, replaceOnce(f.runbooks.get(name)!, from, to));

/** The fixture after `changes`, validated: its diagnostics as check prints them. */
function check(...changes: ((f: Fixture) => void)[]): { lines: string[]; diagnostics: readonly Diagnostic[] } {
  const fixture = loadFixture();
  for (const change of changes) change(fixture);
  const { diagnostics } = validateFixture(fixture);
  return { lines: diagnostics.map(formatDiagnostic), diagnostics };
}

/** Asserts nothing shown holds any of `secrets`, nor any line of one. */
function assertNotEchoed(text: string, ...secrets: string[]): void {
  for (const secret of secrets) {
    for (const piece of [secret, ...secret.split("\n").filter((l) => l.length >= 8)]) assert.ok(!text.includes(piece), `echoed ${JSON.stringify(piece)} in:\n${text}`);
  }
}

describe("hostile input: secrets", () => {
  describe("detection by documented shape", () => {
    const shapes: [keyof typeof FAKE, string][] = [
      ["stripeSecretKey", "a Stripe secret key"],
      ["stripeRestrictedKey", "a Stripe secret key"],
      ["webhookSecret", "a webhook signing secret"],
      ["shopifyToken", "a Shopify access token"],
      ["hubspotToken", "a HubSpot private app token"],
      ["slackBotToken", "a Slack token"],
      ["slackWebhookUrl", "a Slack webhook URL"],
      ["githubToken", "a GitHub token"],
      ["awsAccessKeyId", "an AWS access key id"],
      ["awsSecretAccessKey", "an AWS secret access key"],
      ["datadogApiKey", "a Datadog API key"],
      ["jwt", "a JSON Web Token"],
      ["metaToken", "a Meta access token"],
      ["privateKey", "a private key"],
    ];
    for (const [name, kind] of shapes) {
      it(`finds ${kind} (${name}) in prose, at the secret`, () => {
        const text = `Rotated on Monday: ${FAKE[name]} (see the runbook).`;
        const found = findSecrets(text);
        assert.deepEqual(found.map((f) => [f.kind, text.slice(f.start, f.end)]), [[kind, FAKE[name].replace(/^https:\/\//, "")]]);
      });
    }

    it("finds context-bound shapes only beside their words: a Datadog application key, a password in a URL or after a key name", () => {
      const kinds = (text: string) => findSecrets(text).map((f) => `${f.kind}: ${text.slice(f.start, f.end)}`);
      assert.deepEqual(kinds(`DD_APP_KEY=${FAKE.datadogAppKey}`), [`a Datadog application key: ${FAKE.datadogAppKey}`]);
      assert.deepEqual(kinds(`pinned at commit ${FAKE.datadogAppKey}`), [], "40 hex is also a git commit id");
      assert.deepEqual(kinds(`https://svc:${FAKE.urlPassword}@api.example.com/v1`), [`a password in a URL: ${FAKE.urlPassword}`]);
      assert.deepEqual(kinds("https://user:<password>@api.example.com and https://${USER}:${TOKEN}@host"), []);
      assert.deepEqual(kinds("count:app.requests{env:prod,api_key:a8f3k29dk3m1x9q2}"), ["a credential assigned to a key or password field: a8f3k29dk3m1x9q2"]);
      assert.deepEqual(kinds(`SLO https://app.datadoghq.com/slo?slo_id=${FAKE.datadogApiKey}`), [], "a Datadog SLO id is 32 hex too");
    });

    it("does not flag prose that only names a prefix or a placeholder", () => {
      for (const prose of [
        "Rotate the whsec_ secret in Stripe, then the xoxb- token and any sk_live_ keys.",
        "HubSpot private app tokens start with pat-na1-; GitHub ones with ghp_; Shopify's with shpat_.",
        "AKIA keys are long-term, ASIA ones temporary; Meta tokens start with EAA.",
        "pulumi config set --secret stripeBillingWebhookSecret '[\"whsec_new\",\"whsec_old\"]'",
        "aws secretsmanager get-secret-value --secret-id martech/prod/forwarder/datadog-api-key",
        "password: <from 1Password>, token=$PAGERDUTY_TOKEN, api_key=${DD_API_KEY}",
      ]) assert.deepEqual(findSecrets(prose), [], prose);
    });

    it("keeps work bounded on a huge line full of candidates (linear, no per-match rescans)", () => {
      const line = `${FAKE.datadogApiKey} `.repeat(20_000);
      assert.equal(findSecrets(line).length, 20_000);
      assert.equal(redact(line).split(REDACTED).length - 1, 20_000);
    });
  });

  describe("where check looks", () => {
    it("reports a secret in a value, a mapping key, an id, a comment, query tag braces and a block scalar, each at the secret", () => {
      const { lines } = check(
        edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", `description: "Web form leads; old key ${FAKE.slackBotToken} retired."`),
        edit(INT1, "tier: 2", `tier: 2   # ${FAKE.awsAccessKeyId}`),
        edit(INT1, "  usdPerHour: 8019", `  ${FAKE.stripeSecretKey}: 1\n  usdPerHour: 8019`),
        edit(INT1, "  - id: accepted", `  - id: ${FAKE.hubspotToken}`),
        edit(INT1, "remaining{integration:integration-0001}", `remaining{integration:integration-0001,token:${FAKE.githubToken}}`),
        edit(INT1, "  basis: Leads per hour times conversion times average deal size.", `  basis: |\n    Leads per hour.\n    ${FAKE.privateKey.split("\n").join("\n    ")}`),
      );
      const secrets = lines.filter((l) => l.endsWith("[literal-secret]"));
      assert.deepEqual(secrets, [
        `${INT1}:6:39: error: description: contains what looks like a Slack token; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
        `${INT1}:7:13: error: a comment holds what looks like an AWS access key id; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
        `${INT1}:11:3: error: revenue: a field name holds what looks like a Stripe secret key; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
        `${INT1}:15:5: error: revenue.basis: contains what looks like a private key; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
        `${INT1}:28:9: error: slo [redacted]: id: contains what looks like a HubSpot private app token; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
        `${INT1}:81:86: error: failure mode rate-limit: detection.query: contains what looks like a GitHub token; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
      ]);
      assertNotEchoed(lines.join("\n"), FAKE.slackBotToken, FAKE.awsAccessKeyId, FAKE.stripeSecretKey, FAKE.hubspotToken, FAKE.githubToken, FAKE.privateKey);
    });

    it("reports each of 20,000 keys pasted as comments at its line, and repeats none (work in proportion to the file)", () => {
      const digits = (i: number) => String(i).padStart(5, "0").replace(/./g, (d) => "abcdef0123"[Number(d)]);
      const keys = Array.from({ length: 20_000 }, (_, i) => `${FAKE.datadogApiKey.slice(0, 27)}${digits(i)}`);
      const { diagnostics } = check((f) => f.files.set("inventory/teams.yaml", `${f.files.get("inventory/teams.yaml")!}${keys.map((k) => `# ${k}\n`).join("")}`));
      assert.equal(diagnostics.length, 20_000);
      assert.ok(diagnostics.every((d, i) => d.rule === "literal-secret" && d.line === 31 + i && d.column === 3), formatDiagnostic(diagnostics[0]));
      assert.deepEqual(JSON.stringify(diagnostics).match(/[0-9a-f]{32}/g), null, "no key shown");
    });

    it("reports a secret in a file whose YAML is broken, on its line, with the syntax error", () => {
      const { lines } = check(edit(INT1, "tier: 2", `tier: [2\nnote: ${FAKE.webhookSecret}`));
      assert.ok(lines.some((l) => l.startsWith(`${INT1}:`) && l.endsWith("[yaml-syntax]")), lines.join("\n"));
      assert.ok(lines.includes(`${INT1}:8:7: error: this line holds what looks like a webhook signing secret; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`), lines.join("\n"));
      assertNotEchoed(lines.join("\n"), FAKE.webhookSecret);
    });

    it("reports a secret in a runbook's prose and in its code, positioned, with the same detector", () => {
      const { lines } = check(
        editRunbook("integration-0004.md", "What it does and why revenue depends on it for integration-0004.", `What it does and why revenue depends on it for integration-0004 (token ${FAKE.metaToken}).`),
        editRunbook("integration-0004.md", "aws logs tail /aws/lambda/integration-0004-consumer --since 1h\n```\n\n## Upstream", `curl -H "DD-API-KEY: ${FAKE.datadogApiKey}" https://api.datadoghq.com/api/v1/validate\n\`\`\`\n\n## Upstream`),
      );
      assert.deepEqual(lines.filter((l) => l.endsWith("[literal-secret]")), [
        "runbooks/integration-0004.md:5:72: error: this runbook holds what looks like a Meta access token; keep secrets out of runbooks (on call reads them from the secret store) and rotate it if it was real [literal-secret]",
        "runbooks/integration-0004.md:8:22: error: this runbook holds what looks like a Datadog API key; keep secrets out of runbooks (on call reads them from the secret store) and rotate it if it was real [literal-secret]",
      ]);
    });

    it("refuses credentials in a forwardTo URL (user:password@, a token parameter, a token-shaped path), pointing to secret config", () => {
      const url = "url: https://example.my.salesforce.com/services/apexrest/leads";
      const cases: [string, string][] = [
        [`url: https://leads:${FAKE.urlPassword}@example.my.salesforce.com/in`, "a user name or password (user:password@ before the host)"],
        ["url: https://example.my.salesforce.com/in?hapikey=0000-1111", 'a credential in the query parameter "hapikey"'],
        ["url: https://example.my.salesforce.com/in#access_token=zzzz", 'a credential in the query parameter "access_token"'],
        [`url: ${FAKE.slackWebhookUrl}`, "what looks like a Slack webhook URL"],
      ];
      for (const [to, what] of cases) {
        const { lines } = check(edit(INT1, url, to));
        const found = lines.filter((l) => l.endsWith("[literal-secret]"));
        assert.equal(found.length, 1, lines.join("\n"));
        assert.match(found[0], new RegExp(`^${INT1}:86:\\d+: error: webhook hubspot-events: forwardTo\\[0\\]\\.url: carries ${what.replace(/[()[\]".]/g, "\\$&")}, and this URL is shown in the plan and the pull request; keep credentials in Pulumi secret config`));
        assertNotEchoed(lines.join("\n"), FAKE.urlPassword, "0000-1111", FAKE.slackWebhookUrl);
      }
      assert.deepEqual(check(edit(INT1, url, "url: https://example.my.salesforce.com/in?source=hubspot&page=2")).lines, [], "ordinary parameters are fine");
    });
  });

  describe("never echoed", () => {
    it("no rule repeats a flagged secret: a dangling owner, a did-you-mean, a missing heading, an id in the context", () => {
      const team = FAKE.hubspotToken;
      const typo = `${team.slice(0, -1)}x`;
      const { lines, diagnostics } = check(
        edit("inventory/teams.yaml", "id: revenue-operations", `id: ${team}`),
        edit(INT1, "owner: revenue-operations", `owner: ${typo}`),
        edit(INT1, "title: CRM API errors", `title: CRM API errors ${FAKE.shopifyToken}`),
      );
      const text = lines.join("\n");
      assert.ok(lines.includes(`${INT1}:8:8: error: there is no team "${typo}"; did you mean "[redacted]"? [unresolved-reference]`), text);
      assert.ok(lines.includes("inventory/teams.yaml:18:9: error: team [redacted]: id: contains what looks like a HubSpot private app token; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]"), text);
      assert.match(text, /has no "### CRM API errors \[redacted\]" heading/);
      assertNotEchoed(text, team, FAKE.shopifyToken);
      assertNotEchoed(JSON.stringify(diagnostics), team, FAKE.shopifyToken);
    });

    it("an unknown field named by a secret is reported without it", () => {
      const { lines } = check(edit(INT1, "  usdPerHour: 8019", `  ${FAKE.jwt}: 1\n  usdPerHour: 8019`));
      assert.deepEqual(lines, [
        `${INT1}:11:3: error: revenue: a field name holds what looks like a JSON Web Token; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
        `${INT1}:11:3: error: revenue: unknown field "[redacted]"; expected one of: usdPerHour, basis [unknown-key]`,
      ]);
    });

    it("check prints positioned lines and JSON without the secret, exit 1, no stack trace", () => {
      const dir = mkdtempSync(join(tmpdir(), "secrets-check-"));
      try {
        cpSync(FIXTURE, dir, { recursive: true });
        const file = join(dir, INT1);
        writeFileSync(file, replaceOnce(readFileSync(file, "utf8"), "name: Synthetic integration 1", `name: Synthetic integration 1 ${FAKE.githubToken}`));
        for (const format of ["text", "json"]) {
          const r = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks", "--format", format], dir);
          assert.equal(r.status, 1, r.stderr);
          assert.equal(r.stderr, "");
          assertNotEchoed(r.stdout, FAKE.githubToken);
          assert.doesNotMatch(r.stdout, /^\s+at /m);
        }
        const text = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks"], dir).stdout;
        assert.ok(text.includes(`${INT1}:5:31: error: name: contains what looks like a GitHub token;`), text);
        const json = JSON.parse(runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks", "--format", "json"], dir).stdout) as { diagnostics: Diagnostic[] };
        assert.ok(json.diagnostics.some((d) => d.rule === "literal-secret" && d.line === 5 && d.column === 31));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("plan shows a credential in the stack config as [redacted] in its text, JSON and markdown, and says so; a runbookBaseUrl with credentials is refused", () => {
      const dir = mkdtempSync(join(tmpdir(), "secrets-plan-"));
      try {
        cpSync(FIXTURE, dir, { recursive: true });
        cpSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
        const stack = readFileSync(join(REPO, "Pulumi.prod.yaml"), "utf8");
        // The runbook base URL is copied into every monitor message: credentials there are refused outright, without echoing them.
        const base = `https://bot:${FAKE.githubToken}@github.com/acme/martech-reliability/blob/main/runbooks`;
        writeFileSync(join(dir, "Pulumi.prod.yaml"), stack.replace(/runbookBaseUrl: .*/, `runbookBaseUrl: ${base}`));
        const refused = runCli("cli/plan.ts", [], dir);
        assert.equal(refused.status, 1, refused.stdout + refused.stderr);
        assert.match(refused.stderr, /config runbookBaseUrl must be the https:\/\/ address runbooks are browsed at/);
        for (const out of [refused.stdout, refused.stderr]) assertNotEchoed(out, FAKE.githubToken);
        // Elsewhere in the stack config (here the Datadog site the Lambdas are given), it is shown as [redacted].
        writeFileSync(join(dir, "Pulumi.prod.yaml"), `${stack.trimEnd()}\n  martech-reliability:datadogSite: ${FAKE.githubToken}\n`);
        const r = runCli("cli/plan.ts", ["--json", "plan.json", "--markdown", "plan.md"], dir);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stderr, /^plan: the stack config of prod holds what looks like a credential; the plan shows it as \[redacted\]\./);
        assert.ok(readFileSync(join(dir, "plan.json"), "utf8").includes(REDACTED), "the value is still there, redacted");
        for (const out of [r.stdout, r.stderr, readFileSync(join(dir, "plan.json"), "utf8"), readFileSync(join(dir, "plan.md"), "utf8")]) assertNotEchoed(out, FAKE.githubToken);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("API keys from the environment", () => {
    const KEY_WITH_BREAK = `${FAKE.datadogApiKey}\n@all injected line`;
    let server: ReplayServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });
    const env = (over: Record<string, string>) => ({ ...envWithoutApiKeys(), ...over });

    it("verify-deploy refuses a DD_API_KEY with a line break by name, without printing it", async () => {
      server = await startReplayServer([]);
      const r = await runCliAsync("cli/verifyDeploy.ts", ["--inventory", join(FIXTURE, "inventory"), "--runbooks", join(FIXTURE, "runbooks")], {
        env: env({ DD_API_KEY: KEY_WITH_BREAK, DD_APP_KEY: FAKE.datadogAppKey, DD_API_URL: server.url }),
      });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, "verify-deploy: DD_API_KEY is not a valid key (it contains a line break): export it exactly as the vendor shows it, from a secret store, never on the command line.\n");
      assert.equal(server.requests.length, 0, "nothing was sent");
      assertNotEchoed(r.stdout + r.stderr, KEY_WITH_BREAK, FAKE.datadogAppKey);
    });

    it("postmortem writes no part of a malformed DD_APP_KEY into the draft, and says why budgets are missing", async () => {
      const out = mkdtempSync(join(tmpdir(), "secrets-postmortem-"));
      try {
        const appKey = `${FAKE.datadogAppKey}\r\nX-Injected: 1`;
        const r = await runCliAsync("cli/postmortem.ts", ["integration-0001", "2024-05-14", "--out", out, "--inventory", join(FIXTURE, "inventory"), "--runbooks", join(FIXTURE, "runbooks")], {
          env: env({ DD_API_KEY: FAKE.datadogApiKey, DD_APP_KEY: appKey, DD_API_URL: "http://127.0.0.1:9" }),
        });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /error budgets not available for 2 of 2 SLO\(s\): DD_APP_KEY is not a valid key \(it contains a line break\)/);
        const draft = readFileSync(join(out, readdirSync(out)[0]), "utf8");
        assert.match(draft, /not available: DD_APP_KEY is not a valid key \(it contains a line break\)/);
        assertNotEchoed(draft + r.stdout + r.stderr, appKey, FAKE.datadogApiKey);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it("report refuses a PAGERDUTY_TOKEN with a control character, by name", async () => {
      const out = mkdtempSync(join(tmpdir(), "secrets-report-"));
      try {
        const token = "u+Zz9xPqLm\u0007Wv3RtYs";
        const r = await runCliAsync("cli/report.ts", ["--week", "2026-W47", "--out", out, "--inventory", join(FIXTURE, "inventory"), "--runbooks", join(FIXTURE, "runbooks")], {
          env: env({ DD_API_KEY: FAKE.datadogApiKey, DD_APP_KEY: FAKE.datadogAppKey, PAGERDUTY_TOKEN: token, DD_API_URL: "http://127.0.0.1:9", PAGERDUTY_API_URL: "http://127.0.0.1:9" }),
        });
        assert.equal(r.status, 1);
        assert.equal(r.stderr, "report: PAGERDUTY_TOKEN is not a valid key (it contains a control character): export it exactly as the vendor shows it, from a secret store, never on the command line.\n");
        assert.deepEqual(readdirSync(out), [], "nothing written");
        assertNotEchoed(r.stdout + r.stderr, "u+Zz9xPqLm", "Wv3RtYs");
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it("an API error that echoes the key, and a header fetch would refuse, never quote it", async () => {
      server = await startReplayServer([{ method: "GET", path: "/api/v1/slo", responses: { status: 400, body: { errors: [`Invalid API key ${FAKE.datadogApiKey} for app key ${FAKE.datadogAppKey}`] } } }]);
      const headers = { "DD-API-KEY": FAKE.datadogApiKey, "DD-APPLICATION-KEY": FAKE.datadogAppKey };
      const echoed = await requestJson({ api: "Datadog API", baseUrl: server.url, path: "/api/v1/slo", headers, maxAttempts: 1 }).catch((e: unknown) => e);
      assert.ok(echoed instanceof ApiError);
      assert.equal(echoed.message, "Datadog API refused GET /api/v1/slo (400): Invalid API key [redacted] for app key [redacted].");
      const broken = await requestJson({ api: "Datadog API", baseUrl: server.url, path: "/api/v1/slo", headers: { ...headers, "DD-API-KEY": KEY_WITH_BREAK }, maxAttempts: 1 }).catch((e: unknown) => e);
      assert.ok(broken instanceof ApiError);
      assert.equal(broken.message, "Datadog API was not called: the DD-API-KEY header is not valid (it contains a line break); check the key in the environment.");
      assert.equal(server.requests.length, 1, "the malformed request was never sent");
    });
  });

  describe("property: no generated secret survives into any diagnostic", () => {
    // Free-text fields of the fixture, each a plain one-line scalar the edit can replace.
    const FIELDS: [string, string, string][] = [
      [INT1, "name: Synthetic integration 1", "name"],
      [INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", "description"],
      [INT1, "  basis: Leads per hour times conversion times average deal size.", "  basis"],
      [INT1, "    title: CRM API errors", "    title"],
      ["inventory/teams.yaml", "name: Person 1 of growth-engineering", "name"],
    ];
    // Every shape that is a secret on its own (not the URL password or the 40-hex application key, which need their context).
    const alone = (Object.keys(FAKE) as (keyof typeof FAKE)[]).filter((k) => !FAKE[k].includes("\n") && k !== "urlPassword" && k !== "datadogAppKey");
    const secretArb = fc.constantFrom(...alone.map((k) => FAKE[k]));
    const textArb = fc.string({ unit: fc.constantFrom(..."abcXYZ 019-_.:/@{}#\"'"), maxLength: 20 });

    it("whatever text surrounds it, in whichever field, a secret is reported and never repeated", () => {
      fc.assert(
        fc.property(fc.constantFrom(...FIELDS), secretArb, textArb, textArb, ([file, line, key], secret, before, after) => {
          const value = JSON.stringify(`${before} ${secret} ${after}`);
          const { lines, diagnostics } = check(edit(file, line, `${key}: ${value}`));
          assert.ok(diagnostics.some((d) => d.rule === "literal-secret" && d.file === file), lines.join("\n"));
          assertNotEchoed(lines.join("\n") + JSON.stringify(diagnostics), secret);
          assertNotEchoed(redact(`${before}${value}${after}`, [secret]), secret);
        }),
        { seed: 11, numRuns: 40 },
      );
    });
  });
});
