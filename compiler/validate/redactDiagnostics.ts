/**
 * The last step of validation: every diagnostic's message (and file name) through the one
 * redaction (compiler/redact.ts), with the values literal-secret flagged, so no rule can
 * repeat a secret: "there is no team <secret>", "unknown field <secret>", a did-you-mean, an id
 * in a message's context. What check prints, as text or JSON, and the plan's refusal come from here.
 */
import type { Diagnostic } from "../diagnostics";
import { redactor } from "../redact";

export function redactDiagnostics(diagnostics: readonly Diagnostic[], secrets: readonly string[]): Diagnostic[] {
  const redact = redactor(secrets);
  return diagnostics.map((d) => {
    const message = redact(d.message);
    const file = redact(d.file);
    return message === d.message && file === d.file ? d : { ...d, message, file };
  });
}
