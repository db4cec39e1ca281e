import type { Database } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import type { CliIo } from './cli-io.ts';
import { openConfiguredStore } from './open-configured-store.ts';
import { reportUserError } from './report-user-error.ts';

/**
 * Runs one CLI command's work against the configured store: opens it (`DATABASE_URL`, else PGlite in
 * `OPSIGHT_DATA_DIR`), applies pending migrations, calls `work` with the store and the migrations just
 * applied, and closes the store. Returns `work`'s exit code, or 2 after writing an expected failure
 * (unusable store, bad input) to stderr; anything else is thrown on as a bug.
 */
export async function withConfiguredStore(
  io: CliIo,
  env: NodeJS.ProcessEnv,
  work: (db: Database, appliedMigrations: string[]) => Promise<number>,
): Promise<number> {
  const db = await openConfiguredStore(io, env);
  if (!db) return 2;
  try {
    const applied = await migrate(db);
    return await work(db, applied);
  } catch (error) {
    reportUserError(io, error);
    return 2;
  } finally {
    await db.close();
  }
}
