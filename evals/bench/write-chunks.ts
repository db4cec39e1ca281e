import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `chunks` to `path` through a stream with back-pressure, so a file of hundreds of MB is
 * never held as one string. Returns the number of bytes written (UTF-8).
 */
export async function writeChunks(path: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<number> {
  let bytes = 0;
  async function* counted(): AsyncGenerator<string> {
    for await (const chunk of chunks) {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  }
  await pipeline(Readable.from(counted(), { objectMode: false }), createWriteStream(path));
  return bytes;
}
