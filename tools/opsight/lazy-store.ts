import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';

/** The store, opened and migrated on first use (so the server starts without one); retried after a failure. */
export class LazyStore {
  private opening?: Promise<Database>;

  constructor(private readonly open: () => Promise<Database>) {}

  get(): Promise<Database> {
    this.opening ??= (async () => {
      const db = await this.open();
      try {
        await migrate(db);
        return db;
      } catch (error) {
        await db.close().catch(() => undefined);
        throw error;
      }
    })();
    const opening = this.opening;
    opening.catch(() => { if (this.opening === opening) this.opening = undefined; });
    return opening;
  }

  /** Closes the store if it was opened. */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.close();
  }
}
