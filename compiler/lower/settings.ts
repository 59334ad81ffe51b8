/** Stack settings the lower stage needs, read from Pulumi config by the program and by `plan`. */
import { planNow } from "../planClock";

export interface LowerSettings {
  /** Where runbooks are browsed, e.g. https://github.com/acme/martech-reliability/blob/main/runbooks */
  readonly runbookBaseUrl: string;
  /** Added to every tag set as env:<environment>, and part of every AWS name the forwarder gives (lower/forwarderNames.ts). */
  readonly environment: string;
  /**
   * The staging stack (`environment: staging`), derived once here so the lower modules never
   * test the environment's name: Datadog names start with `[staging] `, every monitor and
   * burn-rate alert tells the owning team's chat only, no PagerDuty resource is created, and
   * SLOs are not protected (README, "Staging").
   */
  readonly staging: boolean;
  /** PagerDuty subdomain for Datadog's PagerDuty integration; none means it is managed elsewhere. */
  readonly pagerdutySubdomain?: string;
  readonly forwarder: ForwarderSettings;
  /**
   * The deploy's clock (epoch milliseconds), read once where the settings are made: a maintenance
   * window's downtime whose start has passed starts at its next occurrence instead, since Datadog
   * refuses a start in the past (maintenance/downtimeTiming.ts). Unset: every window as written.
   */
  readonly now?: number;
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
  /** Lambda runtime of both functions (nodejs22.x or later); the bundles target Node 20 syntax, so any later runtime runs them. */
  readonly lambdaRuntime: string;
  /** Reserved concurrency of the ingress function: a flood of webhooks cannot starve the account, and the account cannot starve ingress. */
  readonly ingressConcurrency: number;
  /**
   * Whether Datadog has received the forwarder's metrics, so percentiles and an explicit tag list
   * can be configured on each distribution an SLO counts (lower/forwarderMetricConfigs.ts). Datadog
   * refuses a tag configuration for a metric it has not received yet, so a new stack turns it on
   * after its first deliveries. Unset means false.
   */
  readonly percentiles?: boolean;
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
  forwarderPercentiles: "forwarderPercentiles",
  forwarderLambdaRuntime: "forwarderLambdaRuntime",
} as const;

/** Defaults of the forwarder settings, the same as Pulumi.yaml declares. */
export const FORWARDER_DEFAULTS = {
  bundleDir: "dist/forwarder",
  datadogExtensionVersion: 67,
  datadogSite: "datadoghq.com",
  ingressConcurrency: 10,
  lambdaRuntime: "nodejs24.x",
} as const;

/** The `environment` of the staging stack (Pulumi.staging.yaml). */
export const STAGING_ENVIRONMENT = "staging";

/**
 * The longest environment name: it is part of the claim-check bucket's name,
 * `martech-<env>-webhook-bodies-<account id>-<region>` (lower/forwarderNames.ts), which S3 caps
 * at 63 characters (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html);
 * with a 12-digit account id and the longest region codes (14 characters, ap-southeast-1) that
 * leaves 12. Lambda function and IAM role names (64) and SQS queue names (80) have more room.
 */
export const MAX_ENVIRONMENT_LENGTH = 12;

/** Settings from config values, however they are read (Pulumi's Config, or the stack file offline). */
export function settingsFromConfig(get: (key: string) => string | undefined, now: number = planNow()): LowerSettings {
  const runbookBaseUrl = get(CONFIG_KEYS.runbookBaseUrl);
  // No userinfo, query or fragment: the base URL is copied into every monitor message, where a
  // `user:token@` would be a credential in clear and an `@host` would read as a notification handle.
  if (!runbookBaseUrl || !/^https:\/\/[^/?#@\s]+(\/[^?#@\s]*)?$/.test(runbookBaseUrl)) {
    throw new Error(`config ${CONFIG_KEYS.runbookBaseUrl} must be the https:// address runbooks are browsed at (pulumi config set ${CONFIG_KEYS.runbookBaseUrl} https://github.com/<org>/<repo>/blob/main/runbooks)`);
  }
  const environment = environmentName(get(CONFIG_KEYS.environment) ?? "prod");
  const staging = environment === STAGING_ENVIRONMENT;
  const pagerdutySubdomain = get(CONFIG_KEYS.pagerdutySubdomain);
  const forwarder = forwarderSettings(get);
  if (staging) refuseOrgWideResources(pagerdutySubdomain, forwarder);
  return {
    runbookBaseUrl,
    environment,
    staging,
    ...(pagerdutySubdomain ? { pagerdutySubdomain } : {}),
    forwarder,
    now,
  };
}

/**
 * The environment names AWS resources, so two stacks in one account differ by it, and must fit
 * every name it is part of: S3 bucket names take lowercase letters, digits and single hyphens only
 * (bucket naming rules, above), and Datadog reads `env:<environment>` as one tag.
 */
function environmentName(value: string): string {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value) || value.length > MAX_ENVIRONMENT_LENGTH) {
    throw new Error(`config ${CONFIG_KEYS.environment} must be a short lowercase name such as prod or ${STAGING_ENVIRONMENT} (letters, digits and single hyphens, at most ${MAX_ENVIRONMENT_LENGTH} characters: it is part of the forwarder's AWS names), but is ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Staging shares the Datadog organisation with prod (`env:` tells them apart), and some Datadog
 * resources exist once per organisation: Datadog's PagerDuty integration (one subdomain per org;
 * the provider's datadog_integration_pagerduty) and a metric's tag configuration (one per metric
 * name, https://docs.datadoghq.com/api/latest/metrics/#create-a-tag-configuration, "409 Conflict"
 * when it exists). The prod stack owns them; a staging stack that claimed them too would fail to
 * create them or fight prod over them, so it refuses the settings that would.
 */
function refuseOrgWideResources(pagerdutySubdomain: string | undefined, forwarder: ForwarderSettings): void {
  if (pagerdutySubdomain) {
    throw new Error(`config ${CONFIG_KEYS.pagerdutySubdomain} must stay unset in ${STAGING_ENVIRONMENT}: staging never pages, and Datadog's PagerDuty integration is one per organisation, owned by the prod stack (pulumi config rm ${CONFIG_KEYS.pagerdutySubdomain})`);
  }
  if (forwarder.percentiles) {
    throw new Error(`config ${CONFIG_KEYS.forwarderPercentiles} must stay false in ${STAGING_ENVIRONMENT}: a metric's tag configuration is one per Datadog organisation, and the prod stack's covers staging's forwarder metrics too (pulumi config set ${CONFIG_KEYS.forwarderPercentiles} false)`);
  }
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
    percentiles: flag(get, CONFIG_KEYS.forwarderPercentiles),
    lambdaRuntime: lambdaRuntime(get(CONFIG_KEYS.forwarderLambdaRuntime) ?? FORWARDER_DEFAULTS.lambdaRuntime),
  };
}

