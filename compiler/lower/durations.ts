/** Durations as the inventory writes them (60s, 5m, 1h, 2d) and as Datadog wants them. */

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function durationSeconds(d: string): number {
  const unit = d.slice(-1) as keyof typeof UNIT_SECONDS;
  return Number(d.slice(0, -1)) * UNIT_SECONDS[unit];
}

/** The shortest exact spelling: 90m stays 90m, 120m becomes 2h. */
export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${Math.round(seconds / 60)}m`;
}
