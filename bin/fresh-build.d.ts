// Types of fresh-build.js, for the tests.
export const STAMP_FILE: string;

export interface BuildStamp {
  builtAt: string;
  entry: string;
  /** Path relative to the root → [mtimeMs, size]. */
  inputs: Record<string, [number, number]>;
  /** File name in the outdir → size. */
  outputs: Record<string, number>;
}

export function freshBuild(root: string, outdir?: string): string | undefined;
export function buildStamp(root: string, outdir: string, inputs: string[], options?: { entry?: string; builtAtMs?: number }): BuildStamp;
