/**
 * An OpenSLO SLO's alert policies -> the inventory SLO's `alerting:` (page, ticket or off per
 * burn-rate tier; validate/schema.ts sloAlerting, lower/burnRate.ts BURN_TIERS). Without this an
 * imported SLO would silently follow its integration's default tiers, turning on an alert the
 * OpenSLO document had switched off.
 *
 * Each policy of `spec.alertPolicies`, inline or by `alertPolicyRef` (an AlertPolicy among the
 * files given), stands for one tier:
 * - the tier: the policy's `martech-reliability.internal/burn-tier` annotation (the export writes
 *   it), else a name ending in `burn-fast`, `burn-medium` or `burn-slow`;
 * - the response: its one condition's `severity`, `page` or `ticket` (the export's words), the
 *   condition inline or by `conditionRef` (an AlertCondition among the files given);
 * - a tier no policy stands for is off: the document alerts nobody on it.
 * A policy that names no tier, or whose severity or condition kind the inventory has no word for,
 * is an error: importing the SLO anyway would change who is alerted. A burn rate or window other
 * than the tier's is a warning: the plan's tiers have fixed factors and windows, and only the
 * response carries over.
 *
 * Which tiers the entry writes out: all three, unless the SLO carries the export's alerting
 * annotation (alertingAnnotation.ts) and the policies still say what it says; then the entry is
 * the inventory's `alerting:` as it was written, tiers left to the integration left out again.
 */
import { BURN_TIERS, burnAlerts, burnFactor, type BurnResponse, type BurnTierId } from "../lower/burnRate";
import { durationSeconds } from "../lower/durations";
import type { Path } from "../path";
import type { SloAlertingDoc, SloWindow } from "../validate/schema";
import { parseAlerting } from "./alertingAnnotation";
import { field, fieldAt, text } from "./fields";
import type { DocumentProblem } from "./findings";
import { ANNOTATIONS } from "./names";
import type { SourceDocument } from "./readDocuments";

/** The AlertPolicy and AlertCondition documents of every file given, by name. */
export interface AlertingReferences {
  readonly alertPolicies: ReadonlyMap<string, SourceDocument>;
  readonly alertConditions: ReadonlyMap<string, SourceDocument>;
}

export interface ImportedAlerting {
  /** Undefined when no tier needs writing (every tier left to the integration). */
  readonly alerting?: SloAlertingDoc;
  readonly problems: DocumentProblem[];
  /** Names of the AlertPolicy and AlertCondition documents read. */
  readonly used: { readonly policies: string[]; readonly conditions: string[] };
}

/** An object with `metadata` and `spec`: a document of its own (`at` empty) or written inline in one. */
interface Located {
  readonly doc: SourceDocument;
  readonly at: Path;
}

const TIER_NAME = /(?:^|-)burn-(fast|medium|slow)$/;
const isTier = (v: unknown): v is BurnTierId => BURN_TIERS.some((t) => t.id === v);

/** `target`: the SLO's objective and window, when they could be read (a tier's factor and whether the plan drops it depend on them). */
export function importAlerting(slo: SourceDocument, refs: AlertingReferences, target?: { objective: number; window: SloWindow }): ImportedAlerting {
  const problems: DocumentProblem[] = [];
  const used = { policies: [] as string[], conditions: [] as string[] };
  const report = (doc: SourceDocument, path: Path, severity: DocumentProblem["severity"], message: string, key = false) => void problems.push({ doc, path, key, severity, message });
  const list = fieldAt(slo.data, ["spec", "alertPolicies"]);
  if (list !== undefined && !Array.isArray(list)) {
    report(slo, ["spec", "alertPolicies"], "error", "spec.alertPolicies must be a list of alert policies (OpenSLO spec)");
    return { problems, used };
  }

  const responses: Partial<Record<BurnTierId, Exclude<BurnResponse, "off">>> = {};
  (list ?? []).forEach((item: unknown, i: number) => {
    const at: Path = ["spec", "alertPolicies", i];
    const ref = field(item, "alertPolicyRef");
    let policy: Located = { doc: slo, at };
    if (ref !== undefined) {
      const found = typeof ref === "string" ? refs.alertPolicies.get(ref) : undefined;
      if (!found) return report(slo, [...at, "alertPolicyRef"], "error", `alertPolicyRef ${String(ref)} names no AlertPolicy in the files given; pass the file that defines it too (its tier and severity become the entry's alerting:)`);
      used.policies.push(ref as string);
      policy = { doc: found, at: [] };
    }
    const read = readPolicy(policy, refs, used, report, target?.window);
    if (!read) return;
    if (responses[read.tier]) return report(policy.doc, [...policy.at, "metadata", "name"], "error", `alert policy ${read.name} is a second policy for the ${read.tier} burn-rate tier; the inventory has one response per tier`);
    responses[read.tier] = read.response;
  });
  const fromPolicies = Object.fromEntries(BURN_TIERS.map(({ id }) => [id, responses[id] ?? "off"])) as Record<BurnTierId, BurnResponse>;

  const annotationPath: Path = ["metadata", "annotations", ANNOTATIONS.alerting];
  const annotation = fieldAt(slo.data, annotationPath);
  const settings = annotation === undefined ? undefined : parseAlerting(annotation);
  if (annotation !== undefined && !settings) {
    report(slo, annotationPath, "warning", `annotation ${ANNOTATIONS.alerting} is not read (it is not the export's "fast=... medium=... slow=..."); alerting: is taken from the alert policies, every tier written out`);
  }
  // Tiers the plan creates at all for this objective and window (burn-tier-dropped): a dropped one has no policy whatever its response.
  const created = target ? new Set(burnAlerts(target.objective, target.window, { fast: "page", medium: "page", slow: "page" }).alerts.map((a) => a.id)) : undefined;
  const alerting: Partial<Record<BurnTierId, BurnResponse>> = {};
  for (const { id } of BURN_TIERS) {
    const setting = settings?.[id];
    const exported = setting && (setting.response !== "off" && (created?.has(id) ?? true) ? setting.response : "off");
    if (setting && exported === fromPolicies[id]) {
      if (!setting.isDefault) alerting[id] = setting.response;
    } else alerting[id] = fromPolicies[id];
  }
  return { ...(Object.keys(alerting).length ? { alerting } : {}), problems, used };
}

