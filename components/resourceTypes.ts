/**
 * Provider resource classes by type token. Submodules are imported one by one: loading
 * `@pulumi/aws` or `@pulumi/datadog` whole costs far more start-up than the few classes used.
 */
import type * as pulumi from "@pulumi/pulumi";
import { getVersion as getAwsVersion } from "@pulumi/aws/utilities";
import { getVersion as getDatadogVersion } from "@pulumi/datadog/utilities";
import { getVersion as getPagerdutyVersion } from "@pulumi/pagerduty/utilities";
import { DASHBOARD } from "../compiler/lower/dashboard";
import { MONITOR } from "../compiler/lower/monitors";
import { TYPES } from "../compiler/lower/onCall";
import { SLO } from "../compiler/lower/slos";
import { AWS } from "../compiler/lower/forwarder";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { Table } from "@pulumi/aws/dynamodb/table";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { EventSourceMapping } from "@pulumi/aws/lambda/eventSourceMapping";
import { Function as LambdaFunction } from "@pulumi/aws/lambda/function";
import { FunctionUrl } from "@pulumi/aws/lambda/functionUrl";
import { Permission } from "@pulumi/aws/lambda/permission";
import { Secret } from "@pulumi/aws/secretsmanager/secret";
import { SecretVersion } from "@pulumi/aws/secretsmanager/secretVersion";
import { Queue } from "@pulumi/aws/sqs/queue";
import { DashboardJson } from "@pulumi/datadog/dashboardJson";
import { Monitor } from "@pulumi/datadog/monitor";
import { Integration as DatadogPagerdutyIntegration } from "@pulumi/datadog/pagerduty/integration";
import { ServiceObject } from "@pulumi/datadog/pagerduty/serviceObject";
import { ServiceLevelObjective } from "@pulumi/datadog/serviceLevelObjective";
import { EscalationPolicy } from "@pulumi/pagerduty/escalationPolicy";
import { getUserOutput } from "@pulumi/pagerduty/getUser";
import { getVendorOutput } from "@pulumi/pagerduty/getVendor";
import { Schedule } from "@pulumi/pagerduty/schedule";
import { Service } from "@pulumi/pagerduty/service";
import { ServiceIntegration } from "@pulumi/pagerduty/serviceIntegration";

type ResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Provider plugin versions by package, what each typed class asks the engine for. Resources
 * outside TYPED_CLASSES are registered as plain CustomResources with this version: the same
 * request to the engine, but outputs only for the inputs given and REFERABLE_ATTRS, not the
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

/** Every type the program creates, with its typed class (tests compare the lean registration with it). */
export const RESOURCE_CLASSES: Record<string, ResourceClass> = {
  [MONITOR]: Monitor,
  [SLO]: ServiceLevelObjective,
  [DASHBOARD]: DashboardJson,
  [TYPES.serviceObject]: ServiceObject,
  [TYPES.datadogPagerduty]: DatadogPagerdutyIntegration,
  [TYPES.schedule]: Schedule,
  [TYPES.escalationPolicy]: EscalationPolicy,
  [TYPES.service]: Service,
  [TYPES.serviceIntegration]: ServiceIntegration,
  [AWS.queue]: Queue,
  [AWS.table]: Table,
  [AWS.secret]: Secret,
  [AWS.secretVersion]: SecretVersion,
  [AWS.logGroup]: LogGroup,
  [AWS.role]: Role,
  [AWS.rolePolicy]: RolePolicy,
  [AWS.function]: LambdaFunction,
  [AWS.functionUrl]: FunctionUrl,
  [AWS.permission]: Permission,
  [AWS.eventSourceMapping]: EventSourceMapping,
};

type Invoke = (args: never, opts?: pulumi.InvokeOutputOptions) => pulumi.Output<Record<string, unknown>>;

export const INVOKES: Record<string, Invoke> = {
  [TYPES.getUser]: getUserOutput as unknown as Invoke,
  [TYPES.getVendor]: getVendorOutput as unknown as Invoke,
  [AWS.getCallerIdentity]: getCallerIdentityOutput as unknown as Invoke,
  [AWS.getRegion]: getRegionOutput as unknown as Invoke,
};
