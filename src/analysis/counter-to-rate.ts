import type { MetricSeries } from '../domain/index.ts';

/**
 * A Prometheus counter (`*_total`, `*_count`, `*_sum`) exported raw only ever grows, which would look
 * like a leak everywhere. Such a series is turned into its per-second rate (resets count from zero,
 * as `rate()` does); every other series is returned as it is.
 */
export function counterToRate(series: MetricSeries): MetricSeries {
  if (!/_(total|count|sum)$/.test(series.name) || series.values.length < 3 || !isMostlyIncreasing(series.values)) return series;
  return { ...series, name: `rate(${series.name})`, ...perSecondIncrease(series) };
}

/** A counter's per-second increase between consecutive samples, dated at the later one (a reset counts from zero). */
export function perSecondIncrease(series: Pick<MetricSeries, 'timesMs' | 'values'>): { timesMs: Float64Array; values: Float64Array } {
  const n = series.values.length;
  if (n < 2) return { timesMs: new Float64Array(0), values: new Float64Array(0) };
  const values = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    const delta = series.values[i]! - series.values[i - 1]!;
    const seconds = (series.timesMs[i]! - series.timesMs[i - 1]!) / 1000 || 1;
    values[i - 1] = (delta >= 0 ? delta : series.values[i]!) / seconds;
  }
  return { timesMs: series.timesMs.subarray(1), values };
}

function isMostlyIncreasing(values: Float64Array): boolean {
  let down = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) down++;
  return down <= Math.max(1, values.length * 0.01) && values[values.length - 1]! > values[0]!;
}
