/** Every resource type the program creates, with its typed provider class: what the lean registration is compared with. */
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { Table } from "@pulumi/aws/dynamodb/table";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { EventSourceMapping } from "@pulumi/aws/lambda/eventSourceMapping";
import { Function as LambdaFunction } from "@pulumi/aws/lambda/function";
import { FunctionUrl } from "@pulumi/aws/lambda/functionUrl";
import { Permission } from "@pulumi/aws/lambda/permission";
import { Secret } from "@pulumi/aws/secretsmanager/secret";
import { SecretVersion } from "@pulumi/aws/secretsmanager/secretVersion";
import { Queue } from "@pulumi/aws/sqs/queue";
import { Bucket } from "@pulumi/aws/s3/bucket";
import { BucketLifecycleConfiguration } from "@pulumi/aws/s3/bucketLifecycleConfiguration";
import { BucketPublicAccessBlock } from "@pulumi/aws/s3/bucketPublicAccessBlock";
import { BucketServerSideEncryptionConfiguration } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import { DashboardJson } from "@pulumi/datadog/dashboardJson";
import { DowntimeSchedule } from "@pulumi/datadog/downtimeSchedule";
import { MetricTagConfiguration } from "@pulumi/datadog/metricTagConfiguration";
import { Monitor } from "@pulumi/datadog/monitor";
import { Integration as DatadogPagerdutyIntegration } from "@pulumi/datadog/pagerduty/integration";
import { ServiceObject } from "@pulumi/datadog/pagerduty/serviceObject";
import { ServiceLevelObjective } from "@pulumi/datadog/serviceLevelObjective";
import { SloCorrection } from "@pulumi/datadog/sloCorrection";
import { SoftwareCatalog } from "@pulumi/datadog/softwareCatalog";
import { EscalationPolicy } from "@pulumi/pagerduty/escalationPolicy";
import { Schedule } from "@pulumi/pagerduty/schedule";
import { Service } from "@pulumi/pagerduty/service";
import { ServiceIntegration } from "@pulumi/pagerduty/serviceIntegration";
import { SOFTWARE_CATALOG } from "../../compiler/lower/catalog";
import { DASHBOARD } from "../../compiler/lower/dashboard";
import { AWS } from "../../compiler/lower/forwarder";
import { METRIC_TAG_CONFIGURATION } from "../../compiler/lower/forwarderMetricConfigs";
import { DOWNTIME_SCHEDULE, SLO_CORRECTION } from "../../compiler/lower/maintenance";
import { MONITOR } from "../../compiler/lower/monitors";
import { TYPES } from "../../compiler/lower/onCall";
import { SLO } from "../../compiler/lower/slos";
import type { ResourceClass } from "../../components/resourceTypes";

export const TYPED_PROVIDER_CLASSES: Record<string, ResourceClass> = {
  [MONITOR]: Monitor,
  [SLO]: ServiceLevelObjective,
  [DOWNTIME_SCHEDULE]: DowntimeSchedule,
  [SLO_CORRECTION]: SloCorrection,
  [DASHBOARD]: DashboardJson,
  [SOFTWARE_CATALOG]: SoftwareCatalog,
  [METRIC_TAG_CONFIGURATION]: MetricTagConfiguration,
  [TYPES.serviceObject]: ServiceObject,
  [TYPES.datadogPagerduty]: DatadogPagerdutyIntegration,
  [TYPES.schedule]: Schedule,
  [TYPES.escalationPolicy]: EscalationPolicy,
  [TYPES.service]: Service,
  [TYPES.serviceIntegration]: ServiceIntegration,
  [AWS.queue]: Queue,
  [AWS.table]: Table,
  [AWS.bucket]: Bucket,
  [AWS.bucketEncryption]: BucketServerSideEncryptionConfiguration,
  [AWS.bucketPublicAccessBlock]: BucketPublicAccessBlock,
  [AWS.bucketLifecycle]: BucketLifecycleConfiguration,
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
