import type { MetricSeries } from '../domain/index.ts';
import { profileMetric, type MetricProfile } from './metric-family.ts';
import { median, robustSigma } from './robust-stats.ts';
import { findOnsetIndex } from './find-onset.ts';

/** A sustained deviation of one series from its own quiet-period baseline. */
export interface SeriesAnomaly {
  series: MetricSeries;
  profile: MetricProfile;
  direction: 'up' | 'down';
  onsetMs: number;
  /** When the series first reached its most extreme value of the episode. */
  peakMs: number;
  /** When it was back within the baseline band for good; undefined if it never recovered. */
  recoveredMs?: number;
  baseline: number;
  baselineSigma: number;
  /** Median value while anomalous. */
  anomalous: number;
  /** (anomalous - baseline) / sigma, signed in the bad direction (always positive). */
  zScore: number;
  /** anomalous / baseline (Infinity when the baseline is 0). */
  ratio: number;
  /** Slow, steady growth rather than a step (leaks, creeping saturation). */
  gradual: boolean;
}

export interface DetectOptions {
  /** Samples before this time form the quiet-period baseline (at most the first 60 % of the series). */
  baselineEndMs: number;
  /** Only episodes that are still anomalous at or after this time belong to the incident. */
  windowStartMs: number;
  windowEndMs: number;
}

const Z_THRESHOLD = 6;
const RECOVER_Z = 3;
const MIN_RUN_SAMPLES = 3;
const MIN_RUN_MS = 90_000;
const MIN_BASELINE_SAMPLES = 8;

/**
 * Finds the incident-relevant anomalous episode of a series: a run of samples beyond `Z_THRESHOLD`
 * robust sigmas in the metric's bad direction lasting at least `MIN_RUN_MS`, overlapping the window.
 * Its onset is refined by a change-point fit, so ramps and leaks get their true start, not the
 * moment they crossed a threshold.
 */
export function detectAnomaly(series: MetricSeries, options: DetectOptions): SeriesAnomaly | undefined {
  const { timesMs, values } = series;
  const n = values.length;
  if (n < MIN_BASELINE_SAMPLES + MIN_RUN_SAMPLES) return undefined;
  const profile = profileMetric(series.name, series.labels);

  let baselineEnd = lowerBound(timesMs, options.baselineEndMs);
  baselineEnd = Math.min(baselineEnd, Math.floor(n * 0.6));
  if (baselineEnd < MIN_BASELINE_SAMPLES) baselineEnd = Math.min(Math.floor(n * 0.3), MIN_BASELINE_SAMPLES * 2);
  if (baselineEnd < MIN_BASELINE_SAMPLES) return undefined;

  const baseline = median(values, 0, baselineEnd);
  const sigma = noiseFloor(profile, baseline, robustSigma(values, baseline, 0, baselineEnd), values, baselineEnd);

  const candidates: SeriesAnomaly[] = [];
  for (const direction of directionsOf(profile)) {
    const sign = direction === 'up' ? 1 : -1;
    const run = findRun(series, baselineEnd, baseline, sigma, sign, options);
    if (!run) continue;
    const onsetIndex = findOnsetIndex(values, 0, run.start, run.peak, sign);
    const anomalous = median(values, run.start, run.end);
    const change = anomalous - baseline;
    if (Math.abs(change) < profile.minAbsChange) continue;
    if (baseline !== 0 && Math.abs(change / baseline) < profile.minRelChange) continue;
    const recoveredIndex = findRecovery(values, run.end, baseline, sigma, sign);
    candidates.push({
      series,
      profile,
      direction,
      onsetMs: timesMs[onsetIndex]!,
      peakMs: timesMs[run.peak]!,
      recoveredMs: recoveredIndex === undefined ? undefined : timesMs[recoveredIndex],
      baseline,
      baselineSigma: sigma,
      anomalous,
      zScore: (sign * change) / sigma,
      ratio: baseline === 0 ? Number.POSITIVE_INFINITY : anomalous / baseline,
      gradual: timesMs[run.peak]! - timesMs[onsetIndex]! > 20 * 60_000 && isSteadyGrowth(values, onsetIndex, run.peak, sign),
    });
  }
  return candidates.sort((a, b) => b.zScore - a.zScore)[0];
}

