import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `parseArgs` for a CLI command: the parsed arguments, or — for an unknown option, a missing value and
 * the like — whatever `onUsageError` returns (the exit code, after it has written the usage).
 */
export function parseCommandArgs<T extends ParseArgsConfig, E>(config: T, onUsageError: (why: string) => E): ReturnType<typeof parseArgs<T>> | E {
  try {
    return parseArgs(config);
  } catch (error) {
    return onUsageError((error as Error).message);
  }
}
