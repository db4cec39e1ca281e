import { respondTimed } from '../analyze-for-slack.ts';
import { buildTimelineBlocks } from '../blocks/timeline-blocks.ts';
import type { IncidentSubcommand } from '../incident-subcommand.ts';

/** `/incident timeline`: the key events, to the invoker. */
export const timelineSubcommand: IncidentSubcommand = {
  usage: '',
  description: 'show the key timeline (only to you)',
  ackText: 'Building the timeline…',
  async run({ command, services, respond }) {
    const { report } = await respondTimed(services, { channelId: command.channelId, userId: command.userId, needs: 'report' });
    await respond({ text: `Timeline of ${report.incidentId}`, blocks: buildTimelineBlocks(report) });
  },
};
