import type { App, RespondFn } from '@slack/bolt';
import { buildHelpMessage } from './blocks/help-blocks.ts';
import { followUpCommand } from './follow-up-command.ts';
import type { IncidentSubcommand } from './incident-subcommand.ts';
import { intakeIdOf } from './journal-before-ack.ts';
import { parseIncidentCommand } from './parse-incident-command.ts';
import { redactBlocks } from './redact-blocks.ts';
import type { SlackAppServices } from './slack-app-services.ts';
import type { SlackMessage } from './slack-poster.ts';

/**
 * `/incident <subcommand>`: acks at once (unknown or missing subcommand → the help, ephemeral, in the ack
 * itself), then runs the subcommand from `subcommands` off the request path (`followUpCommand`).
 */
export function registerIncidentCommand(app: App, services: SlackAppServices, subcommands: Readonly<Record<string, IncidentSubcommand>>, commandName = '/incident'): void {
  app.command(commandName, async ({ command, ack, respond, client, context }) => {
    const parsed = parseIncidentCommand(command, subcommands, commandName);
    if (parsed.kind === 'malformed') {
      await ack({ response_type: 'ephemeral', text: 'Sorry, this command payload was not understood.' });
      services.logger.warn(`malformed ${commandName} payload: ${parsed.problem}`);
      return;
    }
    if (parsed.kind === 'help') {
      const help = buildHelpMessage(subcommands, parsed.problem, commandName);
      await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
      return;
    }
    const { name, sub, invocation } = parsed;
    await ack(sub.ackText ? { response_type: 'ephemeral', text: sub.ackText } : undefined);
    const intakeId = intakeIdOf(context);
    followUpCommand(services, client, subcommands, {
      name,
      sub,
      invocation,
      respond: (message) => sendResponse(respond, services, message),
      ...(intakeId ? { intakeId } : {}),
    });
  });
}

async function sendResponse(respond: RespondFn, services: SlackAppServices, message: SlackMessage & { inChannel?: boolean }): Promise<void> {
  await respond({
    response_type: message.inChannel ? 'in_channel' : 'ephemeral',
    text: services.redact(message.text),
    ...(message.blocks ? { blocks: redactBlocks(message.blocks, services.redact) } : {}),
  });
}
