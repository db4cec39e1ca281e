import type { BenchRng } from './bench-rng.ts';
import type { LargeIncidentPlan } from './plan-large-incident.ts';

/** A CloudEvents 1.0 change event as written to `changes.jsonl`. */
export interface CloudEventChange {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  data: Record<string, string>;
}

const AUTHORS = ['alice', 'bob', 'chen', 'dana', 'emeka', 'farah', 'goran', 'hana', 'ivan', 'julia', 'kofi', 'lena'];
const BACKGROUND_TYPES = ['deploy', 'deploy', 'deploy', 'deploy', 'config', 'feature_flag', 'scale', 'infra', 'job', 'secret_rotation', 'certificate', 'migration'];
const SOURCES: Record<string, string> = {
  deploy: 'argocd', rollback: 'argocd', config: 'consul', feature_flag: 'launchdarkly', scale: 'kubernetes',
  infra: 'terraform', job: 'airflow', secret_rotation: 'vault', certificate: 'cert-manager', migration: 'flyway',
};
const QUIET_MS = 30 * 60_000;

/**
 * The change feed: the bad deploy and its rollback, two red-herring changes just before the onset,
 * and background changes over the window (none in the faulty service within 30 min of the onset).
 * Sorted by time.
 */
export function makeChangeEvents(plan: LargeIncidentPlan, rng: BenchRng): CloudEventChange[] {
  const { fault } = plan;
  const event = (id: string, type: string, subject: string, timeMs: number, data: Record<string, string>): CloudEventChange => ({
    specversion: '1.0', id, source: SOURCES[type] ?? 'change-feed', type, subject, time: new Date(timeMs).toISOString(),
    data: { environment: 'production', author: rng.pick(AUTHORS), ...data },
  });
  const changes = [
    event(fault.changeId, 'deploy', fault.service, fault.deployMs, {
      version: fault.version, previousVersion: fault.previousVersion, description: 'Switch token issuer lookup to the new identity SDK',
    }),
    event(fault.rollbackId, 'rollback', fault.service, fault.mitigatedMs, {
      version: fault.previousVersion, previousVersion: fault.version, description: `Roll back ${fault.version}: 5xx on /v1/authorize`,
    }),
    ...plan.redHerrings.map((h) => event(h.changeId, h.type, h.service, h.timeMs, h.type === 'config'
      ? { key: 'http.client.timeout_ms', value: '2500', previousValue: '3000', description: 'Tighten client timeout' }
      : { flag: 'new-recommendations-widget', value: 'true', description: 'Enable widget for 10% of users' })),
  ];
  const span = plan.windowEndMs - plan.windowStartMs;
  while (changes.length < plan.counts.changes) {
    const subject = rng.pick(plan.services).name;
    const timeMs = plan.windowStartMs + Math.floor(rng.float() * span);
    if (subject === fault.service && Math.abs(timeMs - fault.onsetMs) < QUIET_MS) continue;
    const type = rng.pick(BACKGROUND_TYPES);
    const minor = rng.int(0, 30);
    const data: Record<string, string> = type === 'deploy'
      ? { version: `v1.${minor + 1}.0`, previousVersion: `v1.${minor}.${rng.int(0, 9)}`, description: 'Routine release' }
      : { description: `${type.replace('_', ' ')} change` };
    changes.push(event(`${type.slice(0, 4)}-${rng.hex(8)}`, type, subject, timeMs, data));
  }
  return changes.sort((a, b) => a.time.localeCompare(b.time));
}
