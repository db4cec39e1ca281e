import { describe, expect, it } from 'vitest';
import { foldHistograms, histogramQuantile } from './fold-histograms.ts';
import { buildRawHistogram, buildSeries } from './testing/build-bundle.ts';

const STEP = 30_000;
const rawHistogram = (service: string, slowFrom: number) => buildRawHistogram(service, slowFrom, { stepMs: STEP, count: 60 });

describe('histogramQuantile', () => {
  const buckets = [{ le: 0.1, count: 50 }, { le: 0.5, count: 90 }, { le: 1, count: 99 }, { le: Infinity, count: 100 }];

  it('interpolates inside the bucket holding the rank, from 0 in the lowest bucket', () => {
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05);
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(1);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.3);
  });

  it('answers the highest finite bound for a rank in +Inf, nothing when nothing was observed, and repairs dips', () => {
    expect(histogramQuantile(0.995, buckets)).toBe(1);
    expect(histogramQuantile(0.99, buckets.map((b) => ({ ...b, count: 0 })))).toBeUndefined();
    expect(histogramQuantile(0.5, [{ le: 0.1, count: 60 }, { le: 0.5, count: 58 }, { le: Infinity, count: 100 }])).toBeCloseTo(1 / 12);
  });
});

describe('foldHistograms', () => {
  it('turns raw bucket, sum and count counters into p50, p99, mean and request rate', () => {
    const other = buildSeries('process_cpu_seconds', 'payments', () => 0.2, { stepMs: STEP, count: 60 });
    const folded = foldHistograms([...rawHistogram('payments', 30), other]);
    expect(folded.some((s) => /_(bucket|sum|count)$/.test(s.name))).toBe(false);
    expect(folded).toContain(other);
    const byLabel = (key: string, value: string) => folded.find((s) => s.labels[key] === value)!;
    const p99 = byLabel('quantile', '0.99');
    expect(p99.name).toBe('http_request_duration_seconds');
    expect(p99.labels).toEqual({ service: 'payments', route: '/pay', quantile: '0.99' });
    // The first sample has no increase to read: 59 points, the slow tail from the 30th sample on.
    expect(p99.values.length).toBe(59);
    expect(p99.values[10]).toBeCloseTo(0.1 + 0.4 * (99 - 90) / 10); // inside (0.1, 0.5], 9 of its 10 requests below the rank
    expect(p99.values[40]).toBe(1);
    expect(byLabel('quantile', '0.5').values[40]).toBeCloseTo(0.1);
    const mean = byLabel('stat', 'mean');
    expect(mean.values[10]).toBeCloseTo(0.075);
    expect(mean.values[40]).toBeCloseTo(0.525);
    const rate = folded.find((s) => s.name === 'requests_per_second')!;
    expect(rate.values[10]).toBeCloseTo(100 / 30);
  });

  it('keeps series that only look like histogram parts', () => {
    const count = buildSeries('jobs_count', 'worker', (i) => i, { stepMs: STEP, count: 10 });
    const bucket = buildSeries('tokens_bucket', 'worker', () => 5, { stepMs: STEP, count: 10 });
    expect(foldHistograms([count, bucket])).toEqual([count, bucket]);
  });
});
