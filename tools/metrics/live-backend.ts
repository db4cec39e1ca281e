import { z } from 'zod';
import { BackendNotConfiguredError, BackendQueryError, BackendUnavailableError } from './metrics-errors.ts';
import type { InstantQueryArgs, InstantQueryResult, ListLabelValuesArgs, ListSeriesArgs, LogQueryArgs, LogQueryResult, MetricsBackend, RangeQueryArgs, RangeQueryResult } from './metrics-backend.ts';
import { resolveStep } from './resolve-step.ts';

/** Where the live backend sends queries. */
export interface LiveBackendOptions {
  /** Prometheus base URL (`http://prometheus:9090`); absent → the metrics tools answer with an error. */
  prometheusUrl?: string;
  /** Loki base URL (`http://loki:3100`); absent → logs_query_range answers with an error. */
  lokiUrl?: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Injected clock for the default range (default Date.now). */
  nowMs?: () => number;
}

/** Prometheus scrapes every 15 s by default: the default step when none is asked for. */
const DEFAULT_LIVE_STEP_SECONDS = 15;
const DEFAULT_RANGE_MS = 3_600_000;

const Labels = z.record(z.string(), z.string());
const Envelope = z.object({ status: z.enum(['success', 'error']), data: z.unknown().optional(), errorType: z.string().optional(), error: z.string().optional() });
const MatrixData = z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: Labels, values: z.array(z.tuple([z.number(), z.string()])) })) });
const VectorData = z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: Labels, value: z.tuple([z.number(), z.string()]) })) });
const ScalarData = z.object({ resultType: z.enum(['scalar', 'string']), result: z.tuple([z.number(), z.string()]) });
const StreamsData = z.object({ resultType: z.literal('streams'), result: z.array(z.object({ stream: Labels, values: z.array(z.tuple([z.string(), z.string()]).rest(z.unknown())) })) });

/**
 * Forwards the tools to Prometheus' HTTP API (`/api/v1/query_range`, `/query`, `/series`, `/label/<name>/values`)
 * and Loki's `/loki/api/v1/query_range`, then applies the tools' bounds (series limit, maxPoints via the step).
 * An absent start/end means the last hour up to now.
 */
export class LiveMetricsBackend implements MetricsBackend {
  readonly description: string;
  readonly defaultRange = 'the last hour up to now';
  private readonly timeoutMs: number;
  private readonly nowMs: () => number;

  constructor(private readonly options: LiveBackendOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.nowMs = options.nowMs ?? Date.now;
    this.description = `live Prometheus (${options.prometheusUrl ?? 'not configured'}) and Loki (${options.lokiUrl ?? 'not configured'})`;
  }

  async queryRange(args: RangeQueryArgs): Promise<RangeQueryResult> {
    const { startMs, endMs } = this.range(args);
    const { stepSeconds, downsampled } = resolveStep(endMs - startMs, args.maxPoints, args.stepSeconds ?? DEFAULT_LIVE_STEP_SECONDS);
    const data = MatrixData.parse(await this.prometheus('/api/v1/query_range', { query: args.query, start: seconds(startMs), end: seconds(endMs), step: String(stepSeconds) }));
    return { resultType: 'matrix', result: data.result.slice(0, args.limit), stepSeconds, downsampled, truncated: data.result.length > args.limit };
  }

  async queryInstant(args: InstantQueryArgs): Promise<InstantQueryResult> {
    const data = await this.prometheus('/api/v1/query', { query: args.query, time: seconds(args.timeMs ?? this.nowMs()) });
    const scalar = ScalarData.safeParse(data);
    // A scalar (`1 + 1`) becomes a one-sample vector without labels, so the output keeps one shape.
    if (scalar.success) return { resultType: 'vector', result: [{ metric: {}, value: scalar.data.result }], truncated: false };
    const vector = VectorData.parse(data);
    return { resultType: 'vector', result: vector.result.slice(0, args.limit), truncated: vector.result.length > args.limit };
  }

