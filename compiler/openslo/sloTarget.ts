/**
 * The inventory's objective (a percentage with at most three decimals, 99.5) and OpenSLO's
 * `target` (a fraction in [0, 1), 0.995) or `targetPercent` (spec, "Objectives"). Computed in
 * thousandths of a percent, so 99.9 gives 0.999 and not 0.9990000000000001.
 */

export const objectiveToTarget = (objective: number): number => Math.round(objective * 1000) / 100_000;

/**
 * The objective a percentage stands for, or undefined when it needs more than three decimals
 * (Datadog's limit, objective-precision in validate/schema.ts). The tolerance only absorbs
 * binary rounding (0.995 x 100 is 99.49999999999999), far below a thousandth.
 */
export function percentToObjective(percent: number): number | undefined {
  const thousandths = percent * 1000;
  const whole = Math.round(thousandths);
  return Math.abs(thousandths - whole) <= 1e-6 ? whole / 1000 : undefined;
}

export const targetToObjective = (target: number): number | undefined => percentToObjective(target * 100);
