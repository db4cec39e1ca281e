/** A Prometheus `matrix` series: labels plus `[unix seconds, "value"]` samples. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** A Prometheus `vector` sample. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Loki stream: labels plus `["unix ns", "line"]` entries. */
export interface LogStream {
  stream: Record<string, string>;
  values: Array<[string, string]>;
}

/** A time range in unix ms; an absent end or start takes the backend's default. */
export interface TimeRangeMs {
  startMs?: number;
  endMs?: number;
}

export interface RangeQueryArgs extends TimeRangeMs {
  query: string;
  /** Step the caller asked for; absent → the backend's native step (bundle) or 15 s (live). */
  stepSeconds?: number;
  /** At most this many points per series: the step is raised to fit. */
  maxPoints: number;
  /** At most this many series. */
  limit: number;
}

export interface RangeQueryResult {
  resultType: 'matrix';
  result: MatrixSeries[];
  stepSeconds: number;
  downsampled: boolean;
  truncated: boolean;
}

export interface InstantQueryArgs {
  query: string;
  timeMs?: number;
  limit: number;
}

export interface InstantQueryResult {
  resultType: 'vector';
  result: VectorSample[];
  truncated: boolean;
}

export interface ListSeriesArgs extends TimeRangeMs {
  match: string;
  limit: number;
}

export interface ListLabelValuesArgs extends TimeRangeMs {
  label: string;
  match?: string;
  limit: number;
}

export interface LogQueryArgs extends TimeRangeMs {
  query: string;
  limit: number;
  direction: 'backward' | 'forward';
}

export interface LogQueryResult {
  resultType: 'streams';
  result: LogStream[];
  truncated: boolean;
}

/**
 * Where the metrics/logs tools get their data: an incident bundle on disk or live Prometheus + Loki.
 * Every method throws an OpsightError the tool turns into an error result.
 */
export interface MetricsBackend {
  /** `bundle <dir>` or `live Prometheus <url>, Loki <url>`, for tool descriptions and logs. */
  readonly description: string;
  /** What an absent start/end means, in words, for tool descriptions. */
  readonly defaultRange: string;
  queryRange(args: RangeQueryArgs): Promise<RangeQueryResult>;
  queryInstant(args: InstantQueryArgs): Promise<InstantQueryResult>;
  listSeries(args: ListSeriesArgs): Promise<{ series: Array<Record<string, string>>; truncated: boolean }>;
  listLabelValues(args: ListLabelValuesArgs): Promise<{ values: string[]; truncated: boolean }>;
  queryLogs(args: LogQueryArgs): Promise<LogQueryResult>;
  close?(): Promise<void>;
}

/** Prometheus' default lookback: a sample stays current for 5 minutes after it was scraped. */
export const LOOKBACK_MS = 5 * 60_000;
