/** How one PetShop (metric, statistic) pair is published as a Prometheus series. */
export interface MetricMapping {
  /** Prometheus `__name__`, a common name of the incident-bundle spec where the meaning matches. */
  name: string;
  /** Extra labels; `stat` keeps the statistic, `petshop_*` the original column names. */
  labels: Record<string, string>;
  /** Converts one dataset value to the published unit. */
  convert: (value: number) => number;
}

/** The dataset's metric step: one row per 5 minutes. */
export const PETSHOP_STEP_SECONDS = 300;

const LATENCY_NAMES: Readonly<Record<string, [name: string, stat: string]>> = {
  Average: ['http_request_duration_avg_seconds', 'avg'],
  p99: ['http_request_duration_p99_seconds', 'p99'],
  p95: ['http_request_duration_seconds', 'p95'],
  p90: ['http_request_duration_seconds', 'p90'],
  p50: ['http_request_duration_seconds', 'p50'],
};

/**
 * Maps a dataset column to a Prometheus metric, or `undefined` for a pair with no agreed meaning.
 * - latency (X-Ray, already in seconds) → `http_request_duration_avg_seconds` (Average),
 *   `http_request_duration_p99_seconds` (p99), `http_request_duration_seconds{stat="p50|p90|p95"}`;
 * - requests Sum (requests per 5-minute step) → `http_requests_per_second` = Sum / 300 s;
 * - availability Average (a percentage, 0–100) → `http_request_error_ratio` = 1 − availability / 100.
 */
export function convertMetricName(metric: string, statistic: string): MetricMapping | undefined {
  const original = { petshop_metric: metric, petshop_statistic: statistic };
  if (metric === 'latency') {
    const entry = LATENCY_NAMES[statistic];
    if (!entry) return undefined;
    return { name: entry[0], labels: { stat: entry[1], ...original }, convert: (seconds) => seconds };
  }
  if (metric === 'requests' && statistic === 'Sum') {
    return { name: 'http_requests_per_second', labels: { stat: 'rate5m', ...original }, convert: (count) => count / PETSHOP_STEP_SECONDS };
  }
  if (metric === 'availability' && statistic === 'Average') {
    return { name: 'http_request_error_ratio', labels: { stat: 'avg', ...original }, convert: (percent) => (100 - percent) / 100 };
  }
  return undefined;
}
