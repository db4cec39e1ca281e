import type { MetricsTable } from './convert-metrics-csv.ts';
import { convertMetricName } from './convert-metric-name.ts';

/** One series of a Prometheus `query_range` matrix response. */
export interface PrometheusSeries {
  metric: Record<string, string>;
  /** `[unix seconds, "value"]`, ascending; gaps are missing pairs. */
  values: [number, string][];
}

/** A Prometheus HTTP API `/api/v1/query_range` response with `resultType: "matrix"`. */
export interface PrometheusMatrixResponse {
  status: 'success';
  data: { resultType: 'matrix'; result: PrometheusSeries[] };
}

/**
 * Publishes a metrics table as one Prometheus matrix response per metric name (the map key is the
 * `__name__`, to be written as `metrics/<name>.json`). `service` is the node name exactly.
 * Empty cells are left out (gaps); a column with no sample at all is left out entirely; columns
 * without a mapping (see `convertMetricName`) are skipped. Series are ordered by node, then stat.
 */
export function convertPrometheus(table: MetricsTable): Map<string, PrometheusMatrixResponse> {
  const byName = new Map<string, PrometheusSeries[]>();
  for (const { key, values } of table.columns.values()) {
    const mapping = convertMetricName(key.metric, key.statistic);
    if (!mapping) continue;
    const samples: [number, string][] = [];
    values.forEach((value, i) => {
      if (Number.isNaN(value)) return;
      samples.push([table.timesSec[i] ?? Number.NaN, formatSample(mapping.convert(value))]);
    });
    if (samples.length === 0) continue;
    const series = byName.get(mapping.name) ?? [];
    series.push({ metric: { __name__: mapping.name, service: key.node, ...mapping.labels }, values: samples });
    byName.set(mapping.name, series);
  }
  const responses = new Map<string, PrometheusMatrixResponse>();
  for (const name of [...byName.keys()].sort()) {
    const result = (byName.get(name) ?? []).sort((a, b) => compare(a.metric.service, b.metric.service) || compare(a.metric.stat, b.metric.stat));
    responses.set(name, { status: 'success', data: { resultType: 'matrix', result } });
  }
  return responses;
}

/** Prometheus-style sample text; 12 significant digits hide float noise from unit conversions. */
export function formatSample(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  return String(Number(value.toPrecision(12)));
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
