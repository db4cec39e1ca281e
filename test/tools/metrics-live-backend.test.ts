import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleMetricsBackend, createMetricsServer, LiveMetricsBackend, openMetricsBackend, type MetricsBackend } from '../../tools/metrics/index.ts';
import { prometheusAvailable, startPrometheusWithBundle, type RunningPrometheus } from '../support/prometheus-server.ts';
import { allTextOf as text, callTool as call, connectInMemory } from './connect-in-memory.ts';

const DEMO = join(import.meta.dirname, '../../examples/demo-incident');
const requirePrometheus = process.env.OPSIGHT_REQUIRE_PROMETHEUS === '1';

async function connect(backend: MetricsBackend): Promise<Client> {
  return (await connectInMemory(createMetricsServer(backend))).client;
}

type Matrix = { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>; stepSeconds: number };

/** Labels → [time, number] pairs, for comparing answers whose value strings may be formatted differently. */
function byLabels(matrix: Matrix): Map<string, Array<[number, number]>> {
  return new Map(matrix.result.map((s) => [JSON.stringify(Object.entries(s.metric).sort()), s.values.map(([t, v]): [number, number] => [t, Number(v)])]));
}

/** First and last sample time (unix s) of the demo bundle's error-ratio file. */
async function demoRange(): Promise<{ start: string; end: string }> {
  const raw = JSON.parse(await readFile(join(DEMO, 'metrics/http_request_error_ratio.json'), 'utf8')) as { data: Matrix };
  const times = raw.data.result.flatMap((s) => s.values.map(([t]) => t));
  return { start: new Date(Math.min(...times) * 1000).toISOString(), end: new Date(Math.max(...times) * 1000).toISOString() };
}

describe.skipIf(!prometheusAvailable() && !requirePrometheus)('live backend against a real Prometheus loaded with the demo bundle', () => {
  let prometheus: RunningPrometheus;
  let live: Client;
  let bundle: Client;
  let range: { start: string; end: string };

  beforeAll(async () => {
    prometheus = await startPrometheusWithBundle(DEMO);
    live = await connect(await openMetricsBackend({ env: { PROMETHEUS_URL: prometheus.url } }));
    bundle = await connect(new BundleMetricsBackend(DEMO));
    range = await demoRange();
  }, 60_000);
  afterAll(async () => {
    await live?.close();
    await bundle?.close();
    await prometheus?.stop();
  });

  it.each([
    ['http_request_error_ratio{service="payments"}', 11_000],
    ['{__name__=~".+",service=~"payments|checkout"}', 300],
    ['db_connections_in_use', 40],
  ])('%s (maxPoints %i) returns the same series and values as the bundle backend', async (query, maxPoints) => {
    const args = { query, ...range, maxPoints, limit: 500 };
    const fromBundle = (await call(bundle, 'metrics_query_range', args)).structuredContent as Matrix;
    // The live backend's default step is 15 s; pass the bundle's step so both evaluate at the same instants.
    const fromLive = await call(live, 'metrics_query_range', { ...args, step: fromBundle.stepSeconds });
    expect(fromLive.isError).toBeFalsy();
    const liveMatrix = fromLive.structuredContent as Matrix;
    expect(liveMatrix.stepSeconds).toBe(fromBundle.stepSeconds);
    expect(fromBundle.result.length).toBeGreaterThan(0);
    expect(byLabels(liveMatrix)).toEqual(byLabels(fromBundle));
  });

  it('answers instant queries, series and label values like the bundle backend', async () => {
    const time = new Date(Date.parse(range.start) + 3_600_000).toISOString();
    const instant = (client: Client) => call(client, 'metrics_query_instant', { query: 'process_cpu_utilization', time, limit: 500 });
    const norm = (r: CallToolResult) => (r.structuredContent as { result: Array<{ metric: Record<string, string>; value: [number, string] }> }).result
      .map((s) => [JSON.stringify(Object.entries(s.metric).sort()), s.value[0], Number(s.value[1])]).sort();
    const liveInstant = norm(await instant(live));
    expect(liveInstant.length).toBeGreaterThan(5);
    expect(liveInstant).toEqual(norm(await instant(bundle)));

    const series = async (client: Client) => ((await call(client, 'metrics_list_series', { match: '{service="payments"}', ...range, limit: 500 })).structuredContent as { series: Array<Record<string, string>> }).series
      .map((s) => JSON.stringify(Object.entries(s).sort())).sort();
    expect(await series(live)).toEqual(await series(bundle));

    const services = async (client: Client) => (await call(client, 'metrics_list_label_values', { label: 'service', ...range })).structuredContent;
    expect(await services(live)).toEqual(await services(bundle));
  });

  it('bounds series and label values and says it truncated', async () => {
    const series = (await call(live, 'metrics_list_series', { match: '{__name__=~".+"}', ...range, limit: 3 })).structuredContent as { series: unknown[]; truncated: boolean };
    expect(series).toEqual({ series: expect.any(Array), truncated: true });
    expect(series.series).toHaveLength(3);
    const names = (await call(live, 'metrics_list_label_values', { label: '__name__', ...range, limit: 2 })).structuredContent;
    expect(names).toEqual({ values: ['cloud_cost_usd_per_hour', 'db_connections_in_use'], truncated: true });
  });

  it('turns a Prometheus error into an error result quoting errorType and error', async () => {
    const result = await call(live, 'metrics_query_range', { query: 'rate(http_requests_per_second[5m', ...range });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Prometheus rejected the query \(bad_data\): .*parse error/);
  });

  it('evaluates PromQL the bundle backend cannot (an aggregation)', async () => {
    const result = await call(live, 'metrics_query_range', { query: 'max by (service) (http_request_error_ratio)', ...range, maxPoints: 50 });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as Matrix).result.length).toBeGreaterThan(5);
  });
});

