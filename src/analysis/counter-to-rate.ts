import type { MetricSeries } from '../domain/index.ts';

/**
 * A Prometheus counter (`*_total`, `*_count`, `*_sum`) exported raw only ever grows, which would look
 * like a leak everywhere. Such a series is turned into its per-second rate (resets count from zero,
 * as `rate()` does); every other series is returned as it is.
 */
export function counterToRate(series: MetricSeries): MetricSeries {
  if (!/_(total|count|sum)$/.test(series.name) || series.values.length < 3 || !isMostlyIncreasing(series.values)) return series;
  const n = series.values.length;
  const timesMs = series.timesMs.subarray(1);
  const values = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    const delta = series.values[i]! - series.values[i - 1]!;
    const seconds = (series.timesMs[i]! - series.timesMs[i - 1]!) / 1000 || 1;
    values[i - 1] = (delta >= 0 ? delta : series.values[i]!) / seconds;
  }
  return { ...series, name: `rate(${series.name})`, timesMs, values };
}

function isMostlyIncreasing(values: Float64Array): boolean {
  let down = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) down++;
  return down <= Math.max(1, values.length * 0.01) && values[values.length - 1]! > values[0]!;
}
