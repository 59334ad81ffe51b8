/**
 * unknown-resource: a monitor or SLI query that selects one of this stack's AWS resources by
 * name must name one the program creates. Datadog's AWS integration tags CloudWatch metrics
 * with their dimensions, lower-cased (https://docs.datadoghq.com/integrations/amazon_web_services/):
 * `queuename` on SQS metrics (https://docs.datadoghq.com/integrations/amazon_sqs/), `functionname`
 * on Lambda metrics (https://docs.datadoghq.com/integrations/amazon_lambda/), `tablename` on
 * DynamoDB metrics (https://docs.datadoghq.com/integrations/amazon_dynamodb/). A query on a name
 * nobody has reports no data, and a threshold monitor without data never fires: the P1 page
 * silently cannot happen.
 *
 * Only names that claim to be this stack's are checked (compiler/stackNames.ts: the forwarder's
 * `martech-<env>-webhook...` and the per-source `martech-forwarder-...` that no longer exist);
 * other teams' resources are theirs to name. A `*` value must match one of ours; an excluded
 * name (`!queuename:...`, `NOT queuename:...`, `queuename NOT IN (...)`) selects nothing either
 * way and is left alone; an IN list is reported only when none of its names exists. Datadog
 * lowercases tags (https://docs.datadoghq.com/getting_started/tagging/#define-tags), so names are
 * compared in lower case. Queries that do not parse are query-syntax's to report.
 */
import { positionInString } from "../../load/stringPosition";
import type { Path } from "../../path";
import { parseMetricExpression, metricQueriesIn } from "../../query/parse";
import { selections } from "../../query/selections";
import type { AwsKind } from "../../stackNames";
import { describeLocation, withContext } from "../context";
import type { Rule } from "../ruleContext";
import type { IntegrationDoc } from "../schema";
import { awsNameProblem } from "../stackNameProblems";

/** Datadog tag keys that name an AWS resource, and what kind. */
const RESOURCE_TAGS: Readonly<Record<string, AwsKind>> = {
  queuename: "queue",
  functionname: "function",
  tablename: "table",
};

const RESOURCE_TAG_TEXT = new RegExp(Object.keys(RESOURCE_TAGS).join("|"), "i");

export const unknownResource: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    for (const { path, query } of queriesOf(integration)) {
      // Most queries name no AWS resource: only those that may are parsed.
      // Stryker disable next-line ConditionalExpression: a shortcut only: a query that holds none of the tag keys (in any case) has no selection with a RESOURCE_TAGS key, so parsing it too would report nothing more.
      if (!RESOURCE_TAG_TEXT.test(query)) continue;
      const parsed = parseMetricExpression(query);
      if (!parsed.ok) continue;
      for (const metric of metricQueriesIn(parsed.expr)) {
        for (const selection of selections(metric)) {
          const kind = RESOURCE_TAGS[selection.key.toLowerCase()];
          if (kind === undefined) continue;
          // Datadog lowercases tags, so a name matches as its lower case (tag docs: "Tags are converted to lowercase").
          const problems = selection.values.map((value) => awsNameProblem(value.toLowerCase(), kind));
          // An IN list selects data when any of its names exists; a name that is not ours may exist.
          if (problems.some((p) => p === undefined)) continue;
          const value = selection.values[0]!;
          // The parser slices each value from the query right after its key (`key:value`, `key IN (value, ...)`), and a
          // name reported here starts with "martech-", which no tag key or keyword holds: its first occurrence from the key is it.
          const offset = query.indexOf(value, selection.from);
          const at = positionInString(file.source, path, query, offset);
          const what = selection.values.length === 1 ? `${selection.key}:${value}` : `${selection.key} IN (${selection.values.join(", ")})`;
          const message = `${what} selects no data, so nothing built on this query can ever alert: ${[...new Set(problems)].join("; ")}`;
          ctx.reportAt(file.file, at, "unknown-resource", withContext(describeLocation(integration, path), message));
        }
      }
    }
  }
};

/** Every Datadog metric query of an integration, with its path. */
function queriesOf(integration: IntegrationDoc): { path: Path; query: string }[] {
  // Stryker disable next-line ArrayDeclaration: an extra element ("Stryker was here") destructures to query undefined, which RESOURCE_TAG_TEXT.test() reads as "undefined" and skips.
  const out: { path: Path; query: string }[] = [];
  const add = (path: Path, query: unknown) => {
    // Stryker disable next-line ConditionalExpression: the schema makes each of these fields a string when present; an absent one pushed as undefined is skipped by RESOURCE_TAG_TEXT.test(), which reads it as "undefined".
    if (typeof query === "string") out.push({ path, query });
  };
  integration.slos.forEach((slo, i) => {
    add(["slos", i, "sli", "good"], slo.sli.good);
    add(["slos", i, "sli", "total"], slo.sli.total);
  });
  integration.failureModes.forEach((mode, i) => {
    const detection = mode.detection as Record<string, unknown>;
    const at = (...rest: (string | number)[]): Path => ["failureModes", i, "detection", ...rest];
    for (const field of ["query", "errors", "total"]) add(at(field), detection[field]);
    for (const side of ["upstream", "downstream"]) add(at(side, "count"), (detection[side] as { count?: unknown } | undefined)?.count);
  });
  return out;
}
