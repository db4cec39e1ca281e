import { callersOf, type ServiceGraph } from './build-topology.ts';
import type { Effect, FaultPlan } from './fault-types.ts';
import { MIN, SEC } from './faults/common.ts';
import type { Rng } from './rng.ts';

/** How one service is affected by the fault. */
export interface Impact {
  service: string;
  /** Error ratio it settles at. */
  error: number;
  /** Added p99 latency (seconds). */
  latencyS: number;
  startMs: number;
  /** Call-graph distance from the nearest fault source (0 for a source). */
  hops: number;
  /** The callee it suffers from (itself for a source). */
  via: string;
  /** Retries on this hop amplify errors and load (retry amplification). */
  amplified: boolean;
}

/**
 * Spreads the fault up the call graph: every caller of an affected service is affected after a
 * small delay, diluted by its other traffic, amplified where it retries.
 */
export function propagateImpact(rng: Rng, graph: ServiceGraph, fault: FaultPlan, amplify: boolean, forceAmplified: readonly string[] = []): Map<string, Impact> {
  const impacted = new Map<string, Impact>();
  const queue: Impact[] = [];
  for (const s of fault.sources) {
    const imp: Impact = { service: s.service, error: s.error, latencyS: s.latencyS, startMs: s.startMs, hops: 0, via: s.service, amplified: false };
    const prev = impacted.get(s.service);
    if (!prev || prev.error < imp.error) impacted.set(s.service, imp);
    queue.push(imp);
  }
  let amplifiedLeft = amplify ? rng.int(1, 2) : 0;
  while (queue.length > 0) {
    const cur = queue.shift() as Impact;
    for (const caller of callersOf(graph, cur.service)) {
      if (caller === fault.root) continue;
      const forced = forceAmplified.includes(caller);
      const amp = forced || (forceAmplified.length === 0 && amplifiedLeft > 0 && cur.hops <= 1 && rng.chance(0.7));
      if (amp && !forced) amplifiedLeft--;
      const dilution = rng.range(0.35, 1);
      const error = Math.min(0.97, cur.error * dilution * (amp ? rng.range(1.4, 2.4) : 1));
      const latencyS = cur.latencyS * rng.range(0.6, 1) * (amp ? rng.range(1.5, 3) : 1);
      if (error < 0.004 && latencyS < 0.05) continue;
      const prev = impacted.get(caller);
      if (prev && prev.error >= error) continue;
      const imp: Impact = { service: caller, error, latencyS, startMs: cur.startMs + rng.int(10, 90) * SEC, hops: cur.hops + 1, via: cur.service, amplified: amp };
      impacted.set(caller, imp);
      queue.push(imp);
    }
  }
  return impacted;
}

/** Metric effects of the propagated (non-source) impacts, including client-side upstream series. */
export function impactEffects(rng: Rng, impacts: Iterable<Impact>, sourceNames: ReadonlySet<string>): Effect[] {
  const out: Effect[] = [];
  for (const imp of impacts) {
    if (sourceNames.has(imp.service)) continue;
    const ramp = rng.int(20, 90) * SEC;
    out.push(
      { service: imp.service, metric: 'http_request_error_ratio', startMs: imp.startMs, rampMs: ramp, recoverMs: 2 * MIN, mode: 'toward', value: imp.error },
      { service: imp.service, metric: 'upstream_request_error_ratio', upstream: imp.via, startMs: imp.startMs - 5 * SEC, rampMs: ramp, recoverMs: 2 * MIN, mode: 'toward', value: Math.min(0.98, imp.error * 1.2) },
    );
    if (imp.latencyS > 0.02) {
      out.push(
        { service: imp.service, metric: 'http_request_duration_p99_seconds', startMs: imp.startMs, rampMs: ramp, recoverMs: 2 * MIN, mode: 'add', value: imp.latencyS },
        { service: imp.service, metric: 'upstream_request_duration_p99_seconds', upstream: imp.via, startMs: imp.startMs, rampMs: ramp, recoverMs: 2 * MIN, mode: 'add', value: imp.latencyS },
      );
    }
    if (imp.amplified) {
      // Retries multiply the load on the callee.
      out.push({ service: imp.via, metric: 'http_requests_per_second', startMs: imp.startMs, rampMs: ramp, recoverMs: 2 * MIN, mode: 'mul', value: rng.range(1.8, 3.5) });
    }
  }
  return out;
}