  async listSeries(args: ListSeriesArgs): Promise<{ series: Array<Record<string, string>>; truncated: boolean }> {
    const { startMs, endMs } = this.range(args);
    // `limit` (Prometheus ≥ 2.49; older versions ignore it) bounds the answer; one more than asked tells truncation.
    const params = { 'match[]': args.match, start: seconds(startMs), end: seconds(endMs), limit: String(args.limit + 1) };
    const series = z.array(Labels).parse(await this.prometheus('/api/v1/series', params));
    return { series: series.slice(0, args.limit), truncated: series.length > args.limit };
  }

  async listLabelValues(args: ListLabelValuesArgs): Promise<{ values: string[]; truncated: boolean }> {
    const { startMs, endMs } = this.range(args);
    const params: Record<string, string> = { start: seconds(startMs), end: seconds(endMs), limit: String(args.limit + 1) };
    if (args.match !== undefined) params['match[]'] = args.match;
    const values = z.array(z.string()).parse(await this.prometheus(`/api/v1/label/${encodeURIComponent(args.label)}/values`, params));
    return { values: values.slice(0, args.limit), truncated: values.length > args.limit };
  }

  async queryLogs(args: LogQueryArgs): Promise<LogQueryResult> {
    const base = this.options.lokiUrl;
    if (!base) throw new BackendNotConfiguredError('Loki', 'set LOKI_URL (http://loki:3100) or serve a bundle with --bundle DIR');
    const { startMs, endMs } = this.range(args);
    const json = await getJson('Loki', base, '/loki/api/v1/query_range', {
      query: args.query, start: nanoseconds(startMs), end: nanoseconds(endMs), limit: String(args.limit), direction: args.direction,
    }, this.timeoutMs);
    const data = StreamsData.parse(unwrap('Loki', json));
    const result = data.result.map((s) => ({ stream: s.stream, values: s.values.map((v): [string, string] => [v[0], v[1]]) }));
    const lines = result.reduce((n, s) => n + s.values.length, 0);
    // Loki stops at `limit` without saying whether more matched: reaching it is reported as truncated.
    return { resultType: 'streams', result, truncated: lines >= args.limit };
  }

  private range(args: { startMs?: number; endMs?: number }): { startMs: number; endMs: number } {
    const endMs = args.endMs ?? this.nowMs();
    return { startMs: args.startMs ?? endMs - DEFAULT_RANGE_MS, endMs };
  }

  private async prometheus(path: string, params: Record<string, string>): Promise<unknown> {
    const base = this.options.prometheusUrl;
    if (!base) throw new BackendNotConfiguredError('Prometheus', 'set PROMETHEUS_URL (http://prometheus:9090) or serve a bundle with --bundle DIR');
    return unwrap('Prometheus', await getJson('Prometheus', base, path, params, this.timeoutMs));
  }
}

/** `data` of a success envelope; the server's errorType/error as a BackendQueryError otherwise. */
function unwrap(server: 'Prometheus' | 'Loki', json: unknown): unknown {
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) throw new BackendQueryError(server, 'bad_response', `not a ${server} API response: ${JSON.stringify(json).slice(0, 200)}`);
  if (envelope.data.status === 'error') throw new BackendQueryError(server, envelope.data.errorType ?? 'error', envelope.data.error ?? 'no error text');
  return envelope.data.data;
}

async function getJson(server: 'Prometheus' | 'Loki', base: string, path: string, params: Record<string, string>, timeoutMs: number): Promise<unknown> {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const hint = `Check ${server === 'Prometheus' ? 'PROMETHEUS_URL' : 'LOKI_URL'} and that ${server} is running.`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeFetchError(error);
    throw new BackendUnavailableError(server, base, reason, hint);
  }
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Loki answers errors as plain text; Prometheus behind a proxy may answer HTML.
    throw new BackendQueryError(server, `HTTP ${response.status}`, text.trim().slice(0, 300) || response.statusText);
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

function nanoseconds(ms: number): string {
  return `${BigInt(Math.round(ms)) * 1_000_000n}`;
}
