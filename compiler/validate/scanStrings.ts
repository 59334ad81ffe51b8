/**
 * literal-secret and placeholder: scans every text value of a file, valid shape or not,
 * so a pasted credential is caught even in a file with other mistakes. Messages never
 * repeat the secret.
 */
import type { Diagnostic } from "../diagnostics";
import { positionOf, type SourceMap } from "../load/yamlFile";
import type { Path } from "../path";
import { PLACEHOLDER } from "../runbookSections";
import { describeLocation, withContext } from "./context";
import { CONFIG_KEY_PATTERN, hasSecretPrefix, looksLikeSecret } from "./secretPatterns";

const PLACEHOLDER_RE = new RegExp(`\\b${PLACEHOLDER}\\b`);

/** A scaffold placeholder left in a value (or a list of them). */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === "string" ? PLACEHOLDER_RE.test(value) : Array.isArray(value) && value.some(isPlaceholder);
}

export function scanStrings(file: string, data: unknown, source: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: Path, rule: Diagnostic["rule"], message: string) =>
    out.push({ file, ...positionOf(source, path), severity: "error", rule, message: withContext(describeLocation(data, path), message) });
  const visit = (value: unknown, path: Path): void => {
    if (typeof value === "string") {
      const field = path[path.length - 1];
      if (field === "secretConfigKey") {
        if (looksLikeSecret(value) || !CONFIG_KEY_PATTERN.test(value)) {
          report(path, "literal-secret", `must name a Pulumi config key (for example hubspotWebhookSecret) whose value is set with "pulumi config set --secret"; this looks like ${looksLikeSecret(value) ? "the secret itself" : "something else"}. Remove it from the file and rotate it if it was real`);
        }
      } else if (hasSecretPrefix(value)) {
        report(path, "literal-secret", `contains what looks like a credential; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real`);
      }
      if (PLACEHOLDER_RE.test(value)) report(path, "placeholder", `still holds the placeholder ${PLACEHOLDER}; replace it with the real value`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    }
  };
  visit(data, []);
  return out;
}
