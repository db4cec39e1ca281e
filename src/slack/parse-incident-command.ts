import { z } from 'zod';
import type { IncidentCommandInvocation, IncidentSubcommand } from './incident-subcommand.ts';

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

/** A slash-command payload: not understood, answered by the help (in the ack), or a subcommand to run. */
export type ParsedIncidentCommand =
  | { kind: 'malformed'; problem: string }
  | { kind: 'help'; problem?: string }
  | { kind: 'run'; name: string; sub: IncidentSubcommand; invocation: IncidentCommandInvocation };

/** `/incident <subcommand> <args>`: an unknown or missing subcommand, or `help`, asks for the help. */
export function parseIncidentCommand(payload: unknown, subcommands: Readonly<Record<string, IncidentSubcommand>>, commandName: string): ParsedIncidentCommand {
  const parsed = CommandSchema.safeParse(payload);
  if (!parsed.success) return { kind: 'malformed', problem: parsed.error.issues[0]?.message ?? 'invalid' };
  const c = parsed.data;
  const [rawName = '', ...args] = c.text.trim().split(/\s+/).filter(Boolean);
  const name = rawName.toLowerCase();
  const sub = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!sub || name === 'help') return name && !sub ? { kind: 'help', problem: `Unknown subcommand \`${name}\`.` } : { kind: 'help' };
  return {
    kind: 'run',
    name,
    sub,
    invocation: {
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
  };
}
