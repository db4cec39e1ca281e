import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { McpToolInfo, McpToolResult } from '../../src/agent/mcp/mcp-client-manager.ts';
import type { ToolCaller } from '../../src/agent/mcp/call-structured-tool.ts';

type Handler = (args: Record<string, unknown>) => unknown;

/** Every call a double received, for assertions on what the collector asked. */
export interface RecordedCall {
  name: string;
  args: Record<string, unknown>;
}

/**
 * A ToolCaller that answers the MCP tool contract from an incident bundle's files, in small pages
 * (so the collector must follow `nextCursor`). Time arguments are ignored: it always serves everything.
 * `overrides` replace or (with `undefined`) remove tools.
 */
export function bundleContractDouble(bundleDir: string, overrides: Record<string, Handler | undefined> = {}) {
  const read = (file: string) => readFileSync(join(bundleDir, file), 'utf8');
  const jsonl = (file: string) => read(file).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  const channels = JSON.parse(read('slack/channels.json')) as Array<{ id: string; name: string }>;
  const messagesOf = (name: string) =>
    readdirSync(join(bundleDir, 'slack', name))
      .sort()
      .flatMap((f) => JSON.parse(read(`slack/${name}/${f}`)) as Array<{ ts: string; thread_ts?: string; subtype?: string }>);
  const channelOf = (idOrName: unknown) => {
    const c = channels.find((ch) => ch.id === idOrName || ch.name === idOrName);
    if (!c) throw new Error(`unknown channel ${String(idOrName)}`);
    return { id: c.id, name: c.name };
  };
  const alertFiles = readdirSync(join(bundleDir, 'alerts')).sort();
  const matrices = readdirSync(join(bundleDir, 'metrics')).sort().flatMap((f) => (JSON.parse(read(`metrics/${f}`)) as { data: { result: unknown[] } }).data.result);
  const streams = readdirSync(join(bundleDir, 'logs')).sort().flatMap((f) => (JSON.parse(read(`logs/${f}`)) as { data: { result: unknown[] } }).data.result);

  const handlers: Record<string, Handler> = {
    slack_get_channel_history: (a) => {
      const channel = channelOf(a.channel);
      const top = messagesOf(channel.name).filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast');
      return { channel, ...page(top, a, 40, 'messages') };
    },
    slack_get_thread_replies: (a) => {
      const channel = channelOf(a.channel);
      const thread = messagesOf(channel.name).filter((m) => m.ts === a.threadTs || m.thread_ts === a.threadTs);
      return { channel, ...page(thread, a, 3, 'messages') };
    },
    slack_list_users: (a) => page(JSON.parse(read('slack/users.json')) as unknown[], a, 4, 'users'),
    alerts_get_notifications: (a) => {
      const am = alertFiles.filter((f) => !f.endsWith('.pagerduty.jsonl')).flatMap((f) => jsonl(`alerts/${f}`));
      const pd = alertFiles.filter((f) => f.endsWith('.pagerduty.jsonl')).flatMap((f) => jsonl(`alerts/${f}`));
      // One page of each kind per call, as a server paging both lists together would.
      const offset = Number(a.cursor ?? 0);
      const size = 5;
      const more = offset + size < Math.max(am.length, pd.length);
      return { alertmanager: am.slice(offset, offset + size), pagerduty: pd.slice(offset, offset + size), truncated: more, ...(more ? { nextCursor: String(offset + size) } : {}) };
    },
    metrics_query_range: (a) => {
      const limit = Number(a.limit ?? 50);
      return { resultType: 'matrix', result: matrices.slice(0, limit), stepSeconds: 60, downsampled: false, truncated: matrices.length > limit };
    },
    logs_query_range: () => ({ resultType: 'streams', result: streams, truncated: false }),
    changes_list_changes: (a) => page(jsonl('changes.jsonl'), a, 7, 'events'),
  };
  for (const [name, handler] of Object.entries(overrides)) {
    if (handler) handlers[name] = handler;
    else delete handlers[name];
  }

  const calls: RecordedCall[] = [];
  const tools: ToolCaller = {
    async listTools(): Promise<McpToolInfo[]> {
      return Object.keys(handlers).map((name) => ({ server: 'double', name, inputSchema: { type: 'object' } }));
    },
    async callTool(name, args = {}): Promise<McpToolResult> {
      calls.push({ name, args });
      const handler = handlers[name];
      if (!handler) return { ok: false, isError: false, text: `no connected MCP server offers tool ${name}` };
      const structuredContent = handler(args);
      return { ok: true, isError: false, text: 'ok', structuredContent };
    },
  };
  return { tools, calls };
}

function page(records: unknown[], args: Record<string, unknown>, size: number, key: string): Record<string, unknown> {
  const offset = Number(args.cursor ?? 0);
  const more = offset + size < records.length;
  return { [key]: records.slice(offset, offset + size), truncated: more, ...(more ? { nextCursor: String(offset + size) } : {}) };
}
