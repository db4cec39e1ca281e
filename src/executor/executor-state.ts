import { appendAudit } from '../audit/audit-log.ts';
import type { Database, Queryable } from '../store/database.ts';

/** The kill switch: while paused, nothing starts (runs already started finish). */
export interface ExecutorState {
  paused: boolean;
  changedBy?: string;
  changedAtMs?: number;
  reason?: string;
}

/** Current kill-switch state. */
export async function getExecutorState(tx: Queryable): Promise<ExecutorState> {
  const [row] = await tx.query<{ paused: boolean; changed_by: string | null; changed_at: Date | string | null; reason: string | null }>(
    'SELECT paused, changed_by, changed_at, reason FROM executor_state WHERE singleton',
  );
  if (!row) return { paused: false };
  return {
    paused: row.paused,
    ...(row.changed_by !== null ? { changedBy: row.changed_by } : {}),
    ...(row.changed_at !== null ? { changedAtMs: new Date(row.changed_at).getTime() } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/** Pauses or resumes all execution, audited. */
export async function setExecutorPaused(db: Database, paused: boolean, actor: string, reason: string | undefined, nowMs: number): Promise<ExecutorState> {
  return db.transaction(async (tx) => {
    await tx.query('UPDATE executor_state SET paused = $1, changed_by = $2, changed_at = $3, reason = $4 WHERE singleton', [paused, actor, new Date(nowMs), reason ?? null]);
    await appendAudit(tx, { actor, action: paused ? 'executor.paused' : 'executor.resumed', details: { reason: reason ?? null }, atMs: nowMs });
    return getExecutorState(tx);
  });
}

/** "execution is paused by X since … (reason)": the refusal text. */
export function describePause(state: ExecutorState): string {
  const since = state.changedAtMs !== undefined ? ` since ${new Date(state.changedAtMs).toISOString()}` : '';
  return `execution is paused by ${state.changedBy ?? 'an operator'}${since}${state.reason ? ` (${state.reason})` : ''}; an operator resumes it with \`opsight executor resume\``;
}
