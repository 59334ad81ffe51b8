/**
 * What Datadog, PagerDuty and AWS document about each kind of resource the plan creates, as
 * one check per resource type over the `--json` plan (test/contracts.test.ts). A type with no
 * contract fails the test, so a new kind of resource cannot skip this. Each check names the
 * documentation it follows; the compiler's own rules enforce the same limits earlier, with
 * positions in the inventory: this is the independent check of what actually reaches the APIs.
 */
import { readEntityYaml, systemOfEntityName } from "../../compiler/lower/catalog";
import { lambdaRuntime } from "../../compiler/lower/settings";
import { messageHandles } from "../../compiler/notificationSyntax";
import type { ResourceSpec } from "../../compiler/lower/spec";
import { parseMetricExpression, parseMonitorQuery, metricQueriesIn } from "../../compiler/query/parse";
import type { BurnRateQuery, Expr, MetricQuery, MonitorQuery } from "../../compiler/query/ast";
import type { PlannedResource } from "../../compiler/plan/plannedResource";
import { metricByName } from "../../forwarder/metrics/names";
import { catalogSchemaErrors } from "./datadogCatalogSchema";

type Inputs = Record<string, any>;
type Contract = (inputs: Inputs, plan: PlanIndex, name: string) => string[];

/** Look-ups across the plan that some contracts need. */
export interface PlanIndex {
  readonly resources: readonly PlannedResource[];
  /** `serviceName`s of the Datadog PagerDuty service objects (what `@pagerduty-<name>` routes to). */
  readonly pagerdutyServices: ReadonlySet<string>;
  /** Team chat channels, without `#` (what `@slack-<channel>` routes to). */
  readonly chatChannels: ReadonlySet<string>;
  /** SLO target in percent by the reference the burn-rate alerts use (`${ref:<name>:id}`). */
  readonly sloTargets: ReadonlyMap<string, { target: number; timeframe: string }>;
  /** Metric names with a MetricTagConfiguration that enables percentiles (distributions usable in SLOs). */
  readonly percentileMetrics: ReadonlySet<string>;
  /** By schedule resource name, the PagerDuty services with constant high urgency whose escalation policy reaches it. */
  readonly constantHighSchedules: ReadonlyMap<string, readonly string[]>;
}

export function indexPlan(resources: readonly PlannedResource[], chatChannels: Iterable<string>): PlanIndex {
  const of = (type: string) => resources.filter((r) => r.type === type);
  return {
    resources,
    pagerdutyServices: new Set(of(T.serviceObject).map((r) => String(r.inputs.serviceName))),
    chatChannels: new Set(chatChannels),
    sloTargets: new Map(of(T.slo).map((r) => [`\${ref:${r.name}:id}`, { target: Number(r.inputs.targetThreshold), timeframe: String(r.inputs.timeframe) }])),
    percentileMetrics: new Set(of(T.metricTagConfiguration).filter((r) => r.inputs.includePercentiles === true).map((r) => String(r.inputs.metricName))),
    constantHighSchedules: constantHighSchedules(resources),
  };
}

/** The name inside a `${ref:<name>:id}`. */
const refName = (v: unknown) => (typeof v === "string" ? /^\$\{ref:(.+):id\}$/.exec(v)?.[1] : undefined);

function constantHighSchedules(resources: readonly PlannedResource[]): Map<string, string[]> {
  const policies = new Map(resources.filter((r) => r.type === T.pdEscalationPolicy).map((r) => [r.name, r.inputs as Inputs]));
  const out = new Map<string, string[]>();
  for (const service of resources.filter((r) => r.type === T.pdService)) {
    const rule = (service.inputs as Inputs).incidentUrgencyRule;
    if (rule?.type !== "constant" || rule.urgency !== "high") continue;
    const policy = policies.get(refName((service.inputs as Inputs).escalationPolicy) ?? "");
    for (const target of (policy?.rules ?? []).flatMap((r: Inputs) => r.targets ?? [])) {
      const schedule = target.type === "schedule_reference" ? refName(target.id) : undefined;
      if (schedule !== undefined) out.set(schedule, [...(out.get(schedule) ?? []), service.name]);
    }
  }
  return out;
}

const T = {
  monitor: "datadog:index/monitor:Monitor",
  slo: "datadog:index/serviceLevelObjective:ServiceLevelObjective",
  dashboard: "datadog:index/dashboardJson:DashboardJson",
  metricTagConfiguration: "datadog:index/metricTagConfiguration:MetricTagConfiguration",
  serviceObject: "datadog:pagerduty/serviceObject:ServiceObject",
  datadogPagerduty: "datadog:pagerduty/integration:Integration",
  pdService: "pagerduty:index/service:Service",
  pdServiceIntegration: "pagerduty:index/serviceIntegration:ServiceIntegration",
  pdSchedule: "pagerduty:index/schedule:Schedule",
  pdEscalationPolicy: "pagerduty:index/escalationPolicy:EscalationPolicy",
  softwareCatalog: "datadog:index/softwareCatalog:SoftwareCatalog",
} as const;

const seconds = (d: string) => Number(d.slice(0, -1)) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[d.slice(-1) as "s" | "m" | "h" | "d" | "w"];
const isRef = (v: unknown) => typeof v === "string" && /^\$\{ref:[^}]+\}$/.test(v);
const problems = (...checks: (string | false | undefined)[]) => checks.filter((c): c is string => typeof c === "string");

