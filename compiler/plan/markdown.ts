/** Escaping for the markdown this project writes (plan comment, budget gate, report, postmortem). */

/** Inline text that must show literally: markdown's punctuation, and HTML's angle brackets, escaped. */
export const escapeMd = (s: string) => s.replace(/([\\`*_[\]<>|])/g, "\\$1");

/**
 * Text inside a table cell (or a one-line list item): one line, since a newline ends the row,
 * and pipes escaped, since a pipe starts the next cell. Other markdown is left to render.
 */
export const tableCell = (s: string) => s.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
