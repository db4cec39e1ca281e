import { respondTimed } from '../analyze-for-slack.ts';
import { buildStatusBlocks } from '../blocks/status-blocks.ts';
import { describeIncidentStatus } from '../blocks/describe-incident-status.ts';
import type { IncidentSubcommand } from '../incident-subcommand.ts';

/** `/incident status`: severity, state, milestones and the leading cause, to the invoker. */
export const statusSubcommand: IncidentSubcommand = {
  usage: '',
  description: 'show the current status (only to you)',
  ackText: 'Checking the status…',
  async run({ command, services, respond }) {
    const { report } = await respondTimed(services, { channelId: command.channelId, userId: command.userId, needs: 'report' });
    await respond({ text: `${report.incidentId}: ${describeIncidentStatus(report)}`, blocks: buildStatusBlocks(report) });
  },
};
