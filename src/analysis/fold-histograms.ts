import type { MetricSeries } from '../domain/index.ts';
import { perSecondIncrease } from './counter-to-rate.ts';
import { seriesKey, withoutLabels } from './series-key.ts';

/** The quantiles a raw histogram is read as: the typical request and the slow tail. */
const QUANTILES = [0.5, 0.99] as const;

interface Histogram {
  name: string;
  service: string;
  labels: Record<string, string>;
  buckets: Array<{ le: number; series: MetricSeries }>;
  sum?: MetricSeries;
  count?: MetricSeries;
}

/**
 * Prometheus histograms exported raw (`X_bucket{le}`, `X_sum`, `X_count`) are cumulative counters per
 * bucket: read as they are, every bucket of every service would look like a latency that only grows.
 * Each histogram becomes what an on-call engineer would query: `X{quantile="0.5"|"0.99"}` (as
 * `histogram_quantile` over the per-second increase), `X{stat="mean"}` from sum and count, and the
 * request rate from the count. Every other series is returned as it is.
 */
export function foldHistograms(metrics: readonly MetricSeries[]): MetricSeries[] {
  const histograms = new Map<string, Histogram>();
  for (const s of metrics) {
    const le = s.name.endsWith('_bucket') ? parseLe(s.labels.le) : undefined;
    if (le === undefined) continue;
    const name = s.name.slice(0, -'_bucket'.length);
    const key = seriesKey(name, s.service, s.labels, 'le');
    const h = histograms.get(key) ?? histograms.set(key, { name, service: s.service, labels: withoutLabels(s.labels, 'le', '__name__'), buckets: [] }).get(key)!;
    h.buckets.push({ le, series: s });
  }
  if (histograms.size === 0) return [...metrics];
  const out: MetricSeries[] = [];
  for (const s of metrics) {
    const part = /_(bucket|sum|count)$/.exec(s.name)?.[1];
    if (!part) { out.push(s); continue; }
    const base = s.name.slice(0, -part.length - 1);
    const h = histograms.get(seriesKey(base, s.service, s.labels, 'le'));
    if (!h) out.push(s);
    else if (part === 'sum') h.sum = s;
    else if (part === 'count') h.count = s;
  }
  for (const h of histograms.values()) out.push(...readHistogram(h));
  return out;
}

function readHistogram(h: Histogram): MetricSeries[] {
  const buckets = [...h.buckets].sort((a, b) => a.le - b.le);
  const rates = buckets.map((b) => byTime(perSecondIncrease(b.series)));
  const times = [...rates.at(-1)!.keys()].filter((t) => rates.every((r) => r.has(t))).sort((a, b) => a - b);
  const widest = buckets.at(-1)!.series;
  const droppedSamples = buckets.reduce((n, b) => n + b.series.droppedSamples, 0);
  const make = (labels: Record<string, string>, points: Array<[number, number]>, name = h.name, ref = widest.ref): MetricSeries =>
    ({ name, service: h.service, labels: { ...h.labels, ...labels }, timesMs: Float64Array.from(points, ([t]) => t), values: Float64Array.from(points, ([, v]) => v), droppedSamples, ref });
  const quantilePoints = QUANTILES.map((): Array<[number, number]> => []);
  for (const t of times) {
    const counts = buckets.map((b, i) => ({ le: b.le, count: rates[i]!.get(t)! }));
    QUANTILES.forEach((q, k) => {
      const value = histogramQuantile(q, counts);
      if (value !== undefined) quantilePoints[k]!.push([t, value]);
    });
  }
  const out = QUANTILES.map((q, k) => make({ quantile: String(q) }, quantilePoints[k]!));
  if (h.count) {
    const counts = byTime(perSecondIncrease(h.count));
    out.push(make({}, [...counts], 'requests_per_second', h.count.ref));
    if (h.sum) {
      const sums = byTime(perSecondIncrease(h.sum));
      const mean: Array<[number, number]> = [];
      for (const [t, c] of counts) if (c > 0 && sums.has(t)) mean.push([t, sums.get(t)! / c]);
      out.push(make({ stat: 'mean' }, mean, h.name, h.sum.ref));
    }
  }
  return out;
}

/**
 * Prometheus's `histogram_quantile`: linear interpolation inside the bucket that holds the rank, the
 * lowest bucket starting at 0, and the highest finite bound when the rank falls in the `+Inf` bucket.
 * Undefined when nothing was observed. Cumulative counts that dip (a scrape racing an increment) are
 * made monotone first, as Prometheus does.
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ le: number; count: number }>): number | undefined {
  if (buckets.length === 0) return undefined;
  const cumulative: number[] = [];
  for (const b of buckets) cumulative.push(Math.max(b.count, cumulative.at(-1) ?? 0));
  const total = cumulative.at(-1)!;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  const i = cumulative.findIndex((c) => c >= rank);
  if (buckets[i]!.le === Number.POSITIVE_INFINITY) return i > 0 ? buckets[i - 1]!.le : undefined;
  const lower = i === 0 ? Math.min(0, buckets[0]!.le) : buckets[i - 1]!.le;
  const below = i === 0 ? 0 : cumulative[i - 1]!;
  const inBucket = cumulative[i]! - below;
  return inBucket > 0 ? lower + (buckets[i]!.le - lower) * ((rank - below) / inBucket) : buckets[i]!.le;
}

function parseLe(le: string | undefined): number | undefined {
  if (le === undefined) return undefined;
  if (/^\+?inf$/i.test(le.trim())) return Number.POSITIVE_INFINITY;
  const value = Number(le);
  return Number.isFinite(value) ? value : undefined;
}

function byTime(points: { timesMs: Float64Array; values: Float64Array }): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < points.timesMs.length; i++) if (Number.isFinite(points.values[i]!)) map.set(points.timesMs[i]!, points.values[i]!);
  return map;
}