// ---------------------------------------------------------------------------------------------
// Datadog

/** Template blocks of a message (https://docs.datadoghq.com/monitors/notify/variables/#conditional-variables). */
const hasBlock = (message: string, block: string) => message.includes(`{{#${block}}}`) && message.includes(`{{/${block}}}`);

function messageContract(i: Inputs, plan: PlanIndex): string[] {
  const message = String(i.message ?? "");
  const out: string[] = [];
  // Every handle wherever it stands (the compiler's own reader, which the policy pack's is tested against).
  const handles = messageHandles(message);
  for (const handle of handles) {
    const pd = /^@pagerduty-(.+)$/.exec(handle)?.[1];
    const slack = /^@slack-(.+)$/.exec(handle)?.[1];
    if (pd !== undefined ? !plan.pagerdutyServices.has(pd) : slack !== undefined ? !plan.chatChannels.has(slack) : true) {
      out.push(`notifies ${handle}, which routes nowhere this stack defines (a PagerDuty service object or a team channel)`);
    }
  }
  if (handles.length === 0) out.push("notifies nobody");
  if (!/^Runbook: https:\/\/\S+#\S+$/m.test(message)) out.push("has no `Runbook: https://...#section` line");
  // A state whose block is missing renders only the text outside every block: never let a reachable state be empty.
  if (!hasBlock(message, "is_alert")) out.push("has no {{#is_alert}} block");
  if (!hasBlock(message, "is_recovery")) out.push("has no {{#is_recovery}} block");
  if (i.notifyNoData === true && !hasBlock(message, "is_no_data")) out.push("can reach NO DATA (notifyNoData) but has no {{#is_no_data}} block, so that notification would be empty");
  if (i.monitorThresholds?.warning !== undefined && !hasBlock(message, "is_warning")) out.push("has a warning threshold but no {{#is_warning}} block, so that notification would be empty");
  return out;
}

/** A metric monitor (https://docs.datadoghq.com/monitors/types/metric/, https://docs.datadoghq.com/monitors/configuration/). */
function queryAlert(i: Inputs, q: MonitorQuery): string[] {
  const window = seconds(q.window.slice("last_".length));
  const critical = Number(i.monitorThresholds?.critical);
  const warning = i.monitorThresholds?.warning === undefined ? undefined : Number(i.monitorThresholds.warning);
  const above = q.comparator.startsWith(">");
  const out = problems(
    // "custom to set a value between 1 minute and 48 hours (1 month for metric monitors)": 730h.
    (window < 60 || window > 730 * 3600) && `evaluation window ${q.window} is outside Datadog's 1m..730h`,
    // The API rejects a query whose threshold differs from options.thresholds.critical.
    critical !== q.threshold && `query threshold ${q.threshold} differs from monitorThresholds.critical ${i.monitorThresholds?.critical}`,
    warning !== undefined && (above ? warning >= critical : warning <= critical) && `warning ${warning} is not before critical ${critical} for comparator ${q.comparator}`,
    // no_data_timeframe must be at least twice the evaluation window for metric monitors.
    i.notifyNoData === true && !(Number(i.noDataTimeframe) * 60 >= 2 * window) && `noDataTimeframe ${i.noDataTimeframe} min is under twice the ${q.window} window`,
  );
  const anomaly = q.expr.kind === "call" && q.expr.name === "anomalies" ? q.expr : undefined;
  const metrics = metricQueriesIn(q.expr);
  for (const m of metrics) {
    // "Aggregation methods other than sum cannot be used with .as_count()"; count: of a distribution is a count too.
    if (asCount(m) && !["sum", "count"].includes(m.aggregator)) out.push(`${m.metric}: .as_count() with the ${m.aggregator} space aggregator`);
    // The forwarder's event metrics are distributions: counted with count: ("count values",
    // https://docs.datadoghq.com/metrics/distributions/); sum: would add up the value 1 of each point
    // only where Datadog keeps it, and SLOs and tag configurations assume count:.
    if (metricByName(m.metric)?.unit === "event" && m.aggregator !== "count") out.push(`${m.metric} is a forwarder distribution, counted with count:, not ${m.aggregator}:`);
  }
  // https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/: "Aggregation methods
  // other than sum (shown as in total in-app) cannot be used with .as_count()". An anomaly monitor's
  // time aggregation applies to the anomaly score, not to the counts.
  if (!anomaly && q.timeAggregator !== "sum" && metrics.some(asCount)) out.push(`evaluates .as_count() queries with ${q.timeAggregator}(${q.window}); Datadog evaluates them only in total (sum)`);
  // The same guide: a ratio summed over the window is sum(errors) / sum(total) only on the as_count
  // path ("monitors involving arithmetic and at least 1 as_count() modifier"); on the classic path
  // it sums the ratio of each point (the guide's 1.5 against 0.3), so a steady rate reads W times too high.
  if (q.timeAggregator === "sum" && dividesByMetric(q.expr)) {
    for (const m of metrics.filter((m) => !asCount(m))) out.push(`${m.metric}: a ratio summed over ${q.window} without .as_count() on every query takes Datadog's classic evaluation path, which sums per-point ratios`);
  }
  if (anomaly) {
    // https://docs.datadoghq.com/monitors/types/anomaly/: agile and robust need a seasonality; the
    // threshold is the share of the trigger window that must be anomalous; alert_window >= 5 x interval.
    const algorithm = anomaly.args[1]?.kind === "string" ? anomaly.args[1].value : "";
    if (algorithm !== "basic" && anomaly.named.seasonality === undefined) out.push(`anomaly monitor (${algorithm}) without an explicit seasonality`);
    if (!(critical > 0 && critical < 1)) out.push(`anomaly threshold ${critical} is not a share of the window below 100%`);
    if (i.monitorThresholds?.criticalRecovery === undefined) out.push("anomaly monitor without critical_recovery");
    const alertWindow = String(anomaly.named.alert_window ?? "");
    const interval = Number(anomaly.named.interval);
    if (!(seconds(alertWindow.slice("last_".length)) >= 5 * interval)) out.push(`anomaly alert_window ${alertWindow} is under 5 rollups of ${interval} s`);
  }
  return out;
}

const asCount = (m: MetricQuery) => m.methods.some((x) => x.name === "as_count");

/** Whether an expression divides by something holding a metric query (a ratio of metrics). */
function dividesByMetric(e: Expr): boolean {
  if (e.kind === "binary") return (e.op === "/" && metricQueriesIn(e.right).length > 0) || dividesByMetric(e.left) || dividesByMetric(e.right);
  if (e.kind === "call") return e.args.some((a) => a.kind !== "string" && dividesByMetric(a));
  return false;
}

/** An SLO burn-rate alert (https://docs.datadoghq.com/service_management/service_level_objectives/burn_rate/). */
function sloAlert(q: BurnRateQuery, plan: PlanIndex): string[] {
  const slo = plan.sloTargets.get(q.sloId);
  const long = seconds(q.longWindow);
  const max = slo ? 100 / (100 - slo.target) : Infinity;
  return problems(
    !slo && `watches ${q.sloId}, which is no SLO of this plan`,
    slo !== undefined && q.over !== slo.timeframe && `over("${q.over}") differs from the SLO's ${slo.timeframe}`,
    // "Datadog supports a maximum value of 48 hours for the long window"; 1h is the shortest.
    (long < 3600 || long > 48 * 3600) && `long window ${q.longWindow} is outside 1h..48h`,
    q.shortWindow !== undefined && !(seconds(q.shortWindow) < long) && `short window ${q.shortWindow} is not shorter than the long one`,
    // A threshold above 1/(1-target) is rejected; below 1 it fires while the SLO is on track.
    !(q.threshold >= 1 && q.threshold < max) && `burn-rate threshold ${q.threshold} is outside [1, ${max.toFixed(3)})`,
  );
}

const monitor: Contract = (i, plan) => {
  const parsed = parseMonitorQuery(String(i.query));
  if (!parsed.ok) return [`query does not parse: ${parsed.error.message}`];
  const q = parsed.query;
  return [
    ...problems(
      !["query alert", "slo alert"].includes(i.type) && `type ${i.type} is not one this stack creates`,
      (i.type === "slo alert") !== (q.kind === "burn_rate") && `type ${i.type} does not fit its query`,
      !/^[1-5]$/.test(String(i.priority)) && `priority ${i.priority} is not 1-5`,
      !(i.tags as string[] | undefined)?.some((t) => t.startsWith("team:")) && "has no team: tag",
    ),
    ...(q.kind === "burn_rate" ? sloAlert(q, plan) : queryAlert(i, q)),
    ...messageContract(i, plan),
  ];
};

/** Metric SLOs (https://docs.datadoghq.com/service_management/service_level_objectives/metric/). */
const slo: Contract = (i, plan) => {
  const target = Number(i.targetThreshold);
  const out = problems(
    i.type !== "metric" && `type ${i.type}: this stack creates metric SLOs`,
    !["7d", "30d", "90d"].includes(i.timeframe) && `timeframe ${i.timeframe} is not 7d, 30d or 90d`,
    !(target > 0 && target < 100) && `target ${target} is not between 0 and 100`,
    !/^\d+(\.\d{1,3})?$/.test(String(target)) && `target ${target} has more than three decimals`,
    (i.thresholds?.[0]?.target !== target || i.thresholds?.[0]?.timeframe !== i.timeframe) && "thresholds[0] disagrees with targetThreshold/timeframe",
  );
  for (const side of ["numerator", "denominator"] as const) {
    const parsed = parseMetricExpression(String(i.query?.[side]));
    if (!parsed.ok) {
      out.push(`${side} does not parse: ${parsed.error.message}`);
      continue;
    }
    for (const m of metricQueriesIn(parsed.expr)) {
      // Counts in an SLO: COUNT or RATE metrics summed as counts, or distributions with percentiles enabled.
      if (m.metric.startsWith("martech.forwarder.") && !plan.percentileMetrics.has(m.metric)) out.push(`${side}: ${m.metric} is a distribution without percentiles enabled (no MetricTagConfiguration), which metric SLOs cannot count`);
      if (m.methods.some((x) => x.name === "as_count") && m.aggregator !== "sum") out.push(`${side}: .as_count() with ${m.aggregator}`);
    }
  }
  return out;
};

/** https://docs.datadoghq.com/metrics/metrics-without-limits/ and the provider's metricTagConfiguration. */
const metricTagConfiguration: Contract = (i) =>
  problems(
    i.metricType !== "distribution" && `metricType ${i.metricType}: the forwarder emits distributions`,
    i.includePercentiles !== true && "percentiles not enabled",
    !(Array.isArray(i.tags) && i.tags.length > 0) && "no explicit tag list (the cardinality guard)",
  );

const dashboard: Contract = (i) => {
  try {
    const d = JSON.parse(String(i.dashboard));
    return problems(!["ordered", "free"].includes(d.layout_type) && `layout_type ${d.layout_type}`, !d.title && "no title");
  } catch {
    return ["dashboard is not JSON"];
  }
};

/** An IANA zone name the runtime knows: what both maintenance resources' `timezone` takes ("Prefers IANA timezone name format"). */
function isZone(zone: unknown): boolean {
  try {
    return typeof zone === "string" && new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}

/**
 * A downtime schedule (API v2, https://docs.datadoghq.com/api/latest/downtimes/, and the provider's
 * DowntimeScheduleArgs): one-time start and end "Must include a UTC offset of zero"; a recurrence's
 * start "Must not include a UTC offset", its duration an integer ending in m, h, d or w, its rrule
 * without "DTSTART, DTEND, DURATION", at most five recurrences; notify_end_states of alert, no data,
 * warn and notify_end_types of canceled, expired. Ours, not Datadog's: monitor tags that mute at
 * least one monitor of this plan (a downtime matching none protects nothing), and a message that
 * notifies nobody (it "can notify users with the same @username notation as events").
 */
const downtimeSchedule: Contract = (i, plan) => {
  const tags: unknown[] = i.monitorIdentifier?.monitorTags ?? [];
  const monitors = plan.resources.filter((r) => r.type === T.monitor);
  const mutes = monitors.filter((m) => tags.every((t) => ((m.inputs as Inputs).tags ?? []).includes(t)));
  const once = i.oneTimeSchedule;
  const recurring = i.recurringSchedule;
  const out = problems(
    !(typeof i.scope === "string" && i.scope.length > 0) && "no scope",
    (i.monitorIdentifier?.monitorId === undefined) === (tags.length === 0) && "monitorIdentifier needs exactly one of monitorId or monitorTags",
    tags.length > 0 && mutes.length === 0 && `monitorTags ${tags.join(", ")} match no monitor of this plan, so the downtime mutes nothing`,
    (once === undefined) === (recurring === undefined) && "needs exactly one of oneTimeSchedule or recurringSchedule",
    !(i.notifyEndStates ?? []).every((x: string) => ["alert", "no data", "warn"].includes(x)) && `notifyEndStates ${i.notifyEndStates} (alert, no data, warn)`,
    !(i.notifyEndTypes ?? []).every((x: string) => ["canceled", "expired"].includes(x)) && `notifyEndTypes ${i.notifyEndTypes} (canceled, expired)`,
    messageHandles(String(i.message ?? "")).length > 0 && `its message notifies ${messageHandles(String(i.message)).join(" ")}`,
    i.displayTimezone !== undefined && !isZone(i.displayTimezone) && `displayTimezone ${i.displayTimezone} is not an IANA time zone`,
  );
  const utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
  if (once) {
    out.push(...problems(
      !(utc.test(once.start) && utc.test(once.end)) && `oneTimeSchedule ${once.start}..${once.end}: start and end must be UTC times ending in Z`,
      !(Date.parse(once.end) > Date.parse(once.start)) && `oneTimeSchedule ends (${once.end}) before it starts (${once.start})`,
    ));
  }
  if (recurring) {
    const recurrences: Inputs[] = recurring.recurrences ?? [];
    out.push(...problems(!isZone(recurring.timezone) && `recurringSchedule.timezone ${recurring.timezone} is not an IANA time zone`, !(recurrences.length >= 1 && recurrences.length <= 5) && `${recurrences.length} recurrences (1..5)`));
    for (const r of recurrences) {
      out.push(...problems(
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(r.start) && `recurrence start ${r.start} must be a local time without a UTC offset`,
        !/^[1-9]\d*[mhdw]$/.test(r.duration) && `recurrence duration ${r.duration} (an integer and m, h, d or w)`,
        /(^|;)\s*(DTSTART|DTEND|DURATION)\b/i.test(r.rrule) && `recurrence rrule ${r.rrule} holds DTSTART, DTEND or DURATION, which Datadog refuses`,
        !/^FREQ=/.test(r.rrule) && `recurrence rrule ${r.rrule} does not start with FREQ=`,
      ));
    }
  }
  return out;
};

/**
 * An SLO correction (API v1, https://docs.datadoghq.com/api/latest/service-level-objective-corrections/,
 * and the provider's SloCorrectionArgs): a category of "Scheduled Maintenance, Outside Business
 * Hours, Deployment, Other"; start (and end) in epoch seconds; an rrule of only "FREQ, INTERVAL,
 * COUNT and UNTIL" with a duration in seconds "required if specifying rrule", otherwise an end
 * after the start; an IANA timezone. Ours: its sloId is an SLO of this plan.
 */
const sloCorrection: Contract = (i, plan) => {
  const epoch = (v: unknown) => Number.isInteger(v) && (v as number) > 1_000_000_000 && (v as number) < 10_000_000_000;
  const parts = typeof i.rrule === "string" ? i.rrule.split(";").map((p: string) => p.split("=")[0]) : [];
  return problems(
    !["Scheduled Maintenance", "Outside Business Hours", "Deployment", "Other"].includes(i.category) && `category ${i.category} is not one Datadog has`,
    !plan.sloTargets.has(String(i.sloId)) && `sloId ${i.sloId} is no SLO of this plan`,
    !epoch(i.start) && `start ${i.start} is not epoch seconds`,
    !isZone(i.timezone) && `timezone ${i.timezone} is not an IANA time zone`,
    i.rrule === undefined && !(epoch(i.end) && i.end > i.start) && `a one-time correction needs an end after its start (${i.start}..${i.end})`,
    i.rrule !== undefined && !(Number.isInteger(i.duration) && i.duration > 0) && `a recurring correction needs a duration in seconds, not ${i.duration}`,
    parts.some((p: string) => !["FREQ", "INTERVAL", "COUNT", "UNTIL"].includes(p)) && `rrule ${i.rrule} uses parts SLO corrections do not support (FREQ, INTERVAL, COUNT, UNTIL)`,
  );
};

/**
 * A Software Catalog entity: Datadog's published schema v3, the JSON Schemas of
 * github.com/DataDog/schema `service-catalog/v3` (test/fixtures/datadog-catalog, validated with
 * ajv by support/datadogCatalogSchema.ts: only their keys, every object closed, `tier` and
 * `lifecycle` non-empty strings, links with name, type and a URI, `integrations.pagerduty.serviceURL`
 * required), and what the schema leaves to its examples or to the provider:
 * - apiVersion v3: the provider's `datadog.SoftwareCatalog` takes v3 and above ("entity must be a
 *   valid entity YAML/JSON structure"); older schemas go through the Service Definition API;
 * - links of a type Datadog recognises (metadata.schema.json links[].type examples: runbook,
 *   doc, repo, dashboard, other), at absolute http(s) URLs;
 * - `dependsOn` entity references (`kind:name`) of the kinds the schema's examples and the
 *   "Manage and Map Dependencies" docs name as dependencies: service, queue, datastore, library
 *   (lower/catalog.ts says why systems are not among them).
 * Ours: an integration's entity is named by the kebab-case `service:` tag value its monitors and
 * SLOs carry and owned by their `team:` tag; a system's is `system--<id>`; every `dependsOn` is
 * an entity of this plan, and the PagerDuty service one of this plan.
 */
const ENTITY_LINK_TYPES = ["runbook", "doc", "repo", "dashboard", "other"];
const DEPENDENCY_KINDS = ["service", "queue", "datastore", "library"];
const KEBAB_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const isNonEmptyString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function isAbsoluteUrl(url: unknown): boolean {
  try {
    // A reference stands for a value Pulumi fills in (an id, a URL): a URL's scheme and host must be there already or come from it.
    const filled = String(url).replace(/^\$\{ref:[^}]+\}/, "https://filled-in.invalid/").replace(/\$\{ref:[^}]+\}/g, "ref");
    return /^https?:$/.test(new URL(filled).protocol);
  } catch {
    return false;
  }
}

