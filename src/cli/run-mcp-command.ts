import { parseArgs } from 'node:util';
import { serveMcpServer } from '../../tools/shared/serve-mcp-server.ts';
import { AnalysisCache, createOpsightServer, LazyStore } from '../../tools/opsight/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/open-database.ts';
import type { CliIo } from './cli-io.ts';
import type { CliCommand } from './command-registry.ts';
import { reportUserError } from './report-user-error.ts';
import { waitForProcessShutdown } from './wait-for-process-shutdown.ts';
import { reportUsageError } from './report-usage-error.ts';

const USAGE = 'opsight mcp [--http PORT [--host HOST]]              serve opsight\'s analysis as MCP tools (stdio, or Streamable HTTP at /mcp)';

/** How `opsight mcp` waits until it should stop; tests and embedders can replace it. */
export type WaitForShutdown = (mode: 'stdio' | 'http') => Promise<void>;

/**
 * `opsight mcp`: serves analyze_incident, get_timeline, rank_signals, similar_incidents, draft_postmortem
 * and propose_commands over stdio (default; stdout is the protocol, messages go to stderr) or Streamable HTTP
 * (`--http PORT`, 127.0.0.1 unless `--host`). The store is opened on the first similar_incidents call.
 * Runs until stdin closes (stdio) or SIGINT/SIGTERM.
 */
export async function runMcpCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv, waitForShutdown: WaitForShutdown = waitForProcessShutdown): Promise<number> {
  let http: { port: number; host: string } | undefined;
  try {
    const { values } = parseArgs({ args, options: { http: { type: 'string' }, host: { type: 'string' } }, allowPositionals: false });
    if (values.http !== undefined) {
      const port = Number(values.http);
      if (!/^\d+$/.test(values.http) || port > 65535) throw new Error(`--http must be a port number 0–65535, got ${JSON.stringify(values.http)}`);
      http = { port, host: values.host ?? '127.0.0.1' };
    } else if (values.host !== undefined) {
      throw new Error('--host needs --http PORT');
    }
  } catch (error) {
    return reportUsageError(io, 'opsight mcp', (error as Error).message, `Usage: ${USAGE}`);
  }
  try {
    loadConfig(env); // Fail at start on a bad DATABASE_URL or OPSIGHT_DATA_DIR, not at the first similar_incidents call.
  } catch (error) {
    reportUserError(io, error);
    return 2;
  }
  const analyses = new AnalysisCache();
  const store = new LazyStore(async () => {
    const config = loadConfig(env);
    return openDatabase(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.OPSIGHT_DATA_DIR });
  });
  const served = await serveMcpServer(() => createOpsightServer({ analyses, store }), { http });
  io.stderr.write(served.url ? `opsight mcp: serving Streamable HTTP at ${served.url}\n` : 'opsight mcp: serving on stdio\n');
  try {
    await waitForShutdown(http ? 'http' : 'stdio');
  } finally {
    await served.close();
    await store.close();
  }
  return 0;
}

/** The `opsight mcp` entry of the command registry. */
export const mcpCommand: CliCommand = {
  usage: USAGE,
  run: (args, io, env) => runMcpCommand(args, io, env),
};
