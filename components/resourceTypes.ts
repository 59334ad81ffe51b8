/**
 * What the emit stage needs from the providers: their plugin versions, the few classes with
 * secret handling of their own, and the look-up functions. Submodules are imported one by
 * one: loading `@pulumi/aws` or `@pulumi/datadog` whole costs far more start-up.
 */
import type * as pulumi from "@pulumi/pulumi";
import { getVersion as getAwsVersion } from "@pulumi/aws/utilities";
import { getVersion as getDatadogVersion } from "@pulumi/datadog/utilities";
import { getVersion as getPagerdutyVersion } from "@pulumi/pagerduty/utilities";
import { TYPES } from "../compiler/lower/onCall";
import { AWS } from "../compiler/lower/forwarder";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { SecretVersion } from "@pulumi/aws/secretsmanager/secretVersion";
import { Integration as DatadogPagerdutyIntegration } from "@pulumi/datadog/pagerduty/integration";
import { ServiceObject } from "@pulumi/datadog/pagerduty/serviceObject";
import { getUserOutput } from "@pulumi/pagerduty/getUser";
import { getVendorOutput } from "@pulumi/pagerduty/getVendor";

export type ResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Provider plugin versions by package, what each typed class asks the engine for. Resources
 * outside TYPED_CLASSES are registered as plain CustomResources with this version: the same
 * request to the engine, but outputs only for the inputs given and the attributes referenced, not the
 * forty-odd properties a typed monitor declares (a third less time and memory per resource).
 */
export const PROVIDER_VERSIONS: Record<string, string> = {
  aws: getAwsVersion(),
  datadog: getDatadogVersion(),
  pagerduty: getPagerdutyVersion(),
};

/** Classes that add secret handling of their own (a secret input, additionalSecretOutputs): always constructed as such. */
export const TYPED_CLASSES: Record<string, ResourceClass> = {
  [TYPES.serviceObject]: ServiceObject,
  [TYPES.datadogPagerduty]: DatadogPagerdutyIntegration,
  [AWS.secretVersion]: SecretVersion,
};

type Invoke = (args: never, opts?: pulumi.InvokeOutputOptions) => pulumi.Output<Record<string, unknown>>;

export const INVOKES: Record<string, Invoke> = {
  [TYPES.getUser]: getUserOutput as unknown as Invoke,
  [TYPES.getVendor]: getVendorOutput as unknown as Invoke,
  [AWS.getCallerIdentity]: getCallerIdentityOutput as unknown as Invoke,
  [AWS.getRegion]: getRegionOutput as unknown as Invoke,
  [AWS.getPartition]: getPartitionOutput as unknown as Invoke,
};
