import { z } from 'zod';
import type { ChatMessage, ChatUser } from '../../domain/index.ts';
import { parseSlackMessages, parseSlackUsers } from '../../ingest/index.ts';
import type { CallSettings } from './call-structured-tool.ts';
import { collectPages, PageSchema } from './collect-pages.ts';

const MessagesPageSchema = PageSchema.extend({
  channel: z.looseObject({ id: z.string().min(1), name: z.string().min(1) }),
  messages: z.array(z.looseObject({ ts: z.string(), thread_ts: z.string().nullish(), reply_count: z.number().nullish() })),
});
const UsersPageSchema = PageSchema.extend({ users: z.array(z.unknown()) });

/** A channel's messages (thread replies included) and the workspace's users, as the bundle parsers see them. */
export interface CollectedSlack {
  channelName: string;
  users: ChatUser[];
  chat: ChatMessage[];
}

/**
 * Reads `channel` (id or name) over [start, end] through `slack_get_channel_history`, every thread's
 * replies through `slack_get_thread_replies`, and the users through `slack_list_users`, then validates
 * them with the Slack export parsers. Undefined when the history could not be read (a problem says why).
 */
export async function collectSlack(settings: CallSettings, channel: string, start: string, end: string): Promise<CollectedSlack | undefined> {
  const history = await collectPages(settings, 'slack_get_channel_history', { channel, start, end, limit: 200 }, MessagesPageSchema);
  if (!history?.[0]) return undefined;
  const { id: channelId, name: channelName } = history[0].channel;
  const byTs = new Map<string, object>();
  for (const page of history) for (const m of page.messages) byTs.set(m.ts, m);
  const threads = [...byTs.values()].filter((m) => {
    const { ts, thread_ts, reply_count } = m as { ts: string; thread_ts?: string | null; reply_count?: number | null };
    return thread_ts === ts && (reply_count ?? 0) > 0;
  });
  for (const parent of threads) {
    const threadTs = (parent as { ts: string }).ts;
    const replies = await collectPages(settings, 'slack_get_thread_replies', { channel: channelId, threadTs, limit: 200 }, MessagesPageSchema);
    for (const page of replies ?? []) for (const m of page.messages) if (!byTs.has(m.ts)) byTs.set(m.ts, m);
  }
  const userPages = await collectPages(settings, 'slack_list_users', { limit: 500 }, UsersPageSchema);
  const users = userPages ? parseSlackUsers(JSON.stringify(userPages.flatMap((p) => p.users)), 'mcp:slack_list_users') : [];
  const chat = parseSlackMessages(JSON.stringify([...byTs.values()]), `mcp:slack_get_channel_history(${channelName})`, {
    channel: channelName,
    users: new Map(users.map((u) => [u.id, u])),
    channelNames: new Map([[channelId, channelName]]),
  });
  return { channelName, users, chat };
}
