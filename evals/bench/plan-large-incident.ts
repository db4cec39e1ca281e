import { BenchRng } from './bench-rng.ts';
import { buildLayeredTopology, type BenchService } from './build-layered-topology.ts';

export const STEP_SECONDS = 15;
export const WINDOW_HOURS = 6;
/** 6 h at 15 s. */
export const SAMPLES_PER_SERIES = (WINDOW_HOURS * 3600) / STEP_SECONDS;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Counts at scale 1; services, messages, logs, alerts and changes scale linearly. */
export const SCALE_ONE = { services: 200, messages: 20_000, logs: 20_000, alerts: 5_000, changes: 100 } as const;
const MIN_SERVICES = 8;
const MIN_CHANGES = 6;

/** A service hit by the fault: `distance` calls away from the faulty service, reached `via` that callee. */
export interface AffectedService {
  distance: number;
  /** The dependency through which the failure reaches this service (undefined for the faulty one). */
  via?: string;
  /** When its symptoms begin and end (ms since epoch). */
  onsetMs: number;
  recoveredMs: number;
}

/** An unrelated, short-lived anomaly on some service (background noise the analysis must ignore). */
export interface Blip {
  service: string;
  metric: 'process_cpu_utilization' | 'queue_depth' | 'http_request_duration_p99_seconds';
  startMs: number;
  endMs: number;
  /** Multiplier at the peak. */
  factor: number;
}

/** Everything decided up front about one large incident; the writers only render it. */
export interface LargeIncidentPlan {
  scale: number;
  seed: number;
  counts: { services: number; messages: number; logs: number; alerts: number; changes: number };
  windowStartMs: number;
  windowEndMs: number;
  services: BenchService[];
  teams: string[];
  fault: {
    service: string;
    changeId: string;
    rollbackId: string;
    version: string;
    previousVersion: string;
    deployMs: number;
    onsetMs: number;
    /** First page (Alertmanager notification). */
    detectedMs: number;
    openedMs: number;
    mitigatedMs: number;
    resolvedMs: number;
    affected: Map<string, AffectedService>;
  };
  redHerrings: { service: string; changeId: string; type: string; timeMs: number }[];
  blips: Blip[];
}

/** 2026-03-04T20:00:00Z: the window crosses midnight, so Slack has several day files. */
const WINDOW_START_MS = Date.UTC(2026, 2, 4, 20, 0, 0);

/**
 * Plans a large incident at `scale` (1 = 200 services, 20k messages, 20k log lines, 5k alert
 * payloads, ~100 changes): a bad deploy in a mid-tier service at hour 4 of a 6 h window whose
 * errors propagate to every transitive caller, one hop (30 s) at a time.
 */
export function planLargeIncident(scale: number, seed: number): LargeIncidentPlan {
  if (!(scale > 0)) throw new Error(`planLargeIncident: scale must be > 0, got ${scale}`);
  const rng = new BenchRng(seed);
  const counts = {
    services: Math.max(MIN_SERVICES, Math.round(SCALE_ONE.services * scale)),
    messages: Math.round(SCALE_ONE.messages * scale),
    logs: Math.round(SCALE_ONE.logs * scale),
    alerts: Math.round(SCALE_ONE.alerts * scale),
    changes: Math.max(MIN_CHANGES, Math.round(SCALE_ONE.changes * scale)),
  };
  const services = buildLayeredTopology(rng.fork('topology'), counts.services);
  const teams = [...new Set(services.map((s) => s.team))].sort();
  const callers = callersOf(services);

  // The faulty service: the mid-tier (layer 2) service with the most transitive callers.
  const midTier = services.filter((s) => s.layer === 2);
  let faulty = midTier[0] ?? services[0]!;
  let best = -1;
  for (const s of midTier) {
    const n = reachCallers(s.name, callers).size;
    if (n > best) [faulty, best] = [s, n];
  }

  const windowStartMs = WINDOW_START_MS;
  const onsetMs = windowStartMs + 4 * HOUR_MS;
  const mitigatedMs = onsetMs + 38 * MINUTE_MS;
  const affected = new Map<string, AffectedService>();
  for (const [name, hop] of reachCallers(faulty.name, callers)) {
    affected.set(name, {
      distance: hop.distance,
      via: hop.via,
      onsetMs: onsetMs + hop.distance * 30_000,
      recoveredMs: mitigatedMs + 90_000 + hop.distance * 30_000,
    });
  }

  const fault = {
    service: faulty.name,
    changeId: `deploy-${rng.hex(6)}`,
    rollbackId: `rollback-${rng.hex(6)}`,
    version: 'v3.18.0',
    previousVersion: 'v3.17.4',
    deployMs: onsetMs - 95_000,
    onsetMs,
    detectedMs: onsetMs + 180_000,
    openedMs: onsetMs + 204_000,
    mitigatedMs,
    resolvedMs: onsetMs + 55 * MINUTE_MS,
    affected,
  };

  // Red herrings: changes just before the onset in services the fault never touches.
  const bystanders = services.filter((s) => !affected.has(s.name));
  const redHerrings = [
    { type: 'config', offsetMs: -7 * MINUTE_MS },
    { type: 'feature_flag', offsetMs: -3 * MINUTE_MS },
  ].map(({ type, offsetMs }) => ({
    service: rng.pick(bystanders.length ? bystanders : services).name,
    changeId: `${type === 'config' ? 'cfg' : 'flag'}-${rng.hex(6)}`,
    type,
    timeMs: onsetMs + offsetMs,
  }));

  const blipRng = rng.fork('blips');
  const blipMetrics = ['process_cpu_utilization', 'queue_depth', 'http_request_duration_p99_seconds'] as const;
  const blips: Blip[] = Array.from({ length: Math.max(1, Math.round(counts.services / 40)) }, () => {
    const startMs = windowStartMs + Math.round(blipRng.range(0.3, 3.4) * HOUR_MS);
    return {
      service: blipRng.pick(bystanders.length ? bystanders : services).name,
      metric: blipRng.pick(blipMetrics),
      startMs,
      endMs: startMs + Math.round(blipRng.range(4, 20) * MINUTE_MS),
      factor: blipRng.range(1.8, 3.5),
    };
  });

  return {
    scale, seed, counts, windowStartMs, windowEndMs: windowStartMs + WINDOW_HOURS * HOUR_MS,
    services, teams, fault, redHerrings, blips,
  };
}

function callersOf(services: readonly BenchService[]): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  for (const s of services) {
    for (const dep of s.dependsOn) {
      const list = callers.get(dep) ?? [];
      list.push(s.name);
      callers.set(dep, list);
    }
  }
  return callers;
}

/** Breadth-first over callers: every service that (transitively) calls `start`, with hop counts. */
function reachCallers(start: string, callers: Map<string, string[]>): Map<string, { distance: number; via?: string }> {
  const seen = new Map<string, { distance: number; via?: string }>([[start, { distance: 0 }]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i]!;
    const distance = seen.get(current)!.distance;
    for (const caller of callers.get(current) ?? []) {
      if (seen.has(caller)) continue;
      seen.set(caller, { distance: distance + 1, via: current });
      queue.push(caller);
    }
  }
  return seen;
}
