import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/audit-log.ts';
import { openDatabase } from '../store/open-database.ts';
import { runCli } from './main.ts';
import { parseSince } from './run-audit-command.ts';
import { captureIo } from './testing/capture-io.ts';
import { seedDataDirStore } from './testing/seed-data-dir-store.ts';

const NOW = Date.UTC(2026, 10, 29, 12);

describe('parseSince', () => {
  it.each([
    ['24h', NOW - 86_400_000],
    ['30m', NOW - 1_800_000],
    ['7d', NOW - 7 * 86_400_000],
    ['2026-11-28T10:00:00Z', Date.UTC(2026, 10, 28, 10)],
    ['2026-11-28T10:00:00+01:00', Date.UTC(2026, 10, 28, 9)],
    ['yesterday', undefined],
    ['24', undefined],
    ['2026-11-28', undefined],
  ])('%s', (text, expected) => {
    expect(parseSince(text, NOW)).toBe(expected);
  });
});

describe('opsight audit verify / export', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-audit-'));
    env = { OPSIGHT_DATA_DIR: join(dir, 'data') };
    await seedDataDirStore(env.OPSIGHT_DATA_DIR!, async (db) => {
      const old = Date.now() - 3 * 86_400_000;
      for (const [i, atMs] of [old, old + 1000, Date.now() - 1000].entries()) {
        await db.transaction((tx) => appendAudit(tx, { actor: 'UANY', action: 'approval.recorded', details: { n: i }, atMs }));
      }
    });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('verifies the chain, exports JSONL, and reports an edited entry with exit 1', async () => {
    const ok = captureIo();
    expect(await runCli(['audit', 'verify'], ok.io, env)).toBe(0);
    expect(ok.out()).toMatch(/^audit log intact: 3 entries, head [0-9a-f]{64}\n$/);

    const all = captureIo();
    expect(await runCli(['audit', 'export'], all.io, env)).toBe(0);
    expect(all.out().trimEnd().split('\n').map((l) => (JSON.parse(l) as { details: { n: number } }).details.n)).toEqual([0, 1, 2]);
    const recent = captureIo();
    expect(await runCli(['audit', 'export', '--since', '24h'], recent.io, env)).toBe(0);
    expect(recent.out().trimEnd().split('\n')).toHaveLength(1);

    const db = await openDatabase({ dataDir: env.OPSIGHT_DATA_DIR! });
    try {
      await db.transaction(async (tx) => {
        await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await tx.exec(`UPDATE audit_log SET actor = 'UEVIL' WHERE id = (SELECT min(id) + 1 FROM audit_log)`);
        await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      });
    } finally {
      await db.close();
    }
    const broken = captureIo();
    expect(await runCli(['audit', 'verify'], broken.io, env)).toBe(1);
    expect(broken.out()).toMatch(/^audit log BROKEN at entry \d+: its content does not match its hash: the entry was edited \(1 entries before it verified\)/);
  });

  it.each([[['audit']], [['audit', 'export', '--since', 'last week']], [['audit', 'verify', '--since', '1h']], [['audit', 'purge']]])('rejects bad usage %j', async (argv) => {
    const c = captureIo();
    expect(await runCli(argv, c.io, env)).toBe(2);
    expect(c.err()).toMatch(/^opsight audit: /);
  });
});
