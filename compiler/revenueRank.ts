/** The inventory's ranking: highest revenue exposure first, ties broken by id so it is stable. */
export function byRevenueExposure<T extends { id: string; revenue: { usdPerHour: number } }>(a: T, b: T): number {
  return b.revenue.usdPerHour - a.revenue.usdPerHour || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function formatUsdPerHour(usd: number): string {
  return `$${usd.toLocaleString("en-US", { maximumFractionDigits: 0 })}/h`;
}
