/**
 * The wire format of alert tests (README, "Alert tests"): an integration's `alertTests:` list,
 * or a `kind: AlertTests` file holding the same list for one integration. The shape only:
 * series, notation, monitor references and times are checked against the integration by
 * the alert-test-* rules (rules/alertTest*.ts), which point inside the strings.
 *
 * Everything here comes from pull requests, so every list, string and time is bounded.
 */
import { z } from "zod";
import { durationSeconds } from "../lower/durations";
import { BURN_TIER_IDS } from "../simulate/alertTest";
import { UNSAFE_CHARACTER } from "../simulate/terminalText";
import { customIssue } from "./customIssue";

/** Per list: an integration's own `alertTests:`, and its tests file's (so at most twice this per integration). */
export const MAX_TESTS_PER_LIST = 50;
export const MAX_SERIES_PER_TEST = 50;
export const MAX_EXPECTATIONS_PER_TEST = 100;
/** Per `firing`, `warning` or `quiet` list: more than any integration has monitors. */
export const MAX_REFERENCES_PER_LIST = 100;
export const MAX_NAME_LENGTH = 200;
/** A metric name and tags each fit in 200 characters (query/names.ts); a series with a few tags fits in this. */
export const MAX_SERIES_LENGTH = 2000;
/** Latest `at`: a week of one-minute evaluations (10,080) per monitor, ample for a 24h burn-rate window. */
export const MAX_AT_SECONDS = 7 * 86400;
/**
 * Finest spacing of samples: DogStatsD flushes every 10 seconds, so Datadog never stores two
 * points of one series closer together ("DogStatsD uses a flush interval of 10 seconds",
 * https://docs.datadoghq.com/developers/dogstatsd/data_aggregation/).
 */
export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 3600;
export const DEFAULT_INTERVAL = "1m";

/** Sample spacing: 10s to 1h, as a number and one unit (the forms of lower/durations.ts). */
const INTERVAL_PATTERN = /^[1-9][0-9]*(s|m|h)$/;
/** Evaluation time: whole minutes, as monitors are evaluated once a minute; the inventory's window forms (5m, 1h, 2d). */
const AT_PATTERN = /^[1-9][0-9]*(m|h|d)$/;

/** Why an interval cannot space samples, or undefined. */
export function intervalProblem(text: string): string | undefined {
  const s = durationSeconds(text);
  if (s < MIN_INTERVAL_SECONDS) return `${text} is shorter than 10s, DogStatsD's flush interval: Datadog never stores the points of one series closer together`;
  if (s > MAX_INTERVAL_SECONDS) return `${text} is longer than 1h; write a sample per hour or more often (use _ for intervals without a point)`;
  // Monitors are evaluated every minute: each evaluation must see whole samples, the same way every minute.
  // Stryker disable next-line EqualityOperator: at s = 60 both branches agree (60 % s and s % 60 are both 0), so < and <= accept and refuse the same spacings.
  if (s < 60 ? 60 % s !== 0 : s % 60 !== 0) return `${text} neither divides a minute (10s, 12s, 15s, 20s, 30s) nor is a whole number of minutes, so the evaluations, once a minute, would not line up with the samples`;
  return undefined;
}

/** `id` and `text` are schema.ts's, passed in so this module does not import it back (as forwardTargetSchema does). */
export function alertTestSchemas(id: z.ZodType<string>, text: z.ZodType<string>) {
  const name = text
    // Names are printed by simulate: the characters it would have to escape (controls, line
    // separators, bidi overrides) are refused here instead.
    .refine((v) => !UNSAFE_CHARACTER.test(v), { error: "must be one line without control characters or bidirectional overrides" })
    .refine((v) => v.length <= MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters` });
  const interval = z
    .string({ error: "must be a sample spacing such as 10s, 1m or 5m" })
    .regex(INTERVAL_PATTERN, { error: "must be a sample spacing such as 10s, 1m or 5m (one number and one unit: s, m or h)" })
    .superRefine((v, ctx) => {
      // A malformed spacing is reported by the pattern alone.
      const problem = INTERVAL_PATTERN.test(v) ? intervalProblem(v) : undefined;
      if (problem) ctx.addIssue(customIssue([], problem));
    });
  const at = z
    .string({ error: "must be a time after the first sample such as 90m, 2h or 1d" })
    .regex(AT_PATTERN, { error: "must be a time after the first sample such as 90m, 2h or 1d (one number and one unit: m, h or d; write 2h30m as 150m)" })
    .refine((v) => !AT_PATTERN.test(v) || durationSeconds(v) <= MAX_AT_SECONDS, { error: "must be at most 7d after the first sample" });
  const series = z
    .string({ error: "must be a series such as metric.name{tag:value,other:value}" })
    .min(1, { error: "must not be empty" })
    .max(MAX_SERIES_LENGTH, { error: `must be at most ${MAX_SERIES_LENGTH} characters` });
  // YAML reads unquoted 0x60 as the number 96 and 0o17 as 15 before the notation is seen, so a number is refused, not converted.
  const values = z.string({
    error: (iss) =>
      typeof iss.input === "number"
        ? `YAML reads this as the number ${iss.input}, not as series notation (0x60 is hexadecimal 96 to YAML); put the values in quotes, such as "0x60"`
        : 'must be series notation such as "0+10x60 600x30" or "1x59 _x30"',
  });
  const refs = z.array(z.string({ error: "must be a monitor: a failure mode's id or <slo-id>/<tier>" })).max(MAX_REFERENCES_PER_LIST, { error: `allows at most ${MAX_REFERENCES_PER_LIST} monitors` });
  const expectation = z
    .strictObject({
      at: at.describe("Time after the first sample, such as 90m."),
      firing: refs.optional().describe("Monitors that must be alerting then: a failure mode's id or <slo-id>/<tier>."),
      warning: refs.optional().describe("Monitors that must be warning then."),
      quiet: refs.optional().describe("Monitors that must be OK then."),
    })
    .refine((e) => (e.firing?.length ?? 0) + (e.warning?.length ?? 0) + (e.quiet?.length ?? 0) > 0, {
      error: `list at least one monitor under firing, warning or quiet (a failure mode's id, or <slo-id>/<tier> with tier ${BURN_TIER_IDS.join(", ")})`,
    });
  const test = z.strictObject({
    name,
    interval: interval.optional().describe(`Spacing of the input samples, 10s to 1h (default ${DEFAULT_INTERVAL}).`),
    input: z.array(z.strictObject({ series: series.describe("A series such as metric.name{tag:value}."), values: values.describe('promtool\'s expanding notation, such as "0+10x60", "100-5x10", "3x20"; _ is a missing point.') })).min(1, { error: "give at least one input series" }).max(MAX_SERIES_PER_TEST, { error: `allows at most ${MAX_SERIES_PER_TEST} series per test` }),
    expect: z.array(expectation).min(1, { error: "give at least one expectation (at, and firing, warning or quiet)" }).max(MAX_EXPECTATIONS_PER_TEST, { error: `allows at most ${MAX_EXPECTATIONS_PER_TEST} expectations per test` }),
  });
  const list = z.array(test).max(MAX_TESTS_PER_LIST, { error: `allows at most ${MAX_TESTS_PER_LIST} tests here` });
  const file = z.strictObject({
    version: z.string(),
    kind: z.literal("AlertTests"),
    /** alert-test-file checks the file name. */
    integration: id.describe("The id of the integration tested; the file is tests/<integration>.yaml."),
    alertTests: list.min(1, { error: "list at least one alert test" }),
  });
  return { list, file };
}
