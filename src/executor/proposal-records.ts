import type { AdapterResult } from './adapter-result.ts';
import type { Risk } from './risk.ts';
import type { Queryable } from '../store/database.ts';
import type { RecordedApproval } from './evaluate-policy.ts';

/** Where a proposal is in its life. `unknown`: a run was interrupted (crash) and needs a human; never re-run. */
export type ProposalStatus = 'proposed' | 'approved' | 'running' | 'succeeded' | 'failed' | 'rejected' | 'expired' | 'unknown';

/** One adapter invocation as stored: an `AdapterResult` whose output is already redacted and truncated. */
export type StepResult = AdapterResult;

/** The one execution a proposal may have. */
export interface ExecutionRecord {
  status: 'running' | 'succeeded' | 'failed' | 'unknown';
  triggeredBy: string;
  startedAtMs: number;
  deadlineAtMs: number;
  finishedAtMs?: number;
  durationMs?: number;
  dryRun?: StepResult;
  result?: StepResult;
}

/** A proposal as stored, with its approvals and execution. */
export interface StoredProposal {
  id: string;
  sourceId: string;
  incidentId: string;
  command: string;
  args: Record<string, string>;
  risk: Risk;
  rationale: string;
  environment: string;
  target: string;
  channel?: string;
  threadTs?: string;
  proposedBy: string;
  status: ProposalStatus;
  statusReason?: string;
  createdAtMs: number;
  expiresAtMs: number;
  updatedAtMs: number;
  approvals: RecordedApproval[];
  execution?: ExecutionRecord;
}

interface ProposalRow {
  id: string;
  source_id: string;
  incident_id: string;
  command: string;
  args: Record<string, string> | string;
  risk: Risk;
  rationale: string;
  environment: string;
  target: string;
  channel: string | null;
  thread_ts: string | null;
  proposed_by: string;
  status: ProposalStatus;
  status_reason: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  updated_at: Date | string;
}

const ms = (v: Date | string | null): number | undefined => (v === null ? undefined : new Date(v).getTime());
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** Reads one proposal (with `FOR UPDATE` when `lock`), its approvals and execution. */
export async function readProposal(tx: Queryable, id: string, lock = false): Promise<StoredProposal | undefined> {
  const [row] = await tx.query<ProposalRow>(`SELECT * FROM proposals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) return undefined;
  const [withDetails] = await attachDetails(tx, [row]);
  return withDetails;
}

/** Proposals, newest first, optionally by status and incident. */
export async function listProposalRecords(tx: Queryable, filter: { status?: ProposalStatus; incidentId?: string; limit?: number }): Promise<StoredProposal[]> {
  const rows = await tx.query<ProposalRow>(
    `SELECT * FROM proposals WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR incident_id = $2)
     ORDER BY created_at DESC, id LIMIT $3`,
    [filter.status ?? null, filter.incidentId ?? null, filter.limit ?? 200],
  );
  return attachDetails(tx, rows);
}

async function attachDetails(tx: Queryable, rows: ProposalRow[]): Promise<StoredProposal[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const approvals = await tx.query<{ proposal_id: string; user_id: string; groups: string[]; at: Date | string }>(
    'SELECT proposal_id, user_id, groups, at FROM approvals WHERE proposal_id = ANY($1::text[]) ORDER BY at, id',
    [ids],
  );
  const executions = await tx.query<{
    proposal_id: string; status: ExecutionRecord['status']; triggered_by: string; started_at: Date | string; deadline_at: Date | string;
    finished_at: Date | string | null; duration_ms: number | null; dry_run: StepResult | string | null; result: StepResult | string | null;
  }>('SELECT * FROM executions WHERE proposal_id = ANY($1::text[])', [ids]);
  return rows.map((r) => {
    const e = executions.find((x) => x.proposal_id === r.id);
    const execution: ExecutionRecord | undefined = e && {
      status: e.status,
      triggeredBy: e.triggered_by,
      startedAtMs: ms(e.started_at)!,
      deadlineAtMs: ms(e.deadline_at)!,
      ...(e.finished_at !== null ? { finishedAtMs: ms(e.finished_at)! } : {}),
      ...(e.duration_ms !== null ? { durationMs: e.duration_ms } : {}),
      ...(e.dry_run !== null ? { dryRun: json(e.dry_run) } : {}),
      ...(e.result !== null ? { result: json(e.result) } : {}),
    };
    return {
      id: r.id,
      sourceId: r.source_id,
      incidentId: r.incident_id,
      command: r.command,
      args: json(r.args),
      risk: r.risk,
      rationale: r.rationale,
      environment: r.environment,
      target: r.target,
      ...(r.channel !== null ? { channel: r.channel } : {}),
      ...(r.thread_ts !== null ? { threadTs: r.thread_ts } : {}),
      proposedBy: r.proposed_by,
      status: r.status,
      ...(r.status_reason !== null ? { statusReason: r.status_reason } : {}),
      createdAtMs: ms(r.created_at)!,
      expiresAtMs: ms(r.expires_at)!,
      updatedAtMs: ms(r.updated_at)!,
      approvals: approvals.filter((a) => a.proposal_id === r.id).map((a) => ({ userId: a.user_id, groups: a.groups, atMs: ms(a.at)! })),
      ...(execution ? { execution } : {}),
    };
  });
}

/** Moves a proposal to `status`, with a reason a human can read. */
export async function setProposalStatus(tx: Queryable, id: string, status: ProposalStatus, reason: string, nowMs: number): Promise<void> {
  await tx.query('UPDATE proposals SET status = $2, status_reason = $3, updated_at = $4 WHERE id = $1', [id, status, reason, new Date(nowMs)]);
}
