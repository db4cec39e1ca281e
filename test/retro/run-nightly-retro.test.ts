import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeBundleDir } from '../../src/cli/analyze-bundle-dir.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import type { Incident, Report } from '../../src/domain/index.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { runNightlyRetro } from '../../src/retro/run-nightly-retro.ts';
import type { Database } from '../../src/store/database.ts';
import { saveIncidentReport } from '../../src/store/incident-store.ts';
import { storeDrivers } from '../store/store-drivers.ts';
import { useMigratedStore } from '../store/use-migrated-store.ts';
import { seedDataDirStore } from '../../src/cli/testing/seed-data-dir-store.ts';

const DEMO = 'examples/demo-incident';
let incident: Incident;
let report: Report;

beforeAll(async () => {
  [{ incident }, report] = await Promise.all([readBundle(DEMO), analyzeBundleDir(DEMO)]);
}, 60_000);

/** The demo incident under another id, resolved at `resolvedAt`. */
function copy(id: string, resolvedAt: string): [Incident, Report] {
  return [{ ...incident, id, resolvedAt }, { ...report, incidentId: id }];
}

describe.each(storeDrivers())('nightly retrospective on $name', ({ setup }) => {
  let db: Database;
  const now = new Date('2026-03-05T06:00:00Z');
  useMigratedStore(setup, (store) => ({ db } = store));

  it('drafts, stores and publishes each incident resolved in the last 24 h, once per report', async () => {
    await saveIncidentReport(db, incident, report, DEMO); // resolved 2026-03-04T16:30:52Z, channel inc-20260304-payment
    for (const [inc, rep] of [copy('INC-OLD', '2026-03-01T10:00:00Z'), copy('INC-OPEN', undefined as unknown as string)]) {
      const { resolvedAt, ...rest } = inc;
      await saveIncidentReport(db, resolvedAt ? inc : rest, rep, 'gone/bundle');
    }
    const posted: Array<{ incidentId: string; channel: string; title: string; markdown: string }> = [];
    const outcomes = await runNightlyRetro(db, { now, publish: async (post) => { posted.push(post); } });

    expect(outcomes.map((o) => [o.incidentId, o.status, o.publication])).toEqual([['INC-2041', 'drafted', 'published']]);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ incidentId: 'INC-2041', channel: 'inc-20260304-payment', title: 'INC-2041: Checkout failing for card payments' });
    const md = posted[0]!.markdown;
    expect(md).toContain('# Postmortem draft: Checkout failing for card payments');
    // Similar incidents come from the store, owners from the bundle's topology.
    expect(md).toMatch(/\| 1\.00 \| INC-OLD: Checkout failing for card payments \| credential in payments \|/);
    expect(md).toMatch(/\| 1 \| Rotate credentials .* \| high \| payments \|/);
    expect(md).toMatch(/## Recurring signal clusters\n\n\| Incidents \|/);
    const stored = await db.query<{ incident_id: string; channel: string; published: boolean; markdown: string }>(
      'SELECT incident_id, channel, published_at IS NOT NULL AS published, markdown FROM retrospectives',
    );
    expect(stored).toEqual([{ incident_id: 'INC-2041', channel: 'inc-20260304-payment', published: true, markdown: md }]);

    // A second run the same night drafts nothing new; a newer report is drafted again.
    expect((await runNightlyRetro(db, { now, publish: async (post) => { posted.push(post); } })).map((o) => o.status)).toEqual(['skipped']);
    await saveIncidentReport(db, incident, { ...report, generatedBy: 'model-x' }, DEMO);
    expect((await runNightlyRetro(db, { now })).map((o) => [o.status, o.publication])).toEqual([['drafted', 'not published: no publisher configured']]);
    expect(posted).toHaveLength(1);
  });

  it('drafts one incident on request, keeps going when publishing fails, and records the error', async () => {
    const [inc, rep] = copy('INC-7', '2026-01-01T00:00:00Z');
    await saveIncidentReport(db, { ...inc, channel: undefined } as Incident, rep, 'gone/bundle');
    const noChannel = await runNightlyRetro(db, { now, incidentId: 'INC-7', publish: async () => {} });
    expect(noChannel[0]?.publication).toMatch(/no channel and retro\.channel is not set/);
    expect(noChannel[0]?.markdown).toContain('unassigned (owner of payments)');

    const failed = await runNightlyRetro(db, { now, incidentId: 'INC-7', defaultChannel: 'C-RETRO', publish: async () => { throw new Error('channel_not_found'); } });
    expect(failed.map((o) => [o.status, o.channel, o.publication])).toEqual([['drafted', 'C-RETRO', 'publishing failed: channel_not_found']]);
    expect(await db.query('SELECT publish_error FROM retrospectives')).toEqual([{ publish_error: 'channel_not_found' }]);
    await expect(runNightlyRetro(db, { incidentId: 'INC-404' })).rejects.toThrow(/no incident "INC-404".*opsight ingest/);
  });

  it('records an incident whose stored report is unusable and drafts the others', async () => {
    await saveIncidentReport(db, ...copy('INC-A', '2026-03-04T20:00:00Z'), DEMO);
    await saveIncidentReport(db, ...copy('INC-B', '2026-03-04T21:00:00Z'), DEMO);
    await db.query(`UPDATE reports SET report = report - 'summary' WHERE incident_id = 'INC-A'`);
    const outcomes = await runNightlyRetro(db, { now });
    expect(outcomes.map((o) => [o.incidentId, o.status])).toEqual([['INC-A', 'failed'], ['INC-B', 'drafted']]);
    expect(outcomes[0]!.reason).toMatch(/summary/);
  });
});

describe('opsight retro', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-retro-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the draft of one incident and of the incidents resolved in a window', async () => {
    const dataDir = join(dir, 'data');
    await seedDataDirStore(dataDir, async (db) => {
      const recently = new Date(Date.now() - 3_600_000).toISOString();
      await saveIncidentReport(db, { ...incident, resolvedAt: recently }, report, DEMO);
    });
    const env = { OPSIGHT_DATA_DIR: dataDir };

    const one = captureIo();
    expect(await runCli(['retro', '--incident', 'INC-2041'], one.io, env)).toBe(0);
    expect(one.out()).toMatch(/^# Postmortem draft: Checkout failing for card payments\n/);
    expect(one.out()).toContain('<!-- INC-2041: stored; not published: no publisher configured -->');

    const window = captureIo();
    expect(await runCli(['retro', '--since', '2h', '--format', 'json'], window.io, env)).toBe(0);
    // Already drafted from this report by the run above.
    expect(JSON.parse(window.out())).toMatchObject({ outcomes: [{ incidentId: 'INC-2041', status: 'skipped' }] });

    const none = captureIo();
    expect(await runCli(['retro', '--since', '30m'], none.io, env)).toBe(0);
    expect(none.out()).toBe('No incidents resolved in the last 30m: nothing to draft.\n');
  });

  it.each([
    [['--since', 'soon'], '--since must be a duration like 30m, 24h, 90d or 2w, got "soon"'],
    [['--since', '2h', '--incident', 'X'], 'pass either --since or --incident, not both'],
    [['--format', 'pdf'], '--format must be one of markdown, json, got "pdf"'],
  ])('rejects %j with exit code 2', async (args, message) => {
    const cap = captureIo();
    expect(await runCli(['retro', ...args], cap.io, { OPSIGHT_DATA_DIR: join(dir, 'unused') })).toBe(2);
    expect(cap.err()).toContain(message);
  });
});
