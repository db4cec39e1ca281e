import type { SeriesAnomaly } from './detect-anomaly.ts';
import { lowerBound } from './detect-anomaly.ts';

/** A series measured against its quiet baseline in its bad direction: an anomaly, or a series that stayed under the bar. */
export type Deviation = Pick<SeriesAnomaly, 'series' | 'baseline' | 'baselineSigma' | 'direction'>;

/**
 * How closely two anomalous series moved together over `[fromMs, toMs]`: the Pearson correlation of
 * their excess over baseline (in σ, in each one's bad direction), sampled at `reference`'s times.
 * A cause and its symptom rise and fall together; an unrelated anomaly keeps its own schedule.
 * Returns 0 when there are too few points to tell, or when either series stayed flat over the span
 * (within a baseline σ): one that did not move, moved with nothing. With `lagMs`, `other` is read that
 * much earlier than `reference` (it moved first by that much).
 */
export function coMovement(reference: Deviation, other: Deviation, fromMs: number, toMs: number, lagMs = 0): number {
  const times = reference.series.timesMs;
  const a: number[] = [];
  const b: number[] = [];
  for (let i = lowerBound(times, fromMs); i < times.length && times[i]! <= toMs; i++) {
    const otherTimeMs = times[i]! - lagMs;
    const j = nearestIndex(other.series.timesMs, otherTimeMs);
    if (j === undefined || Math.abs(other.series.timesMs[j]! - otherTimeMs) > stepOf(reference) * 1.5) continue;
    a.push(excess(reference, reference.series.values[i]!));
    b.push(excess(other, other.series.values[j]!));
  }
  if (a.length < 4 || !moved(a) || !moved(b)) return 0;
  return pearson(a, b);
}

/** Whether a series of excesses (in baseline σ) spread by at least one σ. */
function moved(xs: readonly number[]): boolean {
  return Math.max(...xs) - Math.min(...xs) >= 1;
}

function excess(anomaly: Deviation, value: number): number {
  const sign = anomaly.direction === 'up' ? 1 : -1;
  return Math.min(50, Math.max(0, (sign * (value - anomaly.baseline)) / anomaly.baselineSigma));
}

/** The series' sampling step (its average spacing); one minute for a single sample. */
export function stepOf(a: Deviation): number {
  const t = a.series.timesMs;
  return t.length > 1 ? (t[t.length - 1]! - t[0]!) / (t.length - 1) : 60_000;
}

function nearestIndex(times: Float64Array, timeMs: number): number | undefined {
  if (times.length === 0) return undefined;
  const i = lowerBound(times, timeMs);
  if (i >= times.length) return times.length - 1;
  if (i > 0 && timeMs - times[i - 1]! < times[i]! - timeMs) return i - 1;
  return i;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}