const softwareCatalog: Contract = (i, plan) => {
  const e = readEntityYaml(i.entity);
  if (!e) return ["entity is not a YAML mapping"];
  const m = e.metadata ?? {};
  const spec = e.spec ?? {};
  const entities = new Set(plan.resources.filter((r) => r.type === T.softwareCatalog).map((r) => readEntityYaml(r.inputs.entity)).filter((x) => x !== undefined).map((x) => `${x.kind}:${x.metadata?.name}`));
  const pdServices = new Set(plan.resources.filter((r) => r.type === T.pdService).map((r) => `\${ref:${r.name}:htmlUrl}`));
  const system = isNonEmptyString(m.name) ? systemOfEntityName(m.name) : undefined;
  const joined = plan.resources.filter((r) => (r.type === T.monitor || r.type === T.slo) && ((r.inputs as Inputs).tags ?? []).includes(`service:${m.name}`));
  const teams = [...new Set(joined.flatMap((r) => ((r.inputs as Inputs).tags as string[]).filter((t) => t.startsWith("team:")).map((t) => t.slice("team:".length))))];
  const out = problems(
    e.apiVersion !== "v3" && `apiVersion ${e.apiVersion}: Software Catalog entities are v3 (older schemas go through the Service Definition API)`,
    isNonEmptyString(m.name) && !KEBAB_ID.test(system ?? m.name) && `metadata.name ${m.name} is not a kebab-case id${system === undefined ? " (the service: tag value)" : " after system--"}`,
    e.kind === "service" && system === undefined && joined.length === 0 && `no monitor or SLO of this plan is tagged service:${m.name}, so Datadog joins nothing to this entity`,
    e.kind === "service" && m.owner !== undefined && teams.length > 0 && !teams.includes(m.owner) && `owner ${m.owner} differs from the team: tag of its monitors and SLOs (${teams.join(", ")})`,
  );
  out.push(...catalogSchemaErrors(e));
  for (const link of Array.isArray(m.links) ? m.links : []) {
    if (!link || typeof link !== "object") continue; // the schema says so
    out.push(...problems(
      !ENTITY_LINK_TYPES.includes(String(link.type)) && `link ${link.name}: type ${link.type} is not one Datadog recognises (${ENTITY_LINK_TYPES.join(", ")})`,
      !isAbsoluteUrl(link.url) && `link ${link.name}: url ${link.url} is not an absolute URL`,
    ));
  }
  for (const dep of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) {
    const kind = typeof dep === "string" ? /^([a-z]+):[^:\s]+$/.exec(dep)?.[1] : undefined;
    if (kind === undefined) out.push(`dependency ${JSON.stringify(dep)} is not an entity reference kind:name`);
    else if (!DEPENDENCY_KINDS.includes(kind)) out.push(`dependsOn ${dep} names a ${kind}, which Datadog documents no dependency on (${DEPENDENCY_KINDS.join(", ")})`);
    if (kind !== undefined && !entities.has(dep as string)) out.push(`depends on ${dep}, which is no entity of this plan`);
  }
  const serviceURL = e.integrations?.pagerduty?.serviceURL;
  if (isNonEmptyString(serviceURL) && !pdServices.has(serviceURL)) out.push(`integrations.pagerduty.serviceURL ${serviceURL} is no PagerDuty service of this plan`);
  return out;
};

