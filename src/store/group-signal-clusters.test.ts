import { describe, expect, it } from 'vitest';
import { groupSignalClusters, signalShape, type ClusterSignalInput } from './group-signal-clusters.ts';

describe('signalShape', () => {
  it.each([
    ['metric', 'payments http_request_error_ratio rose from 0.655% to 38.3% (86σ) from 15:00:30, back to normal at 15:41:00', 'http_request_error_ratio rose'],
    ['metric', 'checkout → payments client_request_duration_seconds grew steadily from 120 ms to 2 s (12σ) from 09:00:00', '→payments client_request_duration_seconds grew steadily'],
    ['change', 'secret_rotation of payments version 28 by chen at 14:58:46: Rotate payments/stripe-api-key', 'secret_rotation'],
    ['change', 'deploy of search v5.40.10 (was v5.40.9) by wen at 14:56:30: Add retry jitter', 'deploy'],
    ['alert', 'HighErrorRate (checkout): checkout is returning errors', 'HighErrorRate'],
    ['alert', '[FIRING:1] HighErrorRate checkout checkout is returning errors (checkout): [FIRING:1] HighErrorRate', 'HighErrorRate'],
    ['alert', 'PagerDuty #8881 (checkout, high urgency): [FIRING:1] HighErrorRate checkout checkout is returning errors', 'HighErrorRate'],
    ['alert', 'PagerDuty: Checkout is down', 'Checkout'],
    ['log', 'payments logs: stripe: 401 Unauthorized: Invalid API Key provided: sk_live_****LeYS', 'stripe: <n> Unauthorized: Invalid API Key provided: <secret>'],
    ['log', 'mobile-bff logs: c.e.mobilebff.App - call to checkout failed: 503 Service Unavailable upstream=checkout trace_id=fadd89ad1ba7be3a', 'call to checkout failed: <n> Service Unavailable upstream=<v> trace_id=<v>'],
    ['chat', 'maya: scaling up frontend in case it\'s load', 'scaling up frontend in case it\'s load'],
  ] as const)('%s: %s', (source, title, shape) => {
    expect(signalShape({ source, service: 'x', title })).toBe(shape);
  });

  it('gives the same shape when only numbers, ids and secrets differ', () => {
    const a = signalShape({ source: 'log', service: 'p', title: 'p logs: timeout after 3000ms calling 10.0.3.4:5432 request_id=ab12cd34ef' });
    const b = signalShape({ source: 'log', service: 'p', title: 'p logs: timeout after 120ms calling 10.9.9.1:6543 request_id=ff00aa99bb' });
    expect(a).toBe(b);
  });
});

describe('groupSignalClusters', () => {
  const signal = (incidentId: string, startedAt: string, over: Partial<ClusterSignalInput> = {}): ClusterSignalInput => ({
    incidentId, incidentTitle: `title ${incidentId}`, service: 'payments', kind: 'credential', source: 'log', label: 'likely-cause',
    confidence: 0.9, title: `payments logs: stripe: 401 Unauthorized key ${incidentId.length}${startedAt.slice(11, 13)}`, startedAt, ...over,
  });

  it('groups one shape across incidents with counts, first/last seen, examples and the typical label', () => {
    const clusters = groupSignalClusters([
      signal('A', '2026-01-01T10:00:00Z'),
      signal('A', '2026-01-01T10:05:00Z', { label: 'symptom', confidence: 0.1 }),
      signal('B', '2026-02-01T10:00:00Z'),
      signal('C', '2026-03-01T10:00:00Z', { label: 'contributing' }),
      signal('D', '2026-03-02T10:00:00Z', { service: 'search' }),
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      service: 'payments', kind: 'credential', source: 'log', shape: 'stripe: <n> Unauthorized key <n>',
      incidentCount: 3, signalCount: 4, firstSeen: '2026-01-01T10:00:00Z', lastSeen: '2026-03-01T10:00:00Z',
      incidentIds: ['C', 'B', 'A'], typicalLabel: 'likely-cause', labelCounts: { 'likely-cause': 2, symptom: 1, contributing: 1 },
    });
    expect(clusters[0]!.examples).toEqual([{ incidentId: 'C', title: 'title C' }, { incidentId: 'B', title: 'title B' }, { incidentId: 'A', title: 'title A' }]);
    expect(clusters[0]!.meanConfidence).toBeCloseTo((0.9 * 3 + 0.1) / 4, 9);
  });

  it('needs the shape in enough distinct incidents and sorts the most widespread first', () => {
    const inputs = [
      signal('A', '2026-01-01T10:00:00Z'), signal('A', '2026-01-01T11:00:00Z'),
      signal('A', '2026-01-01T10:00:00Z', { source: 'change', title: 'deploy of payments v1 by x at 10:00:00' }),
      signal('B', '2026-01-02T10:00:00Z', { source: 'change', title: 'deploy of payments v2 by y at 10:00:00' }),
      signal('C', '2026-01-03T10:00:00Z', { source: 'change', title: 'deploy of payments v3 by z at 10:00:00' }),
    ];
    expect(groupSignalClusters(inputs).map((c) => [c.shape, c.incidentCount])).toEqual([['deploy', 3]]);
    expect(groupSignalClusters(inputs, { minIncidents: 1 }).map((c) => [c.shape, c.incidentCount])).toEqual([['deploy', 3], ['stripe: <n> Unauthorized key <n>', 1]]);
    expect(groupSignalClusters(inputs, { minIncidents: 4 })).toEqual([]);
  });
});
