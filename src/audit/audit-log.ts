import { createHash } from 'node:crypto';
import type { Queryable } from '../store/database.ts';
import { canonicalJson } from './canonical-json.ts';

/** Advisory-lock key serializing appends across processes ("audit" in ASCII). */
const AUDIT_LOCK_KEY = 0x6175646974;

/** One audit entry to append: who did what, with the details (proposal, channel/thread, result, duration …). */
export interface AuditEntryInput {
  actor: string;
  action: string;
  details: Record<string, unknown>;
  atMs: number;
}

/** A stored entry, as exported. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

/** SHA-256 over the previous hash and the canonical JSON of the entry. */
export function hashAuditEntry(prevHash: string | null, entry: { at: string; actor: string; action: string; details: unknown }): string {
  return createHash('sha256')
    .update(`${prevHash ?? ''}\n${canonicalJson({ at: entry.at, actor: entry.actor, action: entry.action, details: entry.details })}`)
    .digest('hex');
}

/**
 * Appends one entry to the hash chain. Run it inside the transaction that makes the change it
 * records; it takes a transaction-level advisory lock so two processes cannot both extend the same
 * head (which would fork the chain), and the lock is released when that transaction ends.
 */
export async function appendAudit(tx: Queryable, input: AuditEntryInput): Promise<AuditEntry> {
  await tx.query(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [head] = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const prevHash = head?.hash ?? null;
  // jsonb round trip: store exactly what will be read back and re-hashed.
  const details = JSON.parse(JSON.stringify(input.details, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '') : value))) as Record<string, unknown>;
  const at = new Date(input.atMs).toISOString();
  const hash = hashAuditEntry(prevHash, { at, actor: input.actor, action: input.action, details });
  const [row] = await tx.query<{ id: string | number }>(
    'INSERT INTO audit_log (at, actor, action, details, prev_hash, hash) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id',
    [at, input.actor, input.action, JSON.stringify(details), prevHash, hash],
  );
  return { id: Number(row!.id), at, actor: input.actor, action: input.action, details, prevHash, hash };
}

/** Result of {@link verifyAuditLog}. `headHash` can be anchored elsewhere to also detect a removed tail. */
export type AuditVerification =
  | { ok: true; entries: number; headHash: string | null }
  | { ok: false; entries: number; brokenAt: { id: number; problem: string } };

interface AuditRow {
  id: string | number;
  at: Date | string;
  actor: string;
  action: string;
  details: Record<string, unknown> | string;
  prev_hash: string | null;
  hash: string;
}

/**
 * Walks the chain in id order and returns the first entry that does not follow from its
 * predecessor: an edited entry (hash mismatch), a deleted one (the next entry's prev_hash points
 * elsewhere) or a reordered one.
 */
export async function verifyAuditLog(db: Queryable): Promise<AuditVerification> {
  let prevHash: string | null = null;
  let entries = 0;
  for await (const row of auditRows(db, 0)) {
    const entry = toEntry(row);
    if (entry.prevHash !== prevHash) {
      const problem = entry.prevHash === null
        ? 'starts a new chain in the middle of the log: earlier entries were rewritten'
        : 'does not follow the entry before it: an entry before it was deleted, inserted or reordered';
      return { ok: false, entries, brokenAt: { id: entry.id, problem } };
    }
    if (hashAuditEntry(entry.prevHash, entry) !== entry.hash) {
      return { ok: false, entries, brokenAt: { id: entry.id, problem: 'its content does not match its hash: the entry was edited' } };
    }
    prevHash = entry.hash;
    entries += 1;
  }
  return { ok: true, entries, headHash: prevHash };
}

/** The entries at or after `sinceMs` as JSON Lines (one entry per line, with its hashes), for a SIEM. */
export async function exportAuditLog(db: Queryable, options: { sinceMs?: number } = {}): Promise<string> {
  const lines: string[] = [];
  for await (const row of auditRows(db, options.sinceMs ?? 0)) lines.push(JSON.stringify(toEntry(row)));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

async function* auditRows(db: Queryable, sinceMs: number): AsyncGenerator<AuditRow> {
  let afterId = 0;
  const since = new Date(sinceMs).toISOString();
  for (;;) {
    const rows = await db.query<AuditRow>(
      'SELECT id, at, actor, action, details, prev_hash, hash FROM audit_log WHERE id > $1 AND at >= $2 ORDER BY id LIMIT 1000',
      [afterId, since],
    );
    yield* rows;
    if (rows.length < 1000) return;
    afterId = Number(rows.at(-1)!.id);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: (row.at instanceof Date ? row.at : new Date(row.at)).toISOString(),
    actor: row.actor,
    action: row.action,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
