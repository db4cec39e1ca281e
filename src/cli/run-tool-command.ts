import { parseArgs } from 'node:util';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createAlertsServer, openAlertsBackend, openAlertWebhookHandler } from '../../tools/alerts/index.ts';
import { createChangesServer, openChangesBackend, openChangeWebhookHandler } from '../../tools/changes/index.ts';
import { createMetricsServer, openMetricsBackend } from '../../tools/metrics/index.ts';
import { serveMcpServer, type HttpFallbackHandler, type ServedMcpServer } from '../../tools/shared/serve-mcp-server.ts';
import { createSlackServer, openSlackBackend } from '../../tools/slack/index.ts';
import type { CliIo } from './cli-io.ts';
import type { CliCommand } from './command-registry.ts';
import { reportUserError } from './report-user-error.ts';
import { waitForProcessShutdown } from './wait-for-process-shutdown.ts';
import { reportUsageError } from './report-usage-error.ts';
import { describeWebhookAuth } from '../../tools/shared/describe-webhook-auth.ts';

const USAGE =
  'opsight tool <slack|alerts|changes|metrics> [--bundle DIR] [--http PORT [--host HOST]]\n' +
  '                                                    serve one source as an MCP server (stdio, or Streamable HTTP at /mcp);\n' +
  '                                                    live without --bundle (alerts/changes also take webhooks under --http)';

/** A tool source: how to open its backend, make its server, and (live, HTTP only) receive webhooks. */
interface ToolSource {
  open(options: { bundleDir?: string; env: NodeJS.ProcessEnv }): Promise<() => McpServer>;
  webhooks?(env: NodeJS.ProcessEnv): { handler: HttpFallbackHandler; paths: string[] };
}

const SOURCES: Record<string, ToolSource> = {
  slack: { open: async (o) => { const b = await openSlackBackend(o); return () => createSlackServer(b); } },
  alerts: {
    open: async (o) => { const b = await openAlertsBackend(o); return () => createAlertsServer(b); },
    webhooks: (env) => ({ handler: openAlertWebhookHandler(env), paths: ['POST /webhooks/alertmanager', 'POST /webhooks/pagerduty'] }),
  },
  changes: {
    open: async (o) => { const b = await openChangesBackend(o); return () => createChangesServer(b); },
    webhooks: (env) => ({ handler: openChangeWebhookHandler(env), paths: ['POST /webhooks/cloudevents'] }),
  },
  metrics: { open: async (o) => { const b = await openMetricsBackend(o); return () => createMetricsServer(b); } },
};

/** How `opsight tool` waits until it should stop; tests drive the running server from here. */
export type WaitForToolShutdown = (mode: 'stdio' | 'http', served: ServedMcpServer) => Promise<void>;

/**
 * `opsight tool <source>`: serves one source's MCP tools from an incident bundle (`--bundle DIR`) or
 * live, over stdio (default: stdout carries only the protocol, messages go to stderr) or Streamable
 * HTTP (`--http PORT`, 127.0.0.1 unless `--host`; port 0 picks a free port). Live alerts and changes
 * under `--http` also receive webhooks on the same port and store them for the tools.
 * Returns 2 on bad usage or an unusable bundle/environment; runs until stdin closes or SIGINT/SIGTERM.
 */
export async function runToolCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv, waitForShutdown: WaitForToolShutdown = waitForProcessShutdown): Promise<number> {
  let parsed: { source: ToolSource; name: string; bundleDir?: string; http?: { port: number; host: string } };
  try {
    parsed = parseToolArgs(args);
  } catch (error) {
    return reportUsageError(io, 'opsight tool', (error as Error).message, `Usage: ${USAGE}`);
  }
  let createServer: () => McpServer;
  let webhooks: ReturnType<NonNullable<ToolSource['webhooks']>> | undefined;
  try {
    createServer = await parsed.source.open({ bundleDir: parsed.bundleDir, env });
    if (parsed.http && parsed.bundleDir === undefined) webhooks = parsed.source.webhooks?.(env);
  } catch (error) {
    reportUserError(io, error);
    return 2;
  }
  const served = await serveMcpServer(createServer, parsed.http ? { http: { ...parsed.http, fallback: webhooks?.handler } } : {});
  const from = parsed.bundleDir === undefined ? 'live sources' : `bundle ${parsed.bundleDir}`;
  io.stderr.write(
    served.url
      ? `opsight tool ${parsed.name}: serving ${from} over Streamable HTTP at ${served.url}\n` +
          (webhooks ? `opsight tool ${parsed.name}: receiving ${webhooks.paths.join(', ')} on the same port\n${webhookAuthLines(parsed.name, env, webhooks.paths)}` : '')
      : `opsight tool ${parsed.name}: serving ${from} on stdio\n`,
  );
  try {
    await waitForShutdown(parsed.http ? 'http' : 'stdio', served);
  } finally {
    await served.close();
  }
  return 0;
}

function parseToolArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { bundle: { type: 'string' }, http: { type: 'string' }, host: { type: 'string' } },
    allowPositionals: true,
  });
  const [name, ...extra] = positionals;
  if (name === undefined) throw new Error(`name a source: ${Object.keys(SOURCES).join(', ')}`);
  const source = SOURCES[name];
  if (!source) throw new Error(`unknown source ${JSON.stringify(name)}; choose one of ${Object.keys(SOURCES).join(', ')}`);
  if (extra.length > 0) throw new Error(`unexpected argument ${JSON.stringify(extra[0])}`);
  let http: { port: number; host: string } | undefined;
  if (values.http !== undefined) {
    const port = Number(values.http);
    if (!/^\d+$/.test(values.http) || port > 65535) throw new Error(`--http must be a port number 0-65535, got ${JSON.stringify(values.http)}`);
    http = { port, host: values.host ?? '127.0.0.1' };
  } else if (values.host !== undefined) {
    throw new Error('--host needs --http PORT');
  }
  return { source, name, bundleDir: values.bundle, http };
}

/** The `opsight tool` entry of the command registry. */
export const toolCommand: CliCommand = {
  usage: USAGE,
  run: (args, io, env) => runToolCommand(args, io, env),
};

/** The start-up warning (or note) about how the webhooks on `paths` are authenticated, one line each. */
function webhookAuthLines(name: string, env: NodeJS.ProcessEnv, paths: readonly string[]): string {
  const { warning, note } = describeWebhookAuth(env, paths.map((p) => p.replace(/^[A-Z]+ /, '')));
  return [warning && `opsight tool ${name}: warning: ${warning}\n`, note && `opsight tool ${name}: ${note}\n`].filter(Boolean).join('');
}