// ---------------------------------------------------------------------------------------------
// PagerDuty (https://developer.pagerduty.com/api-reference/, provider resources service, schedule, escalation_policy)

const pdService: Contract = (i) => {
  const rule = i.incidentUrgencyRule ?? {};
  const supportHours = rule.type === "use_support_hours";
  const out = problems(
    /[/\\<>&]/.test(String(i.name)) && `service name ${JSON.stringify(i.name)} contains one of / \\ < > &, which PagerDuty rejects`,
    // The bridged provider defaults auto_resolve_timeout to 4 h: incidents would close while Datadog still alerts.
    i.autoResolveTimeout !== "null" && `autoResolveTimeout is ${JSON.stringify(i.autoResolveTimeout)}, not "null"`,
    !["constant", "use_support_hours"].includes(rule.type) && `incidentUrgencyRule type ${rule.type}`,
    supportHours && !(i.supportHours?.type === "fixed_time_per_day" && i.supportHours.startTime < i.supportHours.endTime) && "use_support_hours without valid fixed_time_per_day supportHours",
    supportHours && (i.supportHours?.daysOfWeeks ?? []).some((d: number) => !(d >= 1 && d <= 7)) && "supportHours days outside 1-7",
    // scheduled_actions only work with support hours, as urgency_change at a named time to high.
    i.scheduledActions !== undefined && !supportHours && "scheduledActions without use_support_hours",
    (i.scheduledActions ?? []).some((a: any) => a.type !== "urgency_change" || a.toUrgency !== "high" || a.ats?.[0]?.type !== "named_time" || !["support_hours_start", "support_hours_end"].includes(a.ats?.[0]?.name)) &&
      "a scheduled action that is not urgency_change to high at support_hours_start/end",
    supportHours && rule.outsideSupportHours?.urgency === "low" && !(i.scheduledActions ?? []).length && "low urgency outside support hours with nothing that raises it: those incidents never escalate",
  );
  return out;
};

