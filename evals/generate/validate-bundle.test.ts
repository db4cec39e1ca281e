import { describe, expect, it } from 'vitest';
import { validateBundle } from './validate-bundle.ts';

const incident = JSON.stringify({ id: 'INC-1', title: 't', severity: 'sev2', openedAt: '2026-03-04T15:02:11Z', services: [] });
const alert = { status: 'firing', labels: { alertname: 'HighErrorRate' }, annotations: {}, startsAt: '2026-03-04T15:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://p', fingerprint: '0123456789abcdef' };
const payload = { version: '4', groupKey: '{}:{}', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://a', alerts: [alert] };
const base = (): Map<string, string> => new Map([['incident.json', incident], ['case.yaml', 'seed: 1\n']]);

describe('validateBundle', () => {
  it('accepts a minimal valid bundle', () => {
    const files = base();
    files.set('alerts/a.jsonl', `${JSON.stringify(payload)}\n`);
    files.set('metrics/m.json', JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x', service: 's' }, values: [[1, '0.5'], [2, 'NaN'], [3, '+Inf']] }] } }));
    expect(validateBundle(files)).toEqual([]);
  });

  it.each([
    ['an alert without fingerprint', 'alerts/a.jsonl', `${JSON.stringify({ ...payload, alerts: [{ ...alert, fingerprint: undefined }] })}\n`],
    ['a payload of the wrong version', 'alerts/a.jsonl', `${JSON.stringify({ ...payload, version: '3' })}\n`],
    ['a non-numeric sample', 'metrics/m.json', JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x', service: 's' }, values: [[1, 'high']] }] } })],
    ['samples out of order', 'metrics/m.json', JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x', service: 's' }, values: [[2, '1'], [1, '1']] }] } })],
    ['a Loki ts in ms', 'logs/l.json', JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { service: 's', level: 'error' }, values: [['1772636531000', 'x']] }] } })],
    ['a change without subject', 'changes.jsonl', `${JSON.stringify({ specversion: '1.0', id: 'a', source: 's', type: 'deploy', time: '2026-03-04T15:00:00Z', data: {} })}\n`],
    ['a message in the wrong day file', 'slack/inc/2026-03-05.json', JSON.stringify([{ type: 'message', text: 'x', ts: '1772636531.000100', user: 'U1' }])],
    ['a reply to a missing parent', 'slack/inc/2026-03-04.json', JSON.stringify([{ type: 'message', text: 'x', ts: '1772636531.000100', user: 'U1', thread_ts: '1772636000.000100' }])],
    ['duplicate ts in a channel', 'slack/inc/2026-03-04.json', JSON.stringify([{ type: 'message', text: 'x', ts: '1772636531.000100' }, { type: 'message', text: 'y', ts: '1772636531.000100' }])],
  ])('rejects %s', (_name, path, text) => {
    const files = base();
    files.set(path, text);
    expect(validateBundle(files).length).toBeGreaterThan(0);
  });
});
