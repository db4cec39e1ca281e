import type { App } from '@slack/bolt';
import { z } from 'zod';
import { apologyFor } from './analyze-for-slack.ts';
import type { Block } from './blocks/block-kit.ts';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID, applyDecisionToBlocks } from './blocks/proposal-blocks.ts';
import type { SlackAppServices } from './slack-app-services.ts';

const BlockActionSchema = z.object({
  user: z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }),
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({ ts: z.string().min(1), text: z.string().default(''), blocks: z.array(z.looseObject({ type: z.string() })).default([]), thread_ts: z.string().optional() }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().min(1) })).min(1),
});

/**
 * Approve / Reject buttons: ack, then decide through the ProposalDecisions port. Accepted → the message is
 * updated (who approved, dry run, execution); refused → an ephemeral note to the clicker says why.
 */
export function registerProposalActions(app: App, services: SlackAppServices): void {
  for (const [actionId, decision] of [[APPROVE_ACTION_ID, 'approve'], [REJECT_ACTION_ID, 'reject']] as const) {
    app.action(actionId, async ({ ack, body }) => {
      await ack();
      const parsed = BlockActionSchema.safeParse(body);
      if (!parsed.success) {
        services.logger.warn(`malformed ${actionId} payload: ${parsed.error.issues[0]?.message ?? ''}`);
        return;
      }
      const { user, channel, message, actions } = parsed.data;
      const proposalId = actions[0]!.value;
      const actor = { userId: user.id, userName: user.username ?? user.name };
      services.queue.enqueue(async () => {
        try {
          const outcome = decision === 'approve' ? await services.decisions.approve(proposalId, actor) : await services.decisions.reject(proposalId, actor);
          services.metrics.approvals.inc({ decision, outcome: outcome.ok ? 'accepted' : 'refused' });
          if (!outcome.ok) {
            await services.poster.postEphemeral(channel.id, user.id, { text: `Your ${decision} was refused: ${outcome.message}` }, message.thread_ts);
            return;
          }
          if (outcome.status === 'executed' || outcome.status === 'failed') services.metrics.executions.inc({ outcome: outcome.status });
          const blocks = applyDecisionToBlocks(message.blocks as unknown as Block[], proposalId, outcome);
          await services.poster.update(channel.id, message.ts, { text: message.text || outcome.message, blocks });
        } catch (error) {
          await services.poster.postEphemeral(channel.id, user.id, apologyFor(services, error, `${decision} of proposal ${proposalId}`), message.thread_ts);
        }
      });
    });
  }
}
