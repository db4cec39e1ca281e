import { loadConfig } from '../config.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open-database.ts';
import type { CliIo } from './cli-io.ts';
import { reportUserError } from './report-user-error.ts';

/**
 * The store the environment configures (`DATABASE_URL`, else PGlite in `OPSIGHT_DATA_DIR`), or
 * undefined after writing why it cannot be opened to stderr (the caller exits with 2).
 */
export async function openConfiguredStore(io: CliIo, env: NodeJS.ProcessEnv): Promise<Database | undefined> {
  try {
    const config = loadConfig(env);
    return await openDatabase(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.OPSIGHT_DATA_DIR });
  } catch (error) {
    reportUserError(io, error);
    return undefined;
  }
}
