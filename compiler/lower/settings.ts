/** Stack settings the lower stage needs, read from Pulumi config by the program and by `plan`. */
export interface LowerSettings {
  /** Where runbooks are browsed, e.g. https://github.com/acme/martech-reliability/blob/main/runbooks */
  readonly runbookBaseUrl: string;
  /** Added to every tag set as env:<environment>. */
  readonly environment: string;
  /** PagerDuty subdomain for Datadog's PagerDuty integration; none means it is managed elsewhere. */
  readonly pagerdutySubdomain?: string;
}

/** Config keys, in the project's namespace (`pulumi config set <key> <value>`). */
export const CONFIG_KEYS = {
  runbookBaseUrl: "runbookBaseUrl",
  environment: "environment",
  pagerdutySubdomain: "pagerdutySubdomain",
  inventoryDir: "inventoryDir",
  runbooksDir: "runbooksDir",
} as const;

/** Settings from config values, however they are read (Pulumi's Config, or the stack file offline). */
export function settingsFromConfig(get: (key: string) => string | undefined): LowerSettings {
  const runbookBaseUrl = get(CONFIG_KEYS.runbookBaseUrl);
  if (!runbookBaseUrl || !/^https:\/\//.test(runbookBaseUrl)) {
    throw new Error(`config ${CONFIG_KEYS.runbookBaseUrl} must be the https:// address runbooks are browsed at (pulumi config set ${CONFIG_KEYS.runbookBaseUrl} https://github.com/<org>/<repo>/blob/main/runbooks)`);
  }
  const pagerdutySubdomain = get(CONFIG_KEYS.pagerdutySubdomain);
  return { runbookBaseUrl, environment: get(CONFIG_KEYS.environment) ?? "prod", ...(pagerdutySubdomain ? { pagerdutySubdomain } : {}) };
}