/** A policy's tier and response, or undefined after reporting why it cannot be read. */
function readPolicy(policy: Located, refs: AlertingReferences, used: { conditions: string[] }, report: (doc: SourceDocument, path: Path, severity: DocumentProblem["severity"], message: string, key?: boolean) => void, window: SloWindow | undefined): { tier: BurnTierId; response: "page" | "ticket"; name: string } | undefined {
  const { doc, at } = policy;
  const metadata = fieldAt(doc.data, [...at, "metadata"]);
  const name = text(field(metadata, "name")) ?? "(no name)";
  const label = `alert policy ${name}`;
  const tierPath: Path = [...at, "metadata", "annotations", ANNOTATIONS.burnTier];
  const annotated = fieldAt(doc.data, tierPath);
  if (annotated !== undefined && !isTier(annotated)) return void report(doc, tierPath, "error", `${label}: ${ANNOTATIONS.burnTier} ${String(annotated)} is not a burn-rate tier; the tiers are ${BURN_TIERS.map((t) => t.id).join(", ")}`);
  const tier = (annotated as BurnTierId | undefined) ?? (TIER_NAME.exec(name)?.[1] as BurnTierId | undefined);
  if (!tier) {
    const tiers = BURN_TIERS.map((t) => `${t.id} ${Math.round(t.budgetShare * 100)}% of the budget in ${t.longWindow}`).join(", ");
    return void report(doc, [...at, "metadata", "name"], "error", `${label}: its burn-rate tier cannot be told (the inventory's are ${tiers}): end its name in burn-fast, burn-medium or burn-slow, or annotate it ${ANNOTATIONS.burnTier}`);
  }

  const conditions = fieldAt(doc.data, [...at, "spec", "conditions"]);
  if (!Array.isArray(conditions) || conditions.length !== 1) return void report(doc, [...at, "spec"], "error", `${label}: spec.conditions must hold exactly one condition (OpenSLO spec)`);
  let condition: Located = { doc, at: [...at, "spec", "conditions", 0] };
  const ref = field(conditions[0], "conditionRef");
  if (ref !== undefined) {
    const found = typeof ref === "string" ? refs.alertConditions.get(ref) : undefined;
    if (!found) return void report(doc, [...condition.at, "conditionRef"], "error", `${label}: conditionRef ${String(ref)} names no AlertCondition in the files given; pass the file that defines it too (its severity is the tier's response)`);
    used.conditions.push(ref as string);
    condition = { doc: found, at: [] };
  }
  const spec = fieldAt(condition.doc.data, [...condition.at, "spec"]);
  const severity = text(field(spec, "severity"));
  const response = severity?.toLowerCase();
  if (response !== "page" && response !== "ticket") {
    return void report(condition.doc, [...condition.at, "spec", ...(severity === undefined ? [] : ["severity"])], "error", `${label}: severity ${severity ?? "(none)"} cannot be represented: an inventory burn-rate tier pages (severity page) or opens a ticket (severity ticket)`);
  }
  const rule = field(spec, "condition");
  const kind = field(rule, "kind");
  if (kind !== "burnrate") return void report(condition.doc, [...condition.at, "spec", "condition"], "error", `${label}: a condition of kind ${String(kind)} cannot be represented: the inventory's SLO alerts are burn-rate tiers (kind burnrate)`);
  if (window) {
    const plan = BURN_TIERS.find((t) => t.id === tier)!;
    const factor = burnFactor(plan, window);
    const lookback = field(rule, "lookbackWindow");
    const threshold = field(rule, "threshold");
    if (!(sameDuration(lookback, plan.longWindow) && threshold === factor)) {
      report(condition.doc, [...condition.at, "spec", "condition"], "warning", `${label}: a burn rate above ${String(threshold)} over ${String(lookback)} is not imported: the plan's ${tier} tier alerts above ${factor}x over ${plan.longWindow} and ${plan.shortWindow} for a ${window} SLO; only its response (${response}) is`);
    }
  }
  return { tier, response, name };
}

function sameDuration(written: unknown, plan: string): boolean {
  return typeof written === "string" && /^[1-9][0-9]{0,8}[mhd]$/.test(written) && durationSeconds(written) === durationSeconds(plan);
}
