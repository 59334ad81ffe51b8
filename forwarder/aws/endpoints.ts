/**
 * Where a service's requests go. In order, as the SDKs resolve it (AWS SDKs and Tools Reference
 * Guide, "Service-specific endpoints": https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html):
 *   1. an endpoint given in code (the tests' loopback servers);
 *   2. AWS_ENDPOINT_URL_<SERVICE> (identifiers: https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html),
 *      then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true;
 *   3. the service's regional endpoint, https://<prefix>.<region>.amazonaws.com (.com.cn in the
 *      China regions) (AWS General Reference, "Service endpoints": https://docs.aws.amazon.com/general/latest/gr/rande.html).
 */

/** The services the forwarder calls, by the identifier their AWS_ENDPOINT_URL_<SERVICE> variable uses. */
export type EndpointServiceId = "SQS" | "SECRETS_MANAGER" | "DYNAMODB" | "S3";

/** An endpoint set in code or in the environment, or undefined when the default applies. */
export function configuredEndpoint(serviceId: EndpointServiceId, explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  if (String(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS).toLowerCase() === "true") return undefined;
  return env[`AWS_ENDPOINT_URL_${serviceId}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** The regional endpoint: `https://sqs.eu-west-1.amazonaws.com`. */
export function regionalEndpoint(hostPrefix: string, region: string): string {
  return `https://${hostPrefix}.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}
