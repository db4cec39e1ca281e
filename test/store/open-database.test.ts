import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { StoreError, redactDatabaseUrl } from '../../src/store/store-error.ts';

describe('openDatabase', () => {
  it('names an unreachable server without its password and says what to do', async () => {
    // Port 1 on localhost: nothing listens there, the connection is refused at once.
    const error = await openDatabase({ databaseUrl: 'postgres://opsight:s3cret-pw@127.0.0.1:1/opsight' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as StoreError).message;
    expect((error as StoreError).code).toBe('STORE_UNAVAILABLE');
    expect(message).toContain('postgres://opsight@127.0.0.1:1/opsight');
    expect(message).not.toContain('s3cret-pw');
    expect(message).toMatch(/DATABASE_URL/);
  });

  it('keeps a PGlite store on disk across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsight-store-'));
    try {
      const dataDir = join(dir, 'nested', '.opsight');
      const first = await openDatabase({ dataDir });
      expect(first.driver).toBe('pglite');
      expect((await migrate(first))[0]).toBe('0001_initial.sql');
      await first.query(`INSERT INTO incidents (id, title, severity, opened_at) VALUES ('i1', 't', 'sev3', now())`);
      await first.close();

      const second = await openDatabase({ dataDir });
      expect(await migrate(second)).toEqual([]);
      expect(await second.query('SELECT id FROM incidents')).toEqual([{ id: 'i1' }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['postgres://u:pw@h:5432/db', 'postgres://u@h:5432/db'],
    ['postgres://u@h/db?password=pw&sslmode=require', 'postgres://u@h/db?sslmode=require'],
    ['postgres://h/db', 'postgres://h/db'],
  ])('redacts %s', (url, expected) => {
    expect(redactDatabaseUrl(url)).toBe(expected);
  });
});
