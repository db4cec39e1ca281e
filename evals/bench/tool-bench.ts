// `node bin/run.js evals/bench/tool-bench.ts [--scale 1] [--calls 40]`: p50/p95 latency of MCP tool
// calls on the bundle backends (Slack, alerts, changes) for the large benchmark incident, through the
// SDK client over in-memory transports. Target: p95 < 100 ms per call. The first call of each server
// (which reads the bundle files) is reported separately as "cold".
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createAlertsServer, openAlertsBackend } from '../../tools/alerts/index.ts';
import { createChangesServer, openChangesBackend } from '../../tools/changes/index.ts';
import { createSlackServer, openSlackBackend } from '../../tools/slack/index.ts';
import { ensureLargeIncident } from './make-large-incident.ts';
import { percentile } from './percentile.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, calls: { type: 'string', default: '40' } } });
const scale = Number(values.scale);
const calls = Number(values.calls);
if (!(scale > 0) || !(calls >= 1)) {
  process.stderr.write('usage: tool-bench.ts [--scale 1] [--calls 40]\n');
  process.exit(2);
}

const bundle = await ensureLargeIncident(scale);
const incident = JSON.parse(await readFile(join(bundle.dir, 'incident.json'), 'utf8')) as { channel: string; openedAt: string; resolvedAt?: string; services: string[] };
const openedMs = Date.parse(incident.openedAt);
const iso = (ms: number) => new Date(ms).toISOString();
const service = incident.services[0] ?? 'checkout';
process.stdout.write(`bundle ${bundle.dir} (scale ${scale}): ${bundle.stats.messages} messages, ${bundle.stats.alertPayloads} alert payloads, ${bundle.stats.changes} changes\n`);

/** Tool calls to time; each call gets a different window so no two are identical. */
type CallPlan = { tool: string; args: (i: number) => Record<string, unknown> };
const window = (i: number, minutes: number) => ({ start: iso(openedMs - (i % 10) * 5 * 60_000 - minutes * 60_000), end: iso(openedMs + (i % 10) * 5 * 60_000) });
const plans: Array<{ name: string; server: () => Promise<McpServer>; calls: CallPlan[] }> = [
  {
    name: 'slack',
    server: async () => createSlackServer(await openSlackBackend({ bundleDir: bundle.dir, env: {} })),
    calls: [
      { tool: 'slack_get_channel_history', args: (i) => ({ channel: incident.channel, ...window(i, 60), limit: 200 }) },
      { tool: 'slack_search_channel', args: (i) => ({ channel: incident.channel, query: ['rollback', 'error', 'deploy', 'latency'][i % 4], ...window(i, 120), limit: 50 }) },
      { tool: 'slack_list_users', args: () => ({ limit: 500 }) },
    ],
  },
  {
    name: 'alerts',
    server: async () => createAlertsServer(await openAlertsBackend({ bundleDir: bundle.dir, env: {} })),
    calls: [
      { tool: 'alerts_list_alerts', args: (i) => ({ ...window(i, 120), limit: 200 }) },
      { tool: 'alerts_get_notifications', args: (i) => ({ ...window(i, 30), limit: 500 }) },
    ],
  },
  {
    name: 'changes',
    server: async () => createChangesServer(await openChangesBackend({ bundleDir: bundle.dir, env: {} })),
    calls: [
      { tool: 'changes_list_changes', args: (i) => ({ ...window(i, 24 * 60), limit: 500 }) },
      { tool: 'changes_list_changes', args: (i) => ({ ...window(i, 24 * 60), service, limit: 100 }) },
    ],
  },
];

const rows: string[] = [];
const all: number[] = [];
for (const plan of plans) {
  const server = await plan.server();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'tool-bench', version: '0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const coldStarted = performance.now();
  const first = plan.calls[0] as CallPlan;
  await callOrFail(client, first.tool, first.args(0));
  const coldMs = performance.now() - coldStarted;
  rows.push(`${plan.name.padEnd(8)} cold first call (reads the bundle files) ${coldMs.toFixed(1)} ms`);
  for (const c of plan.calls) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      const result = await callOrFail(client, c.tool, c.args(i));
      times.push(performance.now() - started);
      bytes += JSON.stringify(result.structuredContent).length;
    }
    all.push(...times);
    rows.push(`${plan.name.padEnd(8)} ${c.tool.padEnd(28)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  (${calls} calls, avg ${Math.round(bytes / calls / 1024)} KiB out)`);
  }
  await client.close();
  await server.close();
}
process.stdout.write(`${rows.join('\n')}\n`);
const p95 = percentile(all, 95);
process.stdout.write(`all warm calls: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target < 100 ms): ${p95 < 100 ? 'met' : 'NOT met'}\n`);

async function callOrFail(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result;
}

