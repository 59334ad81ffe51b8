/**
 * The names this stack gives what it creates in AWS and the config keys it reads: what a
 * monitor query or a runbook command may name. Pulumi-free, so `check` can use it without a
 * stack; test/stackNames.test.ts keeps it equal to Pulumi.yaml and the Pulumi.<stack>.yaml files.
 *
 * What counts as a name of this stack (anything else, such as other teams' `martech-*-poller`
 * Lambdas, is left alone):
 * - `martech-<env>-webhook...`: the webhook forwarder's functions, queues and table
 *   (lower/forwarderNames.ts); it must be one of them, for an environment one of the stacks has;
 * - `martech-forwarder-...`: the per-source queues and Lambdas of the forwarder before it was
 *   shared, which no longer exist;
 * - `martech/<env>/forwarder/...` and `martech/<env>/forwarder-destinations/...`: the forwarder's secrets;
 * - `/hooks/...`: the forwarder's routes, `/hooks/<integration>/<source>`.
 */
import { hookPath, sourceKey } from "../forwarder/route";
import { matchesGlob } from "./glob";
import { physicalNames } from "./lower/forwarderNames";
import { CONFIG_KEYS } from "./lower/settings";

/** Pulumi.yaml's `name`: the namespace of the project's own config keys. */
export const PROJECT_NAME = "martech-reliability";

/**
 * `martech-reliability:environment` of every Pulumi.<stack>.yaml (Pulumi.yaml's default, prod,
 * where a stack sets none). `check` has no stack, so a name is accepted for any of these.
 */
export const STACK_ENVIRONMENTS: readonly string[] = ["prod", "staging"];

/** The environment names in messages default to: prod when a stack has it. */
export const DEFAULT_ENVIRONMENT = STACK_ENVIRONMENTS.includes("prod") ? "prod" : STACK_ENVIRONMENTS[0];

/** Config namespaces of the providers the program uses (`pulumi config set --secret datadog:apiKey ...`). */
export const PROVIDER_NAMESPACES: readonly string[] = ["aws", "datadog", "pagerduty"];

/** The project's own config keys, exactly Pulumi.yaml's `config:`. */
export const PROJECT_CONFIG_KEYS: readonly string[] = Object.values(CONFIG_KEYS);

/** A webhook source of the inventory: its route, its secret and its secret config key. */
export interface WebhookSource {
  readonly integration: string;
  readonly source: string;
  readonly secretConfigKey: string;
  /** Systems among its `forwardTo` targets that have credentials: a secret each (lower/forwardTargets.ts). */
  readonly credentialTargets?: readonly string[];
  /** The Pulumi secret config keys its targets' credentials are read from. */
  readonly targetConfigKeys?: readonly string[];
}

export type AwsKind = "function" | "queue" | "table";

export interface AwsResourceName {
  readonly name: string;
  readonly kind: AwsKind;
}

/** Every AWS function, queue and table name the forwarder has in one environment. */
export function awsResourceNames(environment: string): AwsResourceName[] {
  const aws = physicalNames(environment);
  return [
    { name: aws.ingress, kind: "function" },
    { name: aws.consumer, kind: "function" },
    { name: aws.queue, kind: "queue" },
    { name: aws.dlq, kind: "queue" },
    { name: aws.table, kind: "table" },
  ];
}

/** Secrets Manager names: one per webhook source, one per target with credentials, and the Datadog API key. */
export function secretNames(environment: string, sources: readonly WebhookSource[]): string[] {
  const aws = physicalNames(environment);
  return [
    ...sources.map((s) => aws.secret(`${s.integration}/${s.source}`)),
    ...sources.flatMap((s) => (s.credentialTargets ?? []).map((system) => aws.destinationSecret(s.integration, s.source, system))),
    aws.secret(DATADOG_KEY_SECRET),
  ];
}

/** lower/forwarder.ts names the Datadog key's secret this under the forwarder's prefix. */
export const DATADOG_KEY_SECRET = "datadog-api-key";

/** The ingress routes, `/hooks/<integration>/<source>`. */
export function hookPaths(sources: readonly WebhookSource[]): string[] {
  return sources.map((s) => hookPath(sourceKey(s.integration, s.source)));
}

/** Keys `pulumi config set` may set in this project: Pulumi.yaml's, each webhook's secret key and its targets' credential keys. */
export function projectConfigKeys(sources: readonly WebhookSource[]): string[] {
  return [...new Set([...PROJECT_CONFIG_KEYS, ...sources.flatMap((s) => [s.secretConfigKey, ...(s.targetConfigKeys ?? [])])])];
}

/** How a name claims to be one of this stack's AWS resources. */
export type NameClaim =
  /** `martech-<env>-webhook...`: must be one of the forwarder's names in that environment. */
  | { readonly kind: "forwarder"; readonly environment: string }
  /** `martech-forwarder-...`: the per-source resources that no longer exist. */
  | { readonly kind: "per-source" };

const MARK = "\u0000";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `martech-` and `-webhook`, around the environment in every forwarder name. */
const [BEFORE_ENV, AFTER_ENV] = physicalNames(MARK).functionPrefix.replace(/-$/, "").split(MARK) as [string, string];
const FORWARDER_NAME = new RegExp(`^${escape(BEFORE_ENV)}([A-Za-z0-9][A-Za-z0-9-]*?)${escape(AFTER_ENV)}`);
export const PER_SOURCE_PREFIX = "martech-forwarder-";
/** Secrets: `martech/<env>/forwarder/<rest>`, and targets' credentials `martech/<env>/forwarder-destinations/<rest>`. */
const [SECRET_BEFORE, SECRET_AFTER] = physicalNames(MARK).secretPrefix.split(MARK) as [string, string];
const DESTINATION_SECRET_AFTER = physicalNames(MARK).destinationSecretPrefix.split(MARK)[1]!;
export const SECRET_NAME = new RegExp(`${escape(SECRET_BEFORE)}([A-Za-z0-9][A-Za-z0-9_-]*)(?:${escape(SECRET_AFTER)}|${escape(DESTINATION_SECRET_AFTER)})`);

export function claimOf(name: string): NameClaim | undefined {
  if (name.startsWith(PER_SOURCE_PREFIX) && name.length > PER_SOURCE_PREFIX.length) return { kind: "per-source" };
  const match = FORWARDER_NAME.exec(name);
  return match ? { kind: "forwarder", environment: match[1] } : undefined;
}

/** Whether `pattern` (a name, or a Datadog tag value with `*` wildcards) matches `name`. */
export function matchesName(pattern: string, name: string): boolean {
  return matchesGlob(pattern, name);
}

/** `a`, `a and b`, `a, b and c` (compiler/words.ts, re-exported for the stale-reference rules). */
export { listOf } from "./words";
