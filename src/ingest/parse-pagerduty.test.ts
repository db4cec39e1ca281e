import { describe, expect, it } from 'vitest';
import { parsePagerduty } from './parse-pagerduty.ts';

const FILE = 'alerts/pd.pagerduty.jsonl';
const incident = (over: Record<string, unknown> = {}) => ({
  id: 'PT4KHLK', type: 'incident', self: 'https://api.pagerduty.com/incidents/PT4KHLK', html_url: 'https://acme.pagerduty.com/incidents/PT4KHLK',
  number: 1234, status: 'triggered', incident_key: 'baf7cf21', created_at: '2026-03-04T15:02:00Z', title: 'Payments error rate',
  service: { id: 'PIJ90N7', type: 'service_reference', summary: 'payments' }, urgency: 'high', priority: { id: 'P1X', summary: 'P1' },
  ...over,
});
const event = (eventType: string, occurredAt: string, data: unknown, agent: unknown = null) =>
  JSON.stringify({ event: { id: `ev-${eventType}`, event_type: eventType, resource_type: 'incident', occurred_at: occurredAt, agent, client: null, data } });
const at = (hh: number, mm: number) => Date.UTC(2026, 2, 4, hh, mm);

describe('parsePagerduty', () => {
  it('maps triggered → firing, other incident events → firing re-sends, resolved → resolved', () => {
    const text = [
      event('incident.triggered', '2026-03-04T15:02:00.000Z', incident()),
      event('incident.acknowledged', '2026-03-04T15:04:00Z', incident({ status: 'acknowledged' }), { id: 'PU1', summary: 'Alice Chen' }),
      event('incident.priority_updated', '2026-03-04T15:05:00Z', incident({ priority: { summary: 'P2' } })),
      event('incident.resolved', '2026-03-04T15:40:00Z', incident({ status: 'resolved' })),
    ].join('\n');
    const { alerts, problems } = parsePagerduty(text, FILE);
    expect(problems).toEqual([]);
    expect(alerts.map((a) => [a.status, a.notifiedAtMs, a.endsAtMs, a.severity])).toEqual([
      ['firing', at(15, 2), undefined, 'P1'],
      ['firing', at(15, 4), undefined, 'P1'],
      ['firing', at(15, 5), undefined, 'P2'],
      ['resolved', at(15, 40), at(15, 40), 'P1'],
    ]);
    for (const a of alerts) {
      expect(a).toMatchObject({ origin: 'pagerduty', fingerprint: 'pagerduty:baf7cf21', name: 'Payments error rate', service: 'payments', startsAtMs: at(15, 2) });
    }
    expect(alerts[0]!.labels).toMatchObject({ event_type: 'incident.triggered', incident_id: 'PT4KHLK', incident_number: '1234', urgency: 'high', priority: 'P1' });
    expect(alerts[0]!.annotations).toEqual({ summary: 'Payments error rate', html_url: 'https://acme.pagerduty.com/incidents/PT4KHLK' });
    expect(alerts[1]!.annotations.agent).toBe('Alice Chen');
    expect(alerts.map((a) => a.ref)).toEqual([1, 2, 3, 4].map((n) => `${FILE}:${n}`));
  });

  it('falls back to the incident id without an incident_key, and to urgency without a priority', () => {
    const { alerts } = parsePagerduty(event('incident.triggered', '2026-03-04T15:02:00Z', incident({ incident_key: null, priority: null })), FILE);
    expect(alerts[0]).toMatchObject({ fingerprint: 'pagerduty:PT4KHLK', severity: 'high' });
  });

  it('lets reference-only events (notes) borrow key, title and service, but not the later status', () => {
    const note = { id: 'N1', type: 'incident_note', content: 'rolling back', incident: { id: 'PT4KHLK', type: 'incident_reference', summary: '[#1234] Payments error rate' } };
    const text = [
      event('incident.triggered', '2026-03-04T15:02:00Z', incident()),
      event('incident.annotated', '2026-03-04T15:10:00Z', note),
      event('incident.resolved', '2026-03-04T15:40:00Z', incident({ status: 'resolved' })),
    ].join('\n');
    const noteAlert = parsePagerduty(text, FILE).alerts[1]!;
    expect(noteAlert).toMatchObject({ status: 'firing', fingerprint: 'pagerduty:baf7cf21', name: 'Payments error rate', service: 'payments', notifiedAtMs: at(15, 10), startsAtMs: at(15, 2) });
    expect(noteAlert.annotations.note).toBe('rolling back');
    expect(noteAlert.labels.incident_status).toBeUndefined();

    const alone = parsePagerduty(event('incident.annotated', '2026-03-04T15:10:00Z', note), FILE).alerts[0]!;
    expect(alone).toMatchObject({ fingerprint: 'pagerduty:PT4KHLK', name: 'Payments error rate', service: undefined, startsAtMs: at(15, 10) });
  });

  it('ignores non-incident events with one summary problem', () => {
    const text = [
      event('service.updated', '2026-03-04T15:02:00Z', { id: 'PIJ90N7', type: 'service' }),
      event('service.created', '2026-03-04T15:03:00Z', { id: 'PIJ90N8', type: 'service' }),
    ].join('\n');
    expect(parsePagerduty(text, FILE)).toEqual({ alerts: [], problems: [{ file: FILE, field: 'event.event_type', message: '2 non-incident event(s) ignored' }] });
  });

  it('skips bad lines with their number and JSON path', () => {
    const text = [
      event('incident.triggered', 'not a time', incident()),
      '{"event": {"event_type": "incident.triggered"',
      event('incident.triggered', '2026-03-04T15:02:00Z', incident({ id: undefined })),
      JSON.stringify({ nope: true }),
      event('incident.triggered', '2026-03-04T15:02:00Z', incident()),
    ].join('\n');
    const { alerts, problems } = parsePagerduty(text, FILE);
    expect(alerts.map((a) => a.ref)).toEqual([`${FILE}:5`]);
    expect(problems.map((p) => p.field)).toEqual(['line 1: event.occurred_at', 'line 2', 'line 3: event.data.id', 'line 4: event']);
  });
});