const pdSchedule: Contract = (i, plan, name) => {
  const out: string[] = [];
  if (!validTimeZone(i.timeZone)) out.push(`timeZone ${i.timeZone} is not an IANA zone`);
  // A service with constant high urgency pages at any hour (PagerDuty service urgency rules); the
  // schedule it escalates to must then have someone on call at any hour: a layer without
  // restrictions (PagerDuty schedule layers: restrictions limit when the layer's users are on call).
  const aroundTheClock = plan.constantHighSchedules.get(name);
  if (aroundTheClock && !(i.layers ?? []).some((layer: any) => !(layer.restrictions?.length > 0))) {
    out.push(`every layer is restricted, so nobody is on call out of hours, yet ${aroundTheClock.join(", ")} page${aroundTheClock.length === 1 ? "s" : ""} at high urgency around the clock through it`);
  }
  for (const layer of i.layers ?? []) {
    if (!(layer.rotationTurnLengthSeconds >= 3600)) out.push(`layer ${layer.name}: turn length ${layer.rotationTurnLengthSeconds} s`);
    if (!(layer.users?.length > 0)) out.push(`layer ${layer.name}: nobody on it`);
    for (const r of layer.restrictions ?? []) {
      if (r.type !== "weekly_restriction" && r.type !== "daily_restriction") out.push(`layer ${layer.name}: restriction type ${r.type}`);
      if (r.type === "weekly_restriction" && !(r.startDayOfWeek >= 1 && r.startDayOfWeek <= 7)) out.push(`layer ${layer.name}: startDayOfWeek ${r.startDayOfWeek}`);
      if (!(r.durationSeconds > 0 && r.durationSeconds <= 604800)) out.push(`layer ${layer.name}: restriction of ${r.durationSeconds} s`);
    }
  }
  return out;
};

