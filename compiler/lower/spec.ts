/**
 * Desired-state specs: the lower stage's output and the emit stage's input. Plain data,
 * so the plan, its JSON and its diff are computed without Pulumi. A value that is only
 * known once another resource exists is written as a reference string, `${ref:NAME:ATTR}`,
 * which the emit stage turns into that resource's output.
 */
import type { AuthType } from "../../forwarder/destinations/kinds";

export interface ResourceSpec {
  /** Pulumi type token, e.g. `datadog:index/monitor:Monitor`; `martech:...` for components. */
  readonly type: string;
  /** Logical name, derived from inventory ids only, so reordering YAML changes nothing. */
  readonly name: string;
  readonly inputs: object;
  /** Logical name of the parent component, if any. */
  readonly parent?: string;
  /** Earlier logical names (from `previousIds`), passed to Pulumi as aliases. */
  readonly aliases?: readonly string[];
  /** Pulumi's `protect`: SLOs are protected unless retired, so their history is never deleted by accident. */
  readonly protect?: boolean;
  /** Input keys whose values are secrets. */
  readonly secretInputs?: readonly string[];
  /** Output keys the provider does not mark secret but we must. */
  readonly secretOutputs?: readonly string[];
  /** Resources that must exist first although no input references them (Pulumi's `dependsOn`). */
  readonly dependsOn?: readonly string[];
  /** A component's outputs (may hold references), registered once its children exist; the program exports them. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A provider function call (a look-up), e.g. a PagerDuty user by email. */
export interface InvokeSpec {
  /** Referenced like a resource name. */
  readonly key: string;
  readonly token: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface DesiredState {
  readonly resources: readonly ResourceSpec[];
  readonly invokes: readonly InvokeSpec[];
}

/**
 * A Lambda code archive, by file name at its root: files of a bundle built by `npm run
 * build:forwarder` (`path`), and files generated here (`text`). The emit stage makes a Pulumi
 * AssetArchive of it.
 */
export interface ArchiveValue {
  readonly $archive: Readonly<Record<string, { readonly path: string } | { readonly text: string }>>;
}

/**
 * A value read from a Pulumi secret config key (`project:key` or `namespace:key`) when the
 * program runs, never by the plan. With `publicUrl`, the value is a webhook signing secret
 * and becomes the SecretString the forwarder reads: `{ secrets, verifyToken?, publicUrl }`.
 */
export interface ConfigSecretValue {
  readonly $configSecret: string;
  readonly publicUrl?: string;
}

/**
 * A forwarding target's credentials, read from Pulumi secret config keys when the program runs and
 * written as the SecretString forwarder/destinations/credentials.ts reads: the `auth` credential and
 * the headers kept secret. The plan shows the key names only.
 */
export interface TargetCredentialsValue {
  readonly $targetCredentials: {
    readonly auth?: { readonly type: AuthType; readonly configKey: string };
    readonly headers: readonly { readonly name: string; readonly configKey: string }[];
  };
}

/** The config keys a TargetCredentialsValue reads. */
export const targetCredentialKeys = (v: TargetCredentialsValue): string[] => [
  ...(v.$targetCredentials.auth ? [v.$targetCredentials.auth.configKey] : []),
  ...v.$targetCredentials.headers.map((h) => h.configKey),
];

/** The output attributes references may name (resources' and look-ups'); the emit stage declares the ones used. */
export type ReferableAttr = "id" | "arn" | "name" | "url" | "functionUrl" | "integrationKey" | "htmlUrl" | "accountId" | "region" | "partition";

export function ref(name: string, attr: ReferableAttr = "id"): string {
  return `\${ref:${name}:${attr}}`;
}

export const REF_PATTERN = /\$\{ref:(.+?):([A-Za-z]+)\}/g;

/** Replaces every reference in a string with `resolve(name, attr)`. */
export function resolveRefsInString(s: string, resolve: (name: string, attr: string) => string): string {
  return s.replace(REF_PATTERN, (_, name: string, attr: string) => resolve(name, attr));
}

/** Every reference in a value, deeply. */
export function refsIn(value: unknown, out: { name: string; attr: string }[] = []): { name: string; attr: string }[] {
  if (typeof value === "string") for (const m of value.matchAll(REF_PATTERN)) out.push({ name: m[1], attr: m[2] });
  else if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => refsIn(v, out));
  return out;
}

/** Deep map over string leaves. */
export function mapStrings(value: unknown, f: (s: string) => unknown): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

/** The secret config keys a desired state reads (its `$configSecret` values), sorted. */
export function configSecretKeys(state: DesiredState): string[] {
  const keys = new Set<string>();
  for (const spec of state.resources) {
    for (const value of Object.values(spec.inputs)) {
      if (value && typeof value === "object" && "$configSecret" in value) keys.add((value as ConfigSecretValue).$configSecret);
      if (value && typeof value === "object" && "$targetCredentials" in value) for (const k of targetCredentialKeys(value as TargetCredentialsValue)) keys.add(k);
    }
  }
  return [...keys].sort();
}

/** By resource name, the attributes other specs reference (`id` aside): the outputs the emit stage must declare. */
export function referencedAttrs(state: DesiredState): Map<string, Set<string>> {
  const attrs = new Map<string, Set<string>>();
  for (const spec of state.resources) {
    for (const { name, attr } of refsIn([spec.inputs, spec.outputs])) {
      if (attr === "id") continue;
      const set = attrs.get(name);
      if (set) set.add(attr);
      else attrs.set(name, new Set([attr]));
    }
  }
  return attrs;
}
