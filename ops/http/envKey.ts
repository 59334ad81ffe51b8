/**
 * An API credential from the environment (DD_API_KEY, DD_APP_KEY, PAGERDUTY_TOKEN), checked
 * before it is put in a request header. A header value may not hold a line break or other
 * control character (RFC 9110 section 5.5, field values; fetch refuses them with a TypeError
 * whose message quotes the whole value), and none of these keys has a space or a character
 * outside printable ASCII. Every message names the variable and the problem, never the value.
 */

/** The trimmed value, or undefined when the variable is unset or blank. */
export function readEnvKey(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const problem = keyProblem(value);
  if (problem) throw new Error(`${name} is not a valid key (it contains ${problem}): export it exactly as the vendor shows it, from a secret store, never on the command line.`);
  return value;
}

/** What makes `value` unusable as a key, in words; undefined when it is fine. */
export function keyProblem(value: string): string | undefined {
  const header = headerValueProblem(value);
  if (header) return header;
  if (/\s/.test(value)) return "a space";
  if (/[^\x21-\x7e]/.test(value)) return "a character outside printable ASCII";
  return undefined;
}

/** What makes `value` unusable in any HTTP header (`Token token=...` has a space, and may). */
export function headerValueProblem(value: string): string | undefined {
  if (/[\r\n\u2028\u2029\u0085]/.test(value)) return "a line break";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/.test(value)) return "a control character";
  if (/[^\u0000-\u00ff]/.test(value)) return "a character outside Latin-1";
  return undefined;
}
