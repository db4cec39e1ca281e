import type { Database } from '../store/database.ts';

/** pg-boss's connection contract (`db: { executeSql }` in its constructor). */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

const WRAPPED_TRANSACTION = /^\s*BEGIN;([\s\S]*?);?\s*COMMIT;?\s*$/i;

/**
 * pg-boss over the store's `Database` port, so jobs run on the same store with either driver (PGlite
 * included). Its scripts of several statements wrapped in `BEGIN; … COMMIT;` run through
 * `db.transaction`, so a failing script is rolled back instead of leaving a session in an aborted
 * transaction; other scripts of several statements go to `exec`; single statements to `query`.
 */
export function pgBossDatabase(db: Database): PgBossDb {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: await db.query(text, values) };
      const wrapped = WRAPPED_TRANSACTION.exec(text);
      if (wrapped) {
        await db.transaction((tx) => tx.exec(wrapped[1]!));
        return { rows: [] };
      }
      if (isSeveralStatements(text)) {
        await db.exec(text);
        return { rows: [] };
      }
      return { rows: await db.query(text) };
    },
  };
}

function isSeveralStatements(text: string): boolean {
  // pg-boss's single statements never hold a `;` before their end; its scripts do (and `$$` bodies).
  return /;\s*\S/.test(text.trim().replace(/;\s*$/, '')) || text.includes('$$');
}
