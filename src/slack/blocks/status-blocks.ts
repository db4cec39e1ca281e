import type { Report } from '../../domain/index.ts';
import { formatProbability } from '../../report/format-probability.ts';
import { clock, escapeMrkdwn, section, type Block } from './block-kit.ts';
import { describeIncidentStatus } from './describe-incident-status.ts';

/** One short status: severity, state, milestones and the leading cause. */
export function buildStatusBlocks(report: Report): Block[] {
  const m = report.milestones;
  const milestones = (
    [
      ['first symptom', m.firstSymptom],
      ['detected', m.detected],
      ['mitigated', m.mitigated],
      ['resolved', m.resolved],
    ] as const
  )
    .filter(([, t]) => t)
    .map(([name, t]) => `${name} ${clock(t!)}`);
  const cause = report.rootCauses[0];
  const lines = [
    `*${escapeMrkdwn(report.incidentId)} · ${escapeMrkdwn(report.title)}* (${report.severity})`,
    `*Status:* ${describeIncidentStatus(report)}`,
    milestones.length ? `*Milestones (UTC):* ${milestones.join(' · ')}` : '*Milestones:* none found yet',
    cause ? `*Leading cause:* ${cause.kind} in ${escapeMrkdwn(cause.service)} (${formatProbability(cause.confidence)})` : '*Leading cause:* none stands out yet',
  ];
  return [section(lines.join('\n'))];
}
