import type { ServiceGraph, ServiceNode } from './build-topology.ts';
import type { Effect } from './fault-types.ts';
import type { Rng } from './rng.ts';
import { seriesKey, type SeriesSpec, type SeriesUnit } from './synthesize-metrics.ts';

export interface SeriesPlanOptions {
  /** Services that get every metric they have (root, impacted, changed). */
  focus: ReadonlySet<string>;
  /** Emit client-side `upstream_*` series for internal edges too (service-mesh style). */
  meshMetrics: boolean;
  /** Effects that must land on an existing series. */
  effects: readonly Effect[];
  /** Services with a cost series (root of a cost fault always). */
  costServices: ReadonlySet<string>;
}

const GiB = 1024 ** 3;

/** Which series exist in the scenario, with quiet-time baselines per service. */
export function planSeries(rng: Rng, graph: ServiceGraph, opts: SeriesPlanOptions): SeriesSpec[] {
  const specs = new Map<string, SeriesSpec>();
  const add = (name: string, s: ServiceNode, unit: SeriesUnit, base: number, noise: number, diurnal: number, extra: Partial<SeriesSpec> = {}, upstream?: string) => {
    const key = seriesKey(name, s.name, upstream);
    if (specs.has(key)) return;
    const labels: Record<string, string> = { service: s.name, namespace: 'prod', job: s.name, ...(upstream !== undefined ? { upstream } : {}) };
    specs.set(key, { name, service: s.name, labels, unit, base, noise, diurnal, seed: hash(`${rng.seed}|${key}`), ...extra });
  };
  for (const s of graph.services) {
    const scale = rng.range(0.3, 3);
    const focus = opts.focus.has(s.name);
    const diurnal = rng.range(0.1, 0.35);
    const http = s.role === 'edge' || s.role === 'api' || (s.role === 'datastore' && !/-db$/.test(s.name));
    if (http) {
      const rps = (s.role === 'edge' ? rng.range(150, 1500) : rng.range(15, 500)) * (scale > 1 ? 1 : scale);
      add('http_requests_per_second', s, 'rate', round(rps), rng.range(0.03, 0.07), diurnal);
      add('http_request_error_ratio', s, 'ratio', rng.range(0.0004, 0.008), rng.range(0.25, 0.5), diurnal * 0.3);
      add('http_request_duration_p99_seconds', s, 'seconds', rng.range(0.04, 0.9), rng.range(0.06, 0.15), diurnal * 0.4);
    }
    if (/-db$/.test(s.name)) {
      const cap = rng.pick([100, 200, 300, 500]);
      add('db_connections_in_use', s, 'count', cap * rng.range(0.15, 0.45), 0.06, diurnal, { capacity: cap });
      if (focus || rng.chance(0.6)) add('replication_lag_seconds', s, 'seconds', rng.range(0.02, 0.8), 0.3, 0);
      add('process_cpu_utilization', s, 'fraction', rng.range(0.1, 0.4), 0.08, diurnal);
    }
    if (s.role === 'queue') add('queue_depth', s, 'count', rng.range(5, 200), 0.35, diurnal);
    if (s.role === 'worker') {
      const queue = s.dependsOn.find((d) => /-events$|-queue$|^dlq$/.test(d));
      if (queue !== undefined) add('queue_depth', s, 'count', rng.range(5, 120), 0.35, diurnal, { labels: { service: s.name, namespace: 'prod', job: s.name, queue } });
    }
    if (focus || s.role === 'worker' || rng.chance(0.35)) {
      const mem = rng.range(0.3, 2.5) * GiB;
      const limit = Math.ceil((mem / rng.range(0.35, 0.6)) / GiB) * GiB;
      if (!/-db$/.test(s.name)) add('process_cpu_utilization', s, 'fraction', rng.range(0.12, 0.5), 0.08, diurnal);
      add('process_memory_bytes', s, 'bytes', mem, 0.01, 0, { capacity: limit });
    }
    if (opts.costServices.has(s.name) || rng.chance(0.2)) {
      add('cloud_cost_usd_per_hour', s, 'usd', rng.range(1.5, 60), 0.04, diurnal * 0.5);
    }
    for (const d of s.dependsOn) {
      const external = graph.externals.includes(d);
      if (!external && !opts.meshMetrics) continue;
      add('upstream_request_error_ratio', s, 'ratio', rng.range(0.0003, 0.005), 0.35, 0.1, {}, d);
      add('upstream_request_duration_p99_seconds', s, 'seconds', rng.range(external ? 0.15 : 0.02, external ? 1.2 : 0.5), 0.1, 0.1, {}, d);
    }
  }
  // Every effect needs a series to land on.
  for (const e of opts.effects) {
    const node = graph.services.find((s) => s.name === e.service);
    if (!node || specs.has(seriesKey(e.metric, e.service, e.upstream))) continue;
    const defaults: Record<string, [SeriesUnit, number, number, Partial<SeriesSpec>]> = {
      http_requests_per_second: ['rate', rng.range(20, 300), 0.05, {}],
      http_request_error_ratio: ['ratio', rng.range(0.0005, 0.005), 0.35, {}],
      http_request_duration_p99_seconds: ['seconds', rng.range(0.05, 0.6), 0.1, {}],
      process_cpu_utilization: ['fraction', rng.range(0.15, 0.45), 0.08, {}],
      process_memory_bytes: ['bytes', GiB * rng.range(0.5, 1.2), 0.01, { capacity: 2 * GiB }],
      db_connections_in_use: ['count', 40, 0.06, { capacity: 200 }],
      replication_lag_seconds: ['seconds', 0.3, 0.3, {}],
      cloud_cost_usd_per_hour: ['usd', rng.range(3, 40), 0.04, {}],
      upstream_request_error_ratio: ['ratio', 0.002, 0.35, {}],
      upstream_request_duration_p99_seconds: ['seconds', rng.range(0.05, 0.5), 0.1, {}],
      queue_depth: ['count', 50, 0.3, {}],
    };
    const d = defaults[e.metric];
    if (d) add(e.metric, node, d[0], d[1], d[2], 0.15, d[3], e.upstream);
  }
  return [...specs.values()];
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}

/**
 * Keeps at most `maxSeries` series: everything of the focus services first, then error ratios,
 * then the other golden signals, then the rest (a real bundle is never complete either).
 */
export function trimSeries(rng: Rng, specs: readonly SeriesSpec[], focus: ReadonlySet<string>, maxSeries: number, root: string): SeriesSpec[] {
  if (specs.length <= maxSeries) return [...specs];
  const tier = (s: SeriesSpec): number => {
    const up = s.labels.upstream;
    if (s.service === root) return 0;
    if (focus.has(s.service) && /^(process_|cloud_cost)/.test(s.name)) return 2;
    if (focus.has(s.service) && (up === undefined || focus.has(up) || !/^[a-z0-9-]+$/.test(up) || !specs.some((o) => o.service === up))) return 0;
    if (up !== undefined) return 4;
    if (s.name === 'http_request_error_ratio') return 1;
    if (s.name === 'http_requests_per_second' || s.name === 'http_request_duration_p99_seconds' || s.name === 'db_connections_in_use' || s.name === 'queue_depth') return 2;
    return 3;
  };
  const ranked = rng.shuffle(specs).map((s) => ({ s, t: tier(s) })).sort((a, b) => a.t - b.t);
  const kept = new Set(ranked.filter((r, i) => r.t === 0 || i < maxSeries).map((r) => r.s));
  return specs.filter((s) => kept.has(s));
}
