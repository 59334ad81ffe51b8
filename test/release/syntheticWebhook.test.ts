/**
 * The post-deploy synthetic webhook against the real forwarder handlers on loopback
 * (./support/forwarderLoop.ts): the sample inventory's synthetic source, signed as Standard
 * Webhooks, verified by the real ingress, delivered by the real consumer to a fake of Datadog's
 * Events API that accepts only the documented request, and confirmed by the idempotency record in
 * dynalite. Then each way it can fail, and the CLI as the workflow runs it.
 */
import { strict as assert } from "node:assert";
import { Webhook } from "standardwebhooks";
import { verify as forwarderVerify } from "../../forwarder/verify/standardWebhooks";
import { deliveryReader } from "../../ops/release/deliveryRecords";
import { signStandardWebhook } from "../../ops/release/standardWebhookSigner";
import { describeProbe, runSyntheticProbe, type ProbeDeps, type SyntheticProbe } from "../../ops/release/syntheticProbe";
import { envWithoutApiKeys, runCliAsync } from "../support/runCli";
import { EVENTS_KEY, PROBE_SECRET, startForwarderLoop, SYNTHETIC_KEY, type ForwarderLoop } from "./support/forwarderLoop";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";

describe("synthetic webhook", function () {

  describe("signing", () => {
    const body = JSON.stringify({ type: "synthetic.probe", id: "msg_1" });
    it("produces headers the Standard Webhooks reference library and the forwarder's verifier both accept", () => {
      const now = 1_795_964_531;
      const headers = signStandardWebhook(PROBE_SECRET, "msg_1", now, body);
      assert.match(headers["webhook-signature"], /^v1,[A-Za-z0-9+/]+=*$/);
      // The reference implementation (npm standardwebhooks) checks the timestamp against its own clock.
      const fresh = signStandardWebhook(PROBE_SECRET, "msg_1", Math.floor(Date.now() / 1000), body);
      assert.deepEqual(new Webhook(PROBE_SECRET).verify(body, { ...fresh }), JSON.parse(body));
      const verdict = forwarderVerify({ method: "POST", url: "https://x/hooks/a/b", headers: { ...headers }, body: Buffer.from(body) }, { secrets: [PROBE_SECRET], now: () => now * 1000 });
      assert.deepEqual(verdict, { ok: true, deliveryId: "msg_1" });
    });

    it("refuses a secret the forwarder could not use, without quoting it", () => {
      for (const secret of ["not-a-whsec-secret!", "whsec_not*base64"]) {
        assert.throws(() => signStandardWebhook(secret, "msg_1", 1, body), (e: Error) => /not a Standard Webhooks secret/.test(e.message) && !e.message.includes(secret));
      }
      assert.throws(() => signStandardWebhook(PROBE_SECRET, "msg.1", 1, body), /without a dot/);
    });
  });

  describe("through the forwarder", () => {
    let loop: ForwarderLoop;
    beforeEach(async () => {
      loop = await startForwarderLoop();
    });
    afterEach(async () => {
      await loop.close();
    });

    /** A clock that only moves when the probe sleeps: the deadline is reached without waiting. */
    function deps(over: Partial<ProbeDeps> = {}): ProbeDeps & { slept: number[] } {
      // From the real time: the ingress checks the signed timestamp against its own clock.
      let t = Date.now();
      const slept: number[] = [];
      return {
        readDelivery: deliveryReader(loop.dynamo.client, loop.dynamo.tableName),
        now: () => t,
        sleep: async (ms) => {
          slept.push(ms);
          t += ms;
        },
        newId: () => `msg_${slept.length}test`,
        send: { sleep: async () => {}, maxAttempts: 2 },
        slept,
        ...over,
      };
    }
    const probe = (over: Partial<SyntheticProbe> = {}): SyntheticProbe => ({ url: loop.url, sourceKey: SYNTHETIC_KEY, systems: ["datadog"], secret: PROBE_SECRET, stack: "prod", commit: COMMIT, ...over });

    it("is delivered to Datadog's Events API in the documented shape and confirmed by the consumer's record", async () => {
      const d = deps();
      const result = await runSyntheticProbe(probe(), d);
      assert.equal(result.kind, "delivered", JSON.stringify({ result, logs: loop.logs }));
      assert.deepEqual(d.slept, [], "the record was there at the first read");
      assert.equal(loop.datadog.events.length, 1);
      const event = loop.datadog.events[0]!;
      assert.equal(event.headers["dd-api-key"], EVENTS_KEY);
      assert.deepEqual(event.body.tags, ["service:martech-webhook-forwarder", "source:synthetic-probe", "env:prod"]);
      assert.match(String(event.body.text), new RegExp(`Probe ${result.deliveryId} for commit ${COMMIT}`));
      assert.equal(describeProbe(result, probe()).startsWith(`delivered synthetic webhook ${result.deliveryId} through ${SYNTHETIC_KEY} on prod to datadog`), true);
    });

    it("a wrong secret is refused by the ingress (401), named as the setting to fix, never quoted", async () => {
      const wrong = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
      const result = await runSyntheticProbe(probe({ secret: wrong }), deps());
      assert.equal(result.kind, "refused");
      const text = describeProbe(result, probe());
      assert.match(text, /refused the synthetic webhook's signature \(401\).*SYNTHETIC_WEBHOOK_SECRET must equal the stack's syntheticProbeWebhookSecret/);
      assert.ok(!text.includes(wrong) && !text.includes(PROBE_SECRET));
      assert.equal(loop.datadog.events.length, 0);
    });

    it("a source the deploy did not create answers 404", async () => {
      const result = await runSyntheticProbe(probe({ url: `${loop.origin}/hooks/web-lead-form-to-crm/no-such-source` }), deps());
      assert.equal(result.kind, "refused");
      assert.match(describeProbe(result, probe()), /has no such source \(404\).*did not create web-lead-form-to-crm\/synthetic-probe/);
    });

    it("a target that refuses the delivery for good (Datadog rejecting the key) fails at once, with the consumer's reason", async () => {
      await loop.close();
      loop = await startForwarderLoop({ eventsKeyAtDatadog: "another-key-entirely-0000" });
      const d = deps();
      const result = await runSyntheticProbe(probe(), d);
      assert.equal(result.kind, "rejected", JSON.stringify(result));
      assert.equal(result.kind === "rejected" && result.system, "datadog");
      assert.deepEqual(d.slept, []);
      assert.match(describeProbe(result, probe()), /refused for good by datadog \(auth_error\)/);
    });

    it("an accepted webhook the consumer never delivers is reported at the deadline, polling meanwhile", async () => {
      loop.mode = "hold";
      const d = deps();
      const result = await runSyntheticProbe(probe(), d, { deadlineMs: 20_000, pollMs: 5_000 });
      assert.equal(loop.held.length, 1, "the ingress queued it");
      assert.deepEqual(result.kind === "not-delivered" && result.pending, [{ system: "datadog", state: "not received yet" }]);
      assert.deepEqual(d.slept, [5_000, 5_000, 5_000, 5_000]);
      assert.match(describeProbe(result, probe()), /accepted but not delivered on prod within 20 s \(datadog: not received yet\)/);
    });

    it("every target of the source must have delivered", async () => {
      const result = await runSyntheticProbe(probe({ systems: ["datadog", "another-target"] }), deps(), { deadlineMs: 10_000, pollMs: 5_000 });
      assert.deepEqual(result.kind === "not-delivered" && result.pending, [{ system: "another-target", state: "not received yet" }]);
    });

    describe("npm run synthetic-webhook", () => {
      const env = () => ({
        ...envWithoutApiKeys(),
        SYNTHETIC_WEBHOOK_SECRET: PROBE_SECRET,
        WEBHOOK_URLS: JSON.stringify({ [SYNTHETIC_KEY]: loop.url, "web-lead-form-to-crm/webflow-form-submissions": `${loop.origin}/hooks/other` }),
        AWS_ENDPOINT_URL_DYNAMODB: loop.dynamo.endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local-secret-access-key",
        GITHUB_SHA: COMMIT,
      });

      it("finds the synthetic source in the inventory and its URL in the stack output, and exits 0 once delivered", async () => {
        const r = await runCliAsync("cli/syntheticWebhook.ts", ["--stack", "prod"], { env: env() });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^synthetic-webhook: delivered synthetic webhook msg_[0-9a-f]{32} through web-lead-form-to-crm\/synthetic-probe on prod to datadog in \d+ s\n$/);
        assert.equal(loop.datadog.events.length, 1);
        assert.ok(!(r.stdout + r.stderr).includes(PROBE_SECRET));
      });

      it("exits 1 when the webhook is refused, and 2 without the secret or the URL", async () => {
        const refused = await runCliAsync("cli/syntheticWebhook.ts", [], { env: { ...env(), SYNTHETIC_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 1).toString("base64")}` } });
        assert.equal(refused.status, 1, refused.stdout + refused.stderr);
        assert.match(refused.stdout, /was not accepted on prod: The webhook forwarder refused the synthetic webhook's signature \(401\)/);
        const noSecret = await runCliAsync("cli/syntheticWebhook.ts", [], { env: { ...env(), SYNTHETIC_WEBHOOK_SECRET: "" } });
        assert.equal(noSecret.status, 2);
        assert.match(noSecret.stderr, /SYNTHETIC_WEBHOOK_SECRET is not set/);
        const noUrl = await runCliAsync("cli/syntheticWebhook.ts", [], { env: { ...env(), WEBHOOK_URLS: "{}" } });
        assert.equal(noUrl.status, 2);
        assert.match(noUrl.stderr, /the stack output webhookUrls has no web-lead-form-to-crm\/synthetic-probe/);
        const notStandard = await runCliAsync("cli/syntheticWebhook.ts", ["--source", "web-lead-form-to-crm/webflow-form-submissions"], { env: env() });
        assert.equal(notStandard.status, 2);
        assert.match(notStandard.stderr, /is a generic-hmac webhook; the synthetic webhook is signed as standard-webhooks only/);
      });
    });
  });
});
