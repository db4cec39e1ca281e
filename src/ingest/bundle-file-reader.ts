import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the files of one bundle into a single buffer that grows to the largest file and is reused.
 * Reading each file into a fresh buffer touches as much new memory as the bundle is large (54 MB for the
 * large benchmark incident), and first touches of memory are much of what a large analysis costs (see
 * evals/BENCH.md). Each file is read synchronously and handed to its consumer at once, so reads never
 * interleave: from the page cache a read takes well under a millisecond, while four thread-pool round trips
 * per file (open, stat, read, close) left the main thread idle for a fifth of the metrics' parse time.
 */
export class BundleFileReader {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly dir: string) {}

  /** The file decoded as UTF-8. */
  async text(file: string): Promise<string> {
    return this.read(file).toString('utf8');
  }

  /**
   * Calls `use` with the file's bytes and hands back what it returns. The bytes are only valid during the
   * call: the next read overwrites them, so `use` must copy out whatever it keeps.
   */
  async withBytes<T>(file: string, use: (bytes: Buffer) => T): Promise<T> {
    return use(this.read(file));
  }

  private read(file: string): Buffer {
    const fd = openSync(join(this.dir, file), 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2));
      let filled = 0;
      while (filled < size) {
        const bytesRead = readSync(fd, this.buffer, filled, size - filled, filled);
        if (bytesRead === 0) break; // the file shrank while we read it
        filled += bytesRead;
      }
      return this.buffer.subarray(0, filled);
    } finally {
      closeSync(fd);
    }
  }
}
