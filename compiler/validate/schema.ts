/**
 * The inventory's wire format, `reliability/v1`, as zod schemas.
 *
 * Every object is strict (unknown keys are errors, with a did-you-mean). Single-field rules
 * that deserve their own rule id carry it in `params.rule`; rules that need more than one
 * file (references, runbooks, duplicates) live in `validate/rules/`.
 */
import { z } from "zod";
import type { RuleId } from "../diagnostics";
import { SEASONALITIES } from "../monitorLimits";
import { alertTestSchemas } from "./alertTestSchema";
import { changeFreezeSchemas } from "./changeFreezeSchema";
import { customIssue } from "./customIssue";
import { describeValue } from "./describeValue";
import { forwardTargetSchema } from "./forwardTargetSchema";
import { maintenanceSchemas, requireWindowTimeZones } from "./maintenanceSchema";

/** A refinement reported under its own rule id rather than the generic "schema". */
function rule<T>(schema: z.ZodType<T>, id: RuleId, ok: (v: T) => boolean, error: (v: T) => string) {
  return schema.superRefine((v, ctx) => {
    if (!ok(v)) ctx.addIssue({ ...customIssue([], error(v)), params: { rule: id } });
  });
}

/** The SLO windows Datadog supports. */
export const SLO_WINDOWS = ["7d", "30d", "90d"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];
export const isSloWindow = (w: string): w is SloWindow => (SLO_WINDOWS as readonly string[]).includes(w);

/** True for 99, 99.5, 99.999; false for 99.9999 (checked on the shortest decimal spelling, so 0.1 + 0.2 style noise cannot occur in YAML numbers). */
function hasAtMostThreeDecimals(v: number): boolean {
  const [, decimals = ""] = String(v).split(".");
  return !/e/i.test(String(v)) && decimals.length <= 3;
}

export const INVENTORY_VERSION = "reliability/v1";

export const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const id = z.string().regex(ID_PATTERN, { error: "must be kebab-case: lowercase letters, digits and single hyphens, starting with a letter (for example lead-form-to-hubspot)" });
const text = z.string().trim().min(1, { error: "must not be empty" });
/** A Datadog metric query such as `sum:leads.created{source:webform}.as_count()`; its grammar is checked by query-syntax (compiler/query). */
const metricQuery = text.describe("A Datadog metric query, such as sum:leads.created{source:webform}.as_count().");
/** A duration such as 5m, 1h or 2d: the evaluation window of a monitor. */
export const DURATION_PATTERN = /^[1-9][0-9]*(m|h|d)$/;
const duration = z.string().regex(DURATION_PATTERN, { error: "must be a duration such as 5m, 1h or 1d" }).describe("A window such as 5m, 1h or 1d.");
/** Over 100 reads "must be at most 100", friendlyErrors' own words (schemaIssues.ts); 0 needs its own, since theirs for gt would say "at least". */
const percent = z.number().gt(0, { error: "must be more than 0" }).max(100);
const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'must be a 24-hour time such as "09:00"' });
const email = z.email({ error: "must be an email address" });
/**
 * A link people click, in monitor messages and the Software Catalog: http(s) only, since `z.url()`
 * alone accepts any scheme and `javascript:alert(1)` would run in the clicker's Datadog session.
 * This exact protocol pattern also makes zod require the `://` (zod's parseURLObject), so
 * `https:evil.example` is refused too.
 */
const webAddress = z.url({ protocol: /^https?$/, error: "must be a web address starting with https:// (or http://), such as https://status.hubspot.com; any other kind of link (javascript:, data:, file:) would run or open something else when clicked in an alert or the Software Catalog" });
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const weekday = z.enum(WEEKDAYS);
const previousIds = z.array(id).optional().describe("Ids this had before a rename, so its Datadog and PagerDuty resources are kept, not replaced.");

/** How often a failure mode happens; failure modes are ranked by this, then by their order in the file. */
export const FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "yearly", "rare"] as const;

