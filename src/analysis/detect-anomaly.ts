import type { MetricSeries } from '../domain/index.ts';
import { profileMetric, type MetricProfile } from './metric-family.ts';
import { median, robustSigma } from './robust-stats.ts';
import { findOnsetIndex } from './find-onset.ts';
import type { Deviation } from './co-movement.ts';

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
  /** Found only with the lower bar of `detectFaintAnomalies`. */
  faint?: boolean;
}

export interface DetectOptions {
  /** Samples before this time form the quiet-period baseline (at most the first 60 % of the series). */
  baselineEndMs: number;
  /**
   * Only episodes still anomalous at or after this time belong to the incident: one that was over
   * before the first page is something else (a slow cause keeps going, so it still counts).
   */
  activeAfterMs: number;
  windowEndMs: number;
  /** Robust sigmas a sample must exceed (default `Z_THRESHOLD`). */
  zThreshold?: number;
  /** Scales the metric's smallest relative change that counts (default 1). */
  relChangeScale?: number;
}

const Z_THRESHOLD = 6;
const RECOVER_Z = 3;
const MIN_RUN_SAMPLES = 2;
/** A run must cover this much time (samples × step): 8 samples at 15 s, 2 at 60 s or coarser. */
const MIN_RUN_COVER_MS = 120_000;
const MIN_BASELINE_SAMPLES = 8;
const RECOVERY_SAMPLES = 3;
const MAX_GAP_MS = 90_000;

/**
 * Finds the incident-relevant anomalous episode of a series: a run of samples beyond `Z_THRESHOLD`
 * robust sigmas in the metric's bad direction covering at least `MIN_RUN_COVER_MS`, still going
 * at `activeAfterMs`. The baseline is the series' recent quiet past (the `LOCAL_BASELINE_MS` before
 * `baselineEndMs`), so slow drifts and old level changes do not count. Resource metrics are also
 * compared with the start of the series, to catch leaks that were already growing during the
 * recent past. The onset is refined by a change-point fit, so ramps and leaks get their true start,
 * not the moment they crossed a threshold.
 */
export function detectAnomaly(series: MetricSeries, options: DetectOptions): SeriesAnomaly | undefined {
  const n = series.values.length;
  const profile = profileMetric(series.name, series.labels);
  if (n < MIN_BASELINE_SAMPLES + MIN_RUN_SAMPLES) return n >= 3 ? detectInShortWindow(series, profile, options) : undefined;
  const range = quietRange(series, options);
  if (!range) return undefined;
  const { localStart, baselineEnd } = range;

  const found = detectAgainst(series, profile, localStart, baselineEnd, options);
  if (LEAK_PRONE.has(profile.family) && localStart > MIN_BASELINE_SAMPLES) {
    const earlyEnd = Math.max(MIN_BASELINE_SAMPLES, Math.floor(baselineEnd * 0.3));
    const slow = detectAgainst(series, profile, 0, earlyEnd, options);
    // Slow growth counts; so does a bill that stepped up hours ago and stayed up (nobody pages on the step).
    const counts = slow && (slow.gradual || (profile.family === 'cost' && (slow.recoveredMs ?? Infinity) > options.activeAfterMs));
    if (counts && (!found || slow.onsetMs < found.onsetMs)) return slow;
  }
  return found;
}

/**
 * The series against the same quiet baseline `detectAnomaly` uses, in each of its bad directions,
 * whether or not it crossed the bar: a weak customer-facing symptom still has a shape to compare with.
 */
export function deviationsOf(series: MetricSeries, options: DetectOptions): Deviation[] {
  const profile = profileMetric(series.name, series.labels);
  const stats = series.values.length < MIN_BASELINE_SAMPLES + MIN_RUN_SAMPLES ? shortWindowStats(series, profile) : quietStats(series, profile, options);
  if (!stats) return [];
  return directionsOf(profile).map((direction) => ({ series, baseline: stats.baseline, baselineSigma: stats.sigma, direction }));
}

