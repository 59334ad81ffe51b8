/**
 * Targets' credentials in the deployment: one Secrets Manager secret per target with credentials,
 * written from the Pulumi secret config keys the inventory names, readable by the consumer only;
 * the plan and forwarder-config.json carry key names and secret names, never a value.
 */
import { strict as assert } from "node:assert";
import { names } from "../../compiler/lower/names";
import { physicalNames } from "../../compiler/lower/forwarderNames";
import type { ArchiveValue, ResourceSpec } from "../../compiler/lower/spec";
import { describeForwarder } from "../../compiler/plan/describeForwarder";
import { plannedResources } from "../../compiler/plan/plannedResource";
import { projectConfigKeys, SECRET_NAME, secretNames } from "../../compiler/stackNames";
import { webhookSource } from "../../compiler/validate/stackNameProblems";
import { CONFIG_FILE } from "../../forwarder/configSource";
import type { StaticForwarderConfig } from "../../forwarder/config";
import { sharedSample } from "../support/sampleState";
import { memo } from "../support/memo";

const inputs = (r: ResourceSpec) => r.inputs as Record<string, any>;

describe("forwarder destinations: credentials in the deployment", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const state = sharedSample.state;
  const inventory = sharedSample.inventory;
  const aws = memo(() => physicalNames("prod"));
  const spec = (name: string) => state().resources.find((r) => r.name === name)!;
  const targets = memo(() => inventory().integrations.flatMap((i) => i.webhooks.flatMap((h) => h.forwardTo.map((t) => ({ integration: i, hook: h, target: t })))));

  it("one secret per target with credentials, valued from the config keys the inventory names", () => {
    const withCredentials = targets().filter(({ target }) => target.auth !== undefined);
    assert.ok(withCredentials.length >= 7);
    for (const { integration, hook, target } of withCredentials) {
      const secret = inputs(spec(names.destinationCredentials(integration.id, hook.id, target.system)));
      assert.equal(secret.name, `martech/prod/forwarder-destinations/${integration.id}/${hook.id}/${target.system}`);
      assert.match(secret.description, new RegExp(`from Pulumi config ${target.auth!.secretConfigKey}`));
      const version = spec(names.destinationCredentialsValue(integration.id, hook.id, target.system));
      assert.deepEqual(version.secretInputs, ["secretString"]);
      assert.equal(inputs(version).secretString.$targetCredentials.auth.configKey, target.auth!.secretConfigKey);
    }
    const google = targets().find((t) => t.target.system === "google-ads")!;
    assert.deepEqual(inputs(spec(names.destinationCredentialsValue(google.integration.id, google.hook.id, "google-ads"))).secretString.$targetCredentials, {
      auth: { type: "oauth2-refresh-token", configKey: "googleAdsOAuthClient" },
      headers: [{ name: "developer-token", configKey: "googleAdsDeveloperToken" }],
    });
  });

  it("the consumer may read destination credentials and the ingress may not", () => {
    const policy = (kind: string) => JSON.parse(String(inputs(spec(names.forwarder(`${kind}-policy`))).policy)) as { Statement: { Sid: string; Effect: string; Action: string[]; Resource: string }[] };
    const consumer = policy("consumer").Statement.find((s) => s.Sid === "ReadDestinationCredentials")!;
    assert.deepEqual(consumer.Action, ["secretsmanager:GetSecretValue"]);
    assert.ok(consumer.Resource.endsWith(`:secret:${aws().destinationSecretPrefix}*`));
    const ingress = policy("ingress").Statement.filter((s) => s.Action.includes("secretsmanager:GetSecretValue"));
    for (const s of ingress) {
      const prefix = s.Resource.replace(/^.*:secret:/, "").replace(/\*$/, "");
      for (const { integration, hook, target } of targets()) {
        assert.ok(!aws().destinationSecret(integration.id, hook.id, target.system).startsWith(prefix) || prefix === "", `ingress can read ${target.system}'s credentials`);
      }
    }
  });

  it("forwarder-config.json names the secret and how to use it, never a credential", () => {
    const text = ((inputs(spec(names.forwarder("consumer"))).code as ArchiveValue).$archive[CONFIG_FILE] as { text: string }).text;
    const config = JSON.parse(text) as StaticForwarderConfig;
    const meta = config.sources["server-side-conversions-to-ads/segment-conversion-events"]!.targets.find((t) => t.system === "meta-ads")!;
    assert.deepEqual(
      { kind: meta.kind, auth: meta.auth, secret: meta.credentialsSecretId },
      { kind: "meta-capi", auth: { type: "api-key", queryParam: "access_token" }, secret: "martech/prod/forwarder-destinations/server-side-conversions-to-ads/segment-conversion-events/meta-ads" },
    );
    assert.ok(!/secretConfigKey|metaCapiAccessToken|googleAdsOAuthClient/.test(text), "config keys are not needed at run time");
  });

  it("the plan shows each credentials secret with its config key names, the value as [secret]", () => {
    const planned = plannedResources(state());
    const meta = planned.find((r) => r.name === names.destinationCredentials("server-side-conversions-to-ads", "segment-conversion-events", "meta-ads"))!;
    assert.equal(describeForwarder(meta), "credentials of meta-ads for webhook server-side-conversions-to-ads/segment-conversion-events (secret martech/prod/forwarder-destinations/server-side-conversions-to-ads/segment-conversion-events/meta-ads, from Pulumi config metaCapiAccessToken)");
    const value = planned.find((r) => r.name === names.destinationCredentialsValue("server-side-conversions-to-ads", "segment-conversion-events", "google-ads"))!;
    assert.equal((value.inputs as Record<string, unknown>).secretString, "[secret]");
  });

  it("check knows the credentials' secrets and config keys as this stack's (runbooks may name them)", () => {
    const sources = inventory().integrations.flatMap((i) => i.webhooks.map((h) => webhookSource(i.id, h)));
    const secretsOfStack = secretNames("prod", sources);
    assert.ok(secretsOfStack.includes("martech/prod/forwarder-destinations/shopify-orders-to-klaviyo/shopify-order-events/klaviyo"));
    for (const key of ["metaCapiAccessToken", "googleAdsDeveloperToken", "klaviyoPrivateApiKey", "salesforceLeadSyncClient"]) assert.ok(projectConfigKeys(sources).includes(key), key);
    assert.ok(SECRET_NAME.test("martech/prod/forwarder-destinations/x/y/z"), "a destination secret is checked like the others");
  });
});
