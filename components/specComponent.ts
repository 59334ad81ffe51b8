/**
 * The emit stage's one mechanism: a component that creates its child specs 1:1 as provider
 * resources, `{ parent: this }`, with aliases, protection and secrets as the spec says.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceSpec } from "../compiler/lower/spec";
import type { RefTable } from "./refTable";
import { PROVIDER_VERSIONS, TYPED_CLASSES } from "./resourceTypes";

export interface SpecComponentArgs {
  /** The component's children, in creation order. */
  readonly children: readonly ResourceSpec[];
  /** Where references to earlier resources are resolved, and where these are added. */
  readonly refs: RefTable;
  /** The component spec's outputs, resolved once the children exist. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export abstract class SpecComponent extends pulumi.ComponentResource {
  /** The provider resources created, in spec order. */
  readonly resources: readonly pulumi.CustomResource[];
  readonly outputs: Readonly<Record<string, unknown>>;

  constructor(type: string, name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    this.resources = args.children.map((spec) => createResource(spec, args.refs, { parent: this }));
    this.outputs = args.outputs ? args.refs.resolve(args.outputs) : {};
    this.registerOutputs(this.outputs);
  }
}

export function createResource(spec: ResourceSpec, refs: RefTable, opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResource {
  const version = PROVIDER_VERSIONS[spec.type.split(":")[0]!];
  if (!version) throw new Error(`internal: no provider for ${spec.type}`);
  const inputs = refs.resolve(spec.inputs);
  for (const key of spec.secretInputs ?? []) inputs[key] = pulumi.secret(inputs[key]);
  const Typed = TYPED_CLASSES[spec.type];
  const options = pulumi.mergeOptions(opts, {
    aliases: spec.aliases?.map((name) => ({ name })),
    protect: spec.protect,
    additionalSecretOutputs: spec.secretOutputs ? [...spec.secretOutputs] : undefined,
    dependsOn: spec.dependsOn?.map((name) => refs.resource(name)),
    // What a typed class adds itself.
    ...(Typed ? {} : { version }),
  });
  const resource = Typed
    ? new Typed(spec.name, inputs as never, options)
    : new ProviderResource(spec.type, spec.name, { ...Object.fromEntries(refs.attrsOf(spec.name).map((a) => [a, undefined])), ...inputs }, options);
  refs.add(spec.name, resource as unknown as Record<string, unknown>);
  return resource;
}

/** A provider resource registered by type token, without a typed class (resourceTypes.ts says why). */
class ProviderResource extends pulumi.CustomResource {}

/** Component options from a spec: aliases for earlier names. */
export function componentOptions(spec: ResourceSpec): pulumi.ComponentResourceOptions {
  return { aliases: spec.aliases?.map((name) => ({ name })) };
}
