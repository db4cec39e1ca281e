import type { Effect } from './fault-types.ts';
import { Rng } from './rng.ts';

/** How a series is formatted and bounded. */
export type SeriesUnit = 'ratio' | 'seconds' | 'rate' | 'bytes' | 'count' | 'usd' | 'fraction';

/** One series to synthesize: its labels and quiet-time behaviour. */
export interface SeriesSpec {
  name: string;
  service: string;
  labels: Record<string, string>;
  unit: SeriesUnit;
  /** Quiet-time level at the daily mean. */
  base: number;
  /** Relative noise (standard deviation as a share of the level). */
  noise: number;
  /** Relative amplitude of the daily cycle (0 for none). */
  diurnal: number;
  /** Hard ceiling (max connections, memory limit): `toward` effects aim at a share of it. */
  capacity?: number;
  /** Series-specific seed so a series is the same whatever else the scenario holds. */
  seed: number;
}

/** The sample grid: `count` samples every `stepMs` from `startMs`. */
export interface Grid {
  startMs: number;
  stepMs: number;
  count: number;
}

/** Metrics whose `toward` effects are shares of the series capacity. */
const CapacityMetrics = new Set(['db_connections_in_use', 'process_memory_bytes']);

export function seriesKey(name: string, service: string, upstream?: string): string {
  return upstream === undefined ? `${name}|${service}` : `${name}|${service}|${upstream}`;
}

/** Does the effect apply to this series? */
export function effectMatches(effect: Effect, spec: SeriesSpec): boolean {
  return effect.metric === spec.name && effect.service === spec.service && (effect.upstream === undefined || effect.upstream === spec.labels.upstream);
}

/**
 * Envelope of an effect at `t` in [0, 1]: linear rise over `rampMs`, hold, linear fall over
 * `recoverMs` from the end (`endMs`, or the mitigation time plus `endOffsetMs`).
 */
export function envelope(effect: Effect, t: number, mitigationMs: number): number {
  if (t < effect.startMs) return 0;
  const rise = effect.rampMs <= 0 ? 1 : Math.min(1, (t - effect.startMs) / effect.rampMs);
  const end = effect.endMs ?? mitigationMs + (effect.endOffsetMs ?? 0);
  if (t < end) return rise;
  const riseAtEnd = effect.rampMs <= 0 ? 1 : Math.min(1, Math.max(0, (end - effect.startMs) / effect.rampMs));
  if (effect.recoverMs <= 0) return 0;
  return Math.max(0, riseAtEnd * (1 - (t - end) / effect.recoverMs));
}

/**
 * Values of one series on the grid: baseline with daily cycle and noise, then the effects.
 * NaN/Inf and gaps are added later by `addScrapeProblems`.
 */
export function synthesizeSeries(spec: SeriesSpec, grid: Grid, effects: readonly Effect[], mitigationMs: number): Float64Array {
  const rng = new Rng(spec.seed);
  const out = new Float64Array(grid.count);
  const mine = effects.filter((e) => effectMatches(e, spec));
  const phase = rng.range(15, 21);
  let walk = 0;
  for (let i = 0; i < grid.count; i++) {
    const t = grid.startMs + i * grid.stepMs;
    const hour = (t / 3_600_000) % 24;
    const daily = 1 + spec.diurnal * Math.cos((2 * Math.PI * (hour - phase)) / 24);
    walk = walk * 0.97 + rng.normal() * spec.noise * 0.25;
    let v = spec.base * daily * (1 + walk + rng.normal() * spec.noise);
    if (spec.unit === 'ratio' && rng.chance(0.004)) v *= rng.range(3, 8); // the odd blip nobody pages on
    if (spec.name === 'process_memory_bytes') v = spec.base * (1 + 0.04 * ((i % 37) / 37) + rng.normal() * spec.noise);
    for (const e of mine) {
      const f = envelope(e, t, mitigationMs);
      if (f <= 0) continue;
      if (e.sawtoothMs !== undefined && spec.capacity !== undefined && t >= e.startMs + e.rampMs && f >= 1) {
        // OOM kills: memory falls back on restart, climbs again within the period.
        const phaseInPeriod = ((t - e.startMs - e.rampMs) % e.sawtoothMs) / e.sawtoothMs;
        v = spec.capacity * (0.55 + 0.43 * phaseInPeriod);
        continue;
      }
      const target = CapacityMetrics.has(spec.name) && spec.capacity !== undefined ? e.value * spec.capacity : e.value;
      const wobble = 1 + rng.normal() * 0.06;
      if (e.mode === 'toward') v += f * (target - v) * wobble;
      else if (e.mode === 'mul') v *= 1 + f * (e.value - 1) * wobble;
      else v += f * e.value * wobble;
    }
    out[i] = clamp(spec, v);
  }
  return out;
}

function clamp(spec: SeriesSpec, v: number): number {
  let x = Math.max(0, v);
  if (spec.unit === 'ratio' || spec.unit === 'fraction') x = Math.min(1, x);
  if (spec.capacity !== undefined) x = Math.min(spec.capacity, x);
  return x;
}

/** Prometheus-style value text, compact (4 significant digits, integers for counts and bytes). */
export function formatSample(unit: SeriesUnit, v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (unit === 'bytes' || unit === 'count') return String(Math.round(v));
  if (v !== 0 && Math.abs(v) < 1e-5) return '0';
  return String(Number(v.toPrecision(4)));
}

/**
 * Scrape failures: drops 1–3 ranges of samples (2–10 min) and turns a few samples into NaN
 * (0/0 ratios) or +Inf (empty histogram). Returns the kept sample indexes and the values.
 */
export function addScrapeProblems(rng: Rng, spec: SeriesSpec, grid: Grid, values: Float64Array, nearMs?: number): { keep: number[]; values: Float64Array } {
  const out = Float64Array.from(values);
  const dropped = new Set<number>();
  const ranges = rng.int(1, 3);
  for (let r = 0; r < ranges; r++) {
    const len = Math.max(1, Math.round((rng.int(2, 10) * 60_000) / grid.stepMs));
    let start = rng.int(0, Math.max(0, grid.count - len));
    if (nearMs !== undefined && r === 0) start = Math.max(0, Math.round((nearMs - grid.startMs) / grid.stepMs) - rng.int(0, len));
    for (let i = start; i < Math.min(grid.count, start + len); i++) dropped.add(i);
  }
  const odd = rng.int(1, 6);
  for (let k = 0; k < odd; k++) {
    const i = rng.int(0, grid.count - 1);
    if (spec.unit === 'ratio') out[i] = NaN;
    else if (spec.unit === 'seconds') out[i] = Infinity;
  }
  const keep: number[] = [];
  for (let i = 0; i < grid.count; i++) if (!dropped.has(i)) keep.push(i);
  return { keep, values: out };
}
