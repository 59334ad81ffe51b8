/** The inventory's ranking: highest revenue exposure first, ties broken by id so it is stable. */
export function byRevenueExposure<T extends { id: string; revenue: { usdPerHour: number } }>(a: T, b: T): number {
  return b.revenue.usdPerHour - a.revenue.usdPerHour || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// One formatter: toLocaleString builds a new one on every call, which shows up in large plans.
// signDisplay "negative" leaves negative zero (`usdPerHour: -0`, or anything that rounds to it) unsigned:
// ECMA-402 NumberFormat v3, https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Intl/NumberFormat/NumberFormat#signdisplay
const USD = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0, signDisplay: "negative" });

export function formatUsdPerHour(usd: number): string {
  return `$${USD.format(usd)}/h`;
}
