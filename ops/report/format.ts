/** Number formats shared by the report's markdown and SVG, so both say the same thing. */
import { formatUsdPerHour } from "../../compiler/revenueRank";
import type { Trend } from "./build";

export { formatUsdPerHour };

/** An SLI: up to three decimals, as nines are read (99.95%, 99.123%). */
export const sli = (v: number | null) => (v === null ? "no data" : `${Number(v.toFixed(3))}%`);

/** A budget share: one decimal (60%, -12.5%). */
export const budget = (v: number | null) => (v === null ? "no data" : `${Number(v.toFixed(1))}%`);

export const burn = (v: number | null) => (v === null ? "?" : `${Number(v.toFixed(2))}x`);

export const TREND_WORDS: Record<Trend, string> = { faster: "↑ faster", slower: "↓ slower", steady: "→ steady", unknown: "no trend" };
