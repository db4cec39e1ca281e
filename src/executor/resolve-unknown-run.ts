import { appendAudit } from '../audit/audit-log.ts';
import { OpsightError, UserError } from '../domain/errors.ts';
import type { Database } from '../store/database.ts';
import { ExecutorError } from './executor-error.ts';
import { type ProposalStatus, readProposal, type StoredProposal } from './proposal-records.ts';

/** What an operator found when checking the target of a run left `unknown` by a crash. */
export const RESOLVE_OUTCOMES = ['succeeded', 'failed'] as const;
export type ResolveOutcome = (typeof RESOLVE_OUTCOMES)[number];

export interface ResolveUnknownRunInput {
  proposalId: string;
  outcome: ResolveOutcome;
  /** Who checked the target (a person, e.g. a Slack user id or a name). */
  by: string;
  /** What they verified ("checked deployment revision is v41"). */
  note: string;
  /** Where the resolution came from (`cli:<os user>`), kept in the audit entry beside `by`. */
  via?: string;
  nowMs: number;
}

/** The proposal is not (or no longer) `unknown`: nothing was changed. `status` is its current status. */
export class RunNotUnknownError extends OpsightError {
  constructor(
    readonly proposalId: string,
    readonly status: ProposalStatus,
    message: string,
  ) {
    super('RUN_NOT_UNKNOWN', message);
  }
}

/**
 * Closes a run that `markInterruptedRuns` left `unknown` (its process died mid-run): sets the
 * execution's and the proposal's status to what the operator found on the target, records who,
 * when and what they checked (the proposal's `status_reason`, and the audit entry
 * `execution.resolved`), all in one transaction. Only a proposal whose status is `unknown` can be
 * resolved; the conditional `UPDATE … WHERE status = 'unknown'` makes exactly one of two concurrent
 * resolutions win, the other gets a {@link RunNotUnknownError} naming the status it now has. Nothing
 * is ever re-run.
 */
export async function resolveUnknownRun(db: Database, input: ResolveUnknownRunInput): Promise<StoredProposal> {
  const { proposalId, outcome, nowMs } = input;
  const by = input.by.trim();
  const note = input.note.trim();
  if (!(RESOLVE_OUTCOMES as readonly string[]).includes(outcome)) throw new UserError(`outcome must be succeeded or failed, got ${JSON.stringify(outcome)}`);
  if (!by) throw new UserError('say who checked the target (--by)');
  if (!note) throw new UserError('say what was checked on the target (--note)');

  return db.transaction(async (tx) => {
    const at = new Date(nowMs);
    const reason = `resolved as ${outcome} by ${by} at ${at.toISOString()} after the run was interrupted: ${note}`;
    // The proposal row is the lock every state change takes first (approve, reject); the WHERE makes
    // a second, concurrent resolution wait for the first and then match nothing.
    const [won] = await tx.query<{ interrupted_reason: string | null }>(
      `UPDATE proposals p SET status = $2, status_reason = $3, updated_at = $4
       FROM (SELECT status_reason FROM proposals WHERE id = $1) AS before
       WHERE p.id = $1 AND p.status = 'unknown'
       RETURNING before.status_reason AS interrupted_reason`,
      [proposalId, outcome, reason, at],
    );
    if (!won) {
      const current = await readProposal(tx, proposalId);
      if (!current) throw new ExecutorError('PROPOSAL_NOT_FOUND', `no proposal "${proposalId}"; list them with \`opsight proposals list\``);
      throw refusal(current);
    }
    const execution = await tx.query<{ id: string | number }>(
      `UPDATE executions SET status = $2 WHERE proposal_id = $1 AND status = 'unknown' RETURNING id`,
      [proposalId, outcome],
    );
    if (execution.length === 0) {
      // Cannot happen through opsight (both move to `unknown` in one transaction); throwing rolls back.
      const [row] = await tx.query<{ status: string }>('SELECT status FROM executions WHERE proposal_id = $1', [proposalId]);
      throw new RunNotUnknownError(proposalId, 'unknown', `cannot resolve ${proposalId}: the proposal is unknown but its execution is ${row ? row.status : 'missing'}; nothing was changed`);
    }
    const p = (await readProposal(tx, proposalId))!;
    await appendAudit(tx, {
      actor: by,
      action: 'execution.resolved',
      atMs: nowMs,
      details: {
        proposalId: p.id,
        incidentId: p.incidentId,
        command: p.command,
        args: p.args,
        target: p.target,
        channel: p.channel ?? null,
        threadTs: p.threadTs ?? null,
        result: outcome,
        previousStatus: 'unknown',
        resolvedBy: by,
        note,
        interruptedReason: won.interrupted_reason,
        via: input.via ?? null,
      },
    });
    return p;
  });
}

function refusal(p: StoredProposal): RunNotUnknownError {
  const what =
    p.status === 'running'
      ? `it is running (started by ${p.execution?.triggeredBy ?? 'someone'} at ${iso(p.execution?.startedAtMs)}, deadline ${iso(p.execution?.deadlineAtMs)}); it becomes unknown only if it outlives its deadline`
      : p.status === 'succeeded' || p.status === 'failed'
        ? `it is already ${p.status}${p.statusReason ? ` (${p.statusReason})` : ''}`
        : `it is ${p.status}${p.statusReason ? ` (${p.statusReason})` : ''} and never ran`;
  return new RunNotUnknownError(
    p.id,
    p.status,
    `cannot resolve ${p.id}: its status is ${p.status}, not unknown — ${what}. Only a run left unknown by a crash can be resolved; nothing was changed`,
  );
}

function iso(msValue: number | undefined): string {
  return msValue === undefined ? 'an unknown time' : new Date(msValue).toISOString();
}
