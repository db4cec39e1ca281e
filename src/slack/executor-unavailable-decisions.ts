import type { ProposalDecisions } from './ports.ts';

/**
 * The ProposalDecisions of an opsight with no executor configured: proposals are shown and can be
 * rejected (remembered in memory), but an approval is refused with the reason, since nothing could run it.
 */
export function createExecutorUnavailableDecisions(): ProposalDecisions {
  const rejected = new Map<string, string>();
  return {
    async submit(command, context) {
      return { proposalId: `${context.incidentId}/${command.id}` };
    },
    describeApprovers() {
      return 'nobody yet (no executor is configured for this opsight)';
    },
    async approve() {
      return { ok: false, message: 'this opsight has no executor configured, so no command can run from Slack. Review the command and run it by hand, or ask the operator to configure the executor.' };
    },
    async reject(proposalId, actor) {
      if (rejected.has(proposalId)) return { ok: false, message: `this proposal was already rejected by <@${rejected.get(proposalId)}>.` };
      rejected.set(proposalId, actor.userId);
      return { ok: true, status: 'rejected', message: `Rejected by <@${actor.userId}>; nothing will run.` };
    },
  };
}
