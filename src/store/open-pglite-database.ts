import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, Queryable } from './database.ts';
import { StoreError } from './store-error.ts';

/**
 * Opens the embedded PGlite store with the pgvector extension loaded: on disk in `dataDir`
 * (created if missing), or in memory when `dataDir` is undefined (tests).
 * PGlite is single-process: one opsight process per data directory.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  let db: PGlite;
  try {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { vector } });
  } catch (error) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `cannot open the embedded PGlite store in ${dataDir ?? 'memory'}: ${(error as Error).message}. ` +
        'Check that the directory (OPSIGHT_DATA_DIR) is writable and not used by another opsight process, ' +
        'or set DATABASE_URL to use a PostgreSQL server.',
      { cause: error },
    );
  }

  const on = (target: PGlite | Transaction): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });

  return {
    driver: 'pglite',
    ...on(db),
    transaction: (fn) => db.transaction((tx) => fn(on(tx))),
    close: () => db.close(),
  };
}
