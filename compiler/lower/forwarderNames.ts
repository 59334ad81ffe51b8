/** AWS names of the webhook forwarder's resources, per environment (the forwarder and its monitors both use them). */
export function physicalNames(environment: string) {
  const prefix = `martech-${environment}`;
  const secretPrefix = `martech/${environment}/forwarder/`;
  return {
    /** Both functions' names start with this. */
    functionPrefix: `${prefix}-webhook-`,
    ingress: `${prefix}-webhook-ingress`,
    consumer: `${prefix}-webhook-consumer`,
    queue: `${prefix}-webhooks`,
    dlq: `${prefix}-webhooks-dlq`,
    table: `${prefix}-webhook-deliveries`,
    secretPrefix,
    /** A secret of the forwarder: a source's (`<integration>/<source>`) or the Datadog key. */
    secret: (key: string) => `${secretPrefix}${key}`,
  };
}

export type PhysicalNames = ReturnType<typeof physicalNames>;
