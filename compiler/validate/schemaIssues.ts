/**
 * Turns zod issues into diagnostics that point at the YAML node and read as a sentence:
 * `slo lead-delivery: sli: missing required field "good"` rather than zod's defaults.
 */
import type { z } from "zod";
import type { Diagnostic, RuleId } from "../diagnostics";
import { positionOf, type YamlFile } from "../load/yamlFile";
import { valueAt, type Path } from "../path";
import { describeLocation, withContext } from "./context";
import { describeValue } from "./describeValue";
import { suggestion } from "./didYouMean";
import { allowedKeys, schemaAt } from "./schemaShape";

/** Plain words for zod's defaults; messages written on the schema itself take precedence. */
export const friendlyErrors: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      return iss.input === undefined ? "missing" : `expected ${article(iss.expected)}, found ${describeValue(iss.input)}`;
    case "too_small":
      return iss.origin === "array" ? `needs at least ${iss.minimum} item(s)` : `must be at least ${iss.minimum}`;
    case "too_big":
      return iss.origin === "array" ? `allows at most ${iss.maximum} item(s)` : `must be at most ${iss.maximum}`;
  }
  return undefined;
};

export function schemaDiagnostics(file: YamlFile, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  return issues.flatMap((issue) => toDiagnostics(file, schema, issue));
}

function toDiagnostics(file: YamlFile, schema: z.ZodType, issue: z.core.$ZodIssue): Diagnostic[] {
  const data = file.data;
  const path = issue.path as Path;
  const at = (p: Path, preferKey = false) => ({ file: file.file, ...positionOf(file.source, p, preferKey), severity: "error" as const });
  const field = path[path.length - 1];
  const parentContext = describeLocation(data, path.slice(0, -1));

  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeys(schemaAt(schema, data, path));
    const context = describeLocation(data, path);
    return issue.keys.map((key) => ({
      ...at([...path, key], true),
      rule: "unknown-key" as const,
      message: withContext(context, `unknown field "${key}"${suggestion(key, allowed)}`),
    }));
  }
  // Only zod's discriminated-union issue names a discriminator.
  const discriminator = (issue as { discriminator?: string }).discriminator;
  if (!discriminator && issue.code !== "custom" && valueAt(data, path) === undefined && typeof field === "string") {
    const options = issue.code === "invalid_value" ? ` (one of: ${issue.values.join(", ")})` : "";
    return [{ ...at(path), rule: "schema", message: withContext(parentContext, `missing required field "${field}"${options}`) }];
  }
  if (discriminator) {
    // Stryker disable next-line OptionalChaining,LogicalOperator,ArrayDeclaration: zod's discriminated union always lists its options on this issue (its discriminator lookup sets them), so the fallback is never taken.
    const options = (issue as { options?: unknown[] }).options?.map(String) ?? [];
    const value = valueAt(data, path);
    const message =
      value === undefined
        ? `missing required field "${discriminator}" (one of: ${options.join(", ")})`
        : `unknown ${discriminator} ${describeValue(value)}${suggestion(String(value), options)}`;
    return [{ ...at(path), rule: "schema", message: withContext(parentContext, message) }];
  }
  if (issue.code === "invalid_value") {
    const options = issue.values.map(String);
    const value = valueAt(data, path);
    return [{ ...at(path), rule: "schema", message: withContext(describeLocation(data, path), `${describeValue(value)} is not allowed${suggestion(String(value), options)}`) }];
  }
  // Only a custom issue (a refinement's) carries params: zod's own issues have none.
  const rule = (issue as { params?: { rule?: RuleId } }).params?.rule;
  return [{ ...at(path), rule: rule ?? "schema", message: withContext(describeLocation(data, path), issue.message) }];
}

function article(type: string): string {
  const names: Record<string, string> = { object: "a mapping of fields", array: "a list", string: "text", number: "a number", boolean: "true or false" };
  return names[type] ?? type;
}
