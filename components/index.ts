/** Components that turn desired-state specs into provider resources. */
export { emit } from "./program";
export { IntegrationMaintenance } from "./integrationMaintenance";
export { IntegrationMonitors } from "./integrationMonitors";
export { IntegrationSlos } from "./integrationSlos";
export { OnCallRotation } from "./onCallRotation";
export { PagingService } from "./pagingService";
export { ReliabilityDashboard } from "./reliabilityDashboard";
export { SoftwareCatalog } from "./softwareCatalog";
export { WebhookForwarder } from "./webhookForwarder";
