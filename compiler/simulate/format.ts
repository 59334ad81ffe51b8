/**
 * Words and times as the simulator prints them. One spelling of a simulated time everywhere
 * (summary, timelines, JSON, check's alert-test messages), the one an alert test's `at:` uses,
 * so a reader can compare what is printed with what the test says.
 */

const UNITS: readonly (readonly [string, number])[] = [
  ["d", 86400],
  ["h", 3600],
  ["m", 60],
  ["s", 1],
];

/** Simulated seconds as an `at:` is written, a number and the largest unit that divides it: `90m`, `12h`, `1d`, `90s`. */
export function simulatedTime(seconds: number): string {
  if (seconds === 0) return "0m";
  const [unit, size] = UNITS.find(([, size]) => seconds % size === 0) ?? ["s", 1];
  return `${seconds / size}${unit}`;
}

/** `1 drill`, `2 drills`, `0 drills`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
