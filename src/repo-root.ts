import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * An absolute path inside the opsight package (`repoPath('prompts')`; `repoPath()` is the root itself).
 *
 * The root is the first directory above this module whose package.json is named `opsight`, so the
 * answer is the same whether the code runs from `src/` (tsx) or from a bundle chunk in `dist/`.
 */
export function repoPath(...segments: string[]): string {
  root ??= findRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root, ...segments);
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isOpsightPackage(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named "opsight" above ${start}`);
  }
}

function isOpsightPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'opsight';
  } catch {
    return false;
  }
}
