import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A sink that appends each record as one JSON line to `file` (creating its directory), one write at a
 * time so concurrent webhook deliveries never interleave within a line.
 */
export function appendJsonl(file: string): (record: unknown) => Promise<void> {
  let queue: Promise<void> = mkdir(dirname(file), { recursive: true }).then(() => undefined);
  return (record) => {
    const line = `${JSON.stringify(record)}\n`;
    const write = queue.then(() => appendFile(file, line, 'utf8'));
    queue = write.catch(() => undefined);
    return write;
  };
}
