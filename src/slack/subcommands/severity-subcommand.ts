import { changeSeverity } from '../../lifecycle/change-incident.ts';
import { lifecycleSubcommand } from './lifecycle-subcommand.ts';

/** `/incident severity <sevN>`. */
export const severitySubcommand = lifecycleSubcommand({
  usage: 'sev1|sev2|sev3|sev4',
  description: 'change the severity of this incident',
  showSuccessTo: 'channel',
  perform: (lifecycle, actor, command) => changeSeverity(lifecycle.context, command.channelId, actor, command.argText),
});
