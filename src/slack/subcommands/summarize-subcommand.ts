import { analyzeForSlack } from '../analyze-for-slack.ts';
import type { IncidentSubcommand } from '../incident-subcommand.ts';

/** `/incident summarize`: posts the summary (with proposal buttons) to the channel. */
export const summarizeSubcommand: IncidentSubcommand = {
  usage: '',
  description: 'post the incident summary to this channel',
  ackText: 'Summarizing this incident…',
  async run({ command, services, respond }) {
    const { message } = await analyzeForSlack(services, { channelId: command.channelId, userId: command.userId });
    try {
      await services.poster.post(command.channelId, message);
    } catch (error) {
      // Not a member of the channel (or not allowed to post): the response_url still reaches it.
      if ((error as { data?: { error?: string } }).data?.error !== 'not_in_channel') throw error;
      await respond({ ...message, inChannel: true });
    }
  },
};
