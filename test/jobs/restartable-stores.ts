import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { createTestSchema, openInSchema, perTestDriver } from '../store/store-drivers.ts';

/** A store that survives `close()`: opening it again (a restart) sees the same data. */
export interface RestartableStore {
  name: 'pglite' | 'pg';
  /** pg-boss schema of this test, dropped at teardown. */
  bossSchema: string;
  /** Opens (and migrates) the store; on pg every call is a new pool, as another process would have. */
  open(): Promise<Database>;
  /** Whether two `open()`s may be live at once (pg: yes; PGlite is one process per data directory). */
  concurrentOpens: boolean;
  teardown(): Promise<void>;
}

/** PGlite in a temporary data directory always; PostgreSQL in a schema of its own with TEST_DATABASE_URL. */
export function restartableStores(): Array<{ name: RestartableStore['name']; setup: () => Promise<RestartableStore> }> {
  return perTestDriver(setupPglite, setupPg);
}

const unique = () => `${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;

async function setupPglite(): Promise<RestartableStore> {
  const dir = await mkdtemp(join(tmpdir(), 'opsight-jobs-'));
  const opened: Database[] = [];
  return {
    name: 'pglite',
    bossSchema: 'pgboss',
    concurrentOpens: false,
    async open() {
      const db = await openDatabase({ dataDir: join(dir, 'data') });
      opened.push(db);
      await migrate(db);
      return db;
    },
    async teardown() {
      for (const db of opened) await db.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function setupPg(url: string): Promise<RestartableStore> {
  const id = unique();
  const schema = `opsight_jobs_${id}`;
  const bossSchema = `boss_${id}`;
  const admin = await createTestSchema(url, schema);
  const opened: Database[] = [];
  return {
    name: 'pg',
    bossSchema,
    concurrentOpens: true,
    async open() {
      const db = await openInSchema(url, schema);
      opened.push(db);
      await migrate(db);
      return db;
    },
    async teardown() {
      for (const db of opened) await db.close().catch(() => {});
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS "${bossSchema}" CASCADE`);
      await admin.end();
    },
  };
}
