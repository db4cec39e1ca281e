import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPgDatabase } from '../../src/store/open-pg-database.ts';
import { StoreError } from '../../src/store/store-error.ts';

const url = process.env.TEST_DATABASE_URL;

// Needs a real server: only PostgreSQL has backends to terminate.
describe.skipIf(!url)('connection loss on pg', () => {
  vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
  const app = `opsight_conn_${process.pid}_${Date.now()}`;
  const schema = app;
  let admin: pg.Client;
  let db: Database;
  /** Ends every server process of the store under test, as a restart or a network cut would. */
  const terminateAll = () => admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [app]);
  const incident = (id: string) => [`INSERT INTO incidents (id, title, severity, opened_at) VALUES ($1, 't', 'sev2', now())`, [id]] as const;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
  });
  beforeEach(async () => {
    db = await openPgDatabase(url!, { searchPath: `"${schema}", public`, applicationName: app, maxConnections: 3, retry: { attempts: 4, baseDelayMs: 50, maxDelayMs: 200 } });
    await migrate(db);
    await db.query('TRUNCATE incidents CASCADE');
  });
  afterEach(async () => {
    await db.close();
  });

  it('reads and writes again after every connection of the pool was terminated', async () => {
    await db.query(...incident('before'));
    const killed = await terminateAll();
    expect(killed.rowCount).toBeGreaterThan(0);
    await db.query(...incident('after'));
    expect(await db.query('SELECT id FROM incidents ORDER BY id')).toEqual([{ id: 'after' }, { id: 'before' }]);
    await terminateAll();
    expect(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).toEqual([{ n: 2 }]);
  });

  it('runs a transaction cut off mid-way again as a whole, so nothing is written twice', async () => {
    let runs = 0;
    await db.transaction(async (tx) => {
      runs++;
      await tx.query(...incident(`tx-${runs === 1 ? 'first' : 'second'}`));
      await tx.query(...incident('tx-both'));
      if (runs === 1) await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
    });
    expect(runs).toBe(2);
    expect(await db.query('SELECT id FROM incidents ORDER BY id')).toEqual([{ id: 'tx-both' }, { id: 'tx-second' }]);
  });

  it('never retries a constraint violation', async () => {
    await db.query(...incident('dup'));
    let runs = 0;
    const error = await db.transaction(async (tx) => { runs++; await tx.query(...incident('dup')); }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23505');
    expect(runs).toBe(1);
  });

  it('gives up after the last attempt with an error that says the change was not saved, and stays usable', async () => {
    let runs = 0;
    const error = await db
      .transaction(async (tx) => {
        runs++;
        await tx.query(...incident('never'));
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      })
      .catch((e: unknown) => e);
    expect(runs).toBe(4);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_UNAVAILABLE');
    expect((error as StoreError).message).toMatch(/after 4 attempts .*rolled back and not saved/);
    expect((error as StoreError).message).not.toContain('password');
    expect(await db.query('SELECT id FROM incidents')).toEqual([]);
  });
});
