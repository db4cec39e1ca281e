import { OpsightError } from '../domain/index.ts';
import type { CliIo } from './cli-io.ts';

/**
 * Writes an expected failure (bad input, unreachable store) to stderr for the user; anything else is
 * a bug and is thrown on, so it surfaces as an internal error with its stack.
 */
export function reportUserError(io: CliIo, error: unknown): void {
  if (!(error instanceof OpsightError)) throw error;
  io.stderr.write(`opsight: ${error.message}\n`);
}
