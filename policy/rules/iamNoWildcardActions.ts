/** Policy 3: no IAM policy document allows wildcard actions (see iamActions.ts for which). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkPolicyDocument } from "./iamActions";
import { materialize, UNKNOWN } from "./known";
import { deliver, merge, PASS, unknownAt, type Outcome } from "./outcome";
import { TYPES } from "./resourceTypes";

const SINGLE_DOCUMENT: readonly string[] = [TYPES.iamPolicy, TYPES.iamRolePolicy, TYPES.iamUserPolicy, TYPES.iamGroupPolicy];
export const IAM_TYPES: readonly string[] = [...SINGLE_DOCUMENT, TYPES.iamRole];

/** Every policy document of an IAM resource's inputs, checked. */
export function checkIamResource(type: string, props: Record<string, unknown>): Outcome {
  if (SINGLE_DOCUMENT.includes(type)) return checkPolicyDocument(props.policy, "policy");
  if (type !== TYPES.iamRole) return PASS;
  const inline = props.inlinePolicies;
  return merge(
    checkPolicyDocument(props.assumeRolePolicy, "assumeRolePolicy"),
    inline === UNKNOWN
      ? unknownAt("inlinePolicies")
      : Array.isArray(inline)
        ? merge(
            ...inline.map((p, i) =>
              p === UNKNOWN ? unknownAt(`inlinePolicies.${i}`) : checkPolicyDocument(p !== null && typeof p === "object" ? (p as Record<string, unknown>).policy : undefined, `inlinePolicies.${i}.policy`),
            ),
          )
        : PASS,
  );
}

export const iamNoWildcardActionsPolicy: ResourceValidationPolicy = {
  name: "iam-no-wildcard-actions",
  description: "No IAM policy, role, user or group policy document allows \"*\" or \"<service>:*\" actions, or uses NotAction in an Allow statement.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (!IAM_TYPES.includes(args.type)) return;
    const known = materialize(args.props);
    deliver(checkIamResource(args.type, known.value), known.unknowns, args, report);
  },
};
