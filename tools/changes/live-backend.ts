import { readTextIfExists } from '../shared/read-text-if-exists.ts';
import type { ChangesBackend } from './changes-backend.ts';
import { readChangeLines } from './read-change-lines.ts';

/**
 * Serves the change store the CloudEvents webhook receiver appends to (`OPSIGHT_CHANGES_FILE`, same
 * format as a bundle's `changes.jsonl`), re-read on each call so new events show up at once.
 */
export function createChangesLiveBackend(options: { storeFile: string }): ChangesBackend {
  return {
    description: `change store ${options.storeFile}`,
    snapshot: async () => readChangeLines(options.storeFile, await readTextIfExists(options.storeFile)),
  };
}
