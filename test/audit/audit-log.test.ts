import { describe, expect, it } from 'vitest';
import { appendAudit, exportAuditLog, verifyAuditLog } from '../../src/audit/audit-log.ts';
import type { Database } from '../../src/store/database.ts';
import { type StoreDriver, storeDrivers } from '../store/store-drivers.ts';
import { useMigratedStore } from '../store/use-migrated-store.ts';

const T0 = Date.UTC(2026, 10, 29, 12);

async function appendMany(db: Database, n: number, actor = 'UANY', startMs = T0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const entry = await db.transaction((tx) => appendAudit(tx, { actor, action: 'approval.recorded', details: { proposalId: `p${i}`, n: i, nested: { b: 1, a: [1, 'x'] } }, atMs: startMs + i * 60_000 }));
    ids.push(entry.id);
  }
  return ids;
}

/** What a superuser could do: switch the append-only trigger off, tamper, switch it back on. */
async function tamper(db: Database, sql: string, params: unknown[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await tx.query(sql, params);
    await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
}

describe.each(storeDrivers())('audit log ($name)', ({ name, setup }) => {
  let driver: StoreDriver;
  let db: Database;
  useMigratedStore(setup, (store) => ({ driver, db } = store));

  it('verifies an intact chain, and refuses updates and deletes through the trigger', async () => {
    expect(await verifyAuditLog(db)).toEqual({ ok: true, entries: 0, headHash: null });
    const ids = await appendMany(db, 5);
    const verified = await verifyAuditLog(db);
    expect(verified).toMatchObject({ ok: true, entries: 5 });
    const [head] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [ids[4]]);
    expect(verified.ok && verified.headHash).toBe(head!.hash);
    await expect(db.query(`UPDATE audit_log SET actor = 'UEVIL' WHERE id = $1`, [ids[1]])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE id = $1', [ids[1]])).rejects.toThrow(/append-only/);
  });

  it('finds an edited entry', async () => {
    const ids = await appendMany(db, 5);
    await tamper(db, `UPDATE audit_log SET details = jsonb_set(details, '{n}', '99') WHERE id = $1`, [ids[2]]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, entries: 2, brokenAt: { id: ids[2], problem: expect.stringMatching(/edited/) } });
  });

  it('finds an edited timestamp or actor', async () => {
    const ids = await appendMany(db, 3);
    await tamper(db, `UPDATE audit_log SET actor = 'UOTHER' WHERE id = $1`, [ids[0]]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, brokenAt: { id: ids[0] } });
  });

  it('finds a deleted entry', async () => {
    const ids = await appendMany(db, 5);
    await tamper(db, 'DELETE FROM audit_log WHERE id = $1', [ids[1]]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, entries: 1, brokenAt: { id: ids[2], problem: expect.stringMatching(/deleted/) } });
  });

  it('finds reordered entries', async () => {
    const ids = await appendMany(db, 4);
    // Swap two entries' positions (ids): each no longer follows its predecessor.
    await tamper(db, 'UPDATE audit_log SET id = -1 WHERE id = $1', [ids[1]]);
    await tamper(db, 'UPDATE audit_log SET id = $1 WHERE id = $2', [ids[1], ids[2]]);
    await tamper(db, 'UPDATE audit_log SET id = $1 WHERE id = -1', [ids[2]]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, brokenAt: { id: ids[1] } });
  });

  it('exports JSON Lines, optionally since a time', async () => {
    await appendMany(db, 4);
    const all = (await exportAuditLog(db)).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; at: string; details: { n: number }; prevHash: string | null; hash: string });
    expect(all).toHaveLength(4);
    expect(all[0]).toMatchObject({ actor: 'UANY', action: 'approval.recorded', prevHash: null, at: new Date(T0).toISOString() });
    expect(all[1]!.prevHash).toBe(all[0]!.hash);
    const recent = (await exportAuditLog(db, { sinceMs: T0 + 2 * 60_000 })).trimEnd().split('\n');
    expect(recent.map((l) => (JSON.parse(l) as { details: { n: number } }).details.n)).toEqual([2, 3]);
    expect(await exportAuditLog(db, { sinceMs: T0 + 3_600_000 })).toBe('');
  });

  it.runIf(name === 'pg')('keeps one chain when several processes append at once', async () => {
    const others = await Promise.all([1, 2, 3].map(() => driver.open()));
    await Promise.all([db, ...others].map((d, i) => appendMany(d, 25, `U${i}PROC`, T0 + i)));
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, entries: 100 });
  });
});
