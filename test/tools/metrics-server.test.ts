import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLokiStreams, parsePrometheusMatrix } from '../../src/ingest/index.ts';
import { createMetricsServer, openMetricsBackend } from '../../tools/metrics/index.ts';
import { allTextOf as text, callTool as call, connectInMemory } from './connect-in-memory.ts';

const DEMO = join(import.meta.dirname, '../../examples/demo-incident');

async function connect(bundleDir: string): Promise<Client> {
  return (await connectInMemory(createMetricsServer(await openMetricsBackend({ bundleDir, env: {} })))).client;
}

describe('metrics server over the demo bundle', () => {
  let client: Client;
  beforeAll(async () => { client = await connect(DEMO); });
  afterAll(async () => { await client.close(); });

  it('lists its five read-only tools with input and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['logs_query_range', 'metrics_list_label_values', 'metrics_list_series', 'metrics_query_instant', 'metrics_query_range']);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.outputSchema).toBeDefined();
    }
  });

  it('answers a range query at the native step with the file\'s own samples', async () => {
    const raw = JSON.parse(await readFile(join(DEMO, 'metrics/http_request_error_ratio.json'), 'utf8')) as {
      data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
    };
    const payments = raw.data.result.find((s) => s.metric.service === 'payments')!;
    const first = payments.values[0]![0];
    const last = payments.values.at(-1)![0];
    const result = await call(client, 'metrics_query_range', {
      query: 'http_request_error_ratio{service="payments"}',
      start: new Date(first * 1000).toISOString(),
      end: new Date(last * 1000).toISOString(),
      maxPoints: 11_000,
    });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>; stepSeconds: number; downsampled: boolean };
    expect(out.downsampled).toBe(false);
    expect(out.result).toHaveLength(1);
    expect(out.result[0]!.metric).toEqual(payments.metric);
    const expected = payments.values.filter(([, v]) => Number.isFinite(Number(v))).map(([t, v]) => [t, Number(v)]);
    expect(out.result[0]!.values.map(([t, v]) => [t, Number(v)])).toEqual(expected);
    // The output rebuilds with the ingest parser, as the agent's collector does.
    const reparsed = parsePrometheusMatrix(JSON.stringify({ status: 'success', data: out }), 'metrics/x.json');
    expect(reparsed.series[0]!.values.length).toBe(expected.length);
  });

  it('downsamples a long range to maxPoints and states the step', async () => {
    const result = await call(client, 'metrics_query_range', { query: '{__name__=~".+",service="checkout"}', maxPoints: 20 });
    const out = result.structuredContent as { result: Array<{ values: unknown[] }>; stepSeconds: number; downsampled: boolean; truncated: boolean };
    expect(out.downsampled).toBe(true);
    expect(out.result.length).toBeGreaterThan(3);
    for (const s of out.result) expect(s.values.length).toBeLessThanOrEqual(20);
    expect(text(result)).toContain(`step ${out.stepSeconds}s (downsampled)`);
  });

  it('bounds the number of series and says it truncated', async () => {
    const result = await call(client, 'metrics_query_range', { query: '{__name__=~".+"}', limit: 5, maxPoints: 10 });
    const out = result.structuredContent as { result: unknown[]; truncated: boolean };
    expect(out.result).toHaveLength(5);
    expect(out.truncated).toBe(true);
  });

  it('applies !=, =~ and !~ matchers', async () => {
    const result = await call(client, 'metrics_list_series', { match: '{__name__="http_request_error_ratio",service=~"pay.*|orders",service!="orders",service!~"x.*"}' });
    const out = result.structuredContent as { series: Array<Record<string, string>> };
    expect(out.series.map((s) => s.service)).toEqual(['payments']);
  });

  it('answers an instant query with the latest sample within 5 minutes', async () => {
    const result = await call(client, 'metrics_query_instant', { query: 'process_cpu_utilization{service="payments"}' });
    const out = result.structuredContent as { resultType: string; result: Array<{ value: [number, string] }> };
    expect(out.resultType).toBe('vector');
    expect(out.result).toHaveLength(1);
    expect(Number.isFinite(Number(out.result[0]!.value[1]))).toBe(true);
  });

  it('lists label values', async () => {
    const result = await call(client, 'metrics_list_label_values', { label: '__name__', limit: 3 });
    const out = result.structuredContent as { values: string[]; truncated: boolean };
    expect(out.values).toEqual(['cloud_cost_usd_per_hour', 'db_connections_in_use', 'http_request_duration_p99_seconds']);
    expect(out.truncated).toBe(true);
  });

  it('filters logs by stream selector and line filter, newest first, within the limit', async () => {
    const result = await call(client, 'logs_query_range', { query: '{level="error"} |= "timeout"', limit: 5 });
    const out = result.structuredContent as { resultType: string; result: Array<{ stream: Record<string, string>; values: Array<[string, string]> }>; truncated: boolean };
    const entries = out.result.flatMap((s) => s.values.map(([ns, line]) => ({ ns: BigInt(ns), line, level: s.stream.level })));
    expect(entries.length).toBe(5);
    for (const e of entries) {
      expect(e.level).toBe('error');
      expect(e.line).toContain('timeout');
    }
    // The output rebuilds with the ingest parser.
    expect(parseLokiStreams(JSON.stringify({ status: 'success', data: out }), 'logs/x.json').logs).toHaveLength(5);
    const forward = (await call(client, 'logs_query_range', { query: '{level="error"} |= "timeout"', limit: 5000, direction: 'forward' })).structuredContent as typeof out;
    const all = forward.result.flatMap((s) => s.values.map(([ns]) => BigInt(ns))).sort((a, b) => (a < b ? 1 : -1));
    expect(forward.truncated).toBe(false);
    expect(all.length).toBeGreaterThan(5);
    expect(entries.map((e) => e.ns).sort((a, b) => (a < b ? 1 : -1))).toEqual(all.slice(0, 5));
  });

  it('explains which PromQL the bundle backend cannot evaluate', async () => {
    const result = await call(client, 'metrics_query_range', { query: 'sum by (service) (rate(http_requests_per_second[5m]))' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/cannot evaluate .*is an aggregation.*selectors only/);
    const logs = await call(client, 'logs_query_range', { query: '{service="payments"} | json' });
    expect(logs.isError).toBe(true);
    expect(text(logs)).toMatch(/parsers and label filters.*not supported/);
  });

  it.each([
    ['metrics_query_range', { query: 'up', start: 'yesterday' }, 'start'],
    ['metrics_query_range', { query: 'up', maxPoints: 20_000 }, 'maxPoints'],
    ['metrics_query_range', { query: 'up', step: 'fast' }, 'step'],
    ['metrics_query_range', { query: 'up', start: '2026-03-04T16:00:00Z', end: '2026-03-04T15:00:00Z' }, 'start'],
    ['logs_query_range', { query: '{service="a"}', limit: 6000 }, 'limit'],
    ['logs_query_range', { query: 'service="a"' }, 'query'],
    ['metrics_list_label_values', { label: 'not a label' }, 'label'],
    ['metrics_list_series', {}, 'match'],
  ])('%s with bad arguments %j names %s', async (tool, args, argument) => {
    const result = await call(client, tool, args);
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(argument);
    // The server is still up.
    expect((await client.listTools()).tools.length).toBe(5);
  });
});
