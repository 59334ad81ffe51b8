/**
 * Normalized (camelCase) shapes of what we read from Datadog. The wire shapes and how each
 * field maps are documented next to the mapping, in ./normalize.ts.
 */

export interface DatadogSloThreshold {
  /** "7d" | "30d" | "90d" (or a custom timeframe), as Datadog reports it. */
  timeframe: string;
  /** Percent, e.g. 99.5. */
  target: number;
}

export interface DatadogSlo {
  id: string;
  name: string;
  /** "metric" | "monitor" | "time_slice". */
  type: string;
  tags: string[];
  thresholds: DatadogSloThreshold[];
  /**
   * When the SLO was created, epoch seconds (`created_at`, "Creation timestamp (UNIX time in
   * seconds). Always included in service level objective responses."); absent only from a
   * response that leaves it out, which is then read as old enough.
   */
  createdAt?: number;
}

export interface SloHistory {
  /** SLI over the requested period, percent (0-100); null when Datadog has no data. */
  sliValue: number | null;
  /** Percent of the error budget left for the period; null when Datadog has no data. */
  errorBudgetRemaining: number | null;
  goodEvents?: number;
  totalEvents?: number;
  series?: { times: number[] /* epoch s */; good: number[]; total: number[] };
}

export interface DatadogMonitor {
  id: number;
  name: string;
  type: string;
  /** The monitor query as Datadog stores it (burn-rate alerts name their SLO's id here). */
  query: string;
  message: string;
  tags: string[];
  /** 1 (P1) .. 5 (P5); null when unset. */
  priority: number | null;
}
