import type { ServiceGraph } from './build-topology.ts';
import type { ChangeSpec, Effect } from './fault-types.ts';
import { bumpVersion, MIN } from './faults/common.ts';
import type { Person } from './people.ts';
import type { Rng } from './rng.ts';

const Descriptions = [
  'Update dependencies', 'Improve logging', 'Add metrics for cache hits', 'Fix typo in error message', 'Tune GC settings',
  'Add pagination to list endpoint', 'Refactor auth middleware', 'Bump base image', 'Add retry jitter', 'Translate emails to German',
  'Remove dead code', 'Add index hint', 'New dashboard widgets', 'Rate limit admin endpoints',
];

/** One ordinary change of a random type (deploy mostly) to `service` at `timeMs`. */
export function ordinaryChange(rng: Rng, service: string, timeMs: number, people: readonly Person[], id: string, types = ['deploy', 'deploy', 'deploy', 'config', 'feature_flag', 'scale']): ChangeSpec {
  const type = rng.pick(types);
  const author = rng.pick(people).handle;
  const base = { id, type, service, timeMs };
  switch (type) {
    case 'config': {
      const key = rng.pick(['log.sampling_rate', 'http.server.max_body_bytes', 'cache.max_entries', 'worker.concurrency', 'feature.limits.export_rows']);
      return { ...base, source: 'consul', data: { environment: 'production', key, oldValue: String(rng.int(1, 50) * 10), newValue: String(rng.int(1, 50) * 10), author, description: `Tune ${key}` } };
    }
    case 'feature_flag': {
      const flag = rng.pick(['dark-mode', 'new-onboarding', 'beta-search-ranking', 'promo-banner', 'holiday-theme', 'fast-export']);
      return { ...base, source: 'launchdarkly', data: { environment: 'production', flag, enabled: true, rollout: rng.pick([5, 10, 50, 100]), author, description: `Ramp ${flag}` } };
    }
    case 'scale': {
      const r = rng.int(2, 10);
      return { ...base, source: 'kubectl', data: { environment: 'production', replicas: r + rng.int(1, 4), previousReplicas: r, author, description: `Scale ${service}` } };
    }
    default:
      return { ...base, source: rng.pick(['argocd', 'spinnaker', 'github-actions']), data: { environment: 'production', ...bumpVersion(rng), author, description: rng.pick(Descriptions) } };
  }
}

/** Unrelated changes spread over the quiet period (deploy trains, nightly jobs). */
export function backgroundChanges(rng: Rng, graph: ServiceGraph, people: readonly Person[], fromMs: number, toMs: number, nextId: () => string, exclude: ReadonlySet<string>): ChangeSpec[] {
  const out: ChangeSpec[] = [];
  const candidates = graph.services.filter((s) => !exclude.has(s.name));
  if (candidates.length === 0 || toMs <= fromMs) return out;
  const n = rng.int(2, 8);
  for (let i = 0; i < n; i++) {
    const t = fromMs + Math.round(rng.float() * (toMs - fromMs) / 1000) * 1000;
    out.push(ordinaryChange(rng, rng.pick(candidates).name, t, people, nextId()));
  }
  if (rng.chance(0.4)) {
    const s = rng.pick(candidates);
    out.push({ id: nextId(), type: 'job', service: s.name, timeMs: fromMs + rng.int(0, 30) * MIN, source: 'airflow', data: { environment: 'production', job: `${s.name}-nightly-compaction`, description: 'Nightly compaction' } });
  }
  return out;
}

/**
 * Responders' own actions after the onset: restarts and scale-ups of symptomatic services that
 * do not help (and must not be blamed).
 */
export function responderChanges(rng: Rng, services: readonly string[], fromMs: number, toMs: number, people: readonly Person[], nextId: () => string): ChangeSpec[] {
  const out: ChangeSpec[] = [];
  if (services.length === 0 || toMs - fromMs < 2 * MIN) return out;
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const service = rng.pick(services);
    const t = fromMs + Math.round(rng.float() * (toMs - fromMs) / 1000) * 1000;
    const author = rng.pick(people).handle;
    out.push(rng.chance(0.5)
      ? { id: nextId(), type: 'restart', service, timeMs: t, source: 'kubectl', data: { environment: 'production', author, description: `kubectl rollout restart deployment/${service}` } }
      : { id: nextId(), type: 'scale', service, timeMs: t, source: 'kubectl', data: { environment: 'production', replicas: rng.int(8, 30), previousReplicas: rng.int(3, 7), author, description: `Scale up ${service} while investigating` } });
  }
  return out;
}

/** Harmless footprint of a rollout: a CPU bump and fresh (smaller) memory for a couple of minutes. */
export function rolloutBlip(change: ChangeSpec): Effect[] {
  if (!['deploy', 'rollback', 'restart'].includes(change.type)) return [];
  return [
    { service: change.service, metric: 'process_cpu_utilization', startMs: change.timeMs, rampMs: 30_000, endMs: change.timeMs + 90_000, recoverMs: 90_000, mode: 'add', value: 0.15 },
    { service: change.service, metric: 'process_memory_bytes', startMs: change.timeMs, rampMs: 20_000, endMs: change.timeMs + 60_000, recoverMs: 600_000, mode: 'mul', value: 0.7 },
  ];
}

/** CloudEvents 1.0 structured JSON of a change. */
export function toCloudEvent(c: ChangeSpec): Record<string, unknown> {
  return {
    specversion: '1.0', id: c.id, source: c.source, type: c.type, subject: c.service,
    time: new Date(c.timeMs).toISOString().replace('.000Z', 'Z'), datacontenttype: 'application/json', data: c.data,
  };
}
