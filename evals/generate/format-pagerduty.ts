import type { Person } from './people.ts';
import type { Rng } from './rng.ts';
import type { Notification } from './format-alertmanager.ts';

/** A PagerDuty V3 webhook event with the time it happened. */
export interface PagerDutyEvent {
  timeMs: number;
  line: Record<string, unknown>;
}

/**
 * PagerDuty V3 incident events for the critical Alertmanager groups: triggered on the first
 * send, acknowledged by the on-call a few minutes later, resolved when the group resolves.
 */
export function buildPagerDutyEvents(rng: Rng, notifications: readonly Notification[], onCall: Person, untilMs: number): PagerDutyEvent[] {
  const byGroup = new Map<string, Notification[]>();
  for (const n of notifications) {
    if (n.receiver !== 'pagerduty-critical') continue;
    const key = String(n.payload.groupKey);
    byGroup.set(key, [...(byGroup.get(key) ?? []), n]);
  }
  const events: PagerDutyEvent[] = [];
  let number = rng.int(1200, 9000);
  const user = { html_url: `https://acme.pagerduty.com/users/P${rng.alnum(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`, id: `P${rng.alnum(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`, self: '', summary: onCall.realName, type: 'user_reference' };
  for (const [groupKey, sends] of byGroup) {
    const first = sends[0] as Notification;
    const alerts = first.payload.alerts as Array<{ labels: Record<string, string>; annotations: Record<string, string> }>;
    const a0 = alerts[0];
    const serviceName = a0?.labels.service ?? a0?.labels.instance ?? 'Production';
    const incidentId = `Q${rng.alnum(13, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`;
    const title = `[FIRING:${alerts.length}] ${a0?.labels.alertname ?? 'Alert'} ${a0?.labels.service ?? ''} ${a0?.annotations.summary ?? ''}`.replace(/\s+/g, ' ').trim();
    const base = (eventType: string, timeMs: number, status: string, agent: unknown) => ({
      event: {
        id: `01${rng.alnum(24, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`,
        event_type: eventType,
        resource_type: 'incident',
        occurred_at: new Date(timeMs).toISOString(),
        agent,
        client: null,
        data: {
          id: incidentId, type: 'incident',
          self: `https://api.pagerduty.com/incidents/${incidentId}`,
          html_url: `https://acme.pagerduty.com/incidents/${incidentId}`,
          number, status, incident_key: groupKey, created_at: new Date(first.sentMs + 2000).toISOString().replace(/\.\d+Z$/, 'Z'),
          title,
          service: { html_url: `https://acme.pagerduty.com/services/P${serviceName.length}X`, id: `PSVC${serviceName.length}`, self: '', summary: serviceName, type: 'service_reference' },
          assignees: [user], escalation_policy: { id: 'PEP0001', summary: 'SRE primary', type: 'escalation_policy_reference' },
          teams: [], priority: null, urgency: 'high', conference_bridge: null, resolve_reason: null,
        },
      },
    });
    const trig = first.sentMs + rng.int(1000, 8000);
    if (trig <= untilMs) events.push({ timeMs: trig, line: base('incident.triggered', trig, 'triggered', { type: 'service_reference', summary: 'Alertmanager' }) });
    const ack = trig + rng.int(1, 8) * 60_000;
    if (ack <= untilMs) events.push({ timeMs: ack, line: base('incident.acknowledged', ack, 'acknowledged', user) });
    const resolvedSend = sends.find((s) => s.payload.status === 'resolved');
    if (resolvedSend && resolvedSend.sentMs <= untilMs) {
      events.push({ timeMs: resolvedSend.sentMs + 1500, line: base('incident.resolved', resolvedSend.sentMs + 1500, 'resolved', { type: 'service_reference', summary: 'Alertmanager' }) });
    }
    number++;
  }
  return events.sort((a, b) => a.timeMs - b.timeMs);
}
