import { resolveIncident } from '../../lifecycle/resolve-incident.ts';
import { lifecycleSubcommand } from './lifecycle-subcommand.ts';

/** `/incident resolve <text>`: durations posted in the channel, header updated, queued for the retrospective. */
export const resolveSubcommand = lifecycleSubcommand({
  usage: '<what fixed it>',
  description: 'resolve the incident: time to detect/mitigate/resolve, queued for the retrospective',
  // The resolution message with the durations is posted to the channel by the lifecycle itself.
  showSuccessTo: 'invoker',
  perform: (lifecycle, actor, command) => resolveIncident(lifecycle.context, command.channelId, actor, command.argText),
});
