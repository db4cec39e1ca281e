import type { Report } from '../domain/index.ts';
import { describeGap } from '../analysis/describe.ts';
import { formatProbability } from './format-probability.ts';
import { selectKeyEvents } from './select-key-events.ts';

export interface TextOptions {
  /** ANSI colours (for a terminal). */
  color: boolean;
  /** Key timeline events to show. */
  maxEvents?: number;
}

const ANSI = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', cyan: '\x1b[36m', reset: '\x1b[0m' } as const;

/** The terminal view of a report: the summary first, then causes, milestones, signals, timeline, commands. */
export function renderText(report: Report, options: TextOptions): string {
  const c = (style: keyof typeof ANSI, s: string) => (options.color ? `${ANSI[style]}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  const section = (title: string) => lines.push('', c('bold', title));

  lines.push(c('bold', `${report.incidentId} · ${report.title} · ${report.severity}`));
  lines.push(wrap(report.summary, 100));
  lines.push(c('dim', `Written by: ${report.generatedBy === 'deterministic' ? 'the deterministic analysis (no LLM)' : report.generatedBy}`));

  section('Root-cause candidates (probability that each is the root cause)');
  if (report.rootCauses.length === 0) lines.push('  none found');
  report.rootCauses.forEach((r, i) => {
    const p = `${formatProbability(r.confidence)}`.padStart(4);
    lines.push(`  ${i + 1}. ${c(i === 0 ? 'red' : 'yellow', p)}  ${c('bold', r.service)}  ${r.kind}${r.changeId ? `  (change ${r.changeId})` : ''}`);
    if (r.rationale && i < 3) lines.push(indent(wrap(r.rationale, 94), 9));
  });

  section('Milestones');
  const m = report.milestones;
  const d = report.durations;
  const row = (name: string, time?: string, extra?: string) => lines.push(`  ${name.padEnd(14)}${time ? time.replace('T', ' ').replace('Z', ' UTC') : c('dim', 'unknown')}${extra ? c('dim', `  ${extra}`) : ''}`);
  row('first symptom', m.firstSymptom);
  row('detected', m.detected, d.timeToDetectSeconds !== undefined ? `time to detect ${describeGap(d.timeToDetectSeconds * 1000)}` : undefined);
  row('mitigated', m.mitigated, d.timeToMitigateSeconds !== undefined ? `time to mitigate ${describeGap(d.timeToMitigateSeconds * 1000)}` : undefined);
  row('resolved', m.resolved, d.timeToResolveSeconds !== undefined ? `time to resolve ${describeGap(d.timeToResolveSeconds * 1000)}` : undefined);

  section('Signals');
  const shown = report.signals.filter((s) => s.label !== 'unrelated').slice(0, 10);
  const herrings = report.signals.filter((s) => s.label === 'unrelated' && s.source === 'change').slice(0, 3);
  for (const s of [...shown, ...herrings]) {
    const label = s.label === 'likely-cause' ? c('red', s.label) : s.label === 'unrelated' ? c('dim', s.label) : s.label;
    lines.push(`  [${label} ${formatProbability(s.confidence)}] ${s.source} · ${s.service} · ${s.kind}`);
    lines.push(indent(wrap(s.rationale, 94), 4));
  }
  const hidden = report.signals.length - shown.length - herrings.length;
  if (hidden > 0) lines.push(c('dim', `  … ${hidden} more signals (--format json for all)`));

  section('Key timeline (UTC)');
  for (const e of selectKeyEvents(report, options.maxEvents ?? 30)) {
    lines.push(`  ${e.time.slice(11, 19)}  ${c('cyan', e.kind.padEnd(9))} ${truncate(e.text, 110)}`);
  }

  section('Proposed commands (nothing runs without a human approval)');
  if (report.proposedCommands.length === 0) lines.push('  none');
  for (const p of report.proposedCommands) {
    const args = Object.entries(p.args).map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`  ${c('bold', p.command)} ${args}  ${c(p.risk === 'high' ? 'red' : p.risk === 'medium' ? 'yellow' : 'green', `risk ${p.risk}`)}`);
    lines.push(indent(wrap(p.rationale, 94), 4));
  }

  if (report.missingSources.length) lines.push('', c('yellow', `Missing sources: ${report.missingSources.join(', ')}`));
  if (report.problems.length) {
    lines.push('', c('yellow', `Input problems (${report.problems.length}, skipped):`));
    for (const p of report.problems.slice(0, 5)) lines.push(`  ${p.file}: ${p.field}: ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) { out.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}

function indent(text: string, spaces: number): string {
  return text.split('\n').map((l) => ' '.repeat(spaces) + l).join('\n');
}

function truncate(s: string, max: number): string {
  const oneLine = s.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