const pdEscalationPolicy: Contract = (i) =>
  problems(
    !(i.rules?.length > 0) && "no escalation rules",
    (i.rules ?? []).some((r: any) => !(r.escalationDelayInMinutes >= 1) || !(r.targets?.length > 0)) && "a rule without delay or targets",
    !(i.numLoops >= 0 && i.numLoops <= 9) && `numLoops ${i.numLoops}`,
  );

const pdServiceIntegration: Contract = (i) => problems(!isRef(i.service) && "service is not a reference", !isRef(i.vendor) && "vendor is not the looked-up Datadog vendor");
const serviceObject: Contract = (i) => problems(!/^[A-Za-z0-9_-]+$/.test(String(i.serviceName)) && `serviceName ${i.serviceName} cannot be an @-handle`, i.serviceKey !== "[secret]" && "serviceKey is not a secret");
const datadogPagerduty: Contract = (i) => problems(!/^[a-z0-9-]+$/.test(String(i.subdomain)) && `subdomain ${i.subdomain}`);

function validTimeZone(zone: unknown): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: String(zone) });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// AWS (each limit from the service's API reference: Lambda CreateFunction, SQS SetQueueAttributes, CloudWatch Logs PutRetentionPolicy)

const LOG_RETENTION_DAYS = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);

