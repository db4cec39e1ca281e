import type { CliIo } from './cli-io.ts';

/** One `opsight <name> …` subcommand that parses its own arguments. */
export interface CliCommand {
  /** Lines for `opsight help`, each starting with `opsight <name>`. */
  usage: string;
  /** Runs with the arguments after the command name; returns the exit code (0 ok, 2 bad input, 1 bug). */
  run(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number>;
}

/**
 * Subcommands that live in their own modules (tools, agent, executor, Slack, jobs …), loaded only when
 * run: `opsight tool slack` must not pay for Bolt, pg-boss and the OpenAI SDK at start-up. Each area
 * adds one entry here; `main.ts` keeps only the analysis commands it always had.
 */
export const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import('./run-serve-command.ts')).serveCommand,
  tool: async () => (await import('./run-tool-command.ts')).toolCommand,
  mcp: async () => (await import('./run-mcp-command.ts')).mcpCommand,
  audit: async () => (await import('./run-audit-command.ts')).auditCommand,
  executor: async () => (await import('./run-executor-command.ts')).executorCommand,
  proposals: async () => (await import('./run-proposals-command.ts')).proposalsCommand,
  clusters: async () => (await import('./run-clusters-command.ts')).clustersCommand,
  retro: async () => (await import('./run-retro-command.ts')).retroCommand,
  worker: async () => (await import('./run-worker-command.ts')).workerCommand,
  ask: async () => (await import('./run-ask-command.ts')).askCommand,
};
