import { open } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads the files of one bundle, one at a time, into a single buffer that grows to the largest file and is
 * reused. Reading each file into a fresh buffer touches as much new memory as the bundle is large (54 MB
 * for the large benchmark incident), and first touches of memory are what a large analysis spends most on
 * (see evals/BENCH.md). Reads queue behind each other, so callers may ask in parallel.
 */
export class BundleFileReader {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  /** The file decoded as UTF-8. */
  text(file: string): Promise<string> {
    return this.withBytes(file, (bytes) => bytes.toString('utf8'));
  }

  /**
   * Calls `use` with the file's bytes and hands back what it returns. The bytes are only valid during the
   * call: the next read overwrites them, so `use` must copy out whatever it keeps.
   */
  withBytes<T>(file: string, use: (bytes: Buffer) => T): Promise<T> {
    const result = this.queue.then(async () => use(await this.read(file)));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async read(file: string): Promise<Buffer> {
    const handle = await open(join(this.dir, file), 'r');
    try {
      const size = (await handle.stat()).size;
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2));
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(this.buffer, filled, size - filled, filled);
        if (bytesRead === 0) break; // the file shrank while we read it
        filled += bytesRead;
      }
      return this.buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }
}
