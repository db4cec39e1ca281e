import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import type { Incident, Report } from '../../src/domain/index.ts';
import { readBundle } from '../../src/ingest/index.ts';
import type { Database } from '../../src/store/database.ts';
import { saveIncidentReport } from '../../src/store/incident-store.ts';
import { findSignalClusters } from '../../src/store/signal-clusters.ts';
import { storeDrivers } from './store-drivers.ts';
import { useMigratedStore } from './use-migrated-store.ts';
import { seedDataDirStore } from '../../src/cli/testing/seed-data-dir-store.ts';

const DEMO = 'examples/demo-incident';
const OTHER = 'evals/scenarios/01_config-payments';

interface Analyzed { incident: Incident; report: Report }
let demo: Analyzed;
let other: Analyzed;

/**
 * The demo incident recurring on another day under another id: same fault, but every number, version,
 * trace id and key suffix in its signal titles differs, as it would in a real recurrence.
 */
function recurrence(id: string, openedAt: string): Analyzed {
  const shift = (text: string) => text.replace(/\d/g, (d) => String((Number(d) + 3) % 10)).replace(/\*\*\*\*\w+/g, '****Zq9X');
  return {
    incident: { ...demo.incident, id, openedAt, resolvedAt: openedAt },
    report: {
      ...demo.report,
      incidentId: id,
      signals: demo.report.signals.map((s) => ({ ...s, title: shift(s.title), startedAt: openedAt })),
    },
  };
}

beforeAll(async () => {
  const load = async (dir: string): Promise<Analyzed> => {
    const [{ incident }, report] = await Promise.all([readBundle(dir), analyzeBundleDir(dir)]);
    return { incident, report };
  };
  [demo, other] = await Promise.all([load(DEMO), load(OTHER)]);
}, 60_000);

describe.each(storeDrivers())('signal clusters on $name', ({ setup }) => {
  let db: Database;
  useMigratedStore(setup, (store) => ({ db } = store));

  it('finds the signals that recur across incidents despite different numbers and ids', async () => {
    const again = recurrence('INC-1777', '2026-01-10T09:00:00Z');
    for (const a of [demo, again, other]) await saveIncidentReport(db, a.incident, a.report, 'bundle');

    const clusters = await findSignalClusters(db);
    expect(clusters.length).toBeGreaterThan(3);
    expect(clusters.every((c) => c.incidentCount >= 2)).toBe(true);
    const cause = clusters.find((c) => c.key === 'payments|credential|log|stripe: <n> Unauthorized: Invalid API Key provided: <secret>');
    expect(cause).toMatchObject({
      incidentCount: 2, signalCount: 2, typicalLabel: 'likely-cause', incidentIds: ['INC-2041', 'INC-1777'],
      firstSeen: '2026-01-10T09:00:00Z', lastSeen: '2026-03-04T15:00:56Z',
    });
    expect(cause!.examples).toEqual([{ incidentId: 'INC-2041', title: demo.incident.title }, { incidentId: 'INC-1777', title: demo.incident.title }]);
    expect(clusters.some((c) => c.key === 'payments|credential|change|secret_rotation')).toBe(true);
    expect(clusters.some((c) => c.key === 'payments|retry-storm|metric|http_requests_per_second rose' && c.typicalLabel === 'contributing')).toBe(true);
    // Background changes labelled unrelated are noise unless asked for.
    expect(clusters.some((c) => c.typicalLabel === 'unrelated')).toBe(false);
    expect((await findSignalClusters(db, { includeUnrelated: true })).some((c) => c.key === 'pricing|deploy|change|deploy')).toBe(true);
  });

  it('looks only at incidents opened in the window and at each incident\'s latest report', async () => {
    const again = recurrence('INC-1777', '2026-01-10T09:00:00Z');
    for (const a of [demo, again]) await saveIncidentReport(db, a.incident, a.report, 'bundle');
    expect(await findSignalClusters(db, { since: new Date('2026-02-01T00:00:00Z') })).toEqual([]);
    expect((await findSignalClusters(db, { since: new Date('2026-01-01T00:00:00Z') })).length).toBeGreaterThan(0);

    // A newer report of the recurrence without signals replaces its old ones.
    await saveIncidentReport(db, again.incident, { ...again.report, signals: [] }, 'bundle');
    expect(await findSignalClusters(db)).toEqual([]);
  });

  it('names the incident and the field of a stored signal that is unusable', async () => {
    for (const a of [demo, recurrence('INC-1777', '2026-01-10T09:00:00Z')]) await saveIncidentReport(db, a.incident, a.report, 'bundle');
    await db.query(`UPDATE signals SET signal = signal - 'title' WHERE incident_id = 'INC-1777'`);
    await expect(findSignalClusters(db)).rejects.toThrow(/INC-1777.*signal\.title/);
  });
});

describe('opsight clusters', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-clusters-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the recurring clusters of the configured store as text and JSON', async () => {
    const dataDir = join(dir, 'data');
    await seedDataDirStore(dataDir, async (db) => {
      const recent = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
      for (const a of [recurrence('INC-1', recent), recurrence('INC-2', recent)]) await saveIncidentReport(db, a.incident, a.report, 'bundle');
    });
    const env = { OPSIGHT_DATA_DIR: dataDir };

    const json = captureIo();
    expect(await runCli(['clusters', '--format', 'json', '--since', '7d', '--limit', '100'], json.io, env)).toBe(0);
    const output = JSON.parse(json.out()) as { since: string; clusters: Array<{ key: string; incidentCount: number }> };
    expect(output.clusters.find((c) => c.key === 'payments|credential|change|secret_rotation')?.incidentCount).toBe(2);

    const text = captureIo();
    expect(await runCli(['clusters', '--format', 'text', '--since', '7d', '--limit', '3'], text.io, env)).toBe(0);
    expect(text.out()).toMatch(/^Recurring signal clusters \(since \d{4}-\d\d-\d\d\), most widespread first:\n {4}2 incidents {2}\S+ \S+ \S+: /);
    expect(text.out().match(/ incidents {2}/g)).toHaveLength(3);
  });

  it.each([
    [['--since', 'yesterday'], '--since must be a duration like 30m, 24h, 90d or 2w, got "yesterday"'],
    [['--format', 'xml'], '--format must be one of text, json, got "xml"'],
    [['--min-incidents', '1'], '--min-incidents must be a whole number ≥ 2'],
    [['stray'], 'Unexpected argument'],
  ])('rejects %j with exit code 2', async (args, message) => {
    const cap = captureIo();
    expect(await runCli(['clusters', ...args], cap.io, { OPSIGHT_DATA_DIR: join(dir, 'unused') })).toBe(2);
    expect(cap.err()).toContain(message);
  });
});
