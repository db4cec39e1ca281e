// `node bin/run.js evals/bench/metrics-tool-bench.ts [--scale 1] [--runs 40]`: latency of the metrics
// tool server's bundle backend on the large benchmark incident, through a real MCP client/server pair
// (in-memory transport: argument and output validation included). Prints p50/p95/max per query and
// per tool; the target is p95 < 100 ms for every tool call after the first (which reads the bundle).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseArgs } from 'node:util';
import { BundleMetricsBackend, createMetricsServer } from '../../tools/metrics/index.ts';
import { ensureLargeIncident } from './make-large-incident.ts';
import { percentile } from './percentile.ts';

const { values: opts } = parseArgs({ options: { scale: { type: 'string', default: '1' }, runs: { type: 'string', default: '40' } } });
const scale = Number(opts.scale);
const runs = Number(opts.runs);
if (!(scale > 0) || !(runs >= 1)) {
  process.stderr.write('usage: metrics-tool-bench.ts [--scale 1] [--runs 40]\n');
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
say(`preparing the ${scale}× benchmark incident …`);
const { dir, stats } = await ensureLargeIncident(scale);
say(`${dir}: ${stats.series} series, ${stats.samples} samples, ${stats.logLines} log lines`);

const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
await createMetricsServer(new BundleMetricsBackend(dir)).connect(serverSide);
const client = new Client({ name: 'metrics-tool-bench', version: '0' });
await client.connect(clientSide);

async function call(name: string, args: Record<string, unknown>): Promise<{ ms: number; result: CallToolResult }> {
  const started = performance.now();
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const ms = performance.now() - started;
  if (result.isError) throw new Error(`${name} ${JSON.stringify(args)} failed: ${JSON.stringify(result.content)}`);
  return { ms, result };
}

// First calls read and parse the bundle's files: reported apart from the steady state.
const firstMetrics = await call('metrics_list_label_values', { label: 'service', limit: 1000 });
const firstLogs = await call('logs_query_range', { query: '{level="error"}', limit: 1 });
say(`first metrics call (reads metrics/*.json): ${firstMetrics.ms.toFixed(0)} ms; first logs call (reads logs/*.json): ${firstLogs.ms.toFixed(0)} ms`);
const services = (firstMetrics.result.structuredContent as { values: string[] }).values;
const service = (i: number) => services[(i * 7) % services.length] as string;

const cases: Array<{ tool: string; label: string; args: (i: number) => Record<string, unknown> }> = [
  { tool: 'metrics_query_range', label: 'one series, whole range, maxPoints 300', args: (i) => ({ query: `http_request_error_ratio{service="${service(i)}"}` }) },
  { tool: 'metrics_query_range', label: 'one series, full resolution (maxPoints 11000)', args: (i) => ({ query: `http_requests_per_second{service="${service(i)}"}`, maxPoints: 11_000 }) },
  { tool: 'metrics_query_range', label: 'all metrics of a service {service="…"}', args: (i) => ({ query: `{service="${service(i)}"}` }) },
  { tool: 'metrics_query_range', label: 'regex over every series, 50 series', args: () => ({ query: '{__name__=~"http_.+"}', limit: 50 }) },
  { tool: 'metrics_query_range', label: 'collector: one metric of all services, limit 500', args: () => ({ query: 'http_request_error_ratio', limit: 500, maxPoints: 100 }) },
  { tool: 'logs_query_range', label: 'one service, newest 200', args: (i) => ({ query: `{service="${service(i)}"}` }) },
  { tool: 'logs_query_range', label: 'errors with a line filter, 200', args: () => ({ query: '{level="error"} |= "upstream"' }) },
  { tool: 'logs_query_range', label: 'everything, regex filter, 5000 forward', args: () => ({ query: '{level=~".+"} |~ "trace_id=[0-9a-f]{4}"', limit: 5000, direction: 'forward' }) },
];

const byTool = new Map<string, number[]>();
say('');
say(`| tool | query | returned (last run) | p50 (ms) | p95 (ms) | max (ms) | runs |`);
say(`|---|---|---|---:|---:|---:|---:|`);
for (const c of cases) {
  const times: number[] = [];
  let returned = '';
  for (let i = 0; i < runs; i++) {
    const { ms, result } = await call(c.tool, c.args(i));
    times.push(ms);
    returned = describeSize(result);
  }
  byTool.set(c.tool, [...(byTool.get(c.tool) ?? []), ...times]);
  say(`| ${c.tool} | ${c.label} | ${returned} | ${fmt(percentile(times, 50))} | ${fmt(percentile(times, 95))} | ${fmt(Math.max(...times))} | ${runs} |`);
}
say('');
for (const [tool, times] of byTool) {
  const p95 = percentile(times, 95);
  say(`${tool}: p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(p95)} ms over ${times.length} calls — target p95 < 100 ms: ${p95 < 100 ? 'met' : 'NOT met'}`);
}
await client.close();


/** Series and points (metrics) or streams and lines (logs) of one answer. */
function describeSize(result: CallToolResult): string {
  const out = result.structuredContent as { result: Array<{ values: unknown[] }>; truncated: boolean };
  const n = out.result.reduce((sum, s) => sum + s.values.length, 0);
  const unit = out.result[0] && 'stream' in out.result[0] ? ['streams', 'lines'] : ['series', 'points'];
  return `${out.result.length} ${unit[0]}, ${n} ${unit[1]}${out.truncated ? ', truncated' : ''}`;
}

function fmt(ms: number): string {
  return ms.toFixed(1);
}
