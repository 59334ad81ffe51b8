/**
 * Turns spec values into Pulumi values: `${ref:NAME:ATTR}` strings become outputs of
 * resources created earlier in this program (or of provider look-ups), code archives become
 * AssetArchives, and config secrets are read from the stack's secret config.
 */
import * as pulumi from "@pulumi/pulumi";
import { mapStrings, refsIn, resolveRefsInString, type ArchiveValue, type ConfigSecretValue, type TargetCredentialsValue } from "../compiler/lower/spec";
import { targetCredentialsSecretString } from "../forwarder/destinations/credentials";
import { secretStringFor } from "../forwarder/ingress/secretString";

type Referable = Record<string, unknown>;

/** Reads a secret config value, `namespace:key` or a key of this project. */
export type ConfigSecretReader = (key: string) => pulumi.Output<string>;

/** The stack's secret config, through Pulumi's Config; a missing key fails with the command that sets it. */
export const stackConfigSecret: ConfigSecretReader = (key) => {
  const [namespace, name] = key.includes(":") ? key.split(":", 2) : [undefined, key];
  const value = new pulumi.Config(namespace).getSecret(name!);
  if (value === undefined) throw new pulumi.RunError(`the stack has no secret config ${key}: set it with \`pulumi config set --secret ${key} <value>\` (README, "A new stack")`);
  return value;
};

export class RefTable {
  private readonly entries = new Map<string, Referable>();

  constructor(
    private readonly configSecret: ConfigSecretReader = stackConfigSecret,
    /** Which output attributes of each resource are referenced (spec.ts referencedAttrs). */
    private readonly referenced: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {}

  /** The attributes of `name` that other resources reference, besides `id`. */
  attrsOf(name: string): readonly string[] {
    return [...(this.referenced.get(name) ?? [])];
  }

  /** A resource created earlier, for `dependsOn`. */
  resource(name: string): pulumi.Resource {
    const target = this.entries.get(name);
    if (!target) throw new Error(`internal: ${name} is depended on before it is created`);
    return target as unknown as pulumi.Resource;
  }

  add(name: string, value: Referable): void {
    this.entries.set(name, value);
  }

  private output(name: string, attr: string): pulumi.Output<string> {
    const target = this.entries.get(name);
    if (!target) throw new Error(`internal: ${name} is referenced before it is created`);
    return pulumi.output(target[attr] as pulumi.Input<string>);
  }

  /** Inputs with references resolved (a string with references becomes one Output), archives and config secrets materialized. */
  resolve(inputs: object): Record<string, unknown> {
    const resolved = mapStrings(inputs, (s) => {
      const refs = refsIn(s);
      if (refs.length === 0) return s;
      const values = refs.map((r) => this.output(r.name, r.attr));
      return pulumi.all(values).apply((outs) => {
        let i = 0;
        return resolveRefsInString(s, () => outs[i++]);
      });
    }) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(resolved).map(([key, value]) => [key, this.materialize(value)]));
  }

  private materialize(value: unknown): unknown {
    if (isArchive(value)) {
      const assets = Object.entries(value.$archive).map(([file, from]) => [file, "path" in from ? new pulumi.asset.FileAsset(from.path) : new pulumi.asset.StringAsset(from.text)]);
      return new pulumi.asset.AssetArchive(Object.fromEntries(assets));
    }
    if (isConfigSecret(value)) {
      const raw = this.configSecret(value.$configSecret);
      if (value.publicUrl === undefined) return raw;
      return pulumi.secret(pulumi.all([raw, value.publicUrl]).apply(([secret, url]) => secretStringFor(secret, url)));
    }
    if (isTargetCredentials(value)) {
      // Validated here, at deployment: a malformed value fails `pulumi up` naming its config key, not every delivery.
      const { auth, headers } = value.$targetCredentials;
      const raws = [...(auth ? [auth.configKey] : []), ...headers.map((h) => h.configKey)].map((key) => this.configSecret(key));
      return pulumi.secret(
        pulumi.all(raws).apply((values) => {
          const rest = auth ? values.slice(1) : values;
          return targetCredentialsSecretString(auth && { ...auth, value: values[0]! }, headers.map((h, i) => ({ ...h, value: rest[i]! })));
        }),
      );
    }
    return value;
  }
}

const isArchive = (v: unknown): v is ArchiveValue => typeof v === "object" && v !== null && "$archive" in v;
const isTargetCredentials = (v: unknown): v is TargetCredentialsValue => typeof v === "object" && v !== null && "$targetCredentials" in v;
const isConfigSecret = (v: unknown): v is { $configSecret: string; publicUrl?: pulumi.Input<string> } & Omit<ConfigSecretValue, "publicUrl"> =>
  typeof v === "object" && v !== null && "$configSecret" in v;
