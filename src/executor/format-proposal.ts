import type { StepResult, StoredProposal } from './proposal-records.ts';

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

/** `rollback service=api environment=production`: the command as a human reads it. */
export function formatCommandLine(p: Pick<StoredProposal, 'command' | 'args'>): string {
  return [p.command, ...Object.entries(p.args).map(([k, v]) => `${k}=${v}`)].join(' ');
}

/** One line per proposal for `opsight proposals list`. */
export function formatProposalLine(p: StoredProposal): string {
  return `${p.id}  ${p.status.padEnd(9)}  ${p.incidentId}  ${formatCommandLine(p)}  (${iso(p.createdAtMs)})`;
}

/** Everything known about one proposal for `opsight proposals show`. */
export function formatProposalDetail(p: StoredProposal, approvers: string): string {
  const lines = [
    `${p.id}: ${formatCommandLine(p)}`,
    `  status:     ${p.status}${p.statusReason ? ` — ${p.statusReason}` : ''}`,
    `  incident:   ${p.incidentId}${p.channel ? ` (channel ${p.channel}${p.threadTs ? `, thread ${p.threadTs}` : ''})` : ''}`,
    `  risk:       ${p.risk}; target ${p.target}`,
    `  why:        ${p.rationale}`,
    `  proposed:   by ${p.proposedBy} at ${iso(p.createdAtMs)}; expires ${iso(p.expiresAtMs)}`,
    `  needs:      ${approvers}`,
    `  approvals:  ${p.approvals.length ? p.approvals.map((a) => `${a.userId} at ${iso(a.atMs)}`).join(', ') : 'none'}`,
  ];
  const e = p.execution;
  if (e) {
    lines.push(`  execution:  ${e.status}, triggered by ${e.triggeredBy}, started ${iso(e.startedAtMs)}${e.durationMs !== undefined ? `, ${e.durationMs} ms` : ''}`);
    if (e.dryRun) lines.push(...formatStep('dry run', e.dryRun));
    if (e.result) lines.push(...formatStep('run', e.result));
  }
  return `${lines.join('\n')}\n`;
}

function formatStep(label: string, step: StepResult): string[] {
  const head = `  ${label}:${' '.repeat(Math.max(1, 11 - label.length))}${step.ok ? 'ok' : `failed (${step.error ?? 'error'})`} — ${step.invocation.join(' ')}`;
  const output = step.output.trim() ? step.output.trimEnd().split('\n').map((l) => `    | ${l}`) : [];
  return [head, ...output];
}
