import type { SlackWork } from '../jobs/job-queue.ts';
import { commandWork } from './follow-up-command.ts';
import type { IncidentSubcommand } from './incident-subcommand.ts';
import { mentionWork } from './mention-work.ts';
import { parseIncidentCommand } from './parse-incident-command.ts';

/**
 * The work a Slack request leaves for after its ack, to journal before the ack: an @mention's answer or a
 * non-urgent `/incident` subcommand. Nothing for the rest: the help is in the ack itself, approval clicks
 * answer at once, and lifecycle subcommands change incidents (a replay could declare one twice) and run
 * at once on their own lane.
 */
export function intakeWork(body: unknown, subcommands: Readonly<Record<string, IncidentSubcommand>>, commandName: string): SlackWork | undefined {
  const b = body as { type?: unknown; event?: { type?: unknown }; event_id?: unknown; command?: unknown } | null;
  if (b?.type === 'event_callback' && b.event?.type === 'app_mention') {
    const work = mentionWork(b.event, b.event_id);
    return work.ok ? work.value : undefined;
  }
  if (b?.command !== commandName) return undefined;
  const parsed = parseIncidentCommand(b, subcommands, commandName);
  return parsed.kind === 'run' && !parsed.sub.urgent ? commandWork(parsed.name, parsed.invocation) : undefined;
}
