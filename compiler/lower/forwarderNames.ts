/** AWS names of the webhook forwarder's resources, per environment (the forwarder and its monitors both use them). */
export function physicalNames(environment: string) {
  const prefix = `martech-${environment}`;
  const secretPrefix = `martech/${environment}/forwarder/`;
  // Targets' credentials sit outside the ingress's secretPrefix, so only the consumer can read them.
  const destinationSecretPrefix = `martech/${environment}/forwarder-destinations/`;
  return {
    /** Both functions' names start with this. */
    functionPrefix: `${prefix}-webhook-`,
    ingress: `${prefix}-webhook-ingress`,
    consumer: `${prefix}-webhook-consumer`,
    queue: `${prefix}-webhooks`,
    dlq: `${prefix}-webhooks-dlq`,
    table: `${prefix}-webhook-deliveries`,
    /**
     * The claim-check bucket for bodies too large for a queue message. S3 bucket names are global
     * across all accounts, so the account id and region complete it (3 to 63 characters).
     */
    bodiesBucket: (accountId: string, region: string) => `${prefix}-webhook-bodies-${accountId}-${region}`,
    secretPrefix,
    /** A secret of the forwarder: a source's (`<integration>/<source>`) or the Datadog key. */
    secret: (key: string) => `${secretPrefix}${key}`,
    destinationSecretPrefix,
    /** The credentials of one target (`forwardTo` system) of a webhook source. */
    destinationSecret: (integration: string, source: string, system: string) => `${destinationSecretPrefix}${integration}/${source}/${system}`,
  };
}

export type PhysicalNames = ReturnType<typeof physicalNames>;
