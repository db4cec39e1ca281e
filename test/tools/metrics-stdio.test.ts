import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusAvailable, startPrometheusWithBundle, type RunningPrometheus } from '../support/prometheus-server.ts';

const ROOT = join(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'examples/demo-incident');
const requirePrometheus = process.env.OPSIGHT_REQUIRE_PROMETHEUS === '1';

/** `opsight tool metrics …` as a child process, driven by the SDK client over its real stdin/stdout. */
async function spawnMetricsTool(args: string[], env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'bin/opsight.js'), 'tool', 'metrics', ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(transport);
  return client;
}

type Matrix = { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>; stepSeconds: number };

describe.skipIf(!prometheusAvailable() && !requirePrometheus)('opsight tool metrics over real stdio, live against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => { prometheus = await startPrometheusWithBundle(DEMO); }, 60_000);
  afterAll(async () => { await prometheus?.stop(); });

  it('answers the same range query live as from the bundle', async () => {
    const live = await spawnMetricsTool([], { PROMETHEUS_URL: prometheus.url });
    const bundle = await spawnMetricsTool(['--bundle', DEMO], {});
    try {
      const args = { query: 'http_request_duration_p99_seconds{service=~"payments|checkout"}', start: '2026-03-04T14:30:00Z', end: '2026-03-04T15:30:00Z', step: '2m' };
      const fromLive = (await live.callTool({ name: 'metrics_query_range', arguments: args })) as CallToolResult;
      const fromBundle = (await bundle.callTool({ name: 'metrics_query_range', arguments: args })) as CallToolResult;
      expect(fromLive.isError).toBeFalsy();
      const norm = (r: CallToolResult) => (r.structuredContent as Matrix).result
        .map((s) => ({ metric: s.metric, values: s.values.map(([t, v]) => [t, Number(v)]) }))
        .sort((a, b) => (a.metric.service ?? '').localeCompare(b.metric.service ?? ''));
      expect(norm(fromLive)).toHaveLength(2);
      expect(norm(fromLive)[0]!.values).toHaveLength(31);
      expect(norm(fromLive)).toEqual(norm(fromBundle));
    } finally {
      await live.close();
      await bundle.close();
    }
  }, 60_000);
});
