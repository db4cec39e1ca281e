import type { Report } from '../../domain/index.ts';
import { formatDurationSeconds } from './format-duration-seconds.ts';
import { clock } from './block-kit.ts';

/** "Resolved at 16:30 UTC", "Mitigated at …, not yet resolved" or "Ongoing since …" from the milestones. */
export function describeIncidentStatus(report: Pick<Report, 'milestones' | 'durations'>): string {
  const m = report.milestones;
  const d = report.durations;
  if (m.resolved) return `Resolved at ${clock(m.resolved)} UTC${d.timeToResolveSeconds !== undefined ? ` (after ${formatDurationSeconds(d.timeToResolveSeconds)})` : ''}`;
  if (m.mitigated) return `Mitigated at ${clock(m.mitigated)} UTC, not yet resolved`;
  if (m.detected) return `Ongoing: detected at ${clock(m.detected)} UTC, not yet mitigated`;
  if (m.firstSymptom) return `Ongoing since ${clock(m.firstSymptom)} UTC`;
  return 'Status unknown: no milestone found yet';
}
