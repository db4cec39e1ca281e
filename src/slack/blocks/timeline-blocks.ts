import type { Report } from '../../domain/index.ts';
import { selectKeyEvents } from '../../report/select-key-events.ts';
import { capBlocks, clock, context, escapeMrkdwn, header, linesToSections, type Block } from './block-kit.ts';
import { describeIncidentStatus } from './describe-incident-status.ts';

/** The key events of the incident, oldest first. */
export function buildTimelineBlocks(report: Report, maxEvents = 30): Block[] {
  const events = selectKeyEvents(report, maxEvents);
  const lines = events.map((e) => `\`${clock(e.time)}\` _${e.kind}_ ${escapeMrkdwn(e.text)}`);
  return capBlocks([
    header(`Timeline · ${report.incidentId}`),
    ...(lines.length ? linesToSections(lines) : [context(['No events found yet.'])]),
    context([`${events.length} key event(s) of ${report.timeline.length}. ${describeIncidentStatus(report)}.`]),
  ]);
}
