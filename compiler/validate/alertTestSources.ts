/**
 * Where each integration's alert tests are: its own `alertTests:` list, then those of every
 * `kind: AlertTests` file naming it (alert-test-file reports a misplaced or second file; its
 * tests are still checked against the integration it names). Each test keeps its file and
 * path, so rules report at its nodes, and its input series are parsed once for all rules,
 * within a sample budget per integration.
 */
import type { Path } from "../path";
import { parseSeriesNotation, type SeriesNotationError } from "../simulate/series";
import type { ParsedFile } from "./parseFile";
import type { Located, RuleContext } from "./ruleContext";
import type { AlertTestDoc, IntegrationDoc } from "./schema";
import { parseSeriesText, type SeriesTextResult } from "./seriesText";

/**
 * Most samples the tests of one integration may hold in all: each series is capped by
 * MAX_SAMPLES (series.ts), but a 1 MiB file of `0x99999` tokens would expand to billions.
 */
export const MAX_SAMPLES_PER_INTEGRATION = 1_000_000;

export interface LocatedAlertTest {
  readonly test: AlertTestDoc;
  readonly file: ParsedFile;
  /** The test's path in its file: `["alertTests", i]`. */
  readonly path: Path;
  /** Its input series, parsed, one per `input` item. */
  readonly inputs: readonly ParsedInput[];
}

/** One input series of a test, parsed. */
export interface ParsedInput {
  readonly series: SeriesTextResult;
  /** The number of samples, or the notation's error; undefined when the integration's sample budget ran out before this series. */
  readonly values?: { readonly ok: true; readonly length: number } | { readonly ok: false; readonly error: SeriesNotationError };
  /** This series is the one whose samples went past the budget. */
  readonly overBudget?: true;
}

export interface IntegrationAlertTests {
  readonly integration: Located<IntegrationDoc>;
  readonly tests: readonly LocatedAlertTest[];
}

type Sources = Pick<RuleContext, "integrations" | "alertTestFiles">;
const cache = new WeakMap<Sources, readonly IntegrationAlertTests[]>();

/** Each integration definition's tests, computed once per validation; a tests file joins the first definition of its id. */
export function alertTestsByIntegration(ctx: Sources): readonly IntegrationAlertTests[] {
  let found = cache.get(ctx);
  if (!found) {
    found = collect(ctx);
    cache.set(ctx, found);
  }
  return found;
}

function collect(ctx: Sources): IntegrationAlertTests[] {
  const firstOf = new Map<string, Located<IntegrationDoc>>();
  for (const i of ctx.integrations) if (!firstOf.has(i.value.id)) firstOf.set(i.value.id, i);
  return ctx.integrations.map((integration) => {
    const own = (integration.value.alertTests ?? []).map((test, i) => ({ test, file: integration.file, path: ["alertTests", i] }));
    const fromFiles =
      firstOf.get(integration.value.id) !== integration
        ? []
        : ctx.alertTestFiles.filter((f) => f.value.integration === integration.value.id).flatMap((f) => f.value.alertTests.map((test, i) => ({ test, file: f.file, path: ["alertTests", i] })));
    const budget = { samples: 0 };
    const tests = [...own, ...fromFiles].map((t): LocatedAlertTest => ({ ...t, inputs: t.test.input.map((item) => parseInput(item, budget)) }));
    return { integration, tests };
  });
}

/**
 * Values are parsed until the integration's samples pass MAX_SAMPLES_PER_INTEGRATION; later
 * series are left unparsed, so the work stays bounded whatever the files say.
 */
function parseInput(item: { readonly series: string; readonly values: string }, budget: { samples: number }): ParsedInput {
  const series = parseSeriesText(item.series);
  if (budget.samples > MAX_SAMPLES_PER_INTEGRATION) return { series };
  const parsed = parseSeriesNotation(item.values);
  if (!parsed.ok) return { series, values: parsed };
  budget.samples += parsed.values.length;
  return { series, values: { ok: true, length: parsed.values.length }, ...(budget.samples > MAX_SAMPLES_PER_INTEGRATION && { overBudget: true as const }) };
}

/** `alert test "Salesforce rejects leads": input[1].values`, to start a message. */
export function testContext(test: AlertTestDoc, ...rest: (string | number)[]): string {
  const field = rest.reduce<string>((s, seg) => (typeof seg === "number" ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), "");
  return `alert test ${JSON.stringify(test.name)}${field ? `: ${field}` : ""}`;
}
