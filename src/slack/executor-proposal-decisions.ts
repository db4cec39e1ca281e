import type { ApproveResult, ProposalService } from '../executor/proposal-service.ts';
import type { ExecutionRecord, StepResult } from '../executor/proposal-records.ts';
import type { DecisionOutcome, ProposalDecisions } from './ports.ts';
import { SingleFlight } from './single-flight.ts';

/** A remembered pending proposal is re-read from the store at most this often before it is reused. */
const RECHECK_AFTER_MS = 30_000;

/** The bot proposes; the proposer may matter to the policy (self-approval). */
const PROPOSED_BY = 'opsight';

/**
 * ProposalDecisions over the executor's proposal service: proposals are stored (and audited), clicks go
 * through its approval policy, and an approval that completes the policy runs the command (dry run
 * first when the catalog supports it). Refusals carry the service's reason. The same command proposed
 * again for the same incident and channel while still awaiting approval reuses the stored proposal, so
 * every summary's buttons decide the one proposal (and a burst of mentions stores it once).
 */
export function createExecutorProposalDecisions(service: ProposalService): ProposalDecisions {
  const pendingIds = new Map<string, { id: string; checkedAtMs: number }>();
  const forget = (proposalId: string) => {
    for (const [key, entry] of pendingIds) if (entry.id === proposalId) pendingIds.delete(key);
  };
  const submitting = new SingleFlight<string>();
  return {
    async submit(command, context) {
      const key = JSON.stringify([context.incidentId, context.channelId, command.command, command.args]);
      const proposalId = await submitting.run(key, async () => {
        const known = pendingIds.get(key);
        // Decisions made here update the map at once; a recent check also covers ones made elsewhere (CLI).
        if (known && Date.now() - known.checkedAtMs < RECHECK_AFTER_MS) return known.id;
        if (known) {
          const current = await service.get(known.id);
          if (current?.status === 'proposed' && current.expiresAtMs > Date.now()) {
            pendingIds.set(key, { id: known.id, checkedAtMs: Date.now() });
            return known.id;
          }
          pendingIds.delete(key);
        }
        const stored = await service.submit({ ...command, incidentId: context.incidentId, channel: context.channelId, proposedBy: PROPOSED_BY });
        pendingIds.set(key, { id: stored.id, checkedAtMs: Date.now() });
        return stored.id;
      });
      return { proposalId };
    },
    describeApprovers(command) {
      return service.describeApprovers({ command: command.command, args: command.args, proposedBy: PROPOSED_BY });
    },
    async approve(proposalId, actor) {
      const result = await service.approve(proposalId, { userId: actor.userId });
      if (result.proposal.status !== 'proposed') forget(proposalId);
      return fromApproveResult(result, actor.userId);
    },
    async reject(proposalId, actor) {
      const result = await service.reject(proposalId, { userId: actor.userId });
      forget(proposalId);
      if (result.outcome !== 'rejected') return { ok: false, message: result.reason };
      return { ok: true, status: 'rejected', message: `Rejected by <@${actor.userId}>; nothing will run. ${result.reason}`.trim() };
    },
  };
}

function fromApproveResult(result: ApproveResult, userId: string): DecisionOutcome {
  const approvedBy = result.proposal.approvals.map((a) => a.userId);
  switch (result.outcome) {
    case 'approved-waiting':
      return { ok: true, status: 'pending', approvedBy, message: `Approval by <@${userId}> recorded: ${result.reason}` };
    case 'paused':
    case 'conflict':
      return { ok: true, status: 'approved', approvedBy, message: `Approved by <@${userId}>, not started: ${result.reason}` };
    case 'executed': {
      const execution = result.execution;
      const failed = execution?.status === 'failed';
      return {
        ok: true,
        status: failed ? 'failed' : 'executed',
        approvedBy,
        message: `Approved by <@${userId}>: ${result.reason}`,
        ...(execution?.dryRun ? { dryRun: describeStep(execution.dryRun) } : {}),
        ...(execution ? { execution: describeExecution(execution) } : {}),
      };
    }
    default:
      return { ok: false, message: result.reason };
  }
}

function describeExecution(execution: ExecutionRecord): string {
  if (!execution.result) return `${execution.status}${execution.durationMs !== undefined ? ` after ${execution.durationMs} ms` : ''}`;
  return describeStep(execution.result);
}

function describeStep(step: StepResult): string {
  const how = step.timedOut ? 'timed out' : step.ok ? `ok (exit ${step.code ?? 0})` : `failed (${step.error ?? `exit ${step.code}`})`;
  const output = step.output.trim().split('\n').slice(-3).join(' ⏎ ');
  return `\`${step.invocation.join(' ')}\` ${how} in ${step.durationMs} ms${output ? `: ${output.slice(0, 400)}` : ''}`;
}
