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

type RawMessage = z.infer<typeof MessagesPageSchema>['messages'][number];

/** Chat from one or more channels and the workspace's users, as the bundle parsers see them. */
export interface CollectedSlack {
  /** Name of the first channel (the incident's), when it could be read. */
  channelName?: string;
  users: ChatUser[];
  /** Every channel's messages, sorted by time. */
  chat: ChatMessage[];
}

interface ChannelHistory {
  id: string;
  name: string;
  messages: RawMessage[];
}

/**
 * Reads each of `channels` (ids or names; the incident's first) over [start, end] through
 * `slack_get_channel_history`, every thread's replies through `slack_get_thread_replies`, and the users
 * through `slack_list_users`, then validates them with the Slack export parsers. A channel that cannot
 * be read is a problem; undefined when none could be read.
 */
export async function collectSlack(settings: CallSettings, channels: readonly string[], start: string, end: string): Promise<CollectedSlack | undefined> {
  const histories: Array<ChannelHistory | undefined> = [];
  for (const channel of new Set(channels)) histories.push(await readChannel(settings, channel, start, end));
  // A channel named both by id and by name is read once.
  const read = [...new Map(histories.filter((h): h is ChannelHistory => h !== undefined).map((h) => [h.id, h])).values()];
  if (read.length === 0) return undefined;
  const userPages = await collectPages(settings, 'slack_list_users', { limit: 500 }, UsersPageSchema);
  const users = userPages ? parseSlackUsers(JSON.stringify(userPages.flatMap((p) => p.users)), 'mcp:slack_list_users') : [];
  const context = { users: new Map(users.map((u) => [u.id, u])), channelNames: new Map(read.map((h) => [h.id, h.name])) };
  const chat = read
    .flatMap((h) => parseSlackMessages(JSON.stringify(h.messages), `mcp:slack_get_channel_history(${h.name})`, { ...context, channel: h.name }))
    .sort((a, b) => a.timeMs - b.timeMs);
  return { channelName: histories[0]?.name, users, chat };
}

async function readChannel(settings: CallSettings, channel: string, start: string, end: string): Promise<ChannelHistory | undefined> {
  const history = await collectPages(settings, 'slack_get_channel_history', { channel, start, end, limit: 200 }, MessagesPageSchema);
  if (!history?.[0]) return undefined;
  const { id, name } = history[0].channel;
  const byTs = new Map<string, RawMessage>();
  for (const page of history) for (const m of page.messages) byTs.set(m.ts, m);
  const threads = [...byTs.values()].filter((m) => m.thread_ts === m.ts && (m.reply_count ?? 0) > 0);
  for (const parent of threads) {
    const replies = await collectPages(settings, 'slack_get_thread_replies', { channel: id, threadTs: parent.ts, limit: 200 }, MessagesPageSchema);
    for (const page of replies ?? []) for (const m of page.messages) if (!byTs.has(m.ts)) byTs.set(m.ts, m);
  }
  return { id, name, messages: [...byTs.values()] };
}
