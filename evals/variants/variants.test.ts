import { describe, expect, it } from 'vitest';
import { generateScenario } from '../generate/generate-scenario.ts';
import { validateBundle } from '../generate/validate-bundle.ts';
import { applyVariant } from './apply-variant.ts';
import { cutMidIncident, midIncidentCutMs } from './mid-incident.ts';
import { toPrometheusNative } from './prometheus-native.ts';

const matrix = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
const resultOf = (files: ReadonlyMap<string, string>, path: string) =>
  (JSON.parse(files.get(path)!) as { data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } }).data.result;

describe('the prometheus-native variant', () => {
  const files = new Map([
    ['incident.json', '{}'],
    ['metrics/api.json', matrix([
      { metric: { __name__: 'http_request_error_ratio', service: 'api' }, values: [[0, '0.1'], [10, '0.5'], [20, 'NaN'], [30, '0.5']] },
      { metric: { __name__: 'http_requests_per_second', service: 'api' }, values: [[0, '10'], [10, '10'], [20, '10'], [30, '20']] },
      { metric: { __name__: 'upstream_request_duration_p99_seconds', service: 'api', upstream: 'db' }, values: [[0, '0.25']] },
    ])],
  ]);
  const native = toPrometheusNative(files);

  it('turns an error ratio and its request rate into status-code counters, skipping the sample that was a gap', () => {
    const counters = resultOf(native, 'metrics/http_server_requests_total.json');
    expect(counters.map((s) => s.metric)).toEqual([
      { __name__: 'http_server_requests_total', service: 'api', status: '2xx' },
      { __name__: 'http_server_requests_total', service: 'api', status: '5xx' },
    ]);
    // 5xx: +0.5·10/s·10 s, then across the gap +0.5·20/s·10 s.
    expect(counters[1]!.values).toEqual([[0, '1000'], [10, '1050'], [30, '1150']]);
    expect(counters[0]!.values).toEqual([[0, '1000'], [10, '1050'], [30, '1150']]);
  });

  it('reports latencies in milliseconds and keeps the other files as they were', () => {
    expect(resultOf(native, 'metrics/http_client_request_duration_p99_milliseconds.json')[0]!.values).toEqual([[0, '250']]);
    expect(native.get('incident.json')).toBe('{}');
    expect([...native.keys()].some((p) => p === 'metrics/api.json')).toBe(false);
  });
});

describe('the mid-incident variant', () => {
  const firing = { status: 'firing', labels: { alertname: 'HighErrors' }, startsAt: '2026-03-04T15:00:00Z', endsAt: '2026-03-04T15:40:00Z', fingerprint: 'f1' };
  const resolved = { ...firing, status: 'resolved' };
  const truth = {
    rootCause: { service: 'api', kind: 'deploy' as const }, contributing: [], redHerrings: [], remediation: [],
    keyEvents: { firstSymptom: '2026-03-04T14:58:00Z', detected: '2026-03-04T15:00:00Z', mitigated: '2026-03-04T15:30:00Z', resolved: '2026-03-04T15:45:00Z' },
  };
  const files = new Map([
    ['incident.json', JSON.stringify({ id: 'INC-1', openedAt: '2026-03-04T15:01:00Z', resolvedAt: '2026-03-04T15:45:00Z' })],
    ['truth.json', JSON.stringify(truth)],
    ['alerts/a.jsonl', [{ status: 'firing', alerts: [firing] }, { status: 'resolved', alerts: [resolved] }].map((p) => JSON.stringify(p)).join('\n')],
    ['changes.jsonl', [{ id: 'd-1', time: '2026-03-04T14:55:00Z' }, { id: 'r-1', time: '2026-03-04T15:25:00Z' }].map((c) => JSON.stringify(c)).join('\n')],
    ['slack/inc/2026-03-04.json', JSON.stringify([{ ts: String(Date.parse('2026-03-04T15:05:00Z') / 1000) }, { ts: String(Date.parse('2026-03-04T15:20:00Z') / 1000) }])],
  ]);
  const cutMs = midIncidentCutMs(truth);
  const cut = cutMidIncident(files, truth, cutMs);

  it('cuts ten minutes after detection and keeps only what had happened by then', () => {
    expect(new Date(cutMs).toISOString()).toBe('2026-03-04T15:10:00.000Z');
    expect(JSON.parse(cut.files.get('incident.json')!)).toEqual({ id: 'INC-1', openedAt: '2026-03-04T15:01:00Z' });
    expect(cut.files.get('changes.jsonl')).toBe(`${JSON.stringify({ id: 'd-1', time: '2026-03-04T14:55:00Z' })}\n`);
    expect(JSON.parse(cut.files.get('slack/inc/2026-03-04.json')!)).toHaveLength(1);
  });

  it('leaves the alert firing: its resolution and its planned end are still to come', () => {
    const payloads = cut.files.get('alerts/a.jsonl')!.trim().split('\n').map((l) => JSON.parse(l));
    expect(payloads).toHaveLength(1);
    expect(payloads[0].alerts[0]).toMatchObject({ status: 'firing', endsAt: '0001-01-01T00:00:00Z' });
  });

  it('keeps only the milestones that had happened in the truth', () => {
    expect(cut.truth.keyEvents).toEqual({ firstSymptom: '2026-03-04T14:58:00Z', detected: '2026-03-04T15:00:00Z' });
    expect(JSON.parse(cut.files.get('truth.json')!).keyEvents).toEqual(cut.truth.keyEvents);
  });
});

describe('variants of generated scenarios', () => {
  it.each([3, 8, 21])('stay valid bundles (seed %i)', (seed) => {
    const scenario = generateScenario(seed);
    for (const variant of ['prometheus-native', 'mid-incident'] as const) {
      const rewritten = applyVariant(variant, scenario);
      expect(validateBundle(rewritten.files), variant).toEqual([]);
      expect(rewritten.truth.rootCause).toEqual(scenario.truth.rootCause);
    }
  });
});