describe('live backend failures', () => {
  it('answers an unreachable Prometheus with an error result and keeps serving', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = await connect(new LiveMetricsBackend({ prometheusUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 }));
    const result = await call(client, 'metrics_query_range', { query: 'up' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(new RegExp(`Prometheus at http://127.0.0.1:${port} is unreachable \\(ECONNREFUSED\\)\\. Check PROMETHEUS_URL`));
    // Still up: the next call is answered (with the same error) and the tools are listed.
    expect((await call(client, 'metrics_list_series', { match: 'up' })).isError).toBe(true);
    expect((await client.listTools()).tools).toHaveLength(5);
    // Logs without LOKI_URL: a clear configuration error, not a crash.
    expect(text(await call(client, 'logs_query_range', { query: '{service="a"}' }))).toMatch(/Loki is not configured: set LOKI_URL/);
    await client.close();
  });

  it('gives up on a Prometheus that does not answer within the timeout', async () => {
    const silent = createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const client = await connect(new LiveMetricsBackend({ prometheusUrl: url, timeoutMs: 200 }));
    const result = await call(client, 'metrics_query_instant', { query: 'up' });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('no answer within 200 ms');
    await client.close();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

describe('live backend against a local Loki stand-in', () => {
  let loki: Server;
  let lokiUrl: string;
  const requests: URLSearchParams[] = [];
  const demoLogs = new BundleMetricsBackend(DEMO);

  beforeAll(async () => {
    // Behaves like Loki's /loki/api/v1/query_range: ns times, limit, direction; a plain-text 400 for a bad query.
    loki = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/loki/api/v1/query_range') { res.writeHead(404).end('404 page not found\n'); return; }
      requests.push(url.searchParams);
      const query = url.searchParams.get('query') ?? '';
      if (!query.startsWith('{')) { res.writeHead(400, { 'content-type': 'text/plain' }).end('parse error : syntax error: unexpected IDENTIFIER\n'); return; }
      const nsToMs = (ns: string | null) => Number(BigInt(ns ?? '0') / 1_000_000n);
      demoLogs.queryLogs({
        query,
        startMs: nsToMs(url.searchParams.get('start')),
        endMs: nsToMs(url.searchParams.get('end')),
        limit: Number(url.searchParams.get('limit')),
        direction: url.searchParams.get('direction') === 'forward' ? 'forward' : 'backward',
      }).then((data) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { ...data, stats: {} } }));
      }, (error: Error) => res.writeHead(400).end(error.message));
    });
    await new Promise<void>((resolve) => loki.listen(0, '127.0.0.1', resolve));
    lokiUrl = `http://127.0.0.1:${(loki.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise<void>((resolve) => loki.close(() => resolve())); });

  it('sends the LogQL, the range in nanoseconds, limit and direction, and returns Loki\'s streams', async () => {
    const client = await connect(await openMetricsBackend({ env: { LOKI_URL: lokiUrl } }));
    const args = { query: '{level="error"} |= "timeout"', start: '2026-03-04T10:00:00Z', end: '2026-03-04T16:00:00.5Z', limit: 4, direction: 'forward' };
    const result = await call(client, 'logs_query_range', args);
    expect(result.isError).toBeFalsy();
    const sent = requests.at(-1)!;
    expect(sent.get('query')).toBe(args.query);
    expect(sent.get('start')).toBe('1772618400000000000');
    expect(sent.get('end')).toBe('1772640000500000000');
    expect(sent.get('limit')).toBe('4');
    expect(sent.get('direction')).toBe('forward');
    const out = result.structuredContent as { result: Array<{ values: unknown[] }>; truncated: boolean };
    expect(out.result.reduce((n, s) => n + s.values.length, 0)).toBe(4);
    expect(out.truncated).toBe(true);
    // Metrics without PROMETHEUS_URL: a clear configuration error.
    expect(text(await call(client, 'metrics_query_range', { query: 'up' }))).toMatch(/Prometheus is not configured: set PROMETHEUS_URL/);
    await client.close();
  });

  it('quotes Loki\'s plain-text error', async () => {
    const client = await connect(new LiveMetricsBackend({ lokiUrl }));
    const result = await call(client, 'logs_query_range', { query: 'rate({a="b"}[1m])' });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('Loki rejected the query (HTTP 400): parse error : syntax error');
    await client.close();
  });
});

describe('openMetricsBackend', () => {
  it.each([
    [{ env: {} }, /needs a data source: pass --bundle DIR, or set PROMETHEUS_URL/],
    [{ env: { PROMETHEUS_URL: 'not a url' } }, /PROMETHEUS_URL/],
    [{ bundleDir: '/nonexistent/bundle', env: {} }, /bundle directory not found: \/nonexistent\/bundle/],
  ])('%j → a user error', async (options, message) => {
    await expect(openMetricsBackend(options)).rejects.toThrow(message);
  });
});
