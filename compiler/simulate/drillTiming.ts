/**
 * Time arithmetic shared by the drills: sample spacing, rounding to the evaluation grain, where
 * a fault's samples begin and when the first evaluation can see it, and the healthy evaluation
 * times a drill checks. Monitors evaluate every minute from 0 (runAlertTest.ts), so every time a
 * drill expects something is a whole minute.
 */
import { rounded } from "./rounded";

/** Datadog's evaluation grain for metric monitors (https://docs.datadoghq.com/monitors/configuration/#evaluation-frequency). */
export const EVALUATION_SECONDS = 60;

/** Sample spacings a drill may use: whole minutes, so samples fall on evaluation times. */
const SPACINGS = [900, 600, 300, 120, 60] as const;
/** Enough samples in a window that one sample more or less barely moves its aggregate. */
const SAMPLES_PER_WINDOW = 48;

/**
 * The coarsest spacing that divides the window and still puts 48 samples in it, else one a
 * minute: a day's window at 15 minutes is 96 samples where one a minute would be 1,440 to slice
 * at every one of the drill's evaluations.
 */
export function sampleSpacing(windowSeconds: number): number {
  return SPACINGS.find((s) => windowSeconds % s === 0 && windowSeconds / s >= SAMPLES_PER_WINDOW) ?? EVALUATION_SECONDS;
}

export function roundUp(seconds: number, step: number): number {
  return Math.ceil(seconds / step) * step;
}

/** The first evaluation at or after `seconds`. */
export function evaluationAtOrAfter(seconds: number): number {
  return roundUp(seconds, EVALUATION_SECONDS);
}

/**
 * Healthy samples before a fault that starts at `faultStart` (a multiple of `interval`): sample i
 * holds the interval ENDING at i * interval (input.ts), so the sample stamped `faultStart` is
 * still healthy and the fault's first sample is the next one, holding `(faultStart, faultStart +
 * interval]`. Samples 0 to faultStart / interval: one more than the fault's start divided by the
 * spacing.
 */
export function samplesBefore(faultStart: number, interval: number): number {
  return faultStart / interval + 1;
}

/**
 * The first evaluation that can see more than `seconds` of a fault starting at `faultStart`
 * (laid out as samplesBefore says): after k of its samples the window holds k * interval of it,
 * more than `seconds` from k = floor(seconds / interval) + 1 on (exactly `seconds` is where a
 * rate meets its threshold, which `>` does not cross: twice a tier's rate over half its window).
 * Then the evaluation delay, rounded up to the next evaluation. Float noise in `seconds`
 * (259.2000000000002) must not move it by a sample, hence the rounding before the floor.
 */
export function firstEvaluationPast(faultStart: number, seconds: number, interval: number, delaySeconds: number): number {
  const samples = Math.floor(rounded(seconds / interval, 9)) + 1;
  return evaluationAtOrAfter(faultStart + samples * interval + delaySeconds);
}

/**
 * A handful of evaluation times spread over `[from, to]`, both ends included: enough to show a
 * healthy stretch stays quiet, few enough to keep drills cheap.
 */
export function checkTimes(from: number, to: number, count = 6): number[] {
  const first = evaluationAtOrAfter(from);
  const last = Math.floor(to / EVALUATION_SECONDS) * EVALUATION_SECONDS;
  if (last < first) return [];
  const times = new Set<number>([first, last]);
  for (let i = 1; i < count - 1; i++) times.add(evaluationAtOrAfter(first + ((last - first) * i) / (count - 1)));
  return [...times].filter((t) => t <= last).sort((a, b) => a - b);
}

/** Minutes, or hours and minutes from two hours on, for drill names: `45 min`, `4 h 15 min`. */
export function formatSpan(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
}

/** A number as a drill name shows it: at most 4 decimals, no float noise. */
export function formatNumber(n: number): string {
  return String(rounded(n, 4));
}
