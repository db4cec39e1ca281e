import { formatSample, type Grid, type SeriesSpec } from './synthesize-metrics.ts';

/** A synthesized series ready to write: kept sample indexes and their values. */
export interface FinalSeries {
  spec: SeriesSpec;
  keep: readonly number[];
  values: Float64Array;
}

/**
 * Prometheus `query_range` response files, grouped one file per metric name or one per service.
 * Returns relative path → JSON text.
 */
export function formatPrometheusFiles(series: readonly FinalSeries[], grid: Grid, groupBy: 'metric' | 'service'): Map<string, string> {
  const groups = new Map<string, FinalSeries[]>();
  for (const s of series) {
    const key = groupBy === 'metric' ? s.spec.name : s.spec.service;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const files = new Map<string, string>();
  for (const [key, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const result = list.map((s) => {
      const values = s.keep.map((i) => `[${(grid.startMs + i * grid.stepMs) / 1000},"${formatSample(s.spec.unit, s.values[i] as number)}"]`);
      return `{"metric":${JSON.stringify({ __name__: s.spec.name, ...s.spec.labels })},"values":[${values.join(',')}]}`;
    });
    files.set(`metrics/${key}.json`, `{"status":"success","data":{"resultType":"matrix","result":[\n${result.join(',\n')}\n]}}\n`);
  }
  return files;
}
