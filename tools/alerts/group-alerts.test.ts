import { describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../src/domain/index.ts';
import { groupAlerts } from './group-alerts.ts';

const T = (hhmm: string) => Date.parse(`2026-03-04T${hhmm}:00Z`);
function note(over: Partial<AlertNotification>): AlertNotification {
  return {
    origin: 'alertmanager', fingerprint: 'f1', status: 'firing', name: 'HighErrors', service: 'payments', severity: 'critical',
    labels: { alertname: 'HighErrors' }, annotations: {}, startsAtMs: T('15:00'), notifiedAtMs: T('15:00'), ref: 'alerts/a.jsonl:1', ...over,
  };
}

describe('groupAlerts', () => {
  it('collapses re-sends: earliest start, latest notification, count', () => {
    const [group, ...rest] = groupAlerts([
      note({ notifiedAtMs: T('15:05'), annotations: { summary: 'later' } }),
      note({ startsAtMs: T('14:58'), notifiedAtMs: T('15:00'), annotations: { summary: 'first' } }),
      note({ notifiedAtMs: T('15:10'), annotations: { summary: 'latest' } }),
    ]);
    expect(rest).toEqual([]);
    expect(group).toMatchObject({ fingerprint: 'f1', state: 'firing', firstFiringAt: '2026-03-04T14:58:00Z', lastSeenAt: '2026-03-04T15:10:00Z', notifications: 3, annotations: { summary: 'latest' } });
    expect(group?.resolvedAt).toBeUndefined();
  });

  it('a resolving notification sets state and resolvedAt; resolved wins a tie', () => {
    const [group] = groupAlerts([
      note({ notifiedAtMs: T('15:30'), status: 'resolved', endsAtMs: T('15:29') }),
      note({ notifiedAtMs: T('15:30') }),
    ]);
    expect(group).toMatchObject({ state: 'resolved', resolvedAt: '2026-03-04T15:29:00Z', notifications: 2 });
  });

  it('a re-fire after a resolve is firing again', () => {
    const [group] = groupAlerts([
      note({ notifiedAtMs: T('15:30'), status: 'resolved', endsAtMs: T('15:30') }),
      note({ notifiedAtMs: T('15:40'), startsAtMs: T('15:39') }),
    ]);
    expect(group).toMatchObject({ state: 'firing', firstFiringAt: '2026-03-04T15:00:00Z' });
    expect(group?.resolvedAt).toBeUndefined();
  });

  it('keeps fingerprints apart and sorts by first firing', () => {
    const groups = groupAlerts([note({ fingerprint: 'late', startsAtMs: T('16:00') }), note({ fingerprint: 'early', startsAtMs: T('13:00'), origin: 'pagerduty' })]);
    expect(groups.map((g) => [g.fingerprint, g.source])).toEqual([['early', 'pagerduty'], ['late', 'alertmanager']]);
  });
});
