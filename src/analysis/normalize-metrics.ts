import type { MetricSeries } from '../domain/index.ts';
import { counterToRate } from './counter-to-rate.ts';
import { foldHistograms } from './fold-histograms.ts';
import { profileMetric } from './metric-family.ts';
import { seriesKey, withoutLabels } from './series-key.ts';

/** Labels that split request counts by outcome, e.g. `http_requests_total{code="503"}`. */
const OUTCOME_LABELS = ['code', 'status', 'status_code', 'http_status', 'http_status_code', 'response_code', 'status_class', 'grpc_code', 'outcome', 'result'];

/** Outcomes that mean the server failed the request. Client errors (4xx) are the caller's problem. */
const FAILED_OUTCOME = /^(5\d\d|5xx|error|errors|failure|failed|fail|server_error|unavailable|internal|deadline_?exceeded|unknown|data_?loss)$/i;

/**
 * The series the analysis reads: raw histograms become quantiles, a mean and a request rate
 * (`foldHistograms`), raw counters become per-second rates, and request counts split by
 * outcome become one request rate and one error ratio per service (and per upstream), which is what
 * the error and traffic rules expect. Every other series is passed through as it is.
 */
export function normalizeMetrics(metrics: readonly MetricSeries[]): MetricSeries[] {
  const out: MetricSeries[] = [];
  const byOutcome = new Map<string, { outcomeLabel: string; series: MetricSeries[] }>();
  for (const raw of foldHistograms(metrics)) {
    const series = counterToRate(raw);
    const outcomeLabel = OUTCOME_LABELS.find((l) => series.labels[l] !== undefined);
    if (outcomeLabel === undefined || profileMetric(series.name, series.labels).family !== 'traffic') {
      out.push(series);
      continue;
    }
    const key = seriesKey(series.name, series.service, series.labels, outcomeLabel);
    const group = byOutcome.get(key) ?? byOutcome.set(key, { outcomeLabel, series: [] }).get(key)!;
    group.series.push(series);
  }
  for (const { outcomeLabel, series } of byOutcome.values()) {
    if (!series.some((s) => FAILED_OUTCOME.test(s.labels[outcomeLabel]!))) {
      out.push(...series);
      continue;
    }
    out.push(...foldOutcomes(series, outcomeLabel));
  }
  return out;
}

/**
 * Sums the outcome series into a total rate and an error ratio on the union of their sample times. A
 * series that has no sample at a time counts as zero there: Prometheus only starts exporting
 * `code="500"` once the first 500 happened.
 */
function foldOutcomes(series: readonly MetricSeries[], outcomeLabel: string): [MetricSeries, MetricSeries] {
  const totals = new Map<number, { all: number; failed: number }>();
  for (const s of series) {
    const failed = FAILED_OUTCOME.test(s.labels[outcomeLabel]!);
    for (let i = 0; i < s.values.length; i++) {
      const at = totals.get(s.timesMs[i]!) ?? totals.set(s.timesMs[i]!, { all: 0, failed: 0 }).get(s.timesMs[i]!)!;
      at.all += s.values[i]!;
      if (failed) at.failed += s.values[i]!;
    }
  }
  const times = [...totals.keys()].sort((a, b) => a - b);
  const timesMs = Float64Array.from(times);
  const rate = Float64Array.from(times, (t) => totals.get(t)!.all);
  const ratioTimes: number[] = [];
  const ratio: number[] = [];
  for (const t of times) {
    const { all, failed } = totals.get(t)!;
    if (all > 0) { ratioTimes.push(t); ratio.push(failed / all); }
  }
  const first = series[0]!;
  const labels = withoutLabels(first.labels, outcomeLabel);
  const droppedSamples = series.reduce((n, s) => n + s.droppedSamples, 0);
  const ref = first.ref;
  return [
    { name: first.name, service: first.service, labels, timesMs, values: rate, droppedSamples, ref },
    { name: `${first.name} error ratio`, service: first.service, labels, timesMs: Float64Array.from(ratioTimes), values: Float64Array.from(ratio), droppedSamples, ref },
  ];
}
