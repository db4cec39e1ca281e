import type { CliIo } from './cli-io.ts';

/**
 * Writes a usage mistake to stderr — `<command>: <why>`, then the usage text as given (indented or
 * prefixed by the caller) — and returns exit code 2, the code for bad usage.
 */
export function reportUsageError(io: CliIo, command: string, why: string, usage: string): 2 {
  io.stderr.write(`${command}: ${why}\n${usage}\n`);
  return 2;
}
