import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBundleDir } from '../cli/analyze-bundle-dir.ts';
import { TopologySchema, type Report, type Topology } from '../domain/index.ts';
import type { SignalCluster } from '../store/group-signal-clusters.ts';
import { draftRetrospective } from './draft-retrospective.ts';

const DEMO = 'examples/demo-incident';

describe('draftRetrospective', () => {
  let report: Report;
  let topology: Topology;
  beforeAll(async () => {
    report = await analyzeBundleDir(DEMO);
    topology = TopologySchema.parse(JSON.parse(await readFile(`${DEMO}/topology.json`, 'utf8')));
  }, 60_000);

  it('drafts every section from the report alone', () => {
    const md = draftRetrospective(report);
    for (const heading of ['Summary', 'Impact', 'Timeline', 'Contributing factors', 'What went well', 'What did not go well', 'Systemic fixes', 'Similar past incidents', 'Recurring signal clusters']) {
      expect(md).toContain(`## ${heading}\n`);
    }
    expect(md).toContain('# Postmortem draft: Checkout failing for card payments');
    // Durations from the milestones: 15:00:30 → 15:06:00 → 15:42:00 → 16:30:52.
    expect(md).toContain('Time to detect: 5 min 30 s · time to mitigate: 41 min 30 s · time to resolve: 1 h 30 min');
    expect(md).toContain('Most likely root cause: **credential in payments** (confidence >99%, change d-6490)');
    expect(md).toMatch(/\| likely-cause \| >99% \| payments \| credential \| secret_rotation of payments/);
    expect(md).toContain('Not looked up (no incident store).');
  });

  it('judges the response from the analysis: missing alert on the root service, rollback, red herrings', () => {
    const md = draftRetrospective(report);
    const well = section(md, 'What went well');
    const notWell = section(md, 'What did not go well');
    expect(well).toContain('Mitigated by rolling back the cause: secret_rotation of payments version 27');
    expect(well).toMatch(/The deploy of search v5\.40\.10 \(was v5\.40\.9\) by wen 4 min before the first symptom was ruled out/);
    expect(notWell).toContain('No alert fired on payments, where the fault was');
    expect(notWell).toContain('Detection took 5 min 30 s after the first symptom (target 5 min)');
    expect(notWell).toContain('scale of frontend by wen');
    expect(notWell).toContain('Retries from checkout amplified the load on payments');
  });

  it('ranks fixes by expected impact with the owner team from the topology', () => {
    const fixes = section(draftRetrospective(report, { topology }), 'Systemic fixes');
    const rows = fixes.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows[0]).toMatch(/^\| 1 \| Rotate credentials .* \| high \| payments \|/);
    expect(rows[1]).toMatch(/Add an alert on payments's own error rate .* \| high \|/);
    expect(rows.some((r) => /\(checkout\) \| medium \| storefront \|/.test(r))).toBe(true);
    const impacts = rows.map((r) => r.split(' | ')[2]);
    const order = { high: 0, medium: 1, low: 2 } as Record<string, number>;
    expect(impacts.map((i) => order[i!])).toEqual([...impacts.map((i) => order[i!])].sort());
    // Without a topology the owner is named by service.
    expect(draftRetrospective(report)).toContain('unassigned (owner of payments)');
  });

  it('lists similar incidents and the recurring clusters this incident belongs to, and raises a recurring cause', () => {
    const cluster: SignalCluster = {
      key: 'payments|credential|log|stripe: <n> Unauthorized', service: 'payments', kind: 'credential', source: 'log',
      shape: 'stripe: <n> Unauthorized', incidentCount: 3, signalCount: 3, firstSeen: '2026-01-02T10:00:00Z', lastSeen: '2026-03-04T15:00:56Z',
      incidentIds: [report.incidentId, 'INC-1900', 'INC-1777'], examples: [], typicalLabel: 'likely-cause', labelCounts: { 'likely-cause': 3 }, meanConfidence: 0.9,
    };
    const unrelated: SignalCluster = { ...cluster, key: 'x', service: 'search', incidentIds: ['INC-1', 'INC-2'] };
    const md = draftRetrospective(report, {
      similar: [{ incidentId: 'INC-1900', title: 'Card payments rejected', similarity: 0.91, rootCause: { service: 'payments', kind: 'credential' }, proposedCommand: { command: 'rotate-secret', args: { service: 'payments' } } }],
      clusters: [cluster, unrelated],
    });
    expect(section(md, 'Similar past incidents')).toContain('| 0.91 | INC-1900: Card payments rejected | credential in payments | `rotate-secret service=payments` |');
    const clusters = section(md, 'Recurring signal clusters');
    expect(clusters).toContain('| 3 | payments | credential | log | stripe: <n> Unauthorized | likely-cause | 2026-01-02 | 2026-03-04 | INC-1900, INC-1777 |');
    expect(clusters).not.toContain('| search |');
    expect(section(md, 'Systemic fixes')).toContain('appeared in 3 incidents');
  });

  it('says so when no cause was found and the incident is unresolved', () => {
    const bare: Report = { ...report, rootCauses: [], signals: [], milestones: {}, durations: {}, timeline: [], proposedCommands: [] };
    const md = draftRetrospective(bare, { similar: [], clusters: [] });
    expect(md).toContain('The analysis could not name a root cause.');
    expect(md).toContain('unknown (the incident has no resolution time yet)');
    expect(md).toContain('None derived: the analysis named no cause.');
    expect(section(md, 'Similar past incidents')).toContain('None stored.');
  });
});

function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 4);
  return md.slice(start, end < 0 ? undefined : end);
}
