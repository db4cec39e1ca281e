import type { CliIo } from './cli-io.ts';
import { mcpCommand } from './run-mcp-command.ts';
import { auditCommand } from './run-audit-command.ts';
import { executorCommand } from './run-executor-command.ts';
import { proposalsCommand } from './run-proposals-command.ts';
import { clustersCommand } from './run-clusters-command.ts';
import { retroCommand } from './run-retro-command.ts';
import { workerCommand } from './run-worker-command.ts';
import { serveCommand } from './run-serve-command.ts';
import { toolCommand } from './run-tool-command.ts';

/** One `opsight <name> …` subcommand that parses its own arguments. */
export interface CliCommand {
  /** Lines for `opsight help`, each starting with `opsight <name>`. */
  usage: string;
  /** Runs with the arguments after the command name; returns the exit code (0 ok, 2 bad input, 1 bug). */
  run(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number>;
}

/**
 * Subcommands that live in their own modules (tools, agent, executor, Slack, jobs …). Each area adds
 * its entry here; `main.ts` keeps only the analysis commands it always had.
 */
export const COMMANDS: Record<string, CliCommand> = {
  serve: serveCommand,
  tool: toolCommand,
  mcp: mcpCommand,
  audit: auditCommand,
  executor: executorCommand,
  proposals: proposalsCommand,
  clusters: clustersCommand,
  retro: retroCommand,
  worker: workerCommand,
};
