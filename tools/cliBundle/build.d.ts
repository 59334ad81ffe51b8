/** Types of build.js, for the tests (test/cliBundle.test.ts). */
export interface BuiltBundle {
  name: string;
  file: string;
  /** The bundle as written: its inputs line, then esbuild's output. */
  text: string;
}
export const OUT_DIR: string;
export const EXTERNAL: readonly string[];
export function bundlePath(root: string, name: string): string;
export function buildBundles(root: string, names: readonly string[]): Promise<BuiltBundle[]>;
export function writeBundles(root: string, names: readonly string[]): Promise<string[]>;
