import pg from 'pg';
import type { Database, Queryable } from './database.ts';
import { StoreError, redactDatabaseUrl } from './store-error.ts';

/** Options of {@link openPgDatabase}. */
export interface PgDatabaseOptions {
  /** `search_path` of every connection, e.g. `"my_schema", public` (tests use a schema of their own). */
  searchPath?: string;
  /** Pool size; default 5. */
  maxConnections?: number;
}

/**
 * Connects to a PostgreSQL server (with the `vector` extension available) and checks that it answers.
 * Throws a `StoreError` (`STORE_UNAVAILABLE`) naming the URL without its password when it does not.
 */
export async function openPgDatabase(url: string, options: PgDatabaseOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: 10_000,
  });
  const { searchPath } = options;
  // A new client runs its queries in order, so this SET precedes whatever the pool hands it out for.
  if (searchPath) pool.on('connect', (client) => void client.query(`SET search_path TO ${searchPath}`).catch(() => {}));
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `cannot reach PostgreSQL at ${redactDatabaseUrl(url)}: ${(error as Error).message}. ` +
        'Check that the server is running and that DATABASE_URL (host, port, user, database, password) is right, ' +
        'or unset DATABASE_URL to use the embedded PGlite store.',
      { cause: error },
    );
  }

  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql); // no parameters: simple protocol, several statements allowed
    },
  });

  return {
    driver: 'pg',
    ...on(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(on(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
