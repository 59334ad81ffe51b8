/**
 * Monitor states and how a value maps to one, with the threshold semantics of metric monitors
 * (https://docs.datadoghq.com/monitors/types/metric/#set-alert-conditions): the value is compared
 * to the critical threshold, then to the warning threshold, with the query's comparator.
 * Recovery thresholds add hysteresis: "the monitor recovers only once the value no longer
 * crosses the recovery threshold" (same page, "Alert recovery threshold").
 */

export type MonitorState = "OK" | "ALERT" | "WARN" | "NO DATA";

export type Comparator = ">" | ">=" | "<" | "<=";

/** Threshold values as numbers (the plan holds them as strings, as the provider does). */
export interface Thresholds {
  readonly critical: number;
  readonly warning?: number;
  readonly criticalRecovery?: number;
  readonly warningRecovery?: number;
}

export function crosses(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}

export function stateFor(value: number, comparator: Comparator, t: Thresholds, previous: MonitorState = "OK"): MonitorState {
  if (crosses(value, comparator, t.critical)) return "ALERT";
  if (previous === "ALERT" && t.criticalRecovery !== undefined && crosses(value, comparator, t.criticalRecovery)) return "ALERT";
  if (t.warning !== undefined && crosses(value, comparator, t.warning)) return "WARN";
  if ((previous === "WARN" || previous === "ALERT") && t.warningRecovery !== undefined && crosses(value, comparator, t.warningRecovery)) return "WARN";
  return "OK";
}

/** The provider's string thresholds as numbers; a missing or non-numeric critical is a plan bug, said plainly. */
export function numericThresholds(raw: Readonly<Record<string, string | number | undefined>> | undefined, queryThreshold: number): Thresholds {
  const num = (key: string): number | undefined => {
    const v = raw?.[key];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`monitor threshold ${key} "${v}" is not a number`);
    return n;
  };
  // Datadog requires options.thresholds.critical to equal the query's threshold
  // (https://docs.datadoghq.com/api/latest/monitors/#create-a-monitor); the query's wins here.
  return {
    critical: queryThreshold,
    ...optional("warning", num("warning")),
    ...optional("criticalRecovery", num("criticalRecovery")),
    ...optional("warningRecovery", num("warningRecovery")),
  };
}

function optional<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, number>);
}
