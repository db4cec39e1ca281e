import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.ts';
import { storeDrivers, type StoreDriver } from './store-drivers.ts';

const TABLES = ['audit_log', 'embeddings', 'incidents', 'reports', 'schema_migrations', 'signals'];

describe.each(storeDrivers())('migrate on $name', ({ setup }) => {
  let driver: StoreDriver;
  beforeEach(async () => {
    driver = await setup();
  });
  afterEach(async () => {
    await driver.teardown();
  });

  it('creates the tables once; running it again applies nothing', async () => {
    const db = await driver.open();
    expect(await migrate(db)).toEqual(['0001_initial.sql']);
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    expect(rows).toEqual([{ name: '0001_initial.sql' }]);
  });

  it('applies each migration exactly once when two callers migrate at the same time', async () => {
    // On pg these are two pools (as two processes would have); on PGlite the same instance.
    const [a, b] = [await driver.open(), await driver.open()];
    const results = await Promise.all([migrate(a), migrate(b), migrate(a)]);
    expect(results.flat()).toEqual(['0001_initial.sql']);
    const rows = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('keeps the audit log append-only', async () => {
    const db = await driver.open();
    await migrate(db);
    await db.query(`INSERT INTO audit_log (actor, action, details, prev_hash, hash) VALUES ('u1', 'approve', '{}', NULL, 'h1')`);
    await expect(db.query(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await db.query('SELECT actor FROM audit_log')).toEqual([{ actor: 'u1' }]);
  });

  it('rolls a transaction back when its function throws', async () => {
    const db = await driver.open();
    await migrate(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO incidents (id, title, severity, opened_at) VALUES ('i1', 't', 'sev2', now())`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('SELECT id FROM incidents')).toEqual([]);
  });
});
