/**
 * The staging stack (compiler/lower/settings.ts `staging`, README "Staging"): its monitors tell
 * the owning team's chat only, never PagerDuty, and its SLOs are not protected. A resource is
 * staging's only when both say so: the compiler tagged it `env:staging`, and its URN names the
 * stack `staging` (`urn:pulumi:<stack>::<project>::<type>::<name>`, Pulumi's URN format,
 * https://www.pulumi.com/docs/iac/concepts/resources/names/#urns). So neither a stray tag in
 * prod nor a prod-tagged resource in the staging stack escapes the production rules.
 */
import type { Tags } from "./monitorMessage";

/** The stack name the README has the staging stack created under (`pulumi stack init staging`). */
export const STAGING_STACK = "staging";
/** `env:<environment>` of the staging stack, as the compiler tags it (lowercase, as Datadog stores tags). */
export const STAGING_TAG = "env:staging";

/** The stack a URN names (without its organisation), or undefined for something else. */
export function stackOfUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  return m?.[1];
}

export const isStaging = (urn: string, tags: Tags): boolean => stackOfUrn(urn) === STAGING_STACK && tags.known.includes(STAGING_TAG);
