/**
 * What counts as a wildcard action in an IAM policy document.
 *
 * Violations: `*` (every action of every service), `<service>:*` (every action of a
 * service), a wildcard in the service part (`*:GetObject`), and any Allow statement with
 * NotAction (it allows everything not listed). Allowed: a wildcard that narrows a verb inside
 * one service (`s3:Get*`, `logs:Describe*`): it is bounded by the service and the verb, and is
 * how AWS's own read-only policies are written. Exact actions are still preferred.
 */
import { UNKNOWN } from "./known";
import { merge, PASS, skippedBecause, unknownAt, violation, type Outcome } from "./outcome";

export function wildcardReason(action: string): string | undefined {
  const a = action.trim();
  if (/^[*?]+$/.test(a)) return "every action of every service";
  const colon = a.indexOf(":");
  if (colon < 0) return undefined; // not an action AWS accepts; nothing to widen
  const service = a.slice(0, colon);
  if (/[*?]/.test(service)) return "a wildcard service";
  if (/^[*?]+$/.test(a.slice(colon + 1))) return `every ${service} action`;
  return undefined;
}

/** A policy document given as a JSON string or an object (`path` names where it sits in the inputs). */
export function checkPolicyDocument(document: unknown, path: string): Outcome {
  if (document === UNKNOWN) return unknownAt(path);
  if (document === undefined || document === null || document === "") return PASS;
  let doc: unknown = document;
  if (typeof document === "string") {
    try {
      doc = JSON.parse(document);
    } catch {
      return skippedBecause(`${path} is not a JSON policy document, so it was not checked`);
    }
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return skippedBecause(`${path} is not a policy document object, so it was not checked`);
  const statements = (doc as Record<string, unknown>).Statement;
  if (statements === UNKNOWN) return unknownAt(`${path}.Statement`);
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return merge(...list.map((s, i) => checkStatement(s, Array.isArray(statements) ? `${path}.Statement.${i}` : `${path}.Statement`)));
}

function checkStatement(statement: unknown, path: string): Outcome {
  if (statement === UNKNOWN) return unknownAt(path);
  if (statement === null || typeof statement !== "object") return PASS;
  const s = statement as Record<string, unknown>;
  if (s.Effect === UNKNOWN) return unknownAt(`${path}.Effect`);
  // AWS requires Effect; a statement without a readable Deny is checked as an Allow.
  if (typeof s.Effect === "string" && s.Effect.toLowerCase() === "deny") return PASS;
  const label = typeof s.Sid === "string" && s.Sid !== "" ? `${path} (Sid ${s.Sid})` : path;
  const outcomes: Outcome[] = [];
  if (s.NotAction !== undefined) {
    outcomes.push(violation(`${label} allows NotAction, which grants every action it does not list: name the actions to allow with Action`));
  }
  const actions = s.Action === UNKNOWN ? UNKNOWN : Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action];
  if (actions === UNKNOWN) return merge(...outcomes, unknownAt(`${path}.Action`));
  actions.forEach((action, i) => {
    if (action === UNKNOWN) outcomes.push(unknownAt(Array.isArray(s.Action) ? `${path}.Action.${i}` : `${path}.Action`));
    else if (typeof action === "string") {
      const reason = wildcardReason(action);
      if (reason) outcomes.push(violation(`${label} allows "${action}" (${reason}): name the exact actions it needs`));
    }
  });
  return merge(...outcomes);
}
