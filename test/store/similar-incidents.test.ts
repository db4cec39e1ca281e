import { beforeEach, describe, expect, it } from 'vitest';
import { embedReportLocally, LOCAL_EMBEDDER_NAME } from '../../src/analysis/local-hash-embedder.ts';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import type { Incident, Report, RootCauseKind } from '../../src/domain/index.ts';
import { readBundle } from '../../src/ingest/index.ts';
import type { Database } from '../../src/store/database.ts';
import { findSimilarIncidents, getIncidentEmbedding, upsertIncidentEmbedding } from '../../src/store/incident-embeddings.ts';
import { saveIncidentReport } from '../../src/store/incident-store.ts';
import { storeDrivers } from './store-drivers.ts';
import { useMigratedStore } from './use-migrated-store.ts';

const DEMO = 'examples/demo-incident';

describe.each(storeDrivers())('similar incidents on $name', ({ setup }) => {
  let db: Database;
  let incident: Incident;
  let report: Report;
  /** The demo incident under another id, with its root cause (and every signal) of `kind` in `service`. */
  const variant = (id: string, service: string, kind: RootCauseKind): [Incident, Report] => [
    { ...incident, id, title: `${kind} in ${service}` },
    {
      ...report,
      incidentId: id,
      title: `${kind} in ${service}`,
      signals: report.signals.map((s) => ({ ...s, kind, service })),
      rootCauses: [{ ...report.rootCauses[0]!, service, kind }],
      proposedCommands: [{ ...report.proposedCommands[0]!, command: `fix-${kind}`, args: { service } }],
    },
  ];

  useMigratedStore(setup, (store) => ({ db } = store));
  beforeEach(async () => {
    [{ incident }, report] = await Promise.all([readBundle(DEMO), analyzeBundleDir(DEMO)]);
  });

  it('stores the local embedding with each report, replacing it when the incident is saved again', async () => {
    await saveIncidentReport(db, incident, report, DEMO);
    const first = await getIncidentEmbedding(db, incident.id, LOCAL_EMBEDDER_NAME);
    expect(first).toHaveLength(256);
    first!.forEach((x, i) => expect(x).toBeCloseTo(embedReportLocally(report)[i]!, 6));

    const [, changed] = variant(incident.id, 'search', 'network');
    await saveIncidentReport(db, incident, changed, DEMO);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM embeddings');
    expect(rows).toEqual([{ n: 1 }]);
    const second = await getIncidentEmbedding(db, incident.id, LOCAL_EMBEDDER_NAME);
    second!.forEach((x, i) => expect(x).toBeCloseTo(embedReportLocally(changed)[i]!, 6));
    expect(await getIncidentEmbedding(db, incident.id, 'other-embedder')).toBeUndefined();
  });

  it('finds the nearest incidents with their latest root cause and first proposed fix, leaving out the one asked about', async () => {
    const saved = [
      variant('A', 'payments', 'certificate'),
      variant('B', 'payments', 'certificate'),
      variant('C', 'search', 'certificate'),
      variant('D', 'search', 'resource-leak'),
      variant('E', 'db', 'database'),
    ];
    for (const [inc, rep] of saved) await saveIncidentReport(db, inc, rep, DEMO);
    // A newer report of B names another service: the result shows the latest one.
    const [b2inc, b2rep] = variant('B', 'payments', 'certificate');
    await saveIncidentReport(db, b2inc, { ...b2rep, rootCauses: [{ ...b2rep.rootCauses[0]!, confidence: 0.5 }] }, DEMO);

    const query = embedReportLocally(saved[0]![1]);
    const similar = await findSimilarIncidents(db, query, LOCAL_EMBEDDER_NAME, { limit: 3, excludeIncidentId: 'A' });
    expect(similar.map((s) => s.incidentId)).toEqual(['B', 'C', 'D']);
    expect(similar[0]).toEqual({
      incidentId: 'B',
      title: 'certificate in payments',
      rootCause: { service: 'payments', kind: 'certificate' },
      proposedCommand: { command: 'fix-certificate', args: { service: 'payments' } },
      similarity: expect.any(Number),
    });
    expect(similar[0]!.similarity).toBeCloseTo(1, 5);
    expect(similar[1]!.similarity).toBeLessThan(similar[0]!.similarity);
    expect(similar[2]!.similarity).toBeLessThan(similar[1]!.similarity);

    const all = await findSimilarIncidents(db, query, LOCAL_EMBEDDER_NAME, { limit: 10 });
    expect(all.map((s) => s.incidentId).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('never compares vectors of another embedder', async () => {
    const [inc, rep] = variant('A', 'payments', 'certificate');
    await saveIncidentReport(db, inc, rep, DEMO);
    const [other] = variant('Z', 'payments', 'certificate');
    await db.query(`INSERT INTO incidents (id, title, severity, opened_at) VALUES ('Z', $1, 'sev2', now())`, [other.title]);
    const query = embedReportLocally(rep);
    await upsertIncidentEmbedding(db, 'Z', 'other-embedder', query);

    expect((await findSimilarIncidents(db, query, LOCAL_EMBEDDER_NAME)).map((s) => s.incidentId)).toEqual(['A']);
    const foreign = await findSimilarIncidents(db, query, 'other-embedder');
    expect(foreign).toEqual([{ incidentId: 'Z', title: other.title, similarity: expect.any(Number) }]);
  });

  it('rejects an embedding that does not fit the column', async () => {
    await expect(findSimilarIncidents(db, new Array<number>(300).fill(0.1), LOCAL_EMBEDDER_NAME)).rejects.toThrow(/1–256 finite numbers, got 300/);
    await expect(findSimilarIncidents(db, [Number.NaN], LOCAL_EMBEDDER_NAME)).rejects.toThrow(/finite/);
  });
});
