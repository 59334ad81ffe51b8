/** Stack settings the lower stage needs, read from Pulumi config by the program and by `plan`. */
export interface LowerSettings {
  /** Where runbooks are browsed, e.g. https://github.com/acme/martech-reliability/blob/main/runbooks */
  readonly runbookBaseUrl: string;
  /** Added to every tag set as env:<environment>. */
  readonly environment: string;
  /** PagerDuty subdomain for Datadog's PagerDuty integration; none means it is managed elsewhere. */
  readonly pagerdutySubdomain?: string;
  readonly forwarder: ForwarderSettings;
}

/** The shared webhook forwarder's deployment settings (lower/forwarder.ts). */
export interface ForwarderSettings {
  /** Where `npm run build:forwarder` writes the bundles: `<dir>/ingress`, `<dir>/consumer`. */
  readonly bundleDir: string;
  /** Version of Datadog's Lambda extension layer (x86_64) in the stack's region; the functions send metrics through it. */
  readonly datadogExtensionVersion: number;
  /** A layer ARN to use instead (a mirror, another partition). */
  readonly datadogExtensionLayerArn?: string;
  /** Datadog site the extension sends to, e.g. datadoghq.com or datadoghq.eu. */
  readonly datadogSite: string;
  /** Inventory team whose channel gets the forwarder-wide monitors; default: the owner of the highest-revenue integration with webhooks. */
  readonly team?: string;
  /** Lambda runtime of both functions; the bundles target Node 20 syntax, so any later Node runtime runs them too. */
  readonly lambdaRuntime: string;
  /** Reserved concurrency of the ingress function: a flood of webhooks cannot starve the account, and the account cannot starve ingress. */
  readonly ingressConcurrency: number;
}

/** Config keys, in the project's namespace (`pulumi config set <key> <value>`). */
export const CONFIG_KEYS = {
  runbookBaseUrl: "runbookBaseUrl",
  environment: "environment",
  pagerdutySubdomain: "pagerdutySubdomain",
  inventoryDir: "inventoryDir",
  runbooksDir: "runbooksDir",
  forwarderBundleDir: "forwarderBundleDir",
  datadogExtensionVersion: "datadogExtensionVersion",
  datadogExtensionLayerArn: "datadogExtensionLayerArn",
  datadogSite: "datadogSite",
  forwarderTeam: "forwarderTeam",
  forwarderIngressConcurrency: "forwarderIngressConcurrency",
  forwarderLambdaRuntime: "forwarderLambdaRuntime",
} as const;

/** Defaults of the forwarder settings, the same as Pulumi.yaml declares. */
export const FORWARDER_DEFAULTS = {
  bundleDir: "dist/forwarder",
  datadogExtensionVersion: 67,
  datadogSite: "datadoghq.com",
  ingressConcurrency: 10,
  lambdaRuntime: "nodejs20.x",
} as const;

/** Settings from config values, however they are read (Pulumi's Config, or the stack file offline). */
export function settingsFromConfig(get: (key: string) => string | undefined): LowerSettings {
  const runbookBaseUrl = get(CONFIG_KEYS.runbookBaseUrl);
  if (!runbookBaseUrl || !/^https:\/\//.test(runbookBaseUrl)) {
    throw new Error(`config ${CONFIG_KEYS.runbookBaseUrl} must be the https:// address runbooks are browsed at (pulumi config set ${CONFIG_KEYS.runbookBaseUrl} https://github.com/<org>/<repo>/blob/main/runbooks)`);
  }
  const pagerdutySubdomain = get(CONFIG_KEYS.pagerdutySubdomain);
  return {
    runbookBaseUrl,
    environment: get(CONFIG_KEYS.environment) ?? "prod",
    ...(pagerdutySubdomain ? { pagerdutySubdomain } : {}),
    forwarder: forwarderSettings(get),
  };
}

function forwarderSettings(get: (key: string) => string | undefined): ForwarderSettings {
  const layer = get(CONFIG_KEYS.datadogExtensionLayerArn);
  if (layer && !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/.test(layer)) {
    throw new Error(`config ${CONFIG_KEYS.datadogExtensionLayerArn} must be a versioned Lambda layer ARN such as arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:${FORWARDER_DEFAULTS.datadogExtensionVersion}`);
  }
  return {
    bundleDir: get(CONFIG_KEYS.forwarderBundleDir) ?? FORWARDER_DEFAULTS.bundleDir,
    datadogExtensionVersion: wholeNumber(get, CONFIG_KEYS.datadogExtensionVersion, FORWARDER_DEFAULTS.datadogExtensionVersion, 1000),
    ...(layer ? { datadogExtensionLayerArn: layer } : {}),
    datadogSite: get(CONFIG_KEYS.datadogSite) ?? FORWARDER_DEFAULTS.datadogSite,
    ...(get(CONFIG_KEYS.forwarderTeam) ? { team: get(CONFIG_KEYS.forwarderTeam) } : {}),
    ingressConcurrency: wholeNumber(get, CONFIG_KEYS.forwarderIngressConcurrency, FORWARDER_DEFAULTS.ingressConcurrency, 1000),
    lambdaRuntime: lambdaRuntime(get(CONFIG_KEYS.forwarderLambdaRuntime) ?? FORWARDER_DEFAULTS.lambdaRuntime),
  };
}

function wholeNumber(get: (key: string) => string | undefined, key: string, fallback: number, max: number): number {
  const value = Number(get(key) ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`config ${key} must be a whole number from 1 to ${max}`);
  return value;
}

/** A Node.js Lambda runtime from 20 up (the bundles' target). */
function lambdaRuntime(value: string): string {
  const major = /^nodejs(\d+)\.x$/.exec(value)?.[1];
  if (major === undefined || Number(major) < 20) throw new Error(`config ${CONFIG_KEYS.forwarderLambdaRuntime} must be a Node.js Lambda runtime from nodejs20.x up, such as nodejs22.x, but is ${JSON.stringify(value)}`);
  return value;
}
