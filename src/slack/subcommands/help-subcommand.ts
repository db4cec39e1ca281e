import type { IncidentSubcommand } from '../incident-subcommand.ts';
import { buildHelpMessage } from '../blocks/help-blocks.ts';

/** `/incident help`: the list of subcommands (the dispatcher also answers unknown ones with it, in the ack). */
export const helpSubcommand: IncidentSubcommand = {
  usage: '',
  description: 'list these commands',
  async run({ command, respond, subcommands }) {
    await respond(buildHelpMessage(subcommands, undefined, command.commandName));
  },
};
