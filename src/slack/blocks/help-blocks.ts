import type { IncidentSubcommand } from '../incident-subcommand.ts';
import type { SlackMessage } from '../slack-poster.ts';
import { context, section } from './block-kit.ts';

/** The slash command's help: every registered subcommand with its usage; `problem` first when there is one. */
export function buildHelpMessage(subcommands: Readonly<Record<string, IncidentSubcommand>>, problem?: string, commandName = '/incident'): SlackMessage {
  const lines = Object.entries(subcommands).map(([name, sub]) => `• \`${commandName} ${name}${sub.usage ? ` ${sub.usage}` : ''}\` — ${sub.description}`);
  const text = `${problem ? `${problem}\n` : ''}*${commandName} commands*\n${lines.join('\n')}`;
  return { text, blocks: [section(text), context(['Mention @opsight in an incident thread to ask a question.'])] };
}
