import { describe, expect, it } from 'vitest';
import { capBlocks, linesToSections, section, type Block } from './block-kit.ts';
import { applyDecisionToBlocks, buildProposalBlocks } from './proposal-blocks.ts';
import type { ProposedCommand } from '../../domain/index.ts';

const command: ProposedCommand = { id: 'p1', command: 'rollback', args: { service: 'payments' }, risk: 'high', requiresApproval: true, rationale: 'Undo d-881.' };

describe('Slack limits', () => {
  it('splits long line lists into sections of at most 3000 characters', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i} ${'x'.repeat(95)}`);
    const blocks = linesToSections(lines, 'Title') as Array<{ text: { text: string } }>;
    expect(blocks.length).toBeGreaterThan(3);
    for (const b of blocks) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(blocks.map((b) => b.text.text).join('\n')).toContain('99 x');
  });
  it('cuts a single over-long section and caps a message at 50 blocks with a note', () => {
    expect((section('y'.repeat(5000)) as { text: { text: string } }).text.text).toHaveLength(3000);
    const capped = capBlocks(Array.from({ length: 60 }, () => section('a')));
    expect(capped).toHaveLength(50);
    expect(JSON.stringify(capped.at(-1))).toContain('11 more block(s) not shown');
  });
});

describe('proposal blocks', () => {
  it('shows what, risk and approvers with Approve/Reject carrying the proposal id', () => {
    const blocks = buildProposalBlocks({ command, proposalId: 'INC-1/p1', approvers: '2 from @sre' }) as Array<Record<string, any>>;
    expect(blocks[0]!.text.text).toContain('`rollback service=payments`');
    expect(blocks[0]!.text.text).toContain('risk *high*');
    expect(blocks[0]!.text.text).toContain('2 from @sre');
    expect(blocks[1]!.elements.map((e: any) => e.value)).toEqual(['INC-1/p1', 'INC-1/p1']);
  });
  it('without a proposal id: no buttons, and the reason', () => {
    const blocks = buildProposalBlocks({ command, approvers: '?', unavailableReason: 'store down' });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('store down');
  });
  it('keeps the buttons while approvals are pending, drops them once decided, replaces the previous note', () => {
    const blocks: Block[] = [section('head'), ...buildProposalBlocks({ command, proposalId: 'X', approvers: 'a' })];
    const pending = applyDecisionToBlocks(blocks, 'X', { ok: true, status: 'pending', message: 'Approved by <@U1> (1 of 2)', approvedBy: ['U1'] });
    expect(pending.map((b) => b.type)).toEqual(['section', 'section', 'actions', 'context']);
    const done = applyDecisionToBlocks(pending, 'X', { ok: true, status: 'executed', message: 'Approved (2 of 2)', approvedBy: ['U1', 'U2'], execution: 'exit 0' });
    expect(done.map((b) => b.type)).toEqual(['section', 'section', 'context']);
    expect(JSON.stringify(done)).toContain('Approved by: <@U1>, <@U2>');
    expect(JSON.stringify(done)).not.toContain('1 of 2');
  });
});
