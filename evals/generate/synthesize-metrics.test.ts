import { describe, expect, it } from 'vitest';
import type { Effect } from './fault-types.ts';
import { evaluateRule } from './synthesize-alerts.ts';
import { envelope, formatSample, synthesizeSeries, type SeriesSpec } from './synthesize-metrics.ts';

const effect: Effect = { service: 's', metric: 'http_request_error_ratio', startMs: 1000, rampMs: 1000, recoverMs: 2000, mode: 'toward', value: 0.5 };

describe('envelope', () => {
  it.each([
    [0, 0], [1000, 0], [1500, 0.5], [2000, 1], [4999, 1], [5000, 1], [6000, 0.5], [7000, 0], [9000, 0],
  ])('at %i ms is %f (mitigation at 5000 ms)', (t, f) => {
    expect(envelope(effect, t, 5000)).toBeCloseTo(f, 10);
  });

  it('uses an explicit end over the mitigation time', () => {
    expect(envelope({ ...effect, endMs: 3000 }, 4000, 100_000)).toBeCloseTo(0.5, 10);
  });
});

describe('synthesizeSeries', () => {
  const spec: SeriesSpec = { name: 'http_request_error_ratio', service: 's', labels: { service: 's' }, unit: 'ratio', base: 0.002, noise: 0.2, diurnal: 0.1, seed: 42 };
  const grid = { startMs: 0, stepMs: 60_000, count: 120 };
  const fault: Effect = { ...effect, startMs: 30 * 60_000, rampMs: 60_000, recoverMs: 60_000 };

  it('is quiet before the onset, at the target during the fault, and back after the mitigation', () => {
    const v = synthesizeSeries(spec, grid, [fault], 90 * 60_000);
    const before = Math.max(...v.slice(0, 30));
    const during = v.slice(40, 85);
    const after = Math.max(...v.slice(95));
    expect(before).toBeLessThan(0.05);
    expect(Math.min(...during)).toBeGreaterThan(0.35);
    expect(after).toBeLessThan(0.05);
  });

  it('is the same for the same seed, and ignores effects for other series', () => {
    const a = synthesizeSeries(spec, grid, [fault], 90 * 60_000);
    expect(synthesizeSeries(spec, grid, [fault, { ...fault, service: 'other', value: 0.9 }], 90 * 60_000)).toEqual(a);
  });

  it('fires an alert only after the condition held for the `for` duration, and resolves it', () => {
    const values = synthesizeSeries(spec, grid, [fault], 90 * 60_000);
    const alerts = evaluateRule({ alertname: 'HighErrorRate', service: 's', metric: spec.name, threshold: 0.05, forSeconds: 180, severity: 'critical', summary: 'x' }, { spec, values }, grid, 0.05);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.startsMs).toBeGreaterThanOrEqual(30 * 60_000 + 180_000);
    expect(a.startsMs).toBeLessThanOrEqual(32 * 60_000 + 180_000);
    expect(a.endsMs).toBeGreaterThan(90 * 60_000);
    expect(a.labels).toMatchObject({ alertname: 'HighErrorRate', service: 's', severity: 'critical' });
  });
});

describe('formatSample', () => {
  it.each([
    ['ratio', 0.00123456, '0.001235'], ['ratio', NaN, 'NaN'], ['seconds', Infinity, '+Inf'], ['bytes', 1234567.8, '1234568'], ['ratio', 1e-7, '0'],
  ] as const)('%s %f → %s', (unit, v, text) => {
    expect(formatSample(unit, v)).toBe(text);
  });
});