const detectionCommon = {
  evaluationDelaySeconds: z.number().int().min(0).max(86400).optional().describe("Seconds Datadog waits before evaluating, for SaaS metrics that arrive late."),
};

export const thresholdDetection = z.strictObject({
  kind: z.literal("threshold"),
  query: metricQuery,
  aggregation: z.enum(["avg", "sum", "min", "max"]).default("avg"),
  window: duration,
  above: z.number().optional().describe("Alert when the value rises above this (set above or below)."),
  below: z.number().optional().describe("Alert when the value falls below this (set above or below)."),
  ...detectionCommon,
}).refine((d) => (d.above === undefined) !== (d.below === undefined), {
  error: "set exactly one of above or below",
  path: ["above"],
});

export const errorRateDetection = z.strictObject({
  kind: z.literal("error-rate"),
  errors: metricQuery,
  total: metricQuery,
  window: duration,
  maxPercent: percent.describe("Alert when errors are more than this percent of the total."),
  ...detectionCommon,
});

export const heartbeatDetection = z.strictObject({
  kind: z.literal("heartbeat"),
  query: metricQuery,
  silentMinutes: z.number().int().min(5, { error: "must be at least 5 minutes" }).max(1440 * 2).describe("Alert when the metric has reported nothing for this many minutes."),
  ...detectionCommon,
});

export const anomalyDetection = z.strictObject({
  kind: z.literal("anomaly"),
  query: metricQuery,
  window: duration,
  direction: z.enum(["above", "below", "both"]).describe("Alert on values above, below or on either side of the band Datadog expects."),
  algorithm: z.enum(["basic", "agile", "robust"]).default("agile"),
  deviations: z.number().min(1).max(6).default(2),
  /** The cycle agile and robust expect (monitorLimits.ts DEFAULT_SEASONALITY: weekly); basic has none. */
  seasonality: z.enum(SEASONALITIES).optional().describe("The cycle the metric repeats (default weekly); not for the basic algorithm."),
  /** The anomaly monitor's rollup `interval` (monitorLimits.ts DEFAULT_ROLLUP_SECONDS: 60); the window must hold 5 of them (anomaly-window). */
  rollupSeconds: z.number().int().min(1).max(86400).optional().describe("Seconds per point Datadog compares (default 60); the window must hold 5 of them."),
  /** First full day (UTC) the metric reported, so check can tell whether Datadog has learnt its seasons (anomaly-seasonality). */
  metricSince: z.iso.date({ error: "must be a date such as 2025-01-15" }).optional().describe("First full day (UTC) the metric reported, so check can tell whether Datadog has learnt its seasons."),
  ...detectionCommon,
}).refine((d) => d.algorithm !== "basic" || d.seasonality === undefined, {
  // Datadog: seasonality "Exclude this parameter when using the basic algorithm" (https://docs.datadoghq.com/monitors/types/anomaly/#query).
  error: "the basic algorithm has no seasonality; remove seasonality or use agile or robust",
  path: ["seasonality"],
});

const countedSide = z.strictObject({ system: id, count: metricQuery });

/** Upstream count vs downstream count over a window: catches records silently dropped in between. */
export const reconciliationDetection = z.strictObject({
  kind: z.literal("reconciliation"),
  upstream: countedSide,
  downstream: countedSide,
  window: duration,
  maxDropPercent: percent.describe("Alert when downstream counts fewer records than upstream by more than this percent."),
  ...detectionCommon,
});

export const detection = z.discriminatedUnion("kind", [
  thresholdDetection,
  errorRateDetection,
  heartbeatDetection,
  anomalyDetection,
  reconciliationDetection,
]);

export const failureMode = z.strictObject({
  id,
  title: text.describe("Also the runbook heading for this failure mode."),
  frequency: z.enum(FREQUENCIES).describe("How often it happens; failure modes are ranked by it, then by their order in the file."),
  response: z.enum(["page", "ticket"]).describe("page wakes the on-call; ticket notifies the team's channel."),
  slo: id.optional().describe("The id of the SLO this failure mode burns, if any."),
  systems: z.array(id).optional().describe("Upstream or downstream systems involved beyond those the detection names; their status pages go in the monitor's message."),
  detection: detection.describe("How Datadog notices it; kind picks the monitor type."),
  previousIds,
});

