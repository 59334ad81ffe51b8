/** Types of codeCache.js, for the tests (test/cliBundle.test.ts). */
export function runWithCodeCache(file: string): boolean;
export function cacheFileOf(file: string): string;
