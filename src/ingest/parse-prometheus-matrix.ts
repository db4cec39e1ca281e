import { z } from 'zod';
import { rejectErrorResponse } from './reject-error-response.ts';
import { preview, type IngestProblem, type MetricSeries } from '../domain/index.ts';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { inferMetricService } from './infer-metric-service.ts';
import { parseJsonFile } from './parse-json-file.ts';
import { scanPrometheusJson } from './scan-prometheus-json.ts';
import { ScannedSamples } from './scanned-samples.ts';

/** The scanner has already read each series' samples into a ScannedSamples (millions of them: no zod per sample). */
const SampleArraySchema = z.custom<ScannedSamples>((v) => v instanceof ScannedSamples, { message: 'an array of [<unix seconds>, "<value>"] samples' });

const MatrixResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: SampleArraySchema })),
  }),
});

/** Series read from one metrics file, plus what was dropped or skipped. */
export interface ParsedMetrics {
  series: MetricSeries[];
  problems: IngestProblem[];
}

/**
 * Parses one Prometheus `query_range` response (`resultType: "matrix"`) into MetricSeries with
 * Float64Array times (ms) and values. Samples `"NaN"`, `"±Inf"` or unparsable are dropped and counted in
 * `droppedSamples` (one summary problem per file); structurally wrong samples (not a 2-array, time not a
 * number) are skipped with one problem per series. Unsorted samples are sorted; duplicate timestamps keep
 * the last sample. A series without `__name__` (an expression) is named after the file.
 * Throws a BundleError for invalid JSON, a wrong outer shape, `status: "error"` or another resultType.
 * @param input the file's bytes as read (no decoding into a string: see StrictJsonScanner), or its text.
 * @param file bundle-relative path (`metrics/payments.json`), used in refs, problems and errors.
 */
export function parsePrometheusMatrix(input: Buffer | string, file: string): ParsedMetrics {
  const json = parseJsonFile(file, typeof input === 'string' ? Buffer.from(input, 'utf8') : input, scanPrometheusJson);
  rejectErrorResponse(json, file, 'Prometheus');
  const parsed = MatrixResponseSchema.safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);

  const problems: IngestProblem[] = [];
  const fallbackName = file.replace(/^.*\//, '').replace(/\.json$/, '');
  let droppedTotal = 0;
  let seriesWithDrops = 0;
  const series = parsed.data.data.result.map((r, index): MetricSeries => {
    const samples = finishSamples(r.values);
    if (samples.malformed > 0) {
      problems.push({
        file,
        field: `data.result[${index}].values[${samples.firstMalformedIndex}]`,
        message: `${samples.malformed} sample(s) not [<unix seconds>, "<value>"] and skipped, first: ${preview(r.values.firstMalformed)}`,
      });
    }
    if (samples.dropped > 0) {
      droppedTotal += samples.dropped;
      seriesWithDrops++;
    }
    return {
      name: r.metric.__name__ || fallbackName,
      service: inferMetricService(r.metric),
      labels: r.metric,
      timesMs: samples.timesMs,
      values: samples.values,
      droppedSamples: samples.dropped,
      ref: `${file}#${index}`,
    };
  });
  if (droppedTotal > 0) {
    problems.push({ file, field: 'data.result', message: `${droppedTotal} NaN/Inf/unparsable sample(s) dropped in ${seriesWithDrops} series` });
  }
  return { series, problems };
}

interface Samples {
  timesMs: Float64Array;
  values: Float64Array;
  dropped: number;
  malformed: number;
  firstMalformedIndex: number;
}

/** Sorts and drops duplicate timestamps only when the scan saw them. */
function finishSamples(scanned: ScannedSamples): Samples {
  let { timesMs, values } = scanned;
  if (!scanned.sorted || scanned.hasDuplicates) {
    const deduped = sortDedupe(timesMs, values, scanned.count);
    timesMs = deduped.timesMs.subarray(0, deduped.count);
    values = deduped.values.subarray(0, deduped.count);
  }
  return { timesMs, values, dropped: scanned.dropped, malformed: scanned.malformed, firstMalformedIndex: scanned.firstMalformedIndex };
}

/** Stable sort by time, then keep the last sample of each timestamp (a later sample overrides). */
function sortDedupe(timesMs: Float64Array, values: Float64Array, count: number): { timesMs: Float64Array; values: Float64Array; count: number } {
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (timesMs[a] as number) - (timesMs[b] as number) || a - b);
  const t = new Float64Array(count);
  const v = new Float64Array(count);
  let out = 0;
  for (const i of order) {
    const time = timesMs[i] as number;
    if (out > 0 && t[out - 1] === time) out--;
    t[out] = time;
    v[out] = values[i] as number;
    out++;
  }
  return { timesMs: t, values: v, count: out };
}
