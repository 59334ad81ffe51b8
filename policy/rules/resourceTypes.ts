/**
 * Pulumi type tokens the policies look at. Kept here, not imported from compiler/, so the
 * pack loads without the compiler; test/policy.test.ts checks they equal the compiler's.
 */
export const TYPES = {
  monitor: "datadog:index/monitor:Monitor",
  slo: "datadog:index/serviceLevelObjective:ServiceLevelObjective",
  pagerdutyServiceObject: "datadog:pagerduty/serviceObject:ServiceObject",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamRole: "aws:iam/role:Role",
  iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
} as const;
