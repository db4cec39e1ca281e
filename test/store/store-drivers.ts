import pg from 'pg';
import { vi } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open-database.ts';

/** One way of opening a fresh, empty store for a test; `open` may be called several times. */
export interface StoreDriver {
  name: 'pglite' | 'pg';
  /** Opens the test's store: the same database for every call of one `setup()`. */
  open(): Promise<Database>;
  /** Drops what `setup` created. */
  teardown(): Promise<void>;
}

/**
 * The drivers the store contract tests run against: PGlite (in memory) always, and PostgreSQL when
 * `TEST_DATABASE_URL` is set. Each pg setup gets a schema of its own, dropped at teardown, so runs
 * are repeatable and test files do not see each other's rows.
 */
export function storeDrivers(): Array<{ name: StoreDriver['name']; setup: () => Promise<StoreDriver> }> {
  return perTestDriver(setupPglite, setupPg);
}

/**
 * The drivers a store test runs against, each with its `setup`: `pglite` always, `pg` (given
 * `TEST_DATABASE_URL`) when it is set. Raises vitest's hook and test timeouts, since opening a store
 * and applying every migration takes seconds on a busy machine.
 */
export function perTestDriver<T>(
  setupPglite: () => Promise<T>,
  setupPg: (url: string) => Promise<T>,
): Array<{ name: 'pglite' | 'pg'; setup: () => Promise<T> }> {
  vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
  const drivers: Array<{ name: 'pglite' | 'pg'; setup: () => Promise<T> }> = [{ name: 'pglite', setup: setupPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) drivers.push({ name: 'pg', setup: () => setupPg(url) });
  return drivers;
}

async function setupPglite(): Promise<StoreDriver> {
  let db: Database | undefined;
  return {
    name: 'pglite',
    async open() {
      // PGlite in memory is one process: every "connection" is the same instance.
      db ??= await openDatabase({});
      return db;
    },
    async teardown() {
      await db?.close();
    },
  };
}

async function setupPg(url: string): Promise<StoreDriver> {
  const schema = `opsight_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = await createTestSchema(url, schema);
  const opened: Database[] = [];
  return {
    name: 'pg',
    async open() {
      const db = await openInSchema(url, schema);
      opened.push(db);
      return db;
    },
    async teardown() {
      await Promise.all(opened.map((db) => db.close()));
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/**
 * Connects an admin client to the PostgreSQL at `url` and creates `schema` for one test's tables; the
 * caller drops the schema and ends the client at teardown.
 */
export async function createTestSchema(url: string, schema: string): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  return admin;
}

/** Opens the store at `url` with `schema` (from `createTestSchema`) first on its search path. */
export function openInSchema(url: string, schema: string): Promise<Database> {
  return openDatabase({ databaseUrl: url, searchPath: `"${schema}", public` });
}
