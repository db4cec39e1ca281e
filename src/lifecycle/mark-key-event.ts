import { addIncidentEvent, findIncidentByChannel } from './incident-records.ts';
import type { LifecycleContext } from './lifecycle-context.ts';

export interface ReactionAdded {
  channelId: string;
  messageTs: string;
  reaction: string;
  userId: string;
}

/**
 * A `reaction_added` with the configured reaction (default :pushpin:) on a message in an incident
 * channel adds that message to the incident timeline as a human-marked key event (once per message).
 * Returns what happened, for logs; other reactions and channels are ignored.
 */
export async function markKeyEvent(context: LifecycleContext, reaction: ReactionAdded): Promise<'recorded' | 'already-recorded' | 'ignored'> {
  if (reaction.reaction !== context.settings.pinReaction) return 'ignored';
  const incident = await findIncidentByChannel(context.db, reaction.channelId);
  if (!incident) return 'ignored';
  const message = await fetchMessage(context, reaction.channelId, reaction.messageTs);
  const recorded = await addIncidentEvent(context.db, {
    incidentId: incident.id,
    atMs: Math.round(Number(reaction.messageTs) * 1000),
    kind: 'key-event',
    actor: reaction.userId,
    text: message?.text ?? '(message not readable by opsight)',
    messageTs: reaction.messageTs,
    details: { author: message?.user, markedBy: reaction.userId },
  });
  if (recorded) await context.audit({ actor: reaction.userId, action: 'incident.key-event', details: { incidentId: incident.id, channel: reaction.channelId, messageTs: reaction.messageTs } });
  return recorded ? 'recorded' : 'already-recorded';
}

async function fetchMessage(context: LifecycleContext, channel: string, ts: string): Promise<{ text?: string; user?: string } | undefined> {
  const history = await context.slack.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
  const top = history.messages?.find((m) => m.ts === ts);
  if (top) return top;
  // A reply in a thread is not in the channel history; conversations.replies with its own ts finds it.
  const replies = await context.slack.conversations.replies({ channel, ts, latest: ts, inclusive: true, limit: 1 }).catch(() => undefined);
  return replies?.messages?.find((m) => m.ts === ts);
}
