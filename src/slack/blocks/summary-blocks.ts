import type { Report } from '../../domain/index.ts';
import { selectKeyEvents } from '../../report/select-key-events.ts';
import { capBlocks, clock, context, divider, escapeMrkdwn, header, linesToSections, section, type Block } from './block-kit.ts';
import { describeIncidentStatus } from './describe-incident-status.ts';
import { describeSignal, topSignals } from './describe-signal.ts';
import { buildProposalBlocks, type ProposalView } from './proposal-blocks.ts';

/** How much of the report a summary shows. */
export interface SummaryOptions {
  maxTimelineEvents?: number;
  maxSignals?: number;
  /** Footnotes: who generated it, why offline. */
  notes?: string[];
}

/** Incident summary: headline, impact, status, key timeline, top signals, proposed commands with buttons. */
export function buildSummaryBlocks(report: Report, proposals: readonly ProposalView[], options: SummaryOptions = {}): Block[] {
  const events = selectKeyEvents(report, options.maxTimelineEvents ?? 8);
  const signals = topSignals(report.signals, options.maxSignals ?? 5);
  const blocks: Block[] = [
    header(`${report.incidentId} · ${report.title}`),
    section(escapeMrkdwn(report.summary)),
    section(`*Severity:* ${report.severity}   *Status:* ${describeIncidentStatus(report)}`),
  ];
  if (events.length) blocks.push(...linesToSections(events.map((e) => `\`${clock(e.time)}\` ${escapeMrkdwn(e.text)}`), 'Key timeline'));
  if (signals.length) blocks.push(...linesToSections(signals.map(describeSignal), 'Top signals'));
  else blocks.push(section('*Top signals*\nNo signal stands out in the data yet.'));
  if (proposals.length) {
    blocks.push(divider(), section('*Proposed commands* (nothing runs without approval)'));
    for (const p of proposals) blocks.push(...buildProposalBlocks(p));
  }
  const notes = [...(options.notes ?? [])];
  if (report.missingSources.length) notes.push(`Missing sources: ${report.missingSources.join(', ')}`);
  if (notes.length) blocks.push(context(notes));
  return capBlocks(blocks);
}

/** Plain-text fallback for notifications and clients without blocks. */
export function summaryFallbackText(report: Report): string {
  return `${report.incidentId}: ${report.summary}`;
}
