/** Types of inputs.js, for the tests (test/cliBundle.test.ts). */
/** [path relative to the repository, size, mtimeMs, SHA-256 hex] */
export type InputEntry = [string, number, number, string];
export interface BundleHeader {
  format: number;
  entry: string;
  inputs: InputEntry[];
}
export type BundleState = { fresh: true; touched: [string, number][] } | { fresh: false; reason: string };
export const OUT_DIR: string;
export const HEADER_PREFIX: string;
export const FORMAT: number;
export function bundlePath(root: string, name: string): string;
export function readHeader(file: string): BundleHeader | undefined;
export function parseHeader(line: string): BundleHeader | undefined;
export function headerLine(header: BundleHeader): string;
export function bundleState(root: string, file: string, entry: string): BundleState;
export function refreshMtimes(file: string, touched: readonly [string, number][]): void;
