import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { listBundleFiles, lokiNsToMs, parsePrometheusMatrix } from '../../src/ingest/index.ts';
import { BundleError } from '../../src/domain/errors.ts';
import { type InstantQueryArgs, type InstantQueryResult, type ListLabelValuesArgs, type ListSeriesArgs, type LogQueryArgs, type LogQueryResult, type MatrixSeries, type MetricsBackend, type RangeQueryArgs, type RangeQueryResult } from './metrics-backend.ts';
import { matchesAll, parseLogQuery, parseSeriesSelector, passesLineFilters, type LabelMatcher } from './parse-selector.ts';
import { resolveStep } from './resolve-step.ts';
import { selectLogEntries, type StoredStream } from './select-log-entries.ts';
import { formatSampleValue, sampleAtSteps, sampleAt } from './sample-series.ts';

/** One series of the bundle: labels (with `__name__`) and sorted samples. */
export interface StoredSeries {
  labels: Record<string, string>;
  timesMs: Float64Array;
  values: Float64Array;
}

interface MetricsData {
  series: StoredSeries[];
  firstMs: number;
  lastMs: number;
  nativeStepSeconds: number;
}

interface LogsData {
  streams: StoredStream[];
  firstMs: number;
  lastMs: number;
}

const LokiFileSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('streams'),
    result: z.array(z.object({ stream: z.record(z.string(), z.string()), values: z.array(z.unknown()) })),
  }),
});

/**
 * Serves `metrics/*.json` (Prometheus matrices) and `logs/*.json` (Loki streams) of an incident bundle
 * with Prometheus/Loki semantics: a series selector evaluated at `start + k·step` with the 5-minute
 * lookback, and stream selectors with line filters. Files are read on the first query and kept in memory.
 * An absent start/end means the whole time range of the bundle's data.
 */
export class BundleMetricsBackend implements MetricsBackend {
  readonly description: string;
  readonly defaultRange = 'the whole time range of the bundle\'s data';
  private metrics?: Promise<MetricsData>;
  private logs?: Promise<LogsData>;

  constructor(readonly bundleDir: string) {
    this.description = `incident bundle ${bundleDir}`;
  }

  async queryRange(args: RangeQueryArgs): Promise<RangeQueryResult> {
    const matchers = parseSeriesSelector(args.query);
    const data = await this.loadMetrics();
    const { startMs, endMs } = resolveRange(args, data);
    const { stepSeconds, downsampled } = resolveStep(endMs - startMs, args.maxPoints, args.stepSeconds ?? data.nativeStepSeconds);
    const result: MatrixSeries[] = [];
    let truncated = false;
    for (const series of data.series) {
      if (!matchesAll(series.labels, matchers)) continue;
      const values = sampleAtSteps(series, startMs, endMs, stepSeconds * 1000);
      if (values.length === 0) continue;
      if (result.length >= args.limit) { truncated = true; break; }
      result.push({ metric: series.labels, values });
    }
    return { resultType: 'matrix', result, stepSeconds, downsampled, truncated };
  }

  async queryInstant(args: InstantQueryArgs): Promise<InstantQueryResult> {
    const matchers = parseSeriesSelector(args.query);
    const data = await this.loadMetrics();
    const timeMs = args.timeMs ?? data.lastMs;
    const result: InstantQueryResult['result'] = [];
    let truncated = false;
    for (const series of data.series) {
      if (!matchesAll(series.labels, matchers)) continue;
      const value = sampleAt(series, timeMs);
      if (value === undefined) continue;
      if (result.length >= args.limit) { truncated = true; break; }
      result.push({ metric: series.labels, value: [timeMs / 1000, formatSampleValue(value)] });
    }
    return { resultType: 'vector', result, truncated };
  }

  async listSeries(args: ListSeriesArgs): Promise<{ series: Array<Record<string, string>>; truncated: boolean }> {
    const matchers = parseSeriesSelector(args.match, 'match');
    const data = await this.loadMetrics();
    const { startMs, endMs } = resolveRange(args, data);
    const series: Array<Record<string, string>> = [];
    for (const s of matchingInRange(data.series, matchers, startMs, endMs)) {
      if (series.length >= args.limit) return { series, truncated: true };
      series.push(s.labels);
    }
    return { series, truncated: false };
  }

  async listLabelValues(args: ListLabelValuesArgs): Promise<{ values: string[]; truncated: boolean }> {
    const matchers = args.match === undefined ? [] : parseSeriesSelector(args.match, 'match');
    const data = await this.loadMetrics();
    const { startMs, endMs } = resolveRange(args, data);
    const seen = new Set<string>();
    for (const s of matchingInRange(data.series, matchers, startMs, endMs)) {
      const value = s.labels[args.label];
      if (value !== undefined && value !== '') seen.add(value);
    }
    const values = [...seen].sort();
    return { values: values.slice(0, args.limit), truncated: values.length > args.limit };
  }

