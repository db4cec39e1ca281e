import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from './database.ts';
import { StoreError } from './store-error.ts';
import { repoPath } from '../repo-root.ts';

/** The `migrations/` folder of this repository. */
export const MIGRATIONS_DIR = repoPath('migrations');

/** Advisory-lock key shared by every opsight process migrating the same database ("opsight" in ASCII). */
const MIGRATION_LOCK_KEY = 0x6f7073696768;

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Applies the `NNNN_name.sql` files of `dir` that are not yet in `schema_migrations`, in order,
 * each in its own transaction, and returns the names it applied (empty when up to date).
 *
 * Every transaction first takes `pg_advisory_xact_lock` (PostgreSQL and PGlite both have it), then
 * checks `schema_migrations`, so two processes migrating at once apply each file exactly once:
 * the second waits for the first to commit and then sees the file as applied.
 */
export async function migrate(db: Database, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });

  const applied: string[] = [];
  for (const name of files) {
    const sql = await readFile(join(dir, name), 'utf8');
    const didApply = await db.transaction(async (tx) => {
      await lock(tx);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.length > 0) return false;
      try {
        await tx.exec(sql);
      } catch (error) {
        throw new StoreError(
          'MIGRATION_FAILED',
          `migration ${name} failed and was rolled back: ${(error as Error).message}. ` +
            'Fix the database (or the file, if it is not yet merged) and run `opsight migrate` again.',
          { cause: error },
        );
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (didApply) applied.push(name);
  }
  return applied;
}

async function lock(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
}
