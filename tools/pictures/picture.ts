/**
 * A README picture: the file it is written to under docs/images/, the alt text README gives it,
 * and how to draw it from the sample, in memory. `npm run pictures` writes them all; a test draws
 * them again and compares (test/pictures.test.ts).
 */
export interface Picture {
  /** File name under docs/images/. */
  readonly file: string;
  /** README's alt text for it: what it shows, for readers who cannot see it. */
  readonly alt: string;
  /** The picture's text (SVG), drawn from committed inputs only: the same bytes on every machine. */
  render(): Promise<string>;
}

/** Where the pictures are written, from the repository root. */
export const IMAGES_DIR = "docs/images";
