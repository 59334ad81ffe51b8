/**
 * Which `forwardTo` targets have credentials and which Pulumi secret config keys they read: shared
 * by the lowering (a secret per such target) and by `check`'s names of this stack (stackNames.ts),
 * so both agree on what exists.
 */
import type { ForwardTargetDoc, WebhookDoc } from "./validate/schema";

/** The headers whose values come from a secret config key, and those with fixed values. */
export function splitHeaders(target: ForwardTargetDoc): { fixed: Record<string, string>; secret: { name: string; configKey: string }[] } {
  const fixed: Record<string, string> = {};
  const secret: { name: string; configKey: string }[] = [];
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    if (typeof value === "string") fixed[name] = value;
    else secret.push({ name, configKey: value.secretConfigKey });
  }
  return { fixed, secret };
}

/** Whether the target needs a credentials secret: it has `auth` or a header from a secret. */
export const hasCredentials = (target: ForwardTargetDoc): boolean => target.auth !== undefined || splitHeaders(target).secret.length > 0;

/** The config keys one target reads, auth first. */
export const configKeysOf = (target: ForwardTargetDoc): string[] => [...(target.auth ? [target.auth.secretConfigKey] : []), ...splitHeaders(target).secret.map((h) => h.configKey)];

/** The config keys a webhook's targets read, sorted, without duplicates. */
export function targetConfigKeys(hook: WebhookDoc): string[] {
  return [...new Set(hook.forwardTo.flatMap(configKeysOf))].sort();
}