/** A boolean config value, false when unset. */
function flag(get: (key: string) => string | undefined, key: string): boolean {
  const value = get(key) ?? "false";
  if (value !== "true" && value !== "false") throw new Error(`config ${key} must be true or false, but is ${JSON.stringify(value)}`);
  return value === "true";
}

function wholeNumber(get: (key: string) => string | undefined, key: string, fallback: number, max: number): number {
  const value = Number(get(key) ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`config ${key} must be a whole number from 1 to ${max}`);
  return value;
}

/**
 * Node.js Lambda runtimes AWS supports, with the day each is deprecated (Lambda runtimes page,
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html): from then AWS first blocks
 * creating functions on it, then updating them. nodejs20.x was deprecated on 2026-04-30 (Node 20's
 * end of life). Both handlers are async functions, which Node 24's runtime requires (it no longer
 * supports callback-style handlers).
 */
export const NODE_RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  "nodejs22.x": "2027-04-30",
  "nodejs24.x": "2028-04-30",
};
/** The oldest Node.js major the forwarder may be deployed on. */
const OLDEST_NODE_MAJOR = 22;

/**
 * A supported Node.js Lambda runtime: an even major of 22 or later, and not past its deprecation
 * date on `today` (YYYY-MM-DD). Lambda ships runtimes for Node.js LTS releases only, which are the
 * even-numbered majors (Lambda runtimes page lists nodejs18.x, 20.x, 22.x, 24.x and no odd one;
 * Node.js release schedule, https://github.com/nodejs/Release: odd majors never become LTS), so
 * `nodejs23.x` would fail at CreateFunction. A newer even runtime than the table knows is accepted.
 */
// Stryker disable next-line MethodExpression: a whole ISO timestamp compares with a YYYY-MM-DD date as its first 10 characters do (same prefix, and the longer string is the greater), so the slice changes no comparison.
export function lambdaRuntime(value: string, today: string = new Date().toISOString().slice(0, 10)): string {
  const major = /^nodejs([1-9]\d*)\.x$/.exec(value)?.[1];
  const fix = `set ${CONFIG_KEYS.forwarderLambdaRuntime} to ${FORWARDER_DEFAULTS.lambdaRuntime} (pulumi config set ${CONFIG_KEYS.forwarderLambdaRuntime} ${FORWARDER_DEFAULTS.lambdaRuntime})`;
  if (major === undefined) throw new Error(`config ${CONFIG_KEYS.forwarderLambdaRuntime} must be a Node.js Lambda runtime such as ${FORWARDER_DEFAULTS.lambdaRuntime}, but is ${JSON.stringify(value)}`);
  if (Number(major) < OLDEST_NODE_MAJOR) throw new Error(`config ${CONFIG_KEYS.forwarderLambdaRuntime} is ${value}, a runtime AWS Lambda has deprecated (Node.js ${major} is past its end of life) and blocks functions on; ${fix}`);
  if (Number(major) % 2 !== 0) throw new Error(`config ${CONFIG_KEYS.forwarderLambdaRuntime} is ${value}, which AWS Lambda does not offer: it has runtimes for the even-numbered (LTS) Node.js releases only; ${fix}`);
  const deprecated = NODE_RUNTIME_DEPRECATION[value];
  if (deprecated !== undefined && today >= deprecated) throw new Error(`config ${CONFIG_KEYS.forwarderLambdaRuntime} is ${value}, which AWS Lambda deprecated on ${deprecated}; ${fix}`);
  return value;
}
