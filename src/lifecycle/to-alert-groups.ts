import { UserError } from '../domain/index.ts';
import { parseAlertmanager } from '../ingest/parse-alertmanager.ts';
import { parsePagerduty } from '../ingest/parse-pagerduty.ts';
import type { AlertGroup } from './receive-alert-group.ts';

/**
 * An Alertmanager webhook payload as one alert group (its `groupKey`), validated by the same parser
 * as bundle files; an invalid payload is a `UserError` naming the field.
 */
export function alertGroupFromAlertmanager(payload: unknown): AlertGroup {
  const { alerts, problems } = parseAlertmanager(JSON.stringify(payload), 'webhook:alertmanager');
  if (problems.length) throw new UserError(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  const raw = payload as { groupKey?: unknown; status?: unknown };
  const groupKey = typeof raw.groupKey === 'string' && raw.groupKey ? raw.groupKey : `fingerprints:${alerts.map((a) => a.fingerprint).sort().join(',')}`;
  const status = alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
  return { groupKey, status, alerts };
}

/** A PagerDuty V3 webhook event as a one-alert group keyed by its PagerDuty incident. */
export function alertGroupFromPagerduty(event: unknown): AlertGroup | undefined {
  const { alerts, problems } = parsePagerduty(JSON.stringify(event), 'webhook:pagerduty');
  if (problems.length && alerts.length === 0) {
    const invalid = problems.find((p) => !/ignored/i.test(p.message));
    if (invalid) throw new UserError(`${invalid.field}: ${invalid.message}`);
    return undefined; // a non-incident event (service.*): nothing to post
  }
  const alert = alerts[0];
  if (!alert) return undefined;
  return { groupKey: alert.fingerprint, status: alert.status, alerts: [alert] };
}
