import type { App, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { apologyFor } from './analyze-for-slack.ts';
import { buildHelpMessage } from './blocks/help-blocks.ts';
import type { IncidentCommandContext, IncidentSubcommand } from './incident-subcommand.ts';
import { redactBlocks } from './redact-blocks.ts';
import type { SlackAppServices } from './slack-app-services.ts';
import type { SlackMessage } from './slack-poster.ts';

const CommandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  channel_id: z.string().min(1),
  channel_name: z.string().default(''),
  user_id: z.string().min(1),
  user_name: z.string().default(''),
  response_url: z.string().default(''),
  trigger_id: z.string().default(''),
});

/**
 * `/incident <subcommand>`: acks at once (unknown or missing subcommand → the help, ephemeral, in the ack
 * itself), then runs the subcommand from `subcommands`: urgent ones (lifecycle) on the in-process urgent
 * lane; the others on the store's job queue when there is one (`services.jobs`; retried, then the
 * apology), else on the in-process work queue, where a failure is answered with the apology at once.
 */
export function registerIncidentCommand(app: App, services: SlackAppServices, subcommands: Readonly<Record<string, IncidentSubcommand>>, commandName = '/incident'): void {
  app.command(commandName, async ({ command, ack, respond, client }) => {
    const parsed = CommandSchema.safeParse(command);
    if (!parsed.success) {
      await ack({ response_type: 'ephemeral', text: 'Sorry, this command payload was not understood.' });
      services.logger.warn(`malformed ${commandName} payload: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const c = parsed.data;
    const [rawName = '', ...args] = c.text.trim().split(/\s+/).filter(Boolean);
    const name = rawName.toLowerCase();
    const sub = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (!sub || name === 'help') {
      const problem = name && !sub ? `Unknown subcommand \`${name}\`.` : undefined;
      const help = buildHelpMessage(subcommands, problem, commandName);
      await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
      return;
    }
    await ack(sub.ackText ? { response_type: 'ephemeral', text: sub.ackText } : undefined);
    const context: IncidentCommandContext = {
      command: {
        commandName,
        channelId: c.channel_id,
        channelName: c.channel_name,
        userId: c.user_id,
        userName: c.user_name,
        argText: c.text.trim().slice(rawName.length).trim(),
        args,
        responseUrl: c.response_url,
        triggerId: c.trigger_id,
      },
      services,
      client,
      respond: (message) => sendResponse(respond, services, message),
      subcommands,
    };
    const lane = sub.urgent ? (services.urgentQueue ?? services.queue) : services.queue;
    if (services.jobs && !sub.urgent) {
      const jobs = services.jobs;
      const { command: invocation } = context;
      // After the pending acks: the insert runs on the store (PGlite shares this event loop).
      void (services.ackFirst?.turn() ?? Promise.resolve())
        .then(() => jobs.enqueueSlack({ kind: 'command', subcommand: name, ...invocation }))
        .catch((error: unknown) => {
          services.logger.warn(`could not queue ${commandName} ${name} on the job queue; running it in this process`, error);
          lane.enqueue(() => runSubcommand(sub, context, services, `${commandName} ${name}`));
        });
      return;
    }
    lane.enqueue(() => runSubcommand(sub, context, services, `${commandName} ${name}`));
  });
}

async function runSubcommand(sub: IncidentSubcommand, context: IncidentCommandContext, services: SlackAppServices, doing: string): Promise<void> {
  try {
    await sub.run(context);
  } catch (error) {
    await context.respond(apologyFor(services, error, doing));
  }
}

async function sendResponse(respond: RespondFn, services: SlackAppServices, message: SlackMessage & { inChannel?: boolean }): Promise<void> {
  await respond({
    response_type: message.inChannel ? 'in_channel' : 'ephemeral',
    text: services.redact(message.text),
    ...(message.blocks ? { blocks: redactBlocks(message.blocks, services.redact) } : {}),
  });
}
