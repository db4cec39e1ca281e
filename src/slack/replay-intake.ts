import type { WebClient } from '@slack/web-api';
import { context } from './blocks/block-kit.ts';
import { followUpCommand, type CommandRequest } from './follow-up-command.ts';
import { followUpMention } from './follow-up-mention.ts';
import type { IncidentSubcommand } from './incident-subcommand.ts';
import type { IntakeEntry } from './intake-journal.ts';
import { respondViaUrl } from './respond-via-url.ts';
import type { SlackAppServices } from './slack-app-services.ts';

/** An entry replayed this often already never gets handed on (it may be what crashes the process): apologized for instead. */
export const MAX_REPLAYS = 3;

/**
 * Answers the requests an earlier run acknowledged but never handed on (it died between the ack and the
 * job insert). Each goes through the same follow-up as a new request, with its journal id (a mention: its
 * event id) as the job's dedupe key, so a request whose job did get inserted is not answered twice, and a
 * "looking…" already posted is reused. One older than `maxAgeMs` (or replayed `MAX_REPLAYS` times) is
 * not answered: its thread (a slash command: its `response_url`) gets a short apology, and a log line says so.
 */
export function replayIntake(
  services: SlackAppServices,
  client: WebClient,
  subcommands: Readonly<Record<string, IncidentSubcommand>>,
  entries: readonly IntakeEntry[],
  { nowMs, maxAgeMs }: { nowMs: number; maxAgeMs: number },
): void {
  const journal = services.intake;
  if (!journal || entries.length === 0) return;
  services.logger.info(`${journal.path}: replaying ${entries.length} Slack request(s) acknowledged by an earlier run but never handed on`);
  for (const entry of entries) {
    const ageMs = nowMs - entry.receivedAtMs;
    if (ageMs > maxAgeMs || entry.replays >= MAX_REPLAYS) {
      const why = ageMs > maxAgeMs ? `older than slack.replayMaxAgeSeconds (${Math.round(maxAgeMs / 1000)} s)` : `replayed ${entry.replays} times already`;
      services.logger.warn(`${journal.path}: request ${entry.id} (${describe(entry)}, ${Math.round(ageMs / 1000)} s old) is ${why}: apologizing instead of answering`);
      apologize(services, entry, ageMs);
      continue;
    }
    journal.noteReplay(entry.id);
    const { work } = entry;
    if (work.kind === 'mention') {
      followUpMention(services, client, work, { id: entry.id, ...(entry.placeholderTs ? { placeholderTs: entry.placeholderTs } : {}) });
      continue;
    }
    const { kind: _kind, subcommand: name, ...invocation } = work;
    const respond: CommandRequest['respond'] = (message) => respondViaUrl(work.responseUrl, services, message);
    const sub = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (!sub) {
      services.queue.enqueue(() => respond({ text: `Sorry, \`${work.commandName} ${name}\` is not available on this server any more.` }).finally(() => journal.markDone(entry.id)));
      continue;
    }
    followUpCommand(services, client, subcommands, { name, sub, invocation, respond, intakeId: entry.id });
  }
}

function describe(entry: IntakeEntry): string {
  const { work } = entry;
  return work.kind === 'mention' ? `mention in ${work.channelId}, thread ${work.replyThreadTs}` : `${work.commandName} ${work.subcommand} in ${work.channelId}`;
}

function apologize(services: SlackAppServices, entry: IntakeEntry, ageMs: number): void {
  const asked = `asked ${Math.max(1, Math.round(ageMs / 60_000))} min ago`;
  const { work } = entry;
  (services.urgentQueue ?? services.queue).enqueue(async () => {
    try {
      await services.ackFirst?.turn();
      if (work.kind === 'mention') {
        const text = `:warning: Sorry, I restarted before I could answer this (${asked}). Mention me again if you still need it.`;
        const message = { text, blocks: [context([text])] };
        if (entry.placeholderTs) await services.poster.update(work.channelId, entry.placeholderTs, message);
        else await services.poster.post(work.channelId, message, work.replyThreadTs);
      } else {
        await respondViaUrl(work.responseUrl, services, { text: `:warning: Sorry, I restarted before \`${work.commandName} ${work.subcommand}\` finished (${asked}). Run it again if you still need it.` });
      }
    } catch (error) {
      // A slash command's response_url lasts 30 minutes; past that nobody can be told.
      services.logger.warn(`could not deliver the apology for request ${entry.id} (${describe(entry)})`, error);
    } finally {
      services.intake?.markDone(entry.id);
    }
  });
}
