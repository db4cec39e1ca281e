import { appendAudit } from '../audit/audit-log.ts';
import type { Database } from '../store/database.ts';
import { setProposalStatus } from './proposal-records.ts';

/**
 * Marks runs still `running` after their deadline (their process died mid-run) as `unknown`, audited,
 * and returns their proposal ids. They are never re-run automatically: a human checks the target.
 */
export async function markInterruptedRuns(db: Database, nowMs: number): Promise<string[]> {
  return db.transaction(async (tx) => {
    const stale = await tx.query<{ proposal_id: string }>(
      `UPDATE executions SET status = 'unknown', finished_at = $1 WHERE status = 'running' AND deadline_at < $1 RETURNING proposal_id`,
      [new Date(nowMs)],
    );
    for (const { proposal_id: id } of stale) {
      const reason = 'the run did not report a result before its deadline (the process probably stopped); check the target by hand';
      await setProposalStatus(tx, id, 'unknown', reason, nowMs);
      const [p] = await tx.query<{ incident_id: string; command: string; args: unknown; target: string; channel: string | null; thread_ts: string | null }>(
        'SELECT incident_id, command, args, target, channel, thread_ts FROM proposals WHERE id = $1',
        [id],
      );
      await appendAudit(tx, {
        actor: 'opsight',
        action: 'execution.unknown',
        atMs: nowMs,
        details: { proposalId: id, incidentId: p?.incident_id ?? null, command: p?.command ?? null, args: p?.args ?? null, target: p?.target ?? null, channel: p?.channel ?? null, threadTs: p?.thread_ts ?? null, result: 'unknown', reason },
      });
    }
    return stale.map((s) => s.proposal_id);
  });
}
