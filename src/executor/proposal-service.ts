import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import { type ProposedCommand, ProposedCommandSchema } from '../domain/proposal.ts';
import type { Database, Queryable } from '../store/database.ts';
import type { ApprovalPolicy } from './approval-policy.ts';
import type { CommandCatalog } from './command-catalog.ts';
import { supportsDryRun } from './command-spec.ts';
import { type Actor, describeApprovers, evaluatePolicy, isPolicySatisfied, type PolicySubject } from './evaluate-policy.ts';
import { ExecutorError } from './executor-error.ts';
import type { ExecutorSettings } from './executor-settings.ts';
import { describePause, type ExecutorState, getExecutorState, setExecutorPaused } from './executor-state.ts';
import {
  type ExecutionRecord,
  listProposalRecords,
  type ProposalStatus,
  readProposal,
  setProposalStatus,
  type StoredProposal,
} from './proposal-records.ts';
import { markInterruptedRuns } from './mark-interrupted-runs.ts';
import { performCommand } from './perform-command.ts';
import { type ValidatedCommand, validateCommandArgs } from './validate-command-args.ts';

/** What the analysis proposed, plus where and by whom. */
export const ProposalSubmissionSchema = ProposedCommandSchema.extend({
  incidentId: z.string().min(1),
  channel: z.string().min(1).optional(),
  threadTs: z.string().min(1).optional(),
  /** `opsight` for the agent, or the Slack user id of a human who proposed it. */
  proposedBy: z.string().min(1),
});
export type ProposalSubmission = ProposedCommand & { incidentId: string; channel?: string; threadTs?: string; proposedBy: string };

/** The answer to an Approve click; `reason` is always a sentence to show the user. */
export type ApproveOutcome =
  | 'approved-waiting' // recorded; more approvals needed
  | 'executed' // this approval started the run; `execution` says how it went
  | 'denied' // this user may not approve it (who can is in the reason)
  | 'rate-limited'
  | 'rejected' // someone rejected it earlier
  | 'expired'
  | 'already-running'
  | 'already-done' // ran before (or was interrupted): never runs twice
  | 'paused' // approved, but the kill switch is on
  | 'conflict' // approved, but another command is running on the same target
  | 'invalid'; // the catalog no longer accepts it

export interface ApproveResult {
  outcome: ApproveOutcome;
  reason: string;
  proposal: StoredProposal;
  execution?: ExecutionRecord;
}

export interface RejectResult {
  outcome: 'rejected' | 'not-pending';
  reason: string;
  proposal: StoredProposal;
}

/** What the Slack app and the CLI call. Every state change is audited in the same transaction. */
export interface ProposalService {
  submit(submission: ProposalSubmission): Promise<StoredProposal>;
  approve(id: string, actor: Actor): Promise<ApproveResult>;
  reject(id: string, actor: Actor, reason?: string): Promise<RejectResult>;
  get(id: string): Promise<StoredProposal | undefined>;
  list(filter?: { status?: ProposalStatus; incidentId?: string; limit?: number }): Promise<StoredProposal[]>;
  /** "one on-call engineer or team lead", for the button's hint. */
  describeApprovers(proposal: Pick<StoredProposal, 'command' | 'args' | 'proposedBy'>): string;
  /** Marks runs left `running` past their deadline (a crashed process) as `unknown`; returns their ids. */
  recoverInterrupted(): Promise<string[]>;
  pause(actor: string, reason?: string): Promise<ExecutorState>;
  resume(actor: string): Promise<ExecutorState>;
  executorState(): Promise<ExecutorState>;
}

export interface ProposalServiceOptions {
  db: Database;
  catalog: CommandCatalog;
  policy: ApprovalPolicy;
  settings: ExecutorSettings;
  /** Environment adapters read allowed variables and header secrets from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch (tests move time). */
  clock?: () => number;
}

// Slack user ids (U…/W…): an approval must come from a human, never from the bot or free text.
const SLACK_USER = /^[UW][A-Z0-9]{2,30}$/;

type Started = { kind: 'start'; proposal: StoredProposal; validated: ValidatedCommand; execution: ExecutionRecord };
type Answered = { kind: 'answer'; result: ApproveResult };

