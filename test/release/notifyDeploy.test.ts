/**
 * Deploy notifications: who is told (the owners of what the deploy touches), what the Datadog event
 * says, and `npm run notify-deploy` posting it to a loopback fake of Datadog's Events API that
 * accepts only the documented request (./support/datadogEventsApi.ts).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FreezeChange } from "../../compiler/freeze/freezeChange";
import { EVENT_TEXT_MAX, eventProblems, postEvent } from "../../ops/datadog/events";
import { ApiError } from "../../ops/http/jsonApi";
import { deployAudience } from "../../ops/release/deployAudience";
import { deployEvent, type DeployNotice } from "../../ops/release/deployNotification";
import { envWithoutApiKeys, runCliAsync } from "../support/runCli";
import { sampleInventory } from "../support/sampleState";
import { startDatadogEventsApi, type DatadogEventsFake } from "./support/datadogEventsApi";

const KEY = "dd-api-key-0123456789abcdef";
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const GOOD = "fedcba9876543210fedcba9876543210fedcba98";
const inventory = sampleInventory();

describe("deploy notifications", function () {

  describe("who is told", () => {
    const lead: FreezeChange = { integrations: [{ id: "web-lead-form-to-crm", teams: ["growth-engineering"] }] };
    const ROWS: [name: string, change: FreezeChange | undefined, failure: boolean, handles: string[], why: RegExp][] = [
      ["the owners of the touched integrations", lead, false, ["@slack-growth-eng-alerts"], /owning the integrations it touches \(web-lead-form-to-crm\)/],
      ["both teams when an integration changes owner", { integrations: [{ id: "clearbit-enrichment", teams: ["revenue-operations", "growth-engineering"] }] }, false, ["@slack-growth-eng-alerts", "@slack-revops-alerts"], /clearbit-enrichment/],
      ["every team when a shared file changed", { integrations: [], everything: "shared files changed: forwarder/ingress/handler.ts" }, false, ["@slack-growth-eng-alerts", "@slack-revops-alerts"], /every integration \(shared files changed: forwarder\/ingress\/handler.ts\)/],
      ["every team when there is no last good deploy to compare with", undefined, false, ["@slack-growth-eng-alerts", "@slack-revops-alerts"], /no last verified deploy/],
      ["nobody for a start of a deploy that changes nothing deployed", { integrations: [] }, false, [], /nobody is told/],
      ["every team when such a deploy fails", { integrations: [] }, true, ["@slack-growth-eng-alerts", "@slack-revops-alerts"], /yet failed/],
    ];
    for (const [name, change, failure, handles, why] of ROWS) {
      it(name, () => {
        const a = deployAudience(inventory, change, failure);
        assert.deepEqual(a.handles, handles);
        assert.match(a.why, why);
      });
    }
  });

  describe("the event", () => {
    const audience = deployAudience(inventory, { integrations: [{ id: "web-lead-form-to-crm", teams: ["growth-engineering"] }] }, true);
    const notice = (over: Partial<DeployNotice> = {}): DeployNotice => ({ stack: "prod", event: "rolled-back", commit: COMMIT, audience, rolledBackTo: GOOD, reason: "verify-deploy failed", runUrl: "https://github.com/acme/martech-reliability/actions/runs/1", ...over });

    it("says what was rolled back, to what and why, and ends with the teams' handles", () => {
      const e = deployEvent(notice());
      assert.equal(e.title, "[prod] Deploy of 0123456 failed, rolled back to fedcba9");
      assert.equal(e.alert_type, "warning");
      assert.deepEqual(e.text.split("\n"), [
        `The deploy of 0123456 to the prod stack failed its checks, so ${GOOD} was deployed again (the last verified commit). The change needs a fix before it ships.`,
        "Why: verify-deploy failed",
        `Stack prod, commit ${COMMIT}.`,
        "Touches: web-lead-form-to-crm.",
        "Run: https://github.com/acme/martech-reliability/actions/runs/1",
        "",
        "@slack-growth-eng-alerts",
      ]);
      assert.deepEqual(e.tags, ["service:martech-reliability", "env:prod", "deploy_event:rolled-back", "commit:0123456", "team:growth-engineering", "integration:web-lead-form-to-crm"]);
      assert.equal(e.aggregation_key, "martech-deploy-prod-0123456789ab");
      assert.deepEqual(eventProblems(e), []);
    });

    it("a rollback that failed says so, as an error, never \"nothing was rolled back\"", () => {
      const e = deployEvent(notice({ event: "rollback-failed", rolledBackTo: GOOD, reason: "verify-deploy failed" }));
      assert.equal(e.alert_type, "error");
      assert.equal(e.title, "[prod] Deploy of 0123456 failed, and the rollback to fedcba9 failed too");
      assert.match(e.text, /^The deploy of 0123456 to the prod stack failed its checks, and redeploying fedcba9876543210fedcba9876543210fedcba98 \(the last verified commit\) failed too: the stack may be half-updated\. Look at the run now\.\nWhy: verify-deploy failed\n/);
      assert.ok(!e.text.includes("nothing was rolled back"));
    });

    it("one deploy's events share the aggregation key; each has its alert type", () => {
      const types = (["started", "succeeded", "failed"] as const).map((event) => deployEvent(notice({ event, rolledBackTo: undefined })));
      assert.deepEqual(types.map((e) => e.alert_type), ["info", "success", "error"]);
      assert.deepEqual(new Set(types.map((e) => e.aggregation_key)).size, 1);
      assert.ok(!types[0]!.text.includes("Why:"), "a start has no failure reason");
    });

    it("a mention inside the failure reason notifies nobody; the handles survive a text cut to Datadog's 4000 characters", () => {
      const e = deployEvent(notice({ reason: `${"x".repeat(5000)} @pagerduty-everyone` }));
      assert.ok(e.text.length <= EVENT_TEXT_MAX);
      assert.ok(e.text.endsWith("\n\n@slack-growth-eng-alerts"));
      assert.ok(!/(^|\s)@pagerduty/.test(e.text));
      const short = deployEvent(notice({ reason: "ask @pagerduty-everyone" }));
      assert.match(short.text, /Why: ask @\u200bpagerduty-everyone/);
    });
  });

  describe("posting", () => {
    let datadog: DatadogEventsFake;
    let dir: string;
    beforeEach(async () => {
      datadog = await startDatadogEventsApi({ apiKey: KEY });
      dir = mkdtempSync(join(tmpdir(), "notify-deploy-"));
    });
    afterEach(async () => {
      await datadog.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("the client refuses an event Datadog would, before sending it, and reads Datadog's answer", async () => {
      await assert.rejects(postEvent({ apiKey: KEY, baseUrl: datadog.origin }, { title: "x".repeat(101), text: "t" }), /the event was not sent: the title has 101 characters, more than Datadog's 100/);
      assert.equal(datadog.requests.length, 0);
      const id = await postEvent({ apiKey: KEY, baseUrl: datadog.origin }, { title: "t", text: "body", alert_type: "info" });
      assert.equal(id, datadog.events[0]!.id);
      const refused = await postEvent({ apiKey: "wrong-key-000000000", baseUrl: datadog.origin, maxAttempts: 1 }, { title: "t", text: "body" }).catch((e: unknown) => e);
      assert.ok(refused instanceof ApiError && refused.kind === "forbidden", String(refused));
      assert.match(refused.message, /^Datadog API refused the API key \(403\) for POST \/api\/v1\/events: check DD_API_KEY/);
      assert.ok(!refused.message.includes("wrong-key"));
    });

    const notify = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      runCliAsync("cli/notifyDeploy.ts", args, { env: { ...envWithoutApiKeys(), DD_API_KEY: KEY, DD_API_URL: datadog.origin, ...env } });

    it("npm run notify-deploy posts the event the fake accepts, tells the handles and writes the step summary", async () => {
      const summary = join(dir, "summary.md");
      const r = await notify(["--stack", "prod", "--event", "failed", "--commit", COMMIT, "--reason", "verify-deploy failed", "--summary", summary]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(datadog.events.length, 1);
      const body = datadog.events[0]!.body;
      assert.equal(body.title, "[prod] Deploy of 0123456 failed");
      // No base: nothing to compare with, so every team hears.
      assert.ok(String(body.text).endsWith("\n\n@slack-growth-eng-alerts @slack-revops-alerts"));
      assert.equal(r.stdout, `notify-deploy: told @slack-growth-eng-alerts @slack-revops-alerts: "[prod] Deploy of 0123456 failed" (Datadog event ${datadog.events[0]!.id})\n`);
      const written = readFileSync(summary, "utf8");
      assert.match(written, /^### \[prod\] Deploy of 0123456 failed\n\n.*Why: verify-deploy failed/s);
      assert.ok(!written.includes("@slack"), "the summary names the channels without mentioning them");
      assert.ok(!(r.stdout + r.stderr).includes(KEY));
    });

    it("a refused key fails the command (exit 1) without printing it; --dry-run needs no key and sends nothing", async () => {
      const r = await notify(["--event", "started", "--commit", COMMIT], { DD_API_KEY: "another-key-0000000000" });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^notify-deploy: Datadog API refused the API key \(403\)/);
      assert.ok(!r.stderr.includes("another-key"));
      const dry = await notify(["--event", "succeeded", "--commit", COMMIT, "--dry-run"], { DD_API_KEY: "" });
      assert.equal(dry.status, 0, dry.stderr);
      assert.equal((JSON.parse(dry.stdout) as { title: string }).title, "[prod] Deployed 0123456, verified");
      assert.equal(datadog.events.length, 0);
    });

    it("refuses a bad event, commit or rollback target with exit 2", async () => {
      const cases: [string[], RegExp][] = [
        [["--event", "exploded", "--commit", COMMIT], /--event must be one of started, succeeded, failed, rolled-back/],
        [["--event", "failed", "--commit", "abc123"], /--commit must be a full 40-character commit SHA/],
        [["--event", "rolled-back", "--commit", COMMIT], /--rolled-back-to goes with --event rolled-back or rollback-failed, and only there/],
        [["--event", "failed", "--commit", COMMIT, "--rolled-back-to", GOOD], /--rolled-back-to goes with --event rolled-back/],
      ];
      for (const [args, message] of cases) {
        const r = await notify(args);
        assert.equal(r.status, 2, args.join(" "));
        assert.match(r.stderr, message);
      }
      assert.equal(datadog.requests.length, 0);
    });
  });
});
