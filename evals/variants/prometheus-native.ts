// The `prometheus-native` variant: the same incident exported the way many exporters name things.
// Error ratios and request rates become raw `http_server_requests_total{status}` counters, client-side
// error ratios become `http_client_requests_total{peer_service, code}` counters, CPU utilization a raw
// CPU-seconds counter, latencies milliseconds, and memory, pools and queues their usual exporter names.
// It checks that the analysis does not depend on the generator's metric names.

interface Series { metric: Record<string, string>; values: Array<[number, string]> }

const RENAMED: Readonly<Record<string, { name: string; scale?: number }>> = {
  http_request_duration_p99_seconds: { name: 'http_server_request_duration_p99_milliseconds', scale: 1000 },
  upstream_request_duration_p99_seconds: { name: 'http_client_request_duration_p99_milliseconds', scale: 1000 },
  process_memory_bytes: { name: 'container_memory_working_set_bytes' },
  db_connections_in_use: { name: 'hikaricp_connections_active' },
  queue_depth: { name: 'queue_messages_ready' },
};

/** Client-side calls per second where the generator gives no client-side request rate. */
const CLIENT_CALLS_PER_SECOND = 20;
/** Server requests per second where a service has an error ratio but no request rate. */
const DEFAULT_REQUESTS_PER_SECOND = 50;

/** Rewrites the `metrics/` files of a scenario (one file per new metric name); other files are kept. */
export function toPrometheusNative(files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const series: Series[] = [];
  for (const [path, text] of files) {
    if (path.startsWith('metrics/')) series.push(...(JSON.parse(text) as { data: { result: Series[] } }).data.result);
    else out.set(path, text);
  }
  const byName = new Map<string, Series[]>();
  const requestRates = new Map(series.filter((s) => s.metric.__name__ === 'http_requests_per_second').map((s) => [labelsKey(s), s]));
  const withErrorRatio = new Set(series.filter((s) => s.metric.__name__ === 'http_request_error_ratio').map(labelsKey));
  for (const s of series.flatMap((s) => rewrite(s, requestRates, withErrorRatio))) {
    const name = s.metric.__name__!;
    (byName.get(name) ?? byName.set(name, []).get(name)!).push(s);
  }
  for (const [name, result] of byName) out.set(`metrics/${name}.json`, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
  return out;
}

/** `requestRates`: the request-rate series by their labels; `withErrorRatio`: labels that have an error ratio. */
function rewrite(s: Series, requestRates: ReadonlyMap<string, Series>, withErrorRatio: ReadonlySet<string>): Series[] {
  const name = s.metric.__name__!;
  const valueAt = (i: number) => parse(s.values[i]![1]);
  switch (name) {
    case 'http_requests_per_second':
      // Folded into the status-code counters of its service's error ratio, unless that has none.
      return withErrorRatio.has(labelsKey(s)) ? [] : [counter(s, 'http_server_requests_total', { status: '2xx' }, valueAt)];
    case 'http_request_error_ratio': {
      const rate = requestRate(s, requestRates.get(labelsKey(s)));
      return [
        counter(s, 'http_server_requests_total', { status: '2xx' }, (i) => (1 - valueAt(i)) * rate(i)),
        counter(s, 'http_server_requests_total', { status: '5xx' }, (i) => valueAt(i) * rate(i)),
      ];
    }
    case 'upstream_request_error_ratio': {
      const { upstream, ...labels } = s.metric;
      const client = { ...s, metric: { ...labels, peer_service: upstream ?? 'unknown' } };
      return [
        counter(client, 'http_client_requests_total', { code: '200' }, (i) => (1 - valueAt(i)) * CLIENT_CALLS_PER_SECOND),
        counter(client, 'http_client_requests_total', { code: '503' }, (i) => valueAt(i) * CLIENT_CALLS_PER_SECOND),
      ];
    }
    case 'process_cpu_utilization':
      return [counter(s, 'container_cpu_usage_seconds_total', {}, valueAt)];
    default: {
      const renamed = RENAMED[name];
      if (!renamed) return [s];
      const scale = renamed.scale ?? 1;
      return [{ metric: { ...s.metric, __name__: renamed.name }, values: s.values.map(([t, v]) => [t, Number.isFinite(parse(v)) ? String(parse(v) * scale) : v]) }];
    }
  }
}

/** The request rate (`traffic`) of the service an error-ratio series belongs to, sample by sample. */
function requestRate(errors: Series, traffic: Series | undefined): (i: number) => number {
  const byTime = new Map((traffic?.values ?? []).map(([t, v]) => [t, parse(v)]));
  return (i) => {
    const rate = byTime.get(errors.values[i]![0]);
    return rate !== undefined && Number.isFinite(rate) ? rate : DEFAULT_REQUESTS_PER_SECOND;
  };
}

/**
 * A raw counter that grows by `perSecond(i)` per second. A sample whose rate is unknown (NaN, a gap)
 * is left out, as a missed scrape would be; the count goes on from where it was.
 */
function counter(s: Series, name: string, extra: Record<string, string>, perSecond: (i: number) => number): Series {
  let total = 1000;
  const values: Array<[number, string]> = [];
  for (let i = 0; i < s.values.length; i++) {
    const rate = perSecond(i);
    if (!Number.isFinite(rate)) continue;
    if (i > 0) total += Math.max(0, rate) * (s.values[i]![0] - s.values[i - 1]![0]);
    values.push([s.values[i]![0], String(Math.round(total))]);
  }
  return { metric: { ...s.metric, __name__: name, ...extra }, values };
}

/** A series' labels without its name: the error ratio and the request rate of one service share them. */
function labelsKey(s: Series): string {
  const { __name__: _, ...labels } = s.metric;
  return JSON.stringify(Object.entries(labels).sort());
}

function parse(value: string): number {
  const x = Number(value);
  return Number.isFinite(x) ? x : Number.NaN;
}