function quietStats(series: MetricSeries, profile: MetricProfile, options: DetectOptions): { baseline: number; sigma: number } | undefined {
  const range = quietRange(series, options);
  return range && baselineStats(series, profile, range.localStart, range.baselineEnd);
}

/**
 * The samples of the series' recent quiet past: the `LOCAL_BASELINE_MS` before `baselineEndMs` (or the
 * first 30 % when the series starts later); undefined when that is too short to judge anything by.
 */
function quietRange(series: MetricSeries, options: DetectOptions): { localStart: number; baselineEnd: number } | undefined {
  const { timesMs } = series;
  const n = timesMs.length;
  const stepMs = (timesMs[n - 1]! - timesMs[0]!) / (n - 1) || 60_000;
  let baselineEnd = lowerBound(timesMs, options.baselineEndMs);
  if (baselineEnd < MIN_BASELINE_SAMPLES) baselineEnd = Math.min(Math.floor(n * 0.3), MIN_BASELINE_SAMPLES * 2);
  if (baselineEnd < MIN_BASELINE_SAMPLES) return undefined;
  return { localStart: Math.max(0, baselineEnd - Math.max(MIN_LOCAL_SAMPLES, Math.round(LOCAL_BASELINE_MS / stepMs))), baselineEnd };
}

/** Median and noise-floored robust σ of `values[from, to)`. */
function baselineStats(series: MetricSeries, profile: MetricProfile, from: number, to: number): { baseline: number; sigma: number } {
  const baseline = median(series.values, from, to);
  return { baseline, sigma: noiseFloor(profile, baseline, robustSigma(series.values, baseline, from, to), series.values, from, to) };
}

/**
 * A window of a few samples with no quiet past (a short export around the page): the first sample is
 * the only "before", so only a large, sustained move away from it counts (σ floored at 10 % of it).
 */
function detectInShortWindow(series: MetricSeries, profile: MetricProfile, options: DetectOptions): SeriesAnomaly | undefined {
  const stats = shortWindowStats(series, profile);
  return stats && detectAgainstStats(series, profile, 0, 1, stats.baseline, stats.sigma, options);
}

/** The "before" of a window with no quiet past: its first sample, with σ floored at 10 % of it. */
function shortWindowStats(series: MetricSeries, profile: MetricProfile): { baseline: number; sigma: number } | undefined {
  if (series.values.length < 3) return undefined;
  const first = series.values[0]!;
  return { baseline: first, sigma: Math.max(Math.abs(first) * 0.1, profile.minAbsChange / 2, 1e-9) };
}

/** Families where a slow, hours-long growth (a leak, a creeping backlog or bill) is the cause. */
const LEAK_PRONE = new Set(['memory', 'saturation', 'connections', 'queue', 'lag', 'cost']);
const LOCAL_BASELINE_MS = 2 * 3_600_000;
const MIN_LOCAL_SAMPLES = 40;

function detectAgainst(series: MetricSeries, profile: MetricProfile, from: number, to: number, options: DetectOptions): SeriesAnomaly | undefined {
  const { baseline, sigma } = baselineStats(series, profile, from, to);
  return detectAgainstStats(series, profile, from, to, baseline, sigma, options);
}