  async queryLogs(args: LogQueryArgs): Promise<LogQueryResult> {
    const { matchers, filters } = parseLogQuery(args.query);
    const data = await this.loadLogs();
    const { startMs, endMs } = resolveRange(args, data);
    const streams = data.streams.filter((s) => matchesAll(s.labels, matchers));
    const { result, truncated } = selectLogEntries(streams, startMs, endMs, (line) => passesLineFilters(line, filters), args.limit, args.direction);
    return { resultType: 'streams', result, truncated };
  }

  private loadMetrics(): Promise<MetricsData> {
    this.metrics ??= readMetrics(this.bundleDir);
    return this.metrics;
  }

  private loadLogs(): Promise<LogsData> {
    this.logs ??= readLogs(this.bundleDir);
    return this.logs;
  }
}

function* matchingInRange(series: readonly StoredSeries[], matchers: readonly LabelMatcher[], startMs: number, endMs: number): Iterable<StoredSeries> {
  for (const s of series) {
    if (!matchesAll(s.labels, matchers)) continue;
    const first = s.timesMs[0];
    const last = s.timesMs[s.timesMs.length - 1];
    if (first === undefined || last === undefined || first > endMs || last < startMs) continue;
    yield s;
  }
}

function resolveRange(args: { startMs?: number; endMs?: number }, data: { firstMs: number; lastMs: number }): { startMs: number; endMs: number } {
  const endMs = args.endMs ?? data.lastMs;
  const startMs = args.startMs ?? Math.min(data.firstMs, endMs);
  return { startMs, endMs };
}

async function readMetrics(bundleDir: string): Promise<MetricsData> {
  const files = (await listBundleFiles(bundleDir)).metrics;
  const texts = await Promise.all(files.map((file) => readFile(join(bundleDir, file), 'utf8')));
  const series: StoredSeries[] = [];
  files.forEach((file, i) => {
    for (const s of parsePrometheusMatrix(texts[i] as string, file).series) {
      if (s.timesMs.length === 0) continue;
      // An expression result has no __name__; the parser names it after its file, and so do we, so it can be selected.
      const labels = s.labels.__name__ ? s.labels : { __name__: s.name, ...s.labels };
      series.push({ labels, timesMs: s.timesMs, values: s.values });
    }
  });
  series.sort((a, b) => compareLabels(a.labels, b.labels));
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const s of series) {
    firstMs = Math.min(firstMs, s.timesMs[0] as number);
    lastMs = Math.max(lastMs, s.timesMs[s.timesMs.length - 1] as number);
  }
  if (series.length === 0) firstMs = lastMs = 0;
  return { series, firstMs, lastMs, nativeStepSeconds: nativeStepSeconds(series) };
}

async function readLogs(bundleDir: string): Promise<LogsData> {
  const files = (await listBundleFiles(bundleDir)).logs;
  const streams: StoredStream[] = [];
  for (const file of files) {
    const text = await readFile(join(bundleDir, file), 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new BundleError(file, '(file)', 'valid JSON', (error as Error).message);
    }
    const parsed = LokiFileSchema.safeParse(json);
    if (!parsed.success) throw new BundleError(file, parsed.error.issues[0]?.path.join('.') || '(file)', 'a Loki query_range response with resultType "streams"', json);
    for (const stream of parsed.data.data.result) streams.push(toStoredStream(stream.stream, stream.values));
  }
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const s of streams) {
    if (s.timesMs.length === 0) continue;
    firstMs = Math.min(firstMs, s.timesMs[0] as number);
    lastMs = Math.max(lastMs, s.timesMs[s.timesMs.length - 1] as number);
  }
  if (firstMs === Infinity) firstMs = lastMs = 0;
  return { streams, firstMs, lastMs };
}

/** Keeps the well-formed `["ns", "line"]` entries, sorted by time (bundles may hold them newest first). */
function toStoredStream(labels: Record<string, string>, values: unknown[]): StoredStream {
  const entries: Array<{ ms: number; ns: string; line: string }> = [];
  for (const entry of values) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
    const ms = lokiNsToMs(entry[0]);
    if (ms !== undefined) entries.push({ ms, ns: entry[0], line: entry[1] });
  }
  entries.sort((a, b) => a.ms - b.ms);
  return {
    labels,
    timesMs: Float64Array.from(entries, (e) => e.ms),
    entries: entries.map((e): [string, string] => [e.ns, e.line]),
  };
}

/** Median gap between samples of the first series, in whole seconds (at least 1); 60 when unknown. */
function nativeStepSeconds(series: readonly StoredSeries[]): number {
  const times = series.find((s) => s.timesMs.length > 2)?.timesMs;
  if (!times) return 60;
  const gaps: number[] = [];
  for (let i = 1; i < Math.min(times.length, 201); i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  gaps.sort((a, b) => a - b);
  return Math.max(1, Math.round((gaps[Math.floor(gaps.length / 2)] as number) / 1000));
}

function compareLabels(a: Record<string, string>, b: Record<string, string>): number {
  const ka = labelKey(a);
  const kb = labelKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels).sort().map((k) => `${k}\u0000${labels[k]}`).join('\u0001');
}

