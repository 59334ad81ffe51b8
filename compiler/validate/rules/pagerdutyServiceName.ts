/**
 * pagerduty-service-name: a paging integration's PagerDuty service is named
 * `[martech] <integration name>` (lower/onCall.ts), and PagerDuty rejects a service name
 * with `\ / & < >` or a non-printable character. terraform-provider-pagerduty checks it
 * before any request ("Service name can't be blank or contain '\', '/', '&', '<', '>' or
 * non-printable characters", resource_pagerduty_service.go, from v1.10.0 until v3.0.1, which
 * the @pulumi/pagerduty 3.x bridge predates); later versions still apply it to escalation
 * policy names, so a rotation's name (its policy is `<rotation name> escalation`) is checked too
 * (the newer provider's rule: unconfirmed offline, the conservative reading). Checked here so the
 * name is fixed before merge rather than in `pulumi up`.
 */
import { withContext } from "../context";
import { describeValue } from "../describeValue";
import { integrationPages } from "../integrationPages";
import type { Rule } from "../ruleContext";
import { looksLikeSecret } from "../secretPatterns";

/** The characters PagerDuty refuses in a service name. */
const FORBIDDEN = /[\\/&<>]/;
/** Go's unicode.IsPrint, which the provider applies: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const NON_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;
const REWORD: Readonly<Record<string, string>> = { "&": 'write "and" instead of "&"', "/": 'write "or" or a dash instead of "/"' };

export const pagerdutyServiceName: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    if (!integrationPages(integration)) continue;
    const found = forbiddenIn(integration.name);
    if (found === undefined) continue;
    // Quoted in full (describeValue shortens long text), unless it looks like a credential: literal-secret reports that, and no message repeats it.
    const service = looksLikeSecret(integration.name) ? "named after it" : `named "[martech] ${integration.name}"`;
    ctx.report(
      file,
      ["name"],
      "pagerduty-service-name",
      withContext("name", `this integration pages, so it gets a PagerDuty service ${service}, and PagerDuty does not accept ${found.words} in a service name (no \\ / & < > or invisible characters); ${found.fix}`),
    );
  }
  // Every rotation becomes an escalation policy named `<rotation name> escalation` (lower/onCall.ts),
  // and the provider applies the same character rule to escalation policy names.
  for (const { value: rotation, file, path } of ctx.rotations) {
    const found = forbiddenIn(rotation.name);
    if (found === undefined) continue;
    const policy = looksLikeSecret(rotation.name) ? "named after it" : `named "${rotation.name} escalation"`;
    ctx.report(
      file,
      [...path, "name"],
      "pagerduty-service-name",
      withContext(`rotation ${rotation.id}: name`, `this rotation gets a PagerDuty escalation policy ${policy}, and PagerDuty does not accept ${found.words} in an escalation policy name (no \\ / & < > or invisible characters); ${found.fix}`),
    );
  }
};

/** The first character PagerDuty refuses in `name`, in words, and how to reword it. */
function forbiddenIn(name: string): { words: string; fix: string } | undefined {
  const bad = FORBIDDEN.exec(name)?.[0] ?? (NON_PRINTABLE.test(name) ? "an invisible character" : undefined);
  if (bad === undefined) return undefined;
  return { words: bad.length === 1 ? describeValue(bad) : bad, fix: REWORD[bad] ?? "reword it" };
}
