/**
 * What is wrong with a name that claims to be one of this stack's (compiler/stackNames.ts), in
 * words that say what exists instead. Shared by unknown-resource (monitor queries) and
 * runbook-stale-reference (runbook code).
 */
import {
  awsResourceNames, claimOf, DEFAULT_ENVIRONMENT, hookPaths, listOf, matchesName, SECRET_NAME, secretNames, STACK_ENVIRONMENTS,
  type AwsKind, type AwsResourceName, type WebhookSource,
} from "../stackNames";
import { hasCredentials, targetConfigKeys } from "../targetCredentials";
import type { IntegrationDoc, WebhookDoc } from "./schema";
import type { Located } from "./ruleContext";

const KIND_WORDS: Record<AwsKind, { one: string; many: string }> = {
  function: { one: "Lambda", many: "functions" },
  queue: { one: "queue", many: "queues" },
  table: { one: "table", many: "tables" },
};

/** Undefined when `name` (`*` wildcards allowed) does not claim to be ours or names what exists, as a `kind` when given. */
export function awsNameProblem(name: string, kind: AwsKind | undefined): string | undefined {
  const claim = claimOf(name);
  if (!claim) return undefined;
  const environment = claim.kind === "forwarder" ? claim.environment : DEFAULT_ENVIRONMENT;
  if (claim.kind === "forwarder" && !STACK_ENVIRONMENTS.includes(environment)) {
    return `${name} is named for environment "${environment}", but no stack of this repository has that environment (${stackList()}), so it does not exist; in ${DEFAULT_ENVIRONMENT} the forwarder's names are ${listOf(awsResourceNames(DEFAULT_ENVIRONMENT).map((r) => r.name))}`;
  }
  const all = awsResourceNames(environment);
  const matching = all.filter((r) => matchesName(name, r.name));
  if (matching.some((r) => kind === undefined || r.kind === kind)) return undefined;
  if (kind === undefined) {
    const perSource = claim.kind === "per-source" ? " (the forwarder no longer has per-source queues or Lambdas)" : "";
    return `this stack creates nothing named ${name}${perSource}; ${everything(all)}`;
  }
  if (matching.length > 0) return `${name} is the forwarder's ${KIND_WORDS[matching[0].kind].one}, not a ${KIND_WORDS[kind].one}; ${ofKind(all, kind)}`;
  return `the forwarder has no ${KIND_WORDS[kind].one} ${name}; ${ofKind(all, kind)}`;
}

function ofKind(all: readonly AwsResourceName[], kind: AwsKind): string {
  const names = all.filter((r) => r.kind === kind).map((r) => r.name);
  if (kind === "queue") return `every webhook source shares the queue ${names[0]} and its dead-letter queue ${names[1]}`;
  return `its ${names.length === 1 ? KIND_WORDS[kind].one : KIND_WORDS[kind].many} ${names.length === 1 ? "is" : "are"} ${listOf(names)}`;
}

function everything(all: readonly AwsResourceName[]): string {
  const names = (kind: AwsKind) => listOf(all.filter((r) => r.kind === kind).map((r) => r.name));
  return `the forwarder's functions are ${names("function")}, its queues ${names("queue")} and its table ${names("table")}`;
}

function stackList(): string {
  return `${STACK_ENVIRONMENTS.length === 1 ? "the only one is" : "they are"} ${listOf(STACK_ENVIRONMENTS)}`;
}

/** Undefined for a secret name that exists (or a placeholder such as `<integration>/<source>` or a `*` pattern that matches one). */
export function secretNameProblem(name: string, sources: readonly WebhookSource[]): string | undefined {
  const match = SECRET_NAME.exec(name);
  if (!match || isPlaceholder(name)) return undefined;
  const environment = match[1];
  if (!STACK_ENVIRONMENTS.includes(environment)) {
    return `secret ${name} is named for environment "${environment}", but no stack of this repository has that environment (${stackList()}); in ${DEFAULT_ENVIRONMENT} the forwarder's secrets are ${listOf(secretNames(DEFAULT_ENVIRONMENT, sources))}`;
  }
  const secrets = secretNames(environment, sources);
  if (secrets.some((s) => matchesName(name, s))) return undefined;
  return `the forwarder has no secret ${name}; its secrets are ${listOf(secrets)}`;
}

/** Undefined for a route the ingress answers (or a placeholder path). */
export function hookPathProblem(path: string, sources: readonly WebhookSource[]): string | undefined {
  if (isPlaceholder(path)) return undefined;
  const routes = hookPaths(sources);
  const clean = path.replace(/\/+$/, "");
  if (routes.includes(clean)) return undefined;
  const last = clean.split("/").pop()!;
  const same = sources.filter((s) => s.source === last || s.integration === last);
  const hint = same.length > 0 ? `; for ${last} that is ${listOf(hookPaths(same))}` : `; this inventory's are ${listOf(routes)}`;
  return `the forwarder has no route ${clean}: it answers /hooks/<integration>/<source> only${hint}`;
}

/** `<integration>`, `{webhook}`, `$SOURCE`: a name on call fills in. */
export function isPlaceholder(text: string): boolean {
  return /[<>{}$]/.test(text);
}

/** One webhook source's names: its route and secret, its targets' credentials secrets and config keys. */
export function webhookSource(integration: string, hook: WebhookDoc): WebhookSource {
  return {
    integration,
    source: hook.id,
    secretConfigKey: hook.secretConfigKey,
    credentialTargets: hook.forwardTo.filter(hasCredentials).map((t) => t.system),
    targetConfigKeys: targetConfigKeys(hook),
  };
}

/** Every webhook source, first definition of each integration only. */
export function webhookSources(integrations: readonly Located<IntegrationDoc>[]): WebhookSource[] {
  const seen = new Set<string>();
  const out: WebhookSource[] = [];
  for (const { value } of integrations) {
    if (seen.has(value.id)) continue;
    seen.add(value.id);
    for (const w of value.webhooks) out.push(webhookSource(value.id, w));
  }
  return out;
}
