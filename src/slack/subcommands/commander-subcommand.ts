import { changeCommander } from '../../lifecycle/change-incident.ts';
import { lifecycleSubcommand } from './lifecycle-subcommand.ts';

/** `/incident commander @user`. */
export const commanderSubcommand = lifecycleSubcommand({
  usage: '@someone',
  description: 'hand the incident command to someone',
  showSuccessTo: 'channel',
  perform: (lifecycle, actor, command) => changeCommander(lifecycle.context, command.channelId, actor, command.argText),
});
