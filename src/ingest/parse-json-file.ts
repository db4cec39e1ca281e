import { BundleError } from '../domain/index.ts';

/**
 * `JSON.parse` of a whole bundle file; invalid JSON is a BundleError naming the file and, when the
 * engine tells, the line and column of the first bad character.
 */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return throwInvalidJson(file, text, reason);
  }
}

function throwInvalidJson(file: string, text: string, reason: string): never {
  const position = /position (\d+)/.exec(reason);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new BundleError(file, `line ${line} column ${column}`, 'valid JSON', text.slice(offset, offset + 40));
  }
  throw new BundleError(file, '(file)', 'valid JSON', text.trim() === '' ? '(empty file)' : reason);
}
