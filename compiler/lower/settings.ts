/** Stack settings the lower stage needs, read from Pulumi config by the program and by `plan`. */
export interface LowerSettings {
  /** Where runbooks are browsed, e.g. https://github.com/acme/martech-reliability/blob/main/runbooks */
  readonly runbookBaseUrl: string;
  /** Added to every tag set as env:<environment>. */
  readonly environment: string;
  /** PagerDuty subdomain for Datadog's PagerDuty integration; none means it is managed elsewhere. */
  readonly pagerdutySubdomain?: string;
}
