/**
 * Diagnostics: what `check` reports, in the graphql-js / Spectral shape
 * `file:line:col: severity: message [rule-id]`.
 */

export type Severity = "error" | "warning";

/** Every rule `check` can report; the id is printed in brackets so people can search the README for it. */
export const RULES = [
  "yaml-syntax",
  "inventory-version",
  "unknown-kind",
  "schema",
  "unknown-key",
  "duplicate-id",
  "unresolved-reference",
  "runbook-missing",
  "runbook-section-missing",
  "runbook-section-empty",
  "runbook-placeholder",
  "failure-mode-heading-missing",
  "forwarder-runbook",
  "objective-range",
  "slo-window",
  "literal-secret",
  "placeholder",
  "invalid-time-zone",
  "top-revenue-coverage",
  "burn-tier-dropped",
  "query-syntax",
  "threshold-aggregation",
  "sli-stream",
  "unknown-resource",
  "runbook-stale-reference",
  "objective-precision",
  "pagerduty-service-name",
  "after-hours-coverage",
  "monitor-window",
  "anomaly-window",
  "anomaly-seasonality",
  "transform-syntax",
  "transform-test-failed",
  "message-injection",
  /** `${` in an inventory string, which the deployment would replace with another resource's value (compiler/referenceSyntax.ts). */
  "reference-syntax",
  "unreadable-file",
  "file-too-large",
  "invalid-text",
  "alert-test-file",
  "alert-test-duplicate-name",
  "alert-test-values",
  "alert-test-series",
  "alert-test-unread-metric",
  "alert-test-after-input",
  "alert-test-unknown-monitor",
  "alert-test-not-created",
  "alert-test-anomaly",
  "alert-test-contradiction",
  /** Alert tests of one integration that would have simulate evaluate more monitor-minutes than it allows. */
  "alert-test-budget",
  "maintenance-window",
  "maintenance-recurrence",
  "maintenance-past",
  "maintenance-scope",
  /** A change freeze whose end is not after its start. */
  "freeze-window",
  /** Two change freezes of the same scope whose windows overlap. */
  "freeze-overlap",
  /** A change freeze scoped to an integration or team that does not exist. */
  "freeze-scope",
] as const;
export type RuleId = (typeof RULES)[number];

/** A 1-based position in a source file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic extends Position {
  /** Path as given to the loader (relative to the working directory when the CLI runs). */
  readonly file: string;
  readonly severity: Severity;
  readonly message: string;
  readonly rule: RuleId;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.severity, b.severity) ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted, with exact repeats removed (two rules may reach the same node by different routes). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  return sorted.filter((d, i) => i === 0 || compareDiagnostics(d, sorted[i - 1]) !== 0);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${escapeControls(d.file)}:${d.line}:${d.column}: ${d.severity}: ${escapeControls(d.message)} [${d.rule}]`;
}

// C0 and C1 controls, DEL and the Unicode line and paragraph separators: a value quoted in a
// message, or a file name, could otherwise break a diagnostic into two lines (forging one) or
// drive the terminal of whoever reads the CI log.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text fit for one line of a log: control characters shown as \uXXXX escapes. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function summarize(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { errors, warnings: diagnostics.length - errors };
}