const burnResponse = z.enum(["page", "ticket", "off"]);
export const sloAlerting = z.strictObject({ fast: burnResponse.optional(), medium: burnResponse.optional(), slow: burnResponse.optional() });

export const slo = z.strictObject({
  id,
  description: text,
  objective: rule(
    rule(z.number(), "objective-range", (v) => v > 0 && v < 100, (v) => `must be a percentage above 0 and below 100, such as 99.5, but is ${v}${v === 100 ? " (100% leaves no error budget at all)" : ""}`),
    // Datadog SLO targets take at most three decimals (99.999); the API rounds or rejects finer
    // targets (SLO configuration docs, https://docs.datadoghq.com/service_management/service_level_objectives/#configuration;
    // not confirmed against the live API offline: three is the documented, conservative bound).
    "objective-precision",
    hasAtMostThreeDecimals,
    (v) => `${v} has more than three decimals; Datadog SLO targets take at most three, such as 99.95 or 99.999`,
  ).describe("Percent of good events, such as 99.5 (at most three decimals)."),
  window: rule(z.string(), "slo-window", isSloWindow, (v) => `${describeValue(v)} is not a window Datadog SLOs support; use one of: ${SLO_WINDOWS.join(", ")}`).describe("The rolling window the objective holds over: 7d, 30d or 90d."),
  sli: z.strictObject({ good: metricQuery, total: metricQuery }).describe("Counts of good events and of all events, as Datadog metric queries."),
  /** Unset tiers follow the integration's tier (lower/burnRate.ts DEFAULT_BURN_POLICY). */
  alerting: sloAlerting.optional().describe("Per burn-rate tier (fast, medium, slow): page, ticket or off; unset tiers follow the integration's tier."),
  retired: z.strictObject({ reason: text }).optional().describe("Set before removing an SLO: it loses its alerts and protection, so a later change may delete it."),
  previousIds,
});

export const VENDORS = ["hubspot", "stripe", "shopify", "segment", "meta", "standard-webhooks", "salesforce", "generic-hmac"] as const;

/** The NAME of a Pulumi secret config key (never its value). */
const configKeyName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "must be a Pulumi config key such as hubspotWebhookSecret (letters, digits and underscores)" });

/** A latency such as 60s, 5m or 1h. */
export const LATENCY_PATTERN = /^[1-9][0-9]*(s|m|h)$/;

export const webhook = z
  .strictObject({
    id,
    vendor: z.enum(VENDORS).describe("Whose signature scheme verifies the webhook's requests."),
    secretConfigKey: configKeyName.describe("Name of the Pulumi secret config key that holds the signing secret, never the secret itself."),
    /** With its credentials, request shape and response classification (forwardTargetSchema.ts). */
    forwardTo: z.array(forwardTargetSchema(id, configKeyName, text)).min(1).describe("Where each verified event goes."),
    deliverWithin: z.string().regex(LATENCY_PATTERN, { error: "must be a latency such as 60s, 5m or 1h" }).default("5m").describe("The SLO latency threshold: a delivery is good when the destination's 2xx arrives this soon after receipt."),
    heartbeatMinutes: z.number().int().min(10, { error: "must be at least 10 minutes" }).max(2880, { error: "must be at most 2880 minutes (2 days)" }).optional().describe("The longest silence that is normal for this source; a monitor alerts after it. Unset: no silence monitor."),
    toleranceSeconds: z.number().int().min(1).max(3600, { error: "must be at most 3600 seconds" }).optional().describe("Accepted clock difference for signed timestamps; default 300."),
    genericHmac: z.strictObject({ header: text, encoding: z.enum(["hex", "base64"]), prefix: z.string().optional() }).optional().describe("Only for vendor generic-hmac: the header holding the signature and how it is written."),
  })
  .refine((w) => (w.vendor === "generic-hmac") === (w.genericHmac !== undefined), {
    error: "a generic-hmac webhook needs genericHmac (header, encoding), and only a generic-hmac webhook may have it",
    path: ["genericHmac"],
  });

