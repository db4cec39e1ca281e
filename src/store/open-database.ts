import type { Database } from './database.ts';
import { openPgDatabase } from './open-pg-database.ts';
import { openPgliteDatabase } from './open-pglite-database.ts';

/** Where the store lives: a PostgreSQL URL, else PGlite on disk in `dataDir`, else PGlite in memory. */
export interface OpenDatabaseOptions {
  /** `postgres://…` of a server with the `vector` extension; wins over `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory (the CLI passes `OPSIGHT_DATA_DIR`, default `.opsight/`). */
  dataDir?: string;
  /** pg only: `search_path` of every connection. */
  searchPath?: string;
}

/** Opens the store: `pg` when a URL is given, else embedded PGlite. Run `migrate()` before use. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    return openPgDatabase(options.databaseUrl, options.searchPath ? { searchPath: options.searchPath } : {});
  }
  return openPgliteDatabase(options.dataDir);
}
