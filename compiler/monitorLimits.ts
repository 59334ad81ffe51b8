/**
 * What Datadog accepts and needs for a metric monitor's windows and an anomaly monitor's
 * history: shared by the rules that enforce it (validate/) and the lowering that relies on
 * it (lower/), so it sits below both.
 */

/**
 * A custom evaluation window of a metric monitor is 1 minute to 1 month, which Datadog's API
 * writes as 730h ("custom to set a value between 1 minute and 48 hours (1 month for metric
 * monitors)", https://docs.datadoghq.com/monitors/configuration/#evaluation-window).
 */
export const MIN_WINDOW_SECONDS = 60;
export const MAX_WINDOW_SECONDS = 730 * 3600;

/**
 * An anomaly monitor's rollup `interval` "should be smaller or equal to a fifth of the
 * `alert_window` duration" (https://docs.datadoghq.com/monitors/types/anomaly/#query).
 */
export const ANOMALY_MIN_ROLLUPS_PER_WINDOW = 5;

/** Rollup of an anomaly monitor unless the inventory sets `rollupSeconds`: one point a minute, the evaluation frequency of windows under a day. */
export const DEFAULT_ROLLUP_SECONDS = 60;

export const SEASONALITIES = ["hourly", "daily", "weekly"] as const;
export type Seasonality = (typeof SEASONALITIES)[number];

/**
 * Seasonality of agile and robust anomaly monitors unless the inventory sets one: Datadog's own
 * default ("By default, the robust and agile algorithms use weekly seasonality",
 * https://docs.datadoghq.com/dashboards/functions/algorithms/#anomalies), and marketing traffic
 * does follow the week (weekday forms and checkouts, quiet weekends). Written out in every query
 * so the monitor never depends on a default Datadog may change.
 */
export const DEFAULT_SEASONALITY: Seasonality = "weekly";

export const SEASON_SECONDS: Readonly<Record<Seasonality, number>> = { hourly: 3600, daily: 86400, weekly: 7 * 86400 };

/**
 * "Machine learning algorithms require at least three time as much historical data time as the
 * chosen seasonality time to compute the baseline" (https://docs.datadoghq.com/monitors/types/anomaly/#seasonality).
 */
export const HISTORY_SEASONS = 3;

/** Seconds of a detection window as the inventory writes it (5m, 1h, 2d; the schema's DURATION_PATTERN). */
export function windowSeconds(window: string): number {
  const n = Number(window.slice(0, -1));
  return n * { m: 60, h: 3600, d: 86400 }[window.slice(-1) as "m" | "h" | "d"];
}

/** The anomaly seasonality a detection is lowered with: none for `basic`, which has no seasonal model. */
export function seasonalityOf(d: { algorithm: "basic" | "agile" | "robust"; seasonality?: Seasonality }): Seasonality | undefined {
  return d.algorithm === "basic" ? undefined : d.seasonality ?? DEFAULT_SEASONALITY;
}
