/**
 * runbook-stale-reference: every name of this stack in a runbook's code (code blocks and inline
 * code spans, what on call pastes) must be one the program creates or reads, so a command
 * copied during an incident does not fail on a queue, Lambda or config key that never existed.
 *
 * Checked, with what counts as a name of this stack defined in compiler/stackNames.ts:
 * - the forwarder's Lambdas, queues and table (`martech-<env>-webhook...`) and the per-source
 *   `martech-forwarder-...` names that no longer exist; where the command says what kind of
 *   resource it expects (`--function-name`, `/aws/lambda/`, `--queue-url https://sqs...`,
 *   `arn:aws:sqs:...`, `--table-name`, Datadog's `functionname:` / `queuename:` / `tablename:`
 *   tags, CloudWatch `Name=FunctionName,Value=`), the kind too;
 * - its secrets `martech/<env>/forwarder/...` and routes `/hooks/<integration>/<source>`;
 * - API Gateway: the forwarder's endpoint is a Lambda Function URL (AWS: "Lambda function URLs",
 *   https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html) and the stack
 *   creates no API Gateway;
 * - `pulumi config set|get|rm <key>` and `pulumi config set-all --plaintext|--secret <key>=<value>`
 *   on this project, and `martech-reliability:<key>` anywhere in code: the key must be in
 *   Pulumi.yaml, be a webhook's `secretConfigKey`, or belong to a provider the program uses (aws,
 *   datadog, pagerduty). Commands aimed at another project (`-C`, `--cwd`, `--config-file`,
 *   `--stack org/project/stack`) are not this stack's;
 * - the forwarder's metrics, `martech.forwarder.<metric>`, and the tag keys a query filters or
 *   groups them by: they must be what forwarder/metrics/names.ts emits (what Datadog receives), so
 *   a pasted query does not come back empty because of a renamed metric or a tag never sent.
 * Placeholders (`<integration>`, `{source}`, `$NAME`) are accepted.
 */
import type { CodeLine, Runbook } from "../../load/runbook";
import { closestMatch } from "../didYouMean";
import { forwarderMetricProblems } from "../forwarderMetricReferences";
import { configCommandsIn, projectConfigReferencesIn, type ConfigCommand } from "../pulumiConfigCommand";
import type { Rule, RuleContext } from "../ruleContext";
import { awsNameProblem, hookPathProblem, isPlaceholder, secretNameProblem, webhookSources } from "../stackNameProblems";
import { listOf, PROJECT_NAME, PROVIDER_NAMESPACES, projectConfigKeys, type AwsKind, type WebhookSource } from "../../stackNames";

/** A `martech-...` word: letters, digits, `-`, `_` and Datadog's `*` wildcard. */
const AWS_NAME = /(?<![A-Za-z0-9_-])martech-[A-Za-z0-9_*-]*[A-Za-z0-9_*]/g;
const SECRET = /(?<![A-Za-z0-9_-])martech\/[^\s'"`),;]+/g;
const HOOK_PATH = /\/hooks\/[^\s'"`?#),;]*/g;
const API_GATEWAY = /\b(?:apigateway(?:v2)?|execute-api|api gateway)\b/gi;

/** What the text just before a name says it is. */
const KIND_BEFORE: readonly [RegExp, AwsKind][] = [
  [/(?:functionname:|--function-name[ =]|FunctionName,Value=|\/aws\/lambda\/|:function:)$/i, "function"],
  [/(?:queuename:|--queue-name[ =]|QueueName,Value=|https?:\/\/sqs\.[^\s'"]*\/|arn:aws[a-z-]*:sqs:[^\s'"]*:)$/i, "queue"],
  [/(?:tablename:|--table-name[ =]|TableName,Value=|:table\/)$/i, "table"],
];

export const runbookStaleReference: Rule = (ctx) => {
  const sources = webhookSources(ctx.integrations);
  const runbooks = new Map<string, Runbook>();
  for (const { runbook } of ctx.runbooks.values()) runbooks.set(runbook.file, runbook);
  const forwarder = ctx.forwarderRunbook?.runbook;
  if (forwarder) runbooks.set(forwarder.file, forwarder);
  for (const runbook of runbooks.values()) for (const code of runbook.code) checkLine(ctx, runbook.file, code, sources);
};

function checkLine(ctx: RuleContext, file: string, code: CodeLine, sources: readonly WebhookSource[]): void {
  const report = (offset: number, message: string) => ctx.reportAt(file, { line: code.line, column: code.column + offset }, "runbook-stale-reference", message);
  const { text } = code;
  for (const m of text.matchAll(AWS_NAME)) {
    const problem = awsNameProblem(m[0], kindBefore(text.slice(0, m.index)));
    if (problem) report(m.index, problem);
  }
  for (const m of text.matchAll(SECRET)) {
    const problem = secretNameProblem(m[0], sources);
    if (problem) report(m.index, problem);
  }
  for (const m of text.matchAll(HOOK_PATH)) {
    const problem = hookPathProblem(m[0], sources);
    if (problem) report(m.index, problem);
  }
  for (const m of text.matchAll(API_GATEWAY)) {
    report(m.index, `this stack has no API Gateway: the forwarder's public endpoint is the ingress Lambda's Function URL (each source's address is in "pulumi stack output webhookUrls")`);
  }
  const commands = configCommandsIn(text);
  for (const command of commands) {
    const problem = configKeyProblem(command, sources);
    if (problem) report(command.offset, problem);
  }
  const checked = new Set(commands.map((c) => c.offset));
  for (const ref of projectConfigReferencesIn(text, PROJECT_NAME)) {
    if (checked.has(ref.offset)) continue;
    const problem = configKeyProblem({ offset: ref.offset, key: `${PROJECT_NAME}:${ref.name}`, namespace: PROJECT_NAME, name: ref.name, otherProject: false }, sources);
    if (problem) report(ref.offset, problem);
  }
  for (const problem of forwarderMetricProblems(text)) report(problem.offset, problem.message);
}

function kindBefore(text: string): AwsKind | undefined {
  return KIND_BEFORE.find(([pattern]) => pattern.test(text))?.[1];
}

function configKeyProblem(command: ConfigCommand, sources: readonly WebhookSource[]): string | undefined {
  if (command.otherProject || isPlaceholder(command.key)) return undefined;
  const { namespace, name } = command;
  if (namespace !== undefined && namespace !== PROJECT_NAME) {
    if (PROVIDER_NAMESPACES.includes(namespace)) return undefined;
    return `this stack has no config namespace "${namespace}": its keys are the project's own (${PROJECT_NAME}) and those of the providers it uses, ${listOf(PROVIDER_NAMESPACES.map((n) => `${n}:`))}`;
  }
  const keys = projectConfigKeys(sources);
  if (keys.includes(name)) return undefined;
  const near = closestMatch(name, keys) ?? keyWithWordsOf(name, keys);
  const where = "the keys it reads are those in Pulumi.yaml and each webhook's secretConfigKey in the inventory";
  return `this stack reads no config key "${name}"${near ? `; did you mean "${near}"? ${capitalise(where)}` : `; ${where}`}`;
}

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

/** `forwarderIngressConcurrency` for `forwarderConcurrency`: a key holding every word of the name. */
function keyWithWordsOf(name: string, keys: readonly string[]): string | undefined {
  const words = name.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  return keys.find((k) => words.every((w) => k.toLowerCase().includes(w)));
}
