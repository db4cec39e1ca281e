import type { Database } from '../../store/database.ts';
import { migrate } from '../../store/migrate.ts';
import { openDatabase } from '../../store/open-database.ts';

/**
 * For CLI tests: opens the PGlite store in `dataDir` (what `OPSIGHT_DATA_DIR` points the CLI at),
 * applies every migration, lets `seed` write the rows the test needs and closes the store again, so
 * the command under test can open it.
 */
export async function seedDataDirStore(dataDir: string, seed: (db: Database) => Promise<void>): Promise<void> {
  const db = await openDatabase({ dataDir });
  try {
    await migrate(db);
    await seed(db);
  } finally {
    await db.close();
  }
}