/** Alert tests' shapes: the `alertTests:` list and the `kind: AlertTests` file (alertTestSchema.ts). */
const alertTestSchema = alertTestSchemas(id, text);
export const alertTests = alertTestSchema.file;

export const integration = z.strictObject({
  version: z.string(),
  kind: z.literal("Integration"),
  id: id.refine((v) => v !== "webhook-forwarder", { error: "webhook-forwarder is the name of the shared webhook forwarder; choose another id" }).describe("Kebab-case id, unique in the inventory; its Datadog and PagerDuty resources are named after it."),
  name: text.describe("Human-readable name, shown in Datadog and PagerDuty."),
  description: text.describe("What flows from where to where, and who relies on it."),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "must be 1, 2 or 3" }).describe("1 = revenue-critical, 2 = important, 3 = supporting."),
  owner: id.describe("The owning team's id (teams.yaml)."),
  rotation: id.describe("The id of the on-call rotation that answers its pages (rotations.yaml)."),
  runbook: text.optional().describe("Path of the runbook inside the runbooks folder; defaults to <id>.md."),
  revenue: z.strictObject({
    usdPerHour: z.number().min(0, { error: "must be 0 or more" }).describe("Revenue at risk per hour of outage, in US dollars."),
    basis: text.optional().describe("How that figure was estimated."),
  }),
  upstream: z.array(id).min(1, { error: "name at least one upstream system" }).describe("Ids of the systems it reads from (systems.yaml)."),
  downstream: z.array(id).min(1, { error: "name at least one downstream system" }).describe("Ids of the systems it writes to (systems.yaml)."),
  slos: z.array(slo).default([]).describe("Service level objectives, each with burn-rate alerts."),
  failureModes: z.array(failureMode).min(1, { error: "list at least one failure mode" }).describe("What goes wrong, most frequent first, and how each is detected."),
  webhooks: z.array(webhook).default([]).describe("Vendor webhooks the shared forwarder verifies and delivers."),
  alertTests: alertTestSchema.list.optional().describe("Alert tests (README, \"Alert tests\"); more may live in tests/<id>.yaml."),
  previousIds,
});

export const member = z.strictObject({ name: text, email, timeZone: text });