function directionsOf(profile: MetricProfile): Array<'up' | 'down'> {
  return profile.bad === 'both' ? ['up', 'down'] : [profile.bad];
}

/** σ from the baseline, but never below what the metric's own quantisation and level make meaningful. */
function noiseFloor(profile: MetricProfile, baseline: number, mad: number, values: Float64Array, baselineEnd: number): number {
  let diffSpread = 0;
  for (let i = 1; i < baselineEnd; i++) diffSpread += Math.abs(values[i]! - values[i - 1]!);
  const meanStep = baselineEnd > 1 ? diffSpread / (baselineEnd - 1) : 0;
  return Math.max(mad, meanStep * 0.8, Math.abs(baseline) * 0.02, profile.minAbsChange / 4, 1e-9);
}

interface Run { start: number; end: number; peak: number }

/**
 * The run of out-of-band samples (allowing short dips back into the band) that overlaps the incident
 * window; the one with the largest peak if there are several.
 */
function findRun(series: MetricSeries, from: number, baseline: number, sigma: number, sign: number, options: DetectOptions): Run | undefined {
  const { timesMs, values } = series;
  const maxGapSamples = 3;
  let best: Run | undefined;
  let bestPeakZ = 0;
  let i = from;
  while (i < values.length) {
    if (sign * (values[i]! - baseline) / sigma <= Z_THRESHOLD) { i++; continue; }
    const start = i;
    let end = i;
    let peak = i;
    let gap = 0;
    for (let j = i; j < values.length; j++) {
      const z = sign * (values[j]! - baseline) / sigma;
      if (z > Z_THRESHOLD) {
        end = j + 1;
        gap = 0;
        if (z > sign * (values[peak]! - baseline) / sigma) peak = j;
      } else if (++gap > maxGapSamples) break;
    }
    i = end + 1;
    const runMs = timesMs[end - 1]! - timesMs[start]!;
    if (end - start < MIN_RUN_SAMPLES || runMs < MIN_RUN_MS) continue;
    if (timesMs[end - 1]! < options.windowStartMs || timesMs[start]! > options.windowEndMs) continue;
    const peakZ = sign * (values[peak]! - baseline) / sigma;
    if (peakZ > bestPeakZ) { best = { start, end, peak }; bestPeakZ = peakZ; }
  }
  return best;
}

/** First index after `from` where the series is back within the band for `MIN_RUN_SAMPLES` samples. */
function findRecovery(values: Float64Array, from: number, baseline: number, sigma: number, sign: number): number | undefined {
  let calm = 0;
  for (let i = from; i < values.length; i++) {
    if (sign * (values[i]! - baseline) / sigma < RECOVER_Z) {
      if (++calm >= MIN_RUN_SAMPLES) return i - MIN_RUN_SAMPLES + 1;
    } else calm = 0;
  }
  return undefined;
}

/** Rises (or falls) steadily: most consecutive windows move in the bad direction. */
function isSteadyGrowth(values: Float64Array, from: number, to: number, sign: number): boolean {
  const steps = 8;
  const width = Math.max(1, Math.floor((to - from) / steps));
  let rising = 0;
  let total = 0;
  for (let i = from; i + width <= to; i += width) {
    total++;
    if (sign * (values[Math.min(to, i + width)]! - values[i]!) > 0) rising++;
  }
  return total >= 4 && rising / total >= 0.75;
}

/** First index whose time is >= `timeMs` (binary search over sorted times). */
export function lowerBound(timesMs: Float64Array, timeMs: number): number {
  let lo = 0;
  let hi = timesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timesMs[mid]! < timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
