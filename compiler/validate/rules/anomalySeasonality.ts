/**
 * anomaly-seasonality (warning): a paging agile or robust anomaly monitor on a metric too young
 * for its seasonality. Datadog's seasonal algorithms "require at least three time as much
 * historical data time as the chosen seasonality time to compute the baseline" (weekly: three
 * weeks; https://docs.datadoghq.com/monitors/types/anomaly/#seasonality), and show no bounds
 * during the first seasons, so until then the monitor can page on ordinary traffic or miss a
 * real drop. The inventory says how old the metric is with `metricSince` (the first full UTC
 * day it reported); a paging detection without it cannot be judged, so it is reported too.
 * `basic` has no seasonal model and tickets wake nobody, so neither is checked.
 */
import { HISTORY_SEASONS, SEASON_SECONDS, seasonalityOf, type Seasonality } from "../../monitorLimits";
import type { Rule } from "../ruleContext";
import type { DetectionDoc } from "../schema";

type AnomalyDoc = Extract<DetectionDoc, { kind: "anomaly" }>;

const DAY_MS = 86_400_000;
const SEASON_WORDS: Readonly<Record<Seasonality, string>> = { hourly: "hours", daily: "days", weekly: "weeks" };

/** The first UTC day on which a metric reporting since `since` has the history its seasonality needs (whole days: `since` is a date). */
export function seasonsLearntOn(since: string, seasonality: Seasonality): string {
  const days = Math.ceil((HISTORY_SEASONS * SEASON_SECONDS[seasonality]) / 86400);
  return new Date(Date.parse(`${since}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Why this paging anomaly detection may misfire on `today` (YYYY-MM-DD), or undefined when its metric is old enough. */
export function seasonalityProblem(d: AnomalyDoc, today: string): string | undefined {
  const seasonality = seasonalityOf(d);
  if (seasonality === undefined) return undefined;
  const history = `${HISTORY_SEASONS} ${SEASON_WORDS[seasonality]}`;
  const needs = `Datadog's ${d.algorithm} algorithm with ${seasonality} seasonality needs ${history} of the metric's history before its band means anything`;
  if (d.metricSince === undefined) return `${needs}, and the inventory does not say how old the metric is; add metricSince: YYYY-MM-DD (the first full day it reported), or ticket until it is old enough`;
  const ready = seasonsLearntOn(d.metricSince, seasonality);
  if (today >= ready) return undefined;
  return `${needs}; the metric reports since ${d.metricSince}, so until ${ready} this monitor may page on normal traffic or miss a real drop; let it open tickets until then`;
}

/** The rule as of a given day, so tests can fix the clock. */
export function anomalySeasonalityOn(today: string): Rule {
  return (ctx) => {
    for (const { value: integration, file } of ctx.integrations) {
      integration.failureModes.forEach((mode, i) => {
        if (mode.response !== "page" || mode.detection.kind !== "anomaly") return;
        const problem = seasonalityProblem(mode.detection, today);
        if (problem) ctx.report(file, ["failureModes", i, "detection", "metricSince"], "anomaly-seasonality", `failure mode ${mode.id}: detection: ${problem}`, "warning");
      });
    }
  };
}

/** Checked against today's UTC date: a warning that goes away by itself once the metric is old enough. */
// Stryker disable next-line MethodExpression: today is only compared with a YYYY-MM-DD date by >=; the whole ISO time starts with the same date and, where that equals it, is longer, so >= answers the same.
export const anomalySeasonality: Rule = (ctx) => anomalySeasonalityOn(new Date().toISOString().slice(0, 10))(ctx);
