import { LOOKBACK_MS } from './metrics-backend.ts';

/** Sorted samples of one series (unix ms, values). */
export interface Samples {
  timesMs: Float64Array;
  values: Float64Array;
}

/**
 * Prometheus range-query semantics for a plain selector: at each `t = start + k·step` (t ≤ end), the latest
 * sample at or before t, if it is at most 5 minutes old. Returns `[unix seconds, "value"]` pairs.
 */
export function sampleAtSteps(series: Samples, startMs: number, endMs: number, stepMs: number): Array<[number, string]> {
  const { timesMs, values } = series;
  const out: Array<[number, string]> = [];
  let i = lastIndexAtOrBefore(timesMs, startMs);
  for (let t = startMs; t <= endMs; t += stepMs) {
    while (i + 1 < timesMs.length && (timesMs[i + 1] as number) <= t) i++;
    if (i >= 0 && t - (timesMs[i] as number) <= LOOKBACK_MS) out.push([t / 1000, formatSampleValue(values[i] as number)]);
  }
  return out;
}

/** The value a Prometheus instant query returns for this series at `timeMs` (undefined: none within 5 minutes). */
export function sampleAt(series: Samples, timeMs: number): number | undefined {
  const i = lastIndexAtOrBefore(series.timesMs, timeMs);
  if (i < 0 || timeMs - (series.timesMs[i] as number) > LOOKBACK_MS) return undefined;
  return series.values[i];
}

/** Sample values as Prometheus writes them: decimal, `NaN`, `+Inf`, `-Inf`. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Index of the last time ≤ t (binary search), -1 when all are later. */
export function lastIndexAtOrBefore(timesMs: Float64Array, t: number): number {
  let lo = 0;
  let hi = timesMs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((timesMs[mid] as number) <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
