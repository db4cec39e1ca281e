import { describe, expect, it } from 'vitest';
import { counterToRate } from './counter-to-rate.ts';
import { buildSeries } from './testing/build-bundle.ts';

describe('counterToRate', () => {
  it('turns a raw counter into a per-second rate, treating a reset as a restart from zero', () => {
    const counter = buildSeries('http_requests_total', 'api', (i) => (i < 5 ? i * 300 : (i - 5) * 300 + 30), { stepMs: 30_000, count: 10 });
    const rate = counterToRate(counter);
    expect(rate.name).toBe('rate(http_requests_total)');
    expect([...rate.values]).toEqual([10, 10, 10, 10, 1, 10, 10, 10, 10]);
  });

  it('leaves gauges and ratios alone', () => {
    const gauge = buildSeries('http_request_error_ratio', 'api', () => 0.01, { count: 10 });
    expect(counterToRate(gauge)).toBe(gauge);
  });
});
