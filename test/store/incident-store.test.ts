import { describe, expect, it } from 'vitest';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import type { Database } from '../../src/store/database.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { getLatestReport, saveIncidentReport } from '../../src/store/incident-store.ts';
import { StoreError } from '../../src/store/store-error.ts';
import { storeDrivers } from './store-drivers.ts';
import { useMigratedStore } from './use-migrated-store.ts';

const DEMO = 'examples/demo-incident';

describe.each(storeDrivers())('incident store on $name', ({ setup }) => {
  let db: Database;
  useMigratedStore(setup, (store) => ({ db } = store));

  it('saves the demo incident and reads the same report back', async () => {
    const [{ incident }, report] = await Promise.all([readBundle(DEMO), analyzeBundleDir(DEMO)]);
    expect(await getLatestReport(db, incident.id)).toBeUndefined();

    await saveIncidentReport(db, incident, report, DEMO);

    expect(await getLatestReport(db, incident.id)).toEqual(JSON.parse(JSON.stringify(report)));
    const [row] = await db.query<{ title: string; services: string[]; bundle_path: string }>(
      'SELECT title, services, bundle_path FROM incidents WHERE id = $1',
      [incident.id],
    );
    expect(row).toEqual({ title: incident.title, services: incident.services, bundle_path: DEMO });
    const signals = await db.query<{ service: string; label: string; confidence: number }>(
      'SELECT service, label, confidence FROM signals WHERE incident_id = $1 ORDER BY id',
      [incident.id],
    );
    expect(signals).toEqual(report.signals.map((s) => ({ service: s.service, label: s.label, confidence: s.confidence })));
    expect(signals.length).toBeGreaterThan(0);
  });

  it('upserts the incident and returns the newest of several reports', async () => {
    const [{ incident }, report] = await Promise.all([readBundle(DEMO), analyzeBundleDir(DEMO)]);
    await saveIncidentReport(db, incident, report, DEMO);
    const renamed = { ...incident, title: 'Checkout down (renamed)' };
    await saveIncidentReport(db, renamed, { ...report, title: renamed.title, generatedBy: 'model-x' }, '/elsewhere');

    const latest = await getLatestReport(db, incident.id);
    expect(latest?.generatedBy).toBe('model-x');
    expect(latest?.title).toBe('Checkout down (renamed)');
    const incidents = await db.query<{ title: string; bundle_path: string }>('SELECT title, bundle_path FROM incidents');
    expect(incidents).toEqual([{ title: 'Checkout down (renamed)', bundle_path: '/elsewhere' }]);
    const counts = await db.query<{ reports: number; signals: number }>(
      'SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM signals) AS signals',
    );
    expect(counts).toEqual([{ reports: 2, signals: 2 * report.signals.length }]);
  });

  it('saves nothing when the report does not belong to the incident', async () => {
    const [{ incident }, report] = await Promise.all([readBundle(DEMO), analyzeBundleDir(DEMO)]);
    await expect(saveIncidentReport(db, { ...incident, id: 'other' }, report, DEMO)).rejects.toThrow(StoreError);
    expect(await db.query('SELECT id FROM incidents')).toEqual([]);
  });

  it('rejects a stored report that no longer matches the schema, naming the field', async () => {
    const [{ incident }, report] = await Promise.all([readBundle(DEMO), analyzeBundleDir(DEMO)]);
    await saveIncidentReport(db, incident, report, DEMO);
    await db.query(`UPDATE reports SET report = report - 'summary'`);
    await expect(getLatestReport(db, incident.id)).rejects.toThrow(/summary/);
  });
});
