/** Types of prepare.js, for the tests (test/cliBundle.test.ts). */
export function scriptCommands(scripts: Readonly<Record<string, string>>): string[];
