import type { CliIo } from '../cli-io.ts';

/** A CliIo that keeps what the CLI wrote, for tests. */
export function captureIo() {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => { out += s; } },
    stderr: { write: (s: string) => { err += s; } },
  };
  return { io, out: () => out, err: () => err };
}
