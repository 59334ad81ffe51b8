/**
 * A webhook's `forwardTo` targets lowered: each target's entry in `forwarder-config.json`
 * (forwarder/config.ts TargetConfig: no secret, only where credentials live and how to use them), and
 * for a target with credentials its Secrets Manager secret, written from the Pulumi secret config keys
 * the inventory names (`auth.secretConfigKey`, headers' `secretConfigKey`).
 *
 * One secret per target, under `martech/<env>/forwarder-destinations/`: outside the ingress's
 * `martech/<env>/forwarder/*` grant, so only the consumer, which delivers, can read a destination's
 * credentials.
 */
import type { SecretArgs } from "@pulumi/aws/secretsmanager/secret";
import type { SecretVersionArgs } from "@pulumi/aws/secretsmanager/secretVersion";
import type { TargetConfig } from "../../forwarder/config";
import type { Integration } from "../model";
import type { ForwardTargetDoc, WebhookDoc } from "../validate/schema";
import type { PhysicalNames } from "./forwarderNames";
import { configKeysOf, hasCredentials, splitHeaders } from "../targetCredentials";
import { names } from "./names";
import { ref, type ResourceSpec, type TargetCredentialsValue } from "./spec";

const SECRET_TYPE = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION_TYPE = "aws:secretsmanager/secretVersion:SecretVersion";

/** The TargetConfig the consumer reads; defaults are left out so the file stays small. */
export function targetConfig(integration: Integration, hook: WebhookDoc, target: ForwardTargetDoc, aws: PhysicalNames, timeoutMs: number): TargetConfig {
  const { fixed, secret } = splitHeaders(target);
  const a = target.auth;
  return {
    system: target.system,
    url: target.url,
    timeoutMs,
    ...(target.kind !== "generic" && { kind: target.kind }),
    ...(target.method !== "POST" && { method: target.method }),
    ...(a && {
      auth: {
        type: a.type,
        ...(a.header !== undefined && { header: a.header }),
        ...(a.prefix !== undefined && { prefix: a.prefix }),
        ...(a.queryParam !== undefined && { queryParam: a.queryParam }),
        ...(a.tokenUrl !== undefined && { tokenUrl: a.tokenUrl }),
        ...(a.scope !== undefined && { scope: a.scope }),
      },
    }),
    ...(hasCredentials(target) && { credentialsSecretId: aws.destinationSecret(integration.id, hook.id, target.system) }),
    ...(Object.keys(fixed).length > 0 && { headers: fixed }),
    ...(secret.length > 0 && { secretHeaders: secret.map((h) => h.name) }),
    ...(target.idempotencyHeader !== undefined && { idempotencyHeader: target.idempotencyHeader }),
    ...(target.contentType !== undefined && { contentType: target.contentType }),
    ...(target.transform !== undefined && { transform: target.transform }),
  };
}

/** The credentials secret of each target that has credentials, and its value from the stack's secret config. */
export function targetCredentialSpecs(integration: Integration, hook: WebhookDoc, aws: PhysicalNames, tags: Record<string, string>, recoveryWindowInDays: number): ResourceSpec[] {
  return hook.forwardTo.filter(hasCredentials).flatMap((target) => {
    const { secret: headers } = splitHeaders(target);
    const value: TargetCredentialsValue = {
      $targetCredentials: {
        ...(target.auth && { auth: { type: target.auth.type, configKey: target.auth.secretConfigKey } }),
        headers,
      },
    };
    const keys = configKeysOf(target);
    const secretArgs: SecretArgs = {
      name: aws.destinationSecret(integration.id, hook.id, target.system),
      description: `Credentials of ${target.system} for webhook ${hook.id} of ${integration.id}, from Pulumi config ${keys.join(", ")}.`,
      recoveryWindowInDays,
      tags: { ...tags, integration: integration.id },
    };
    const version: Omit<SecretVersionArgs, "secretString"> & { secretString: TargetCredentialsValue } = {
      secretId: ref(names.destinationCredentials(integration.id, hook.id, target.system), "id"),
      secretString: value,
    };
    return [
      { type: SECRET_TYPE, name: names.destinationCredentials(integration.id, hook.id, target.system), inputs: secretArgs },
      { type: SECRET_VERSION_TYPE, name: names.destinationCredentialsValue(integration.id, hook.id, target.system), inputs: version, secretInputs: ["secretString"] },
    ];
  });
}