/** The proposal service over one store; see {@link ProposalService}. */
export function createProposalService(options: ProposalServiceOptions): ProposalService {
  const { db, catalog, policy, settings } = options;
  const env = options.env ?? process.env;
  const clock = options.clock ?? Date.now;

  const subjectOf = (p: Pick<StoredProposal, 'command' | 'args' | 'proposedBy'>): PolicySubject => ({
    command: p.command,
    args: p.args,
    readOnly: catalog.get(p.command)?.readOnly ?? false,
    proposedBy: p.proposedBy,
  });
  const where = (p: StoredProposal) => ({ proposalId: p.id, incidentId: p.incidentId, command: p.command, args: p.args, target: p.target, channel: p.channel ?? null, threadTs: p.threadTs ?? null });

  async function mustRead(tx: Queryable, id: string, lock: boolean): Promise<StoredProposal> {
    const p = await readProposal(tx, id, lock);
    if (!p) throw new ExecutorError('PROPOSAL_NOT_FOUND', `no proposal "${id}"; list them with \`opsight proposals list\``);
    return p;
  }

  async function submit(submission: ProposalSubmission): Promise<StoredProposal> {
    const parsed = ProposalSubmissionSchema.safeParse(submission);
    if (!parsed.success) {
      throw new ExecutorError('ARGS_INVALID', `invalid proposal: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const s = parsed.data;
    const nowMs = clock();
    let validated: ValidatedCommand;
    try {
      validated = validateCommandArgs(catalog, s.command, s.args);
    } catch (error) {
      // A proposal built from injected chat text ends here, on the record.
      await db.transaction((tx) =>
        appendAudit(tx, { actor: s.proposedBy, action: 'proposal.refused', atMs: nowMs, details: { incidentId: s.incidentId, command: s.command, args: s.args, channel: s.channel ?? null, threadTs: s.threadTs ?? null, reason: (error as Error).message } }),
      );
      throw error;
    }
    const id = `prop-${randomBytes(6).toString('hex')}`;
    const environment = validated.args.environment ?? 'any';
    const target = `${validated.args.service ?? s.command}@${environment}`;
    const ttlMs = policy.approvalTtlMinutes * 60_000;
    return db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO proposals (id, source_id, incident_id, command, args, risk, rationale, environment, target, channel, thread_ts, proposed_by, status, created_at, expires_at, updated_at)
         VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7,$8,$9,$10,$11,$12,'proposed',$13,$14,$13)`,
        [id, s.id, s.incidentId, s.command, JSON.stringify(validated.args), validated.spec.risk, s.rationale, environment, target, s.channel ?? null, s.threadTs ?? null, s.proposedBy, new Date(nowMs), new Date(nowMs + ttlMs)],
      );
      const stored = await mustRead(tx, id, false);
      await appendAudit(tx, { actor: s.proposedBy, action: 'proposal.submitted', atMs: nowMs, details: { ...where(stored), risk: stored.risk, rationale: stored.rationale, approvers: describeApprovers(policy, subjectOf(stored)) } });
      return stored;
    });
  }

  /** Everything up to the start of the run, in one transaction holding the proposal's row lock. */
  async function decide(id: string, actor: Actor, nowMs: number): Promise<Started | Answered> {
    return db.transaction(async (tx) => {
      const p = await mustRead(tx, id, true);
      const answer = async (outcome: ApproveOutcome, reason: string, audit?: string): Promise<Answered> => {
        if (audit) await appendAudit(tx, { actor: actor.userId, action: audit, atMs: nowMs, details: { ...where(p), outcome, reason } });
        const proposal = await mustRead(tx, id, false);
        return { kind: 'answer', result: { outcome, reason, proposal, ...(proposal.execution ? { execution: proposal.execution } : {}) } };
      };
      switch (p.status) {
        case 'running':
          return answer('already-running', `already running since ${iso(p.execution?.startedAtMs)} (started by ${p.execution?.triggeredBy}); it runs once`);
        case 'succeeded':
        case 'failed':
          return answer('already-done', `already ran: ${p.status} at ${iso(p.execution?.finishedAtMs)}; a command runs at most once, propose it again to repeat it`);
        case 'unknown':
          return answer('already-done', `its run was interrupted (${p.statusReason ?? 'process stopped'}); it is never re-run automatically: check the target by hand`);
        case 'rejected':
          return answer('rejected', `rejected earlier: ${p.statusReason ?? ''}`.trim(), 'approval.denied');
        case 'expired':
          return answer('expired', `expired at ${iso(p.expiresAtMs)}; ask opsight to propose it again`, 'approval.denied');
        default:
          break;
      }
      if (p.status === 'proposed' && nowMs > p.expiresAtMs) {
        const reason = `expired at ${iso(p.expiresAtMs)}: not approved within ${policy.approvalTtlMinutes} min; ask opsight to propose it again`;
        await setProposalStatus(tx, id, 'expired', reason, nowMs);
        await appendAudit(tx, { actor: 'opsight', action: 'proposal.expired', atMs: nowMs, details: { ...where(p), reason } });
        return answer('expired', reason, 'approval.denied');
      }
      let validated: ValidatedCommand;
      try {
        validated = validateCommandArgs(catalog, p.command, p.args);
      } catch (error) {
        return answer('invalid', `the command catalog no longer accepts it: ${(error as Error).message}`, 'approval.denied');
      }
      const subject = subjectOf(p);
      const decision = evaluatePolicy(policy, subject, p.approvals, actor, nowMs);
      if (!decision.allowed) return answer('denied', decision.reason, 'approval.denied');

      if (!decision.alreadyApproved) {
        const windowStart = new Date(nowMs - settings.rateLimit.windowMinutes * 60_000);
        const [count] = await tx.query<{ n: string | number }>('SELECT count(*) AS n FROM approvals WHERE user_id = $1 AND at > $2', [actor.userId, windowStart]);
        if (Number(count?.n ?? 0) >= settings.rateLimit.approvals) {
          return answer('rate-limited', `rate limit: at most ${settings.rateLimit.approvals} approvals per ${settings.rateLimit.windowMinutes} min per person; try again later or ask a colleague`, 'approval.denied');
        }
        await tx.query(
          `INSERT INTO approvals (proposal_id, user_id, groups, at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (proposal_id, user_id) DO UPDATE SET groups = EXCLUDED.groups, at = EXCLUDED.at`,
          [id, actor.userId, [...(actor.groups ?? [])], new Date(nowMs)],
        );
        await tx.query('UPDATE proposals SET expires_at = GREATEST(expires_at, $2), updated_at = $3 WHERE id = $1', [id, new Date(nowMs + policy.approvalTtlMinutes * 60_000), new Date(nowMs)]);
        await appendAudit(tx, { actor: actor.userId, action: 'approval.recorded', atMs: nowMs, details: { ...where(p), groups: actor.groups ?? [], reason: decision.reason } });
      }
      if (!decision.satisfied) return answer('approved-waiting', decision.reason);

      // The executor's own check, from what is stored, not from what the caller said.
      const approvals = (await mustRead(tx, id, false)).approvals;
      const check = isPolicySatisfied(policy, subject, approvals, nowMs);
      if (!check.satisfied) return answer('approved-waiting', check.reason);
      if (p.status !== 'approved') await setProposalStatus(tx, id, 'approved', check.reason, nowMs);

      const state = await getExecutorState(tx);
      if (state.paused) return answer('paused', `approved, but not run: ${describePause(state)}; approve again after that to run it`, 'execution.refused');

      await tx.query('SELECT pg_advisory_xact_lock(7, hashtext($1))', [p.target]);
      const [busy] = await tx.query<{ proposal_id: string; command: string; started_at: Date | string }>(
        `SELECT e.proposal_id, p.command, e.started_at FROM executions e JOIN proposals p ON p.id = e.proposal_id
         WHERE e.target = $1 AND e.status = 'running'`,
        [p.target],
      );
      if (busy) {
        return answer('conflict', `approved, but not run: ${busy.command} (${busy.proposal_id}) is running on ${p.target} since ${iso(new Date(busy.started_at).getTime())}; approve again when it has finished`, 'execution.refused');
      }
      const spec = validated.spec;
      const runMs = spec.timeoutSeconds * 1000 * (supportsDryRun(spec) ? 2 : 1);
      const deadline = nowMs + runMs + settings.staleGraceSeconds * 1000;
      await tx.query(
        `INSERT INTO executions (proposal_id, target, status, triggered_by, started_at, deadline_at) VALUES ($1, $2, 'running', $3, $4, $5)`,
        [id, p.target, actor.userId, new Date(nowMs), new Date(deadline)],
      );
      await setProposalStatus(tx, id, 'running', `started by the approval of ${actor.userId}`, nowMs);
      await appendAudit(tx, { actor: actor.userId, action: 'execution.started', atMs: nowMs, details: { ...where(p), approvers: check.approvers, dryRunFirst: supportsDryRun(spec) } });
      const proposal = await mustRead(tx, id, false);
      return { kind: 'start', proposal, validated, execution: proposal.execution! };
    });
  }

  async function run(started: Started, actor: Actor): Promise<ApproveResult> {
    const { validated, proposal } = started;
    const t0 = clock();
    const { ok, reason, dryRun, result } = await performCommand(validated, { env, maxOutputChars: settings.maxOutputChars });
    const finishedMs = clock();
    const status = ok ? 'succeeded' : 'failed';
    return db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE executions SET status = $2, finished_at = $3, duration_ms = $4, dry_run = $5::jsonb, result = $6::jsonb
         WHERE proposal_id = $1 AND status = 'running' RETURNING id`,
        [proposal.id, status, new Date(finishedMs), finishedMs - t0, dryRun ? JSON.stringify(dryRun) : null, result ? JSON.stringify(result) : null],
      );
      const details = { ...where(proposal), result: status, reason, durationMs: finishedMs - t0, dryRun: dryRun ?? null, output: result ?? null };
      if (updated.length > 0) {
        await setProposalStatus(tx, proposal.id, status, reason, finishedMs);
        await appendAudit(tx, { actor: actor.userId, action: 'execution.finished', atMs: finishedMs, details });
      } else {
        // Marked `unknown` meanwhile (this run outlived its deadline): keep that, record what happened.
        await appendAudit(tx, { actor: actor.userId, action: 'execution.finished-late', atMs: finishedMs, details });
      }
      const stored = await mustRead(tx, proposal.id, false);
      return { outcome: 'executed' as const, reason, proposal: stored, ...(stored.execution ? { execution: stored.execution } : {}) };
    });
  }

  async function approve(id: string, actor: Actor): Promise<ApproveResult> {
    checkActor(actor);
    await recoverInterrupted();
    const step = await decide(id, actor, clock());
    if (step.kind === 'answer') return step.result;
    return run(step, actor);
  }

  async function reject(id: string, actor: Actor, reason?: string): Promise<RejectResult> {
    checkActor(actor);
    const nowMs = clock();
    return db.transaction(async (tx) => {
      const p = await mustRead(tx, id, true);
      if (p.status !== 'proposed' && p.status !== 'approved') {
        return { outcome: 'not-pending' as const, reason: `nothing to reject: the proposal is ${p.status}${p.statusReason ? ` (${p.statusReason})` : ''}`, proposal: p };
      }
      const why = `rejected by ${actor.userId}${reason ? `: ${reason}` : ''}`;
      await setProposalStatus(tx, id, 'rejected', why, nowMs);
      await appendAudit(tx, { actor: actor.userId, action: 'proposal.rejected', atMs: nowMs, details: { ...where(p), reason: reason ?? null } });
      return { outcome: 'rejected' as const, reason: why, proposal: await mustRead(tx, id, false) };
    });
  }

  const recoverInterrupted = () => markInterruptedRuns(db, clock());

  return {
    submit,
    approve,
    reject,
    get: (id) => readProposal(db, id),
    list: (filter = {}) => listProposalRecords(db, filter),
    describeApprovers: (p) => describeApprovers(policy, subjectOf(p)),
    recoverInterrupted,
    pause: (actor, reason) => setExecutorPaused(db, true, actor, reason, clock()),
    resume: (actor) => setExecutorPaused(db, false, actor, undefined, clock()),
    executorState: () => getExecutorState(db),
  };
}

function checkActor(actor: Actor): void {
  if (!SLACK_USER.test(actor?.userId ?? '')) {
    throw new ExecutorError('ACTOR_INVALID', `approvals come from Slack users: userId must look like U0123ABCD, got ${JSON.stringify(actor?.userId)}`);
  }
}

function iso(msValue: number | undefined): string {
  return msValue === undefined ? 'an unknown time' : new Date(msValue).toISOString();
}
