import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { StoreDriver } from './store-drivers.ts';

/** A fresh store of one driver with every migration applied. */
export interface MigratedStore {
  driver: StoreDriver;
  db: Database;
}

/**
 * For the tests of one `describe.each(storeDrivers())` block: sets up the driver, opens its store and
 * applies every migration before each test (`scope: 'all'`: once before all of them), hands the store
 * to `opened`, and tears the driver down afterwards. Register further hooks after this call: they run
 * with the store open.
 */
export function useMigratedStore(
  setup: () => Promise<StoreDriver>,
  opened: (store: MigratedStore) => void,
  scope: 'each' | 'all' = 'each',
): void {
  let driver: StoreDriver | undefined;
  const open = async () => {
    driver = await setup();
    const db = await driver.open();
    await migrate(db);
    opened({ driver, db });
  };
  const teardown = async () => {
    await driver?.teardown();
  };
  if (scope === 'all') {
    beforeAll(open);
    afterAll(teardown);
  } else {
    beforeEach(open);
    afterEach(teardown);
  }
}
