import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../src/store/migrate.ts';
import { storeDrivers, type StoreDriver } from './store-drivers.ts';

/** Tables of 0001 and 0002; later migrations add their own. */
const TABLES = ['audit_log', 'embeddings', 'incidents', 'reports', 'retrospectives', 'schema_migrations', 'signals'];
const FILES = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();

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
    expect(await migrate(db)).toEqual(FILES);
    expect(FILES.slice(0, 2)).toEqual(['0001_initial.sql', '0002_retrospectives.sql']);
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(TABLES));
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(FILES);
  });

  it('applies each migration exactly once when two callers migrate at the same time', async () => {
    // On pg these are two pools (as two processes would have); on PGlite the same instance.
    const [a, b] = [await driver.open(), await driver.open()];
    const results = await Promise.all([migrate(a), migrate(b), migrate(a)]);
    expect(results.flat().sort()).toEqual(FILES);
    const rows = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows).toEqual([{ n: FILES.length }]);
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
