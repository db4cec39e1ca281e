import type { LifecycleActor, LifecycleResult } from '../../lifecycle/lifecycle-context.ts';
import type { IncidentCommandInvocation, IncidentSubcommand } from '../incident-subcommand.ts';
import type { SlackLifecycle } from '../lifecycle-wiring.ts';

/** How one lifecycle subcommand runs, and who sees its success. */
export interface LifecycleSubcommandSpec {
  usage: string;
  description: string;
  ackText?: string;
  /** `channel`: a success is posted to the channel (with who did it); `invoker`: only to them. Refusals are always only to the invoker. */
  showSuccessTo: 'channel' | 'invoker';
  perform(lifecycle: SlackLifecycle, actor: LifecycleActor, command: IncidentCommandInvocation): Promise<LifecycleResult<unknown>>;
}

/** An `/incident` subcommand over the incident lifecycle: runs it as the invoker and answers with its message. */
export function lifecycleSubcommand(spec: LifecycleSubcommandSpec): IncidentSubcommand {
  return {
    usage: spec.usage,
    description: spec.description,
    ...(spec.ackText ? { ackText: spec.ackText } : {}),
    urgent: true,
    async run({ command, services, respond }) {
      if (!services.lifecycle) {
        await respond({ text: 'Incidents cannot be run from Slack in this process: the incident lifecycle is not configured (start it with `opsight serve`).' });
        return;
      }
      const actor = await services.lifecycle.actorOf(command.userId);
      const result = await spec.perform(services.lifecycle, actor, command);
      if (!result.ok) {
        await respond({ text: `:warning: ${result.message}` });
        return;
      }
      if (spec.showSuccessTo === 'channel') await respond({ text: `<@${command.userId}> ${result.message}`, inChannel: true });
      else await respond({ text: result.message });
    },
  };
}
