import type { ProposedCommand } from '../../domain/index.ts';
import type { DecisionOutcome } from '../ports.ts';
import { context, escapeMrkdwn, section, type Block } from './block-kit.ts';

/** `action_id`s of the two buttons; their `value` is the proposal id. */
export const APPROVE_ACTION_ID = 'opsight_proposal_approve';
export const REJECT_ACTION_ID = 'opsight_proposal_reject';

const RISK_ICON: Record<ProposedCommand['risk'], string> = { low: ':large_green_circle:', medium: ':large_yellow_circle:', high: ':red_circle:' };

/** "rollback service=payments environment=production": the command as the executor will receive it. */
export function describeCommand(command: ProposedCommand): string {
  const args = Object.entries(command.args).map(([k, v]) => `${k}=${v}`);
  return [command.command, ...args].join(' ');
}

/** A proposal that can be decided: the id its buttons carry and who may approve it. */
export interface ProposalView {
  command: ProposedCommand;
  /** Absent when the proposal could not be registered: the command is shown without buttons. */
  proposalId?: string;
  approvers: string;
  /** Why there are no buttons, when `proposalId` is absent. */
  unavailableReason?: string;
}

/** Section (what it will do, risk, who may approve) plus Approve / Reject buttons. */
export function buildProposalBlocks(view: ProposalView): Block[] {
  const { command } = view;
  const id = view.proposalId ?? command.id;
  const text = [
    `*Proposed:* \`${escapeMrkdwn(describeCommand(command))}\``,
    `${escapeMrkdwn(command.rationale)}`,
    `${RISK_ICON[command.risk]} risk *${command.risk}* · may approve: ${escapeMrkdwn(view.approvers)}`,
  ].join('\n');
  const blocks: Block[] = [section(text, `proposal:${id}`)];
  if (!view.proposalId) {
    blocks.push(context([`Approval unavailable: ${escapeMrkdwn(view.unavailableReason ?? 'the proposal could not be registered')}`]));
    return blocks;
  }
  blocks.push({
    type: 'actions',
    block_id: `proposal-actions:${view.proposalId}`,
    elements: [
      { type: 'button', action_id: APPROVE_ACTION_ID, text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: view.proposalId },
      { type: 'button', action_id: REJECT_ACTION_ID, text: { type: 'plain_text', text: 'Reject' }, style: 'danger', value: view.proposalId },
    ],
  });
  return blocks;
}

/**
 * The message's blocks after an accepted decision: the proposal's outcome note (who approved, dry run,
 * execution) replaces the previous one, and the buttons go away once nothing is left to decide.
 */
export function applyDecisionToBlocks(blocks: readonly Block[], proposalId: string, outcome: Extract<DecisionOutcome, { ok: true }>): Block[] {
  const lines = [outcome.message];
  if (outcome.approvedBy?.length) lines.push(`Approved by: ${outcome.approvedBy.map((u) => `<@${u}>`).join(', ')}`);
  if (outcome.dryRun) lines.push(`Dry run: ${outcome.dryRun}`);
  if (outcome.execution) lines.push(`Execution: ${outcome.execution}`);
  const note: Block = { ...context(lines.map((l) => escapeMrkdwn(l).replace(/&lt;@(\w+)&gt;/g, '<@$1>'))), block_id: `proposal-outcome:${proposalId}` };
  const keepButtons = outcome.status === 'pending';
  const result: Block[] = [];
  let placed = false;
  for (const block of blocks) {
    const blockId = 'block_id' in block ? block.block_id : undefined;
    if (blockId === `proposal-outcome:${proposalId}`) continue;
    if (blockId === `proposal-actions:${proposalId}`) {
      if (keepButtons) result.push(block);
      result.push(note);
      placed = true;
      continue;
    }
    result.push(block);
  }
  if (!placed) {
    const at = result.findIndex((b) => 'block_id' in b && b.block_id === `proposal:${proposalId}`);
    result.splice(at === -1 ? result.length : at + 1, 0, note);
  }
  return result;
}