const lambdaFunction: Contract = (i) => {
  let runtime: string | undefined;
  try {
    lambdaRuntime(String(i.runtime));
  } catch (e) {
    runtime = (e as Error).message;
  }
  return problems(
    runtime,
    !(i.timeout >= 1 && i.timeout <= 900) && `timeout ${i.timeout} s outside 1..900`,
    !(i.memorySize >= 128 && i.memorySize <= 10240) && `memorySize ${i.memorySize} outside 128..10240 MB`,
    !["x86_64", undefined].includes(i.architectures?.[0]) && `architecture ${i.architectures?.[0]} has no Datadog extension layer of ours`,
  );
};

const queue: Contract = (i) =>
  problems(
    !(i.maxMessageSize >= 1024 && i.maxMessageSize <= 1048576) && `maxMessageSize ${i.maxMessageSize} outside 1 KiB..1 MiB`,
    i.messageRetentionSeconds !== undefined && !(i.messageRetentionSeconds >= 60 && i.messageRetentionSeconds <= 1209600) && `retention ${i.messageRetentionSeconds} s outside 60 s..14 days`,
    i.visibilityTimeoutSeconds !== undefined && !(i.visibilityTimeoutSeconds >= 0 && i.visibilityTimeoutSeconds <= 43200) && `visibility ${i.visibilityTimeoutSeconds} s outside 0..12 h`,
    i.receiveWaitTimeSeconds !== undefined && !(i.receiveWaitTimeSeconds >= 0 && i.receiveWaitTimeSeconds <= 20) && `receive wait ${i.receiveWaitTimeSeconds} s outside 0..20`,
  );

const logGroup: Contract = (i) => problems(!LOG_RETENTION_DAYS.has(i.retentionInDays) && `retentionInDays ${i.retentionInDays} is not a value CloudWatch Logs accepts`);

const rolePolicy: Contract = (i) => {
  const doc = JSON.parse(String(i.policy)) as { Statement: { Action: string | string[]; Resource: string | string[]; NotAction?: unknown }[] };
  const out: string[] = [];
  for (const st of doc.Statement) {
    for (const action of ([] as string[]).concat(st.Action)) if (action === "*" || action.endsWith(":*")) out.push(`wildcard action ${action}`);
    for (const resource of ([] as string[]).concat(st.Resource)) if (resource === "*") out.push("Resource \"*\"");
    if (st.NotAction !== undefined) out.push("NotAction");
  }
  return out;
};

const role: Contract = (i) => {
  const doc = JSON.parse(String(i.assumeRolePolicy)) as { Statement: { Principal?: { Service?: string } }[] };
  return problems(!doc.Statement.every((s) => s.Principal?.Service === "lambda.amazonaws.com") && "trusts something other than Lambda");
};

const eventSourceMapping: Contract = (i) =>
  problems(
    // A standard queue takes batches of 1..10 without a batching window.
    !(i.batchSize >= 1 && i.batchSize <= 10) && `batchSize ${i.batchSize}`,
    !(i.functionResponseTypes ?? []).includes("ReportBatchItemFailures") && "without ReportBatchItemFailures, one failure redelivers the whole batch",
  );

const secret: Contract = (i) => problems(i.recoveryWindowInDays !== undefined && !(i.recoveryWindowInDays === 0 || (i.recoveryWindowInDays >= 7 && i.recoveryWindowInDays <= 30)) && `recoveryWindowInDays ${i.recoveryWindowInDays}`);
const secretVersion: Contract = (i) => problems(i.secretString !== "[secret]" && "secretString is not a secret");
const functionUrl: Contract = (i) => problems(!["NONE", "AWS_IAM"].includes(i.authorizationType) && `authorizationType ${i.authorizationType}`);
const permission: Contract = (i) => problems(!["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"].includes(i.action) && `action ${i.action}`);
const table: Contract = (i) => problems(!["PAY_PER_REQUEST", "PROVISIONED"].includes(i.billingMode) && `billingMode ${i.billingMode}`);

// S3 (Amazon S3 User Guide: "General purpose bucket naming rules", "Setting default server-side
// encryption", "Blocking public access", "Lifecycle configuration elements")

/** The name with its look-ups filled in with the longest values they can take (a 12-digit account, a 14-character region). */
const bucketName = (name: string) => name.replace(/\$\{ref:[^}]+:accountId\}/g, "123456789012").replace(/\$\{ref:[^}]+:region\}/g, "ap-southeast-7");