export const teams = z.strictObject({
  version: z.string(),
  kind: z.literal("Teams"),
  teams: z.array(
    z.strictObject({
      id,
      name: text,
      /** Datadog @slack-<channel>. */
      chatChannel: z.string().regex(/^#[a-z0-9][a-z0-9_-]*$/, { error: 'must be a channel name such as "#growth-alerts"' }).describe('Chat channel for tickets and notifications, such as "#growth-eng-alerts".'),
      members: z.array(member).min(1),
    }),
  ),
});

/**
 * What a rotation does outside its business hours. `page`: the week's on-call person stays on
 * call (an after-hours schedule layer) and the services of integrations in PAGED_AFTER_HOURS
 * tiers page them at any hour. `next-business-day`: nobody is on call; incidents wait at low
 * urgency and are raised to high when business hours start.
 */
export const AFTER_HOURS = ["page", "next-business-day"] as const;
export type AfterHours = (typeof AFTER_HOURS)[number];

/** Integration tiers whose pages reach the on-call out of hours (on a `page` rotation); the others wait for the next business day. */
export const PAGED_AFTER_HOURS: readonly (1 | 2 | 3)[] = [1];

export const rotations = z.strictObject({
  version: z.string(),
  kind: z.literal("Rotations"),
  rotations: z.array(
    z.strictObject({
      id,
      name: text,
      team: id.describe("The id of the team whose members take turns (teams.yaml)."),
      timeZone: text.describe("IANA time zone of handoff and business hours, such as America/New_York."),
      handoff: z.strictObject({ day: weekday, time: clockTime }).describe("When the week's on-call hands over."),
      businessHours: z
        .strictObject({
          days: z
            .array(weekday)
            .min(1)
            .superRefine((days, ctx) => {
              const twice = days.find((d, i) => days.indexOf(d) !== i);
              if (twice) ctx.addIssue(customIssue([], `lists ${twice} twice`));
            }),
          start: clockTime,
          end: clockTime,
        })
        .refine((h) => h.end > h.start, { error: "end must be later than start on the same day", path: ["end"] }),
      afterHours: z.enum(AFTER_HOURS).describe("page: the week's on-call is paged for tier-1 integrations at any hour; next-business-day: incidents wait until business hours (README, \"On-call\")."),
      members: z.array(email).min(1).describe("Emails of team members, in rotation order."),
      escalation: z.strictObject({ afterMinutes: z.number().int().min(1).max(1440), owner: email }),
    }),
  ),
});

/** Maintenance windows' shapes (maintenanceSchema.ts). */
const maintenanceSchema = maintenanceSchemas(id, text);

/**
 * What kind of product a system is (README, "kind: Systems"); `other` for one that fits none of
 * the rest, so a new kind of vendor needs no schema change first. Shown as the system's type in
 * the Software Catalog (lower/catalog.ts) and its `category:` tag; nothing else depends on it.
 */
export const SYSTEM_CATEGORIES = ["web", "crm", "marketing-automation", "ads", "cdp", "warehouse", "email", "billing", "enrichment", "consent", "tag-manager", "commerce", "observability", "internal", "other"] as const;

export const systems = z.strictObject({
  version: z.string(),
  kind: z.literal("Systems"),
  systems: z.array(
    z.strictObject({
      id,
      name: text,
      category: z.enum(SYSTEM_CATEGORIES),
      statusPage: webAddress.optional().describe("The vendor's status page, linked from alerts."),
      timeZone: text.optional().describe("IANA time zone of its maintenance windows' times (README, \"Planned maintenance\")."),
      maintenance: maintenanceSchema.list.optional().describe("Planned maintenance: its integrations' monitors are muted and their SLOs corrected meanwhile."),
    }).superRefine(requireWindowTimeZones),
  ),
});

/** Change freezes (changeFreezeSchema.ts, README "Change freezes"). */
export const changeFreezes = changeFreezeSchemas(id, text).file;

/** Each file's `kind` picks its schema. */
export const SCHEMAS = { Integration: integration, Teams: teams, Rotations: rotations, Systems: systems, AlertTests: alertTests, ChangeFreezes: changeFreezes } as const;
export type Kind = keyof typeof SCHEMAS;

export type IntegrationDoc = z.output<typeof integration>;
export type SloDoc = z.output<typeof slo>;
export type FailureModeDoc = z.output<typeof failureMode>;
export type SloAlertingDoc = z.output<typeof sloAlerting>;
export type DetectionDoc = z.output<typeof detection>;
export type WebhookDoc = z.output<typeof webhook>;
export type ForwardTargetDoc = WebhookDoc["forwardTo"][number];
export type TeamsDoc = z.output<typeof teams>;
export type TeamDoc = TeamsDoc["teams"][number];
export type RotationsDoc = z.output<typeof rotations>;
export type RotationDoc = RotationsDoc["rotations"][number];
export type SystemsDoc = z.output<typeof systems>;
export type SystemDoc = SystemsDoc["systems"][number];
export type AlertTestsDoc = z.output<typeof alertTests>;
export type AlertTestDoc = AlertTestsDoc["alertTests"][number];
export type MaintenanceWindowDoc = NonNullable<SystemDoc["maintenance"]>[number];
export type ChangeFreezesDoc = z.output<typeof changeFreezes>;
export type ChangeFreezeDoc = ChangeFreezesDoc["freezes"][number];
