import type { BenchRng } from './bench-rng.ts';
import type { AffectedService, Blip, LargeIncidentPlan } from './plan-large-incident.ts';
import { SAMPLES_PER_SERIES, STEP_SECONDS } from './plan-large-incident.ts';

/** The seven metrics every benchmark service exports (names from the spec's common list). */
export const BENCH_METRICS = [
  'http_requests_per_second',
  'http_request_error_ratio',
  'http_request_duration_p99_seconds',
  'process_cpu_utilization',
  'process_memory_bytes',
  'db_connections_in_use',
  'queue_depth',
] as const;
export type BenchMetric = (typeof BENCH_METRICS)[number];

/** One rendered Prometheus matrix entry. */
export interface RenderedSeries {
  /** `{"metric":{…},"values":[…]}` */
  json: string;
  /** Samples written, including `"NaN"`/`"+Inf"` ones; gaps are not samples. */
  samples: number;
}

const DAY_MS = 86_400_000;
/** sin() peaks a quarter day after this offset: 12:00 + 6 h = 18:00 UTC. */
const TRAFFIC_PEAK_OFFSET_MS = 12 * 3_600_000;
/** How strongly each metric follows daily traffic (relative amplitude of the daily swing). */
const DIURNAL_AMPLITUDE: Readonly<Record<BenchMetric, number>> = {
  http_requests_per_second: 0.3,
  process_cpu_utilization: 0.18,
  db_connections_in_use: 0.15,
  queue_depth: 0.15,
  http_request_duration_p99_seconds: 0.05,
  http_request_error_ratio: 0,
  process_memory_bytes: 0,
};

/**
 * Renders one series of one service as a Prometheus `query_range` matrix entry: a diurnal baseline
 * with noise, the fault's effect where the service is affected, unrelated blips, and the realistic
 * defects of scraped data (gaps from missed scrapes, `"NaN"` ratios, a rare `"+Inf"` quantile).
 */
export function renderMetricSeries(
  plan: LargeIncidentPlan,
  service: string,
  metric: BenchMetric,
  rng: BenchRng,
): RenderedSeries {
  const affected = plan.fault.affected.get(service);
  const blips = plan.blips.filter((b) => b.service === service && b.metric === metric);
  const base = baselineOf(metric, rng);
  const noise = noiseOf(metric);
  const diurnalAmplitude = DIURNAL_AMPLITUDE[metric];
  // 4 % of series lose 2–15 minutes of scrapes.
  const gapStart = rng.chance(0.04) ? rng.int(0, SAMPLES_PER_SERIES - 60) : -1;
  const gapEnd = gapStart + rng.int(8, 60);
  const startS = plan.windowStartMs / 1000;
  const parts: string[] = [];
  let drift = 0;
  for (let i = 0; i < SAMPLES_PER_SERIES; i++) {
    if (i >= gapStart && i < gapEnd) continue;
    const tS = startS + i * STEP_SECONDS;
    const tMs = tS * 1000;
    // One traffic curve for the whole estate (peak 18:00 UTC, trough 06:00): the window spans the evening decline.
    const diurnal = 1 + diurnalAmplitude * Math.sin((2 * Math.PI * (tMs - TRAFFIC_PEAK_OFFSET_MS)) / DAY_MS);
    drift = metric === 'process_memory_bytes' ? drift + Math.abs(rng.normal()) * 0.00002 : 0;
    let value = base * diurnal * (1 + drift) * (1 + noise * rng.normal());
    if (affected) value = withFault(metric, value, base, tMs, affected, plan, service);
    for (const blip of blips) value *= blipFactor(blip, tMs);
    parts.push(`[${tS},"${format(metric, value, rng)}"]`);
  }
  const labels = `{"__name__":"${metric}","service":"${service}","namespace":"prod","job":"${service}"}`;
  return { json: `{"metric":${labels},"values":[${parts.join(',')}]}`, samples: parts.length };
}

