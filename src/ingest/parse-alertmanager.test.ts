import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from './parse-alertmanager.ts';

const entry = (over: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels: { alertname: 'HighErrorRate', service: 'payments', severity: 'critical' },
  annotations: { summary: 'Error ratio above 5%' },
  startsAt: '2026-03-04T15:01:30Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prom/graph',
  fingerprint: 'a1b2c3',
  ...over,
});
const payload = (alerts: unknown[], status = 'firing') =>
  JSON.stringify({ version: '4', groupKey: '{}:{}', status, receiver: 'slack', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts });
const FILE = 'alerts/prod.jsonl';
const T0 = Date.UTC(2026, 2, 4, 15, 1, 30);

describe('parseAlertmanager', () => {
  it('maps each alerts[] entry to a notification, re-sends kept', () => {
    const text = [
      payload([entry()]),
      payload([entry()]),
      payload([entry({ status: 'resolved', endsAt: '2026-03-04T15:40:00Z' }), entry({ labels: { alertname: 'Slow', job: 'checkout' }, fingerprint: 'f2', status: 'resolved', endsAt: '2026-03-04T15:39:00Z' })], 'resolved'),
    ].join('\n');
    const { alerts, problems } = parseAlertmanager(text, FILE);
    expect(problems).toEqual([]);
    expect(alerts).toHaveLength(4);
    expect(alerts[0]).toEqual({
      origin: 'alertmanager', fingerprint: 'a1b2c3', status: 'firing', name: 'HighErrorRate', service: 'payments', severity: 'critical',
      labels: { alertname: 'HighErrorRate', service: 'payments', severity: 'critical' }, annotations: { summary: 'Error ratio above 5%' },
      startsAtMs: T0, endsAtMs: undefined, notifiedAtMs: T0, ref: 'alerts/prod.jsonl:1',
    });
    expect(alerts[2]).toMatchObject({ status: 'resolved', endsAtMs: Date.UTC(2026, 2, 4, 15, 40), notifiedAtMs: Date.UTC(2026, 2, 4, 15, 40), ref: 'alerts/prod.jsonl:3' });
    expect(alerts[3]).toMatchObject({ name: 'Slow', service: 'checkout', severity: undefined, ref: 'alerts/prod.jsonl:3' });
  });

  it.each([
    [{ service: 'a', service_name: 'b', app: 'c', job: 'd', deployment: 'e' }, 'a'],
    [{ service_name: 'b', app: 'c', job: 'd' }, 'b'],
    [{ app: 'c', job: 'd' }, 'c'],
    [{ job: 'd', deployment: 'e' }, 'd'],
    [{ deployment: 'e' }, 'e'],
    [{ service: '', instance: 'x:1' }, undefined],
  ])('service from labels %j → %s', (labels, service) => {
    const { alerts } = parseAlertmanager(payload([entry({ labels: { alertname: 'A', ...labels } })]), FILE);
    expect(alerts[0]!.service).toBe(service);
  });

  it('skips a bad line, reporting its number and field, and keeps the others', () => {
    const text = [payload([entry()]), '', '{"version":"4","alerts":[', payload([entry({ startsAt: 'yesterday' })]), payload([entry({ fingerprint: 'ok' })]), '   '].join('\n');
    const { alerts, problems } = parseAlertmanager(text, FILE);
    expect(alerts.map((a) => a.ref)).toEqual(['alerts/prod.jsonl:1', 'alerts/prod.jsonl:5']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: FILE, field: 'line 3' });
    expect(problems[0]!.message).toMatch(/^not valid JSON/);
    expect(problems[1]).toEqual({ file: FILE, field: 'line 4: alerts[0].startsAt', message: 'must be an RFC 3339 timestamp, got "yesterday"; line skipped' });
  });

  it('is lenient: missing endsAt/annotations/status/fingerprint, numeric labels, \\r\\n', () => {
    const text = `${JSON.stringify({ status: 'resolved', alerts: [{ labels: { alertname: 'A', code: 500 }, startsAt: '2026-03-04T15:01:30.5+00:00', extra: true }] })}\r\n`;
    const { alerts, problems } = parseAlertmanager(text, FILE);
    expect(problems).toEqual([]);
    expect(alerts[0]).toMatchObject({ status: 'resolved', labels: { alertname: 'A', code: '500' }, annotations: {}, endsAtMs: undefined, startsAtMs: T0 + 500, notifiedAtMs: T0 + 500 });
    expect(alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('derives the same stand-in fingerprint for the same labels in any order', () => {
    const a = parseAlertmanager(payload([entry({ fingerprint: undefined, labels: { alertname: 'A', x: '1' } })]), FILE).alerts[0]!;
    const b = parseAlertmanager(payload([entry({ fingerprint: undefined, labels: { x: '1', alertname: 'A' } })]), FILE).alerts[0]!;
    const c = parseAlertmanager(payload([entry({ fingerprint: undefined, labels: { alertname: 'A', x: '2' } })]), FILE).alerts[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it('handles empty files and payloads without alerts', () => {
    expect(parseAlertmanager('', FILE)).toEqual({ alerts: [], problems: [] });
    expect(parseAlertmanager(payload([]), FILE)).toEqual({ alerts: [], problems: [] });
  });

  it('says what a label value may be', () => {
    const { problems } = parseAlertmanager(payload([entry({ labels: { alertname: 'A', team: null } })]), FILE);
    expect(problems).toEqual([{ file: FILE, field: 'line 1: alerts[0].labels.team', message: 'must be a string, a number or a boolean, got null; line skipped' }]);
  });

  it('reports a payload that is not an object', () => {
    const { problems } = parseAlertmanager('[1,2]\n"x"', FILE);
    expect(problems.map((p) => p.field)).toEqual(['line 1: (root)', 'line 2: (root)']);
  });
});
