/** `v` to at most `decimals` decimals, for the words a timeline shows and for comparisons that float noise must not decide. */
export function rounded(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(v * scale) / scale;
}