function baselineOf(metric: BenchMetric, rng: BenchRng): number {
  switch (metric) {
    case 'http_requests_per_second': return rng.logRange(5, 2_000);
    case 'http_request_error_ratio': return rng.range(0.0005, 0.004);
    case 'http_request_duration_p99_seconds': return rng.logRange(0.04, 0.9);
    case 'process_cpu_utilization': return rng.range(0.08, 0.6);
    case 'process_memory_bytes': return rng.logRange(2e8, 4e9);
    case 'db_connections_in_use': return rng.range(4, 60);
    case 'queue_depth': return rng.range(0, 40);
  }
}

function noiseOf(metric: BenchMetric): number {
  switch (metric) {
    case 'http_request_error_ratio': return 0.35;
    case 'queue_depth': return 0.3;
    case 'http_request_duration_p99_seconds': return 0.12;
    case 'process_memory_bytes': return 0.01;
    default: return 0.06;
  }
}

/** 0 before `fromMs`, ramps to 1 over `rampMs`, holds, ramps back to 0 over `rampMs` after `toMs`. */
export function pulse(tMs: number, fromMs: number, toMs: number, rampMs: number): number {
  if (tMs <= fromMs || tMs >= toMs + rampMs) return 0;
  if (tMs < fromMs + rampMs) return (tMs - fromMs) / rampMs;
  if (tMs > toMs) return 1 - (tMs - toMs) / rampMs;
  return 1;
}

function withFault(
  metric: BenchMetric, value: number, base: number, tMs: number, hit: AffectedService,
  plan: LargeIncidentPlan, service: string,
): number {
  const level = pulse(tMs, hit.onsetMs, hit.recoveredMs, 60_000);
  const isRoot = service === plan.fault.service;
  switch (metric) {
    case 'http_request_error_ratio':
      return Math.min(1, value + level * (0.24 * Math.pow(0.55, hit.distance) + 0.015));
    case 'http_request_duration_p99_seconds':
      return value * (1 + level * (isRoot ? 3.5 : 2 * Math.pow(0.7, hit.distance)));
    case 'http_requests_per_second':
      // Callers retry into the faulty service; their own traffic dips as users give up.
      return value * (isRoot ? 1 + 0.35 * level : 1 - 0.08 * level);
    case 'process_cpu_utilization':
      return isRoot ? Math.min(1, value + 0.18 * level) : value;
    case 'db_connections_in_use':
      return isRoot ? value + level * 2.5 * base : value;
    case 'process_memory_bytes': {
      if (!isRoot) return value;
      // Pods restart on the deploy and on the rollback: memory drops and warms up over ~20 min.
      const sinceRestart = tMs >= plan.fault.mitigatedMs ? tMs - plan.fault.mitigatedMs : tMs - plan.fault.deployMs;
      return sinceRestart >= 0 && sinceRestart < 1_200_000 ? value * (0.45 + 0.55 * (sinceRestart / 1_200_000)) : value;
    }
    case 'queue_depth':
      return value;
  }
}

function blipFactor(blip: Blip, tMs: number): number {
  return 1 + (blip.factor - 1) * pulse(tMs, blip.startMs, blip.endMs, 90_000);
}

function format(metric: BenchMetric, value: number, rng: BenchRng): string {
  switch (metric) {
    case 'http_request_error_ratio':
      // 0/0 when a scrape saw no requests.
      return rng.chance(0.0008) ? 'NaN' : Math.max(0, value).toFixed(5);
    case 'http_request_duration_p99_seconds':
      // histogram_quantile gives +Inf when every observation fell in the last bucket.
      return rng.chance(0.0002) ? '+Inf' : Math.max(0.001, value).toFixed(4);
    case 'http_requests_per_second': return Math.max(0, value).toFixed(2);
    case 'process_cpu_utilization': return Math.min(1, Math.max(0, value)).toFixed(4);
    case 'process_memory_bytes': return String(Math.round(value));
    case 'db_connections_in_use':
    case 'queue_depth': return String(Math.max(0, Math.round(value)));
  }
}
