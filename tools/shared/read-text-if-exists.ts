import { readFile } from 'node:fs/promises';

/** Reads a UTF-8 file; a file that does not exist yet reads as empty (nothing stored so far). */
export async function readTextIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
