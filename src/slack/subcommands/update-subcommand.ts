import { postIncidentUpdate } from '../../lifecycle/change-incident.ts';
import { lifecycleSubcommand } from './lifecycle-subcommand.ts';

/** `/incident update [investigating|identified|monitoring] <text>`: on the timeline, the header and the status page. */
export const updateSubcommand = lifecycleSubcommand({
  usage: '[investigating|identified|monitoring] <what changed>',
  description: 'post an update (timeline, pinned header, status page); `monitoring` marks it mitigated',
  showSuccessTo: 'channel',
  perform: (lifecycle, actor, command) => postIncidentUpdate(lifecycle.context, command.channelId, actor, command.argText),
});
