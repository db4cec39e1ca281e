import pg from 'pg';
import type { Database, Queryable } from './database.ts';
import { DEFAULT_RETRY_POLICY, isConnectionError, isRetryableTransactionError, retryOnConnectionLoss, type RetryPolicy } from './retry-on-connection-loss.ts';
import { StoreError, redactDatabaseUrl } from './store-error.ts';

/** Options of {@link openPgDatabase}. */
export interface PgDatabaseOptions {
  /** `search_path` of every connection, e.g. `"my_schema", public` (tests use a schema of their own). */
  searchPath?: string;
  /** Pool size; default 5. */
  maxConnections?: number;
  /** How operations that lose their connection are retried; default 6 attempts, 250 ms doubling to 4 s. */
  retry?: Partial<RetryPolicy>;
  /** `application_name` of the connections (visible in `pg_stat_activity`); default `opsight`. */
  applicationName?: string;
}

const READ_ONLY = /^\s*(SELECT|SHOW|EXPLAIN|VALUES)\b/i;

/**
 * Connects to a PostgreSQL server (with the `vector` extension available) and checks that it answers.
 * Throws a `StoreError` (`STORE_UNAVAILABLE`) naming the URL without its password when it does not.
 *
 * Once open, an operation that loses its connection (server restart, `pg_terminate_backend`, network
 * cut) is retried on a new connection with exponential backoff: reads as they are, writes as whole
 * transactions (a single write statement runs in a transaction of its own), so a retry never applies
 * a write twice. Constraint violations and other statement errors are never retried. A connection lost
 * during `COMMIT` (the outcome is unknown) and a connection still lost after the last attempt are
 * `StoreError`s that say whether the change was saved.
 */
export async function openPgDatabase(url: string, options: PgDatabaseOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'opsight',
    // Set at connection start (not by a query racing the first one); spaces would split the option.
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath.replace(/\s+/g, '')}` } : {}),
  });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const where = redactDatabaseUrl(url);
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `cannot reach PostgreSQL at ${where}: ${(error as Error).message}. ` +
        'Check that the server is running and that DATABASE_URL (host, port, user, database, password) is right, ' +
        'or unset DATABASE_URL to use the embedded PGlite store.',
      { cause: error },
    );
  }

  const on = (client: pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql); // no parameters: simple protocol, several statements allowed
    },
  });
  const giveUp = (what: string, saved: string) => (error: unknown, attempts: number) =>
    new StoreError(
      'STORE_UNAVAILABLE',
      `lost the connection to PostgreSQL at ${where} and could not get it back after ${attempts} attempts ` +
        `(${(error as Error).message}); ${what} ${saved}. Check the server and the network, then try again.`,
      { cause: error },
    );
  const retryable = (test: (error: unknown) => boolean) => (error: unknown) => !(error instanceof StoreError) && test(error);

  /** A pooled client, retrying while the server cannot be reached (nothing has been sent yet). */
  const connect = () => retryOnConnectionLoss(() => pool.connect(), policy, retryable(isConnectionError), giveUp('the operation', 'did not run'));

  async function transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return retryOnConnectionLoss(
      async () => {
        const client = await connect();
        let committing = false;
        try {
          await client.query('BEGIN');
          const value = await fn(on(client));
          committing = true;
          await client.query('COMMIT');
          client.release();
          return value;
        } catch (error) {
          const lost = isConnectionError(error);
          if (!lost) await client.query('ROLLBACK').catch(() => {});
          client.release(lost ? (error as Error) : undefined);
          if (committing && lost) {
            throw new StoreError(
              'STORE_UNAVAILABLE',
              `lost the connection to PostgreSQL at ${where} while committing, so the change may or may not have been saved ` +
                `(${(error as Error).message}). Check whether it is there before repeating it.`,
              { cause: error },
            );
          }
          throw error;
        }
      },
      policy,
      retryable(isRetryableTransactionError),
      giveUp('the change', 'was rolled back and not saved'),
    );
  }

  return {
    driver: 'pg',
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      if (!READ_ONLY.test(sql)) return transaction((tx) => tx.query<T>(sql, params));
      return retryOnConnectionLoss(
        async () => {
          const client = await connect();
          try {
            const rows = (await client.query(sql, params as unknown[])).rows as T[];
            client.release();
            return rows;
          } catch (error) {
            client.release(isConnectionError(error) ? (error as Error) : undefined);
            throw error;
          }
        },
        policy,
        retryable(isConnectionError),
        giveUp('the query', 'did not return'),
      );
    },
    async exec(sql: string) {
      // Scripts may hold their own BEGIN/COMMIT: only getting a connection is retried, never the script.
      const client = await connect();
      try {
        await client.query(sql);
        client.release();
      } catch (error) {
        client.release(isConnectionError(error) ? (error as Error) : undefined);
        throw error;
      }
    },
    transaction,
    close: () => pool.end(),
  };
}
