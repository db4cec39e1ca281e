import type { IncomingMessage } from 'node:http';

/** A request body read as UTF-8 text, or the HTTP status and message to answer with. */
export type RequestBody = { ok: true; text: string } | { ok: false; status: number; message: string };

/**
 * Reads a whole request body, refusing more than `maxBytes` (413) so a client cannot exhaust memory.
 * Never rejects: a broken connection comes back as a 400 result.
 */
export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: RequestBody) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, status: 413, message: `request body larger than ${maxBytes} bytes` });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', (error) => finish({ ok: false, status: 400, message: `could not read request body: ${error.message}` }));
  });
}