const bucket: Contract = (i) => {
  const name = bucketName(String(i.bucket ?? ""));
  return problems(
    !(name.length >= 3 && name.length <= 63) && `bucket name ${name} is ${name.length} characters (3..63)`,
    !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) && `bucket name ${name}: lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`,
    /\.\.|^\d+\.\d+\.\d+\.\d+$|^xn--|-s3alias$|--ol-s3$/.test(name) && `bucket name ${name} uses a form S3 reserves`,
  );
};
const bucketEncryption: Contract = (i) =>
  problems(!(i.rules ?? []).every((r: any) => ["AES256", "aws:kms", "aws:kms:dsse"].includes(r.applyServerSideEncryptionByDefault?.sseAlgorithm)) && "a rule without a default sseAlgorithm S3 accepts");
// Ours, not S3's: the claim-check bucket holds customer data, so every one of the four settings is on.
const bucketPublicAccessBlock: Contract = (i) =>
  problems(!(i.blockPublicAcls && i.blockPublicPolicy && i.ignorePublicAcls && i.restrictPublicBuckets) && "public access is not blocked on all four settings");
const bucketLifecycle: Contract = (i) =>
  (i.rules ?? []).flatMap((r: any) =>
    problems(
      !(typeof r.id === "string" && r.id.length >= 1 && r.id.length <= 255) && `rule id ${r.id} (1..255 characters)`,
      !["Enabled", "Disabled"].includes(r.status) && `rule ${r.id}: status ${r.status}`,
      r.expiration?.days !== undefined && !(Number.isInteger(r.expiration.days) && r.expiration.days >= 1) && `rule ${r.id}: expiration days ${r.expiration.days} (a positive integer)`,
    ));

export const CONTRACTS: Readonly<Record<string, Contract>> = {
  [T.monitor]: monitor,
  [T.slo]: slo,
  [T.dashboard]: dashboard,
  "datadog:index/downtimeSchedule:DowntimeSchedule": downtimeSchedule,
  "datadog:index/sloCorrection:SloCorrection": sloCorrection,
  [T.softwareCatalog]: softwareCatalog,
  [T.metricTagConfiguration]: metricTagConfiguration,
  [T.serviceObject]: serviceObject,
  [T.datadogPagerduty]: datadogPagerduty,
  [T.pdService]: pdService,
  [T.pdServiceIntegration]: pdServiceIntegration,
  [T.pdSchedule]: pdSchedule,
  [T.pdEscalationPolicy]: pdEscalationPolicy,
  "aws:lambda/function:Function": lambdaFunction,
  "aws:lambda/functionUrl:FunctionUrl": functionUrl,
  "aws:lambda/permission:Permission": permission,
  "aws:lambda/eventSourceMapping:EventSourceMapping": eventSourceMapping,
  "aws:sqs/queue:Queue": queue,
  "aws:dynamodb/table:Table": table,
  "aws:s3/bucket:Bucket": bucket,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketEncryption,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketPublicAccessBlock,
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketLifecycle,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:iam/role:Role": role,
  "aws:iam/rolePolicy:RolePolicy": rolePolicy,
  "aws:secretsmanager/secret:Secret": secret,
  "aws:secretsmanager/secretVersion:SecretVersion": secretVersion,
};

/**
 * Ordering the JSON plan cannot show (Pulumi's `dependsOn` is not an input): Datadog's PagerDuty
 * service objects are created after Datadog's PagerDuty integration when this stack creates it
 * (Datadog provider docs, `datadog_integration_pagerduty_service_object`, "Services as Individual
 * Resources": `depends_on`); otherwise the first deployment may create them before the
 * integration exists and Datadog refuses them. Checked on the lowered specs.
 */
export function orderingViolations(specs: readonly ResourceSpec[]): string[] {
  const integration = specs.find((s) => s.type === T.datadogPagerduty);
  if (!integration) return [];
  return specs
    .filter((s) => s.type === T.serviceObject && !(s.dependsOn ?? []).includes(integration.name))
    .map((s) => `${s.name} (${s.type}): does not depend on ${integration.name}, so the first deployment may create it before Datadog's PagerDuty integration exists`);
}

/** Every ARN this stack builds takes the partition from the provider (aws, aws-cn, aws-us-gov), never a literal. */
function literalPartitions(value: unknown, path = ""): string[] {
  if (typeof value === "string") return /arn:aws[a-z-]*:/.test(value) ? [`${path || "input"} holds a literal partition ARN (${value.match(/arn:aws[a-z-]*:[^:]*/)![0]}...)`] : [];
  if (Array.isArray(value)) return value.flatMap((v, k) => literalPartitions(v, `${path}[${k}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => literalPartitions(v, path ? `${path}.${k}` : k));
  return [];
}

/** Every violation in a plan, as `<name> (<type>): <problem>`; components (`martech:*`) carry no inputs of their own. */
export function contractViolations(plan: PlanIndex): string[] {
  const out: string[] = [];
  for (const r of plan.resources) {
    if (r.type.startsWith("martech:")) continue;
    const contract = CONTRACTS[r.type];
    const found = contract ? [...contract(r.inputs, plan, r.name), ...literalPartitions(r.inputs)] : [`no vendor contract is written for ${r.type}: add one to test/support/vendorContracts.ts`];
    out.push(...found.map((p) => `${r.name} (${r.type}): ${p}`));
  }
  return out;
}
