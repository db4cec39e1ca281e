import type { IncomingMessage } from 'node:http';

/** A request body read as UTF-8 text, or the HTTP status and message to answer with. */
export type RequestBody = { ok: true; text: string } | { ok: false; status: number; message: string };

/** A request body as the exact bytes received (signatures are computed over them), or the status and message to answer with. */
export type RequestBytes = { ok: true; bytes: Buffer } | { ok: false; status: number; message: string };

/**
 * Reads a whole request body, refusing more than `maxBytes` (413) so a client cannot exhaust memory.
 * Never rejects: a broken connection comes back as a 400 result.
 */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  const body = await readRequestBytes(req, maxBytes);
  return body.ok ? { ok: true, text: body.bytes.toString('utf8') } : body;
}

/** `readRequestBody`, but the bytes unchanged. */
export function readRequestBytes(req: IncomingMessage, maxBytes: number): Promise<RequestBytes> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: RequestBytes) => {
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
    req.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks) }));
    req.on('error', (error) => finish({ ok: false, status: 400, message: `could not read request body: ${error.message}` }));
  });
}
