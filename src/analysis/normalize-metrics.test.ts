import { describe, expect, it } from 'vitest';
import { profileMetric } from './metric-family.ts';
import { normalizeMetrics } from './normalize-metrics.ts';
import { T0, buildSeries } from './testing/build-bundle.ts';

/** A raw counter growing by `perSecond(i)` per second over 30 s steps, starting at sample `from`. */
function counter(service: string, labels: Record<string, string>, perSecond: (i: number) => number, from = 0) {
  let total = 100;
  const values: number[] = [];
  for (let i = 0; i < 20; i++) { if (i > 0) total += perSecond(i) * 30; values.push(total); }
  return buildSeries('http_requests_total', service, (i) => values[i + from]!, { startMs: T0 + from * 30_000, count: 20 - from, labels });
}

describe('normalizeMetrics', () => {
  it('folds request counts split by status code into one request rate and one error ratio', () => {
    const ok = counter('api', { code: '200' }, () => 9);
    // Prometheus exports code="500" only from the first 500 on: before that it counts as zero.
    const failed = counter('api', { code: '500' }, () => 1, 10);
    const [rate, ratio, ...rest] = normalizeMetrics([ok, failed]);
    expect(rest).toEqual([]);
    expect(rate!.name).toBe('rate(http_requests_total)');
    expect(rate!.labels).toEqual({ service: 'api' });
    expect(rate!.values[0]).toBe(9);
    expect(rate!.values.at(-1)).toBe(10);
    expect(ratio!.name).toBe('rate(http_requests_total) error ratio');
    expect(ratio!.values[0]).toBe(0);
    expect(ratio!.values.at(-1)).toBeCloseTo(0.1);
    expect(ratio!.timesMs[0]).toBe(T0 + 30_000);
    expect(profileMetric(ratio!.name, ratio!.labels).family).toBe('errors');
  });

  it('keeps the upstream of client-side counts, so the error ratio still names the called service', () => {
    const labels = (status: string) => ({ peer_service: 'stripe', status });
    const [, ratio] = normalizeMetrics([counter('payments', labels('2xx'), () => 5), counter('payments', labels('5xx'), () => 5)]);
    expect(ratio!.labels).toEqual({ service: 'payments', peer_service: 'stripe' });
    expect(ratio!.values.at(-1)).toBeCloseTo(0.5);
    expect(profileMetric(ratio!.name, ratio!.labels)).toMatchObject({ family: 'errors', clientSide: true });
  });

  it('keeps different services and endpoints apart', () => {
    const folded = normalizeMetrics([
      counter('api', { code: '200', route: '/a' }, () => 1), counter('api', { code: '503', route: '/a' }, () => 1),
      counter('api', { code: '200', route: '/b' }, () => 1), counter('web', { code: '200' }, () => 1), counter('web', { code: '500' }, () => 3),
    ]);
    expect(folded.map((s) => `${s.service} ${s.labels.route ?? '-'} ${s.labels.code ?? '-'} ${s.name}`).sort()).toEqual([
      'api /a - rate(http_requests_total)',
      'api /a - rate(http_requests_total) error ratio',
      'api /b 200 rate(http_requests_total)',
      'web - - rate(http_requests_total)',
      'web - - rate(http_requests_total) error ratio',
    ]);
  });

  it('leaves counts with no server failure among their outcomes (4xx are the caller\'s problem) as rates', () => {
    const folded = normalizeMetrics([counter('api', { code: '200' }, () => 9), counter('api', { code: '404' }, () => 1)]);
    expect(folded.map((s) => [s.name, s.labels.code])).toEqual([['rate(http_requests_total)', '200'], ['rate(http_requests_total)', '404']]);
  });

  it('passes every other series through, with counters as rates', () => {
    const gauge = buildSeries('http_request_error_ratio', 'api', () => 0.01, { count: 10, labels: { code: '500' } });
    const cpu = buildSeries('container_cpu_usage_seconds_total', 'api', (i) => i * 15, { count: 10 });
    const [keptGauge, cpuRate] = normalizeMetrics([gauge, cpu]);
    expect(keptGauge).toBe(gauge);
    expect(cpuRate!.name).toBe('rate(container_cpu_usage_seconds_total)');
    expect(cpuRate!.values[0]).toBe(0.5);
  });
});
