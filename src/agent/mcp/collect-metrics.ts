import { z } from 'zod';
import type { MetricSeries } from '../../domain/index.ts';
import { parsePrometheusMatrix } from '../../ingest/index.ts';
import { callStructuredTool, type CallSettings } from './call-structured-tool.ts';

const MatrixSchema = z.looseObject({
  resultType: z.literal('matrix'),
  result: z.array(z.looseObject({ metric: z.record(z.string(), z.string()) })),
  truncated: z.boolean().optional(),
});
const SeriesListSchema = z.looseObject({ series: z.array(z.record(z.string(), z.string())), truncated: z.boolean().optional() });

/** The contract's caps: enough points to keep a day at one-minute resolution, the most series per call. */
const MAX_POINTS = 11_000;
const MAX_SERIES = 500;
const ALL_SERIES = '{__name__=~".+"}';

/**
 * Reads every series of [start, end] through `metrics_query_range` at the finest step the server allows
 * (its native step unless `stepSeconds` is given). When one query would return more series than the cap,
 * it asks `metrics_list_series` for the metric names and queries them one by one. The responses are
 * rebuilt as Prometheus `query_range` JSON and validated by the bundle parser. Undefined when unreadable.
 */
export async function collectMetrics(settings: CallSettings, start: string, end: string, stepSeconds?: number): Promise<MetricSeries[] | undefined> {
  const query = (selector: string) =>
    callStructuredTool(settings, 'metrics_query_range', { query: selector, start, end, maxPoints: MAX_POINTS, limit: MAX_SERIES, ...(stepSeconds ? { step: stepSeconds } : {}) }, MatrixSchema);
  const all = await query(ALL_SERIES);
  if (!all) return undefined;
  let matrices = [all];
  if (all.truncated) {
    const names = await metricNames(settings, start, end);
    if (names.length) matrices = (await Promise.all(names.map((n) => query(`{__name__="${n}"}`)))).filter((m) => m !== undefined);
    for (const m of matrices) {
      if (m.truncated) settings.problems.push({ file: 'mcp:metrics_query_range', field: 'truncated', message: `more than ${MAX_SERIES} series for one metric; the rest were not read` });
    }
  }
  const series: MetricSeries[] = [];
  matrices.forEach((m, i) => {
    const text = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: m.result } });
    const parsed = parsePrometheusMatrix(text, `mcp:metrics_query_range#${i + 1}`);
    for (const p of parsed.problems) settings.problems.push(p);
    for (const s of parsed.series) series.push(s);
  });
  return series;
}

async function metricNames(settings: CallSettings, start: string, end: string): Promise<string[]> {
  const list = await callStructuredTool(settings, 'metrics_list_series', { match: ALL_SERIES, start, end, limit: MAX_SERIES }, SeriesListSchema);
  if (!list) return [];
  if (list.truncated) settings.problems.push({ file: 'mcp:metrics_list_series', field: 'truncated', message: `more than ${MAX_SERIES} series; metric names of the rest were not listed` });
  return [...new Set(list.series.map((s) => s.__name__).filter((n): n is string => Boolean(n)))].map((n) => n.replace(/[\\"]/g, '\\$&'));
}
