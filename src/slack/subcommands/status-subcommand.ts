import { findIncidentByChannel, type IncidentRecord } from '../../lifecycle/incident-records.ts';
import { formatDuration, renderTopic } from '../../lifecycle/render-header.ts';
import { apologyFor, respondTimed } from '../analyze-for-slack.ts';
import { section } from '../blocks/block-kit.ts';
import { buildStatusBlocks } from '../blocks/status-blocks.ts';
import { describeIncidentStatus } from '../blocks/describe-incident-status.ts';
import type { IncidentSubcommand } from '../incident-subcommand.ts';

/** `/incident status`: severity, state, milestones and the leading cause, to the invoker; a declared incident's lifecycle first. */
export const statusSubcommand: IncidentSubcommand = {
  usage: '',
  description: 'show the current status (only to you)',
  ackText: 'Checking the status…',
  async run({ command, services, respond }) {
    const declared = services.lifecycle ? await findIncidentByChannel(services.lifecycle.context.db, command.channelId) : undefined;
    if (!declared) {
      const { report } = await respondTimed(services, { channelId: command.channelId, userId: command.userId, needs: 'report' });
      await respond({ text: `${report.incidentId}: ${describeIncidentStatus(report)}`, blocks: buildStatusBlocks(report) });
      return;
    }
    const line = describeDeclared(declared, services.lifecycle!.context.nowMs());
    try {
      const { report } = await respondTimed(services, { channelId: command.channelId, userId: command.userId, needs: 'report' });
      await respond({ text: `${line}\n${describeIncidentStatus(report)}`, blocks: [section(line), ...buildStatusBlocks(report)] });
    } catch (error) {
      // The lifecycle is known without the analysis; say why the rest is missing.
      const apology = apologyFor(services, error, 'analyzing a declared incident for /incident status');
      await respond({ text: `${line}\n${apology.text}` });
    }
  },
};

/** "INC-…: SEV2 · Investigating · IC <@U…> · title — open 12 min; latest: …". */
function describeDeclared(incident: IncidentRecord, nowMs: number): string {
  const open = `${incident.resolvedAtMs ? 'was open' : 'open'} ${formatDuration((incident.resolvedAtMs ?? nowMs) - incident.openedAtMs)}`;
  return `*${incident.id}*: ${renderTopic(incident)} — ${open}${incident.latestUpdate ? `; latest: ${incident.latestUpdate}` : ''}`;
}
