/**
 * Policy 4: an SLO is protected (Pulumi `protect`), so deleting it, and its history, takes a
 * deliberate change. The exception is a retired SLO, about to be removed: the compiler
 * (compiler/lower/slos.ts) writes `Retired: <reason>` on the line after the description's
 * `Error budget: ...` line, right before the closing `Runbook: ...` line, and drops
 * `protect`. Only that slot counts, so a description that merely mentions "Retired:" does not.
 * The other exception is the staging stack (policy/rules/staging.ts), whose SLOs are not
 * protected: their history judges no error budget, and staging must be free to tear down.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { materialize, UNKNOWN } from "./known";
import { deliver, PASS, violation, type Outcome } from "./outcome";
import { readTags } from "./monitorMessage";
import { TYPES } from "./resourceTypes";
import { isStaging, STAGING_STACK, stackOfUrn } from "./staging";

export function isRetiredDescription(description: string): boolean {
  const lines = description.split("\n");
  let budget = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i].startsWith("Error budget: ")) budget = i;
  const retired = budget >= 0 ? lines[budget + 1] : undefined;
  return (
    retired !== undefined &&
    /^Retired: \S/.test(retired) &&
    budget + 1 < lines.length - 1 &&
    lines[lines.length - 1].startsWith("Runbook: ")
  );
}

/** `urn` is the SLO's own: it says whether the SLO is the staging stack's. */
export function checkSloProtected(props: Record<string, unknown>, protect: boolean, urn = ""): Outcome {
  if (protect) return PASS;
  const tags = readTags(props.tags);
  if (isStaging(urn, tags)) return PASS;
  if (typeof props.description === "string" && isRetiredDescription(props.description)) return PASS;
  // In the staging stack an unknown tag could be env:staging; an unknown description could be retired.
  const unknown = [...(stackOfUrn(urn) === STAGING_STACK ? tags.unknown : []), ...(props.description === UNKNOWN ? ["description"] : [])];
  if (unknown.length > 0) return { ...PASS, unknown };
  return violation(
    "is not protected: deleting an SLO loses its history. Keep protect: true; to remove it, first mark it retired (retired: { reason } in the inventory) in one change, then delete it in a later one",
  );
}

export const sloProtectedPolicy: ResourceValidationPolicy = {
  name: "slo-protected-unless-retired",
  description: "Every Datadog SLO has protect: true, unless it is retired (its description carries the compiler's Retired: line) or in the staging stack.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.slo) return;
    const known = materialize(args.props);
    deliver(checkSloProtected(known.value, args.opts.protect === true, args.urn), known.unknowns, args, report);
  },
};
