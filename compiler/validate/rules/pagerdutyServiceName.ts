/**
 * pagerduty-service-name: a paging integration's PagerDuty service is named
 * `[martech] <integration name>` (lower/onCall.ts), and PagerDuty rejects a service name
 * with `\ / & < >` or a non-printable character. terraform-provider-pagerduty checks it
 * before any request ("Service name can't be blank or contain '\', '/', '&', '<', '>' or
 * non-printable characters", resource_pagerduty_service.go, from v1.10.0 until v3.0.1, which
 * the @pulumi/pagerduty 3.x bridge predates); later versions still apply it to escalation
 * policy names. Checked here so the name is fixed before merge rather than in `pulumi up`.
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
    const bad = FORBIDDEN.exec(integration.name)?.[0] ?? (NON_PRINTABLE.test(integration.name) ? "an invisible character" : undefined);
    if (bad === undefined) continue;
    const found = bad.length === 1 ? describeValue(bad) : bad;
    // Quoted in full (describeValue shortens long text), unless it looks like a credential: literal-secret reports that, and no message repeats it.
    const service = looksLikeSecret(integration.name) ? "named after it" : `named "[martech] ${integration.name}"`;
    ctx.report(
      file,
      ["name"],
      "pagerduty-service-name",
      withContext("name", `this integration pages, so it gets a PagerDuty service ${service}, and PagerDuty does not accept ${found} in a service name (no \\ / & < > or invisible characters); ${REWORD[bad] ?? "reword it"}`),
    );
  }
};
