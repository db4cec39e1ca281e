import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listBundleFiles } from '../../src/ingest/index.ts';
import type { ChangeSnapshot, ChangesBackend } from './changes-backend.ts';
import { readChangeLines } from './read-change-lines.ts';

/**
 * Serves the `changes.jsonl` of an incident bundle, read raw once on first use (a bundle without one
 * has no changes). Throws a UserError when `dir` is not a directory.
 */
export async function openChangesBundleBackend(dir: string): Promise<ChangesBackend> {
  const files = await listBundleFiles(dir);
  let loaded: Promise<ChangeSnapshot> | undefined;
  const load = async (): Promise<ChangeSnapshot> =>
    files.changes ? readChangeLines(files.changes, await readFile(join(dir, files.changes), 'utf8')) : { changes: [], problems: [] };
  return { description: `bundle ${dir}`, snapshot: () => (loaded ??= load()) };
}