function detectAgainstStats(series: MetricSeries, profile: MetricProfile, from: number, to: number, baseline: number, sigma: number, options: DetectOptions): SeriesAnomaly | undefined {
  const { timesMs, values } = series;
  const candidates: SeriesAnomaly[] = [];
  for (const direction of directionsOf(profile)) {
    const sign = direction === 'up' ? 1 : -1;
    const run = findRun(series, to, baseline, sigma, sign, options);
    if (!run) continue;
    const anomalous = median(values, run.start, run.end);
    const change = anomalous - baseline;
    if (Math.abs(change) < profile.minAbsChange) continue;
    if (baseline !== 0 && Math.abs(change / baseline) < profile.minRelChange * (options.relChangeScale ?? 1)) continue;
    // Search for the onset within the baseline too: the episode may have begun before the page.
    const searchFrom = isSteadyGrowth(values, from, run.start, sign) ? 0 : from;
    const onsetIndex = plausibleOnset(values, findOnsetIndex(values, searchFrom, run.start, run.peak, sign), run.start, baseline, sigma, sign);
    const recoveredIndex = findRecovery(values, run.end, baseline, sigma, sign);
    candidates.push({
      series,
      profile,
      direction,
      // The change happened somewhere between the last normal sample and the first anomalous one.
      onsetMs: onsetIndex > 0 ? (timesMs[onsetIndex - 1]! + timesMs[onsetIndex]!) / 2 : timesMs[onsetIndex]!,
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
function noiseFloor(profile: MetricProfile, baseline: number, mad: number, values: Float64Array, from: number, to: number): number {
  let diffSpread = 0;
  for (let i = from + 1; i < to; i++) diffSpread += Math.abs(values[i]! - values[i - 1]!);
  const meanStep = to - from > 1 ? diffSpread / (to - from - 1) : 0;
  return Math.max(mad, meanStep * 0.8, Math.abs(baseline) * 0.02, profile.minAbsChange / 4, 1e-9);
}

interface Run { start: number; end: number; peak: number }

/**
 * The run of out-of-band samples (allowing short dips back into the band) that overlaps the incident
 * window; the one with the largest peak if there are several.
 */
function findRun(series: MetricSeries, from: number, baseline: number, sigma: number, sign: number, options: DetectOptions): Run | undefined {
  const { timesMs, values } = series;
  const zThreshold = options.zThreshold ?? Z_THRESHOLD;
  const stepMs = values.length > 1 ? (timesMs[values.length - 1]! - timesMs[0]!) / (values.length - 1) : 60_000;
  // Short dips back into the band do not end an episode; at coarse steps one sample is already long.
  const maxGapSamples = Math.max(1, Math.round(MAX_GAP_MS / stepMs));
  let best: Run | undefined;
  let bestPeakZ = 0;
  let i = from;
  while (i < values.length) {
    if (sign * (values[i]! - baseline) / sigma <= zThreshold) { i++; continue; }
    const start = i;
    let end = i;
    let peak = i;
    let gap = 0;
    for (let j = i; j < values.length; j++) {
      const z = sign * (values[j]! - baseline) / sigma;
      if (z > zThreshold) {
        end = j + 1;
        gap = 0;
        if (z > sign * (values[peak]! - baseline) / sigma) peak = j;
      } else if (++gap > maxGapSamples) break;
    }
    i = end + 1;
    const coverMs = (end - start) * stepMs;
    if (end - start < MIN_RUN_SAMPLES || coverMs < MIN_RUN_COVER_MS) continue;
    if (timesMs[end - 1]! + stepMs < options.activeAfterMs || timesMs[start]! > options.windowEndMs) continue;
    const peakZ = sign * (values[peak]! - baseline) / sigma;
    if (peakZ > bestPeakZ) { best = { start, end, peak }; bestPeakZ = peakZ; }
  }
  return best;
}

/**
 * The change-point fit may date an episode long before its run when the quiet past itself shifted
 * level (a percentile that sat lower hours ago): a ramp into the run keeps the fitted start, but a
 * step preceded by ordinary samples began where the samples last left the band.
 */
function plausibleOnset(values: Float64Array, fitted: number, runStart: number, baseline: number, sigma: number, sign: number): number {
  if (runStart - fitted <= 1 || isSteadyGrowth(values, fitted, runStart, sign)) return fitted;
  let onset = runStart;
  while (onset > fitted && sign * (values[onset - 1]! - baseline) / sigma >= RECOVER_Z) onset--;
  return onset;
}

/** First index after `from` where the series is back within the band for `MIN_RUN_SAMPLES` samples. */
function findRecovery(values: Float64Array, from: number, baseline: number, sigma: number, sign: number): number | undefined {
  let calm = 0;
  for (let i = from; i < values.length; i++) {
    if (sign * (values[i]! - baseline) / sigma < RECOVER_Z) {
      if (++calm >= RECOVERY_SAMPLES) return i - RECOVERY_SAMPLES + 1;
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
