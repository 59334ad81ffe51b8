/** The pack's name and policies, apart from index.ts so they load without starting the analyzer. */
import type { PolicyPackArgs } from "@pulumi/policy";
import { iamNoWildcardActionsPolicy } from "./rules/iamNoWildcardActions";
import { monitorMetadataPolicy } from "./rules/monitorMetadata";
import { notificationRoutePolicy } from "./rules/notificationRoute";
import { pagerdutyServiceExistsPolicy } from "./rules/pagerdutyServiceExists";
import { pagingRoutePolicy } from "./rules/pagingRoute";
import { sloProtectedPolicy } from "./rules/sloProtected";

export const PACK_NAME = "martech-reliability";

export const packArgs: PolicyPackArgs = {
  description: "Reliability guardrails: runbook-linked, owned, prioritised monitors; pages that reach PagerDuty; monitors that notify exactly their route; no wildcard IAM actions; protected SLOs.",
  enforcementLevel: "mandatory",
  policies: [monitorMetadataPolicy, pagingRoutePolicy, notificationRoutePolicy, pagerdutyServiceExistsPolicy, iamNoWildcardActionsPolicy, sloProtectedPolicy],
};
