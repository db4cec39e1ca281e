import { pickLabel } from './pick-label.ts';

/** Labels that name the service a series belongs to, in order of preference. */
export const METRIC_SERVICE_LABELS = ['service', 'service_name', 'app', 'job'] as const;

/**
 * The service of a Prometheus series: `service`/`service_name`/`app`/`job` label, else the host part of
 * `instance` (`payments-7d9f:8080` → `payments-7d9f`, `[::1]:9090` → `::1`), else `'unknown'`.
 */
export function inferMetricService(labels: Readonly<Record<string, string>>): string {
  const named = pickLabel(labels, METRIC_SERVICE_LABELS);
  if (named) return named;
  const instance = labels.instance;
  if (!instance) return 'unknown';
  const bracketed = /^\[([^\]]+)\]/.exec(instance);
  if (bracketed?.[1]) return bracketed[1];
  const colons = instance.split(':').length - 1;
  const host = colons === 1 ? instance.slice(0, instance.indexOf(':')) : instance; // >1 colon: bare IPv6
  return host || 'unknown';
}
