/** The inventory's ranking: highest revenue exposure first, ties broken by id so it is stable. */
export function byRevenueExposure<T extends { id: string; revenue: { usdPerHour: number } }>(a: T, b: T): number {
  return b.revenue.usdPerHour - a.revenue.usdPerHour || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// One formatter: toLocaleString builds a new one on every call, which shows up in large plans.
// Built at its first use, not while modules load: an Intl object made then keeps V8 from
// building a start-up snapshot of the modules (issue 17), and most commands never format money.
// signDisplay "negative" leaves negative zero (`usdPerHour: -0`, or anything that rounds to it) unsigned:
// ECMA-402 NumberFormat v3, https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Intl/NumberFormat/NumberFormat#signdisplay
let usd: Intl.NumberFormat | undefined;

export function formatUsdPerHour(amount: number): string {
  usd ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 0, signDisplay: "negative" });
  return `$${usd.format(amount)}/h`;
}
