import type { Report } from '../../domain/index.ts';
import { capBlocks, context, escapeMrkdwn, linesToSections, type Block } from './block-kit.ts';
import { describeSignal } from './describe-signal.ts';
import { buildProposalBlocks, type ProposalView } from './proposal-blocks.ts';

/** The answer to a question, then the signals it cites with their evidence, then any proposals. */
export function buildAnswerBlocks(question: string, answer: string, report: Report, citedSignalIds: readonly string[], proposals: readonly ProposalView[], notes: string[] = []): Block[] {
  const blocks: Block[] = [...linesToSections([`> ${escapeMrkdwn(question)}`, ...answer.split('\n')])];
  const cited = citedSignalIds.map((id) => report.signals.find((s) => s.id === id)).filter((s) => s !== undefined);
  if (cited.length) {
    const lines = cited.map((s) => `${describeSignal(s)}\n    _evidence:_ ${s.evidence.slice(0, 4).map((e) => `${e.type} \`${escapeMrkdwn(e.ref)}\``).join(', ') || 'analysis'}`);
    blocks.push(...linesToSections(lines, 'Evidence'));
  }
  for (const p of proposals) blocks.push(...buildProposalBlocks(p));
  if (notes.length) blocks.push(context(notes));
  return capBlocks(blocks);
}
