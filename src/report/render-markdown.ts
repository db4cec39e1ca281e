import type { Report } from '../domain/index.ts';
import { describeGap } from '../analysis/describe.ts';
import { formatProbability } from './format-probability.ts';
import { selectKeyEvents } from './select-key-events.ts';

/** Markdown for postmortems and Slack: the same content as the terminal view, as tables. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# ${report.incidentId}: ${escape(report.title)} (${report.severity})`, '', escape(report.summary), '');
  out.push(`_Written by ${report.generatedBy === 'deterministic' ? 'the deterministic analysis (no LLM)' : escape(report.generatedBy)}._`, '');

  out.push('## Root-cause candidates', '', '| # | Service | Kind | Confidence | Change | Why |', '|---|---|---|---|---|---|');
  report.rootCauses.forEach((r, i) => out.push(`| ${i + 1} | ${escape(r.service)} | ${r.kind} | ${formatProbability(r.confidence)} | ${r.changeId ? escape(r.changeId) : ''} | ${escape(r.rationale ?? '')} |`));

  const m = report.milestones;
  const d = report.durations;
  out.push('', '## Milestones', '', '| Milestone | Time (UTC) | Since first symptom |', '|---|---|---|');
  out.push(`| First symptom | ${m.firstSymptom ?? 'unknown'} | |`);
  out.push(`| Detected | ${m.detected ?? 'unknown'} | ${d.timeToDetectSeconds !== undefined ? describeGap(d.timeToDetectSeconds * 1000) : ''} |`);
  out.push(`| Mitigated | ${m.mitigated ?? 'unknown'} | ${d.timeToMitigateSeconds !== undefined ? describeGap(d.timeToMitigateSeconds * 1000) : ''} |`);
  out.push(`| Resolved | ${m.resolved ?? 'unknown'} | ${d.timeToResolveSeconds !== undefined ? describeGap(d.timeToResolveSeconds * 1000) : ''} |`);

  out.push('', '## Signals', '', '| Label | Confidence | Source | Service | Kind | Rationale |', '|---|---|---|---|---|---|');
  for (const s of report.signals.filter((x) => x.label !== 'unrelated' || x.source === 'change').slice(0, 20)) {
    out.push(`| ${s.label} | ${formatProbability(s.confidence)} | ${s.source} | ${escape(s.service)} | ${s.kind} | ${escape(s.rationale)} |`);
  }

  out.push('', '## Key timeline', '', '| Time (UTC) | Kind | Event |', '|---|---|---|');
  for (const e of selectKeyEvents(report, 40)) out.push(`| ${e.time.slice(11, 19)} | ${e.kind} | ${escape(e.text)} |`);

  out.push('', '## Proposed commands', '', 'Nothing runs without a human approval.', '', '| Command | Arguments | Risk | Why |', '|---|---|---|---|');
  for (const p of report.proposedCommands) {
    out.push(`| \`${p.command}\` | ${Object.entries(p.args).map(([k, v]) => `${k}=${escape(v)}`).join(' ')} | ${p.risk} | ${escape(p.rationale)} |`);
  }
  if (report.missingSources.length) out.push('', `**Missing sources:** ${report.missingSources.join(', ')}`);
  if (report.problems.length) out.push('', `**Input problems:** ${report.problems.length} skipped (first: ${escape(`${report.problems[0]!.file} ${report.problems[0]!.field}: ${report.problems[0]!.message}`)})`);
  return `${out.join('\n')}\n`;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
