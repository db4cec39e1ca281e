import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { SlackPayloadError } from './slack-payload-error.ts';

/** The incident channel as Slack describes it. */
export interface SlackChannelInfo {
  id: string;
  name: string;
  topic?: string;
  purpose?: string;
  createdMs?: number;
}

/** A channel's messages (thread replies included, export format) and the users who wrote or were mentioned. */
export interface ChannelHistory {
  channel: SlackChannelInfo;
  /** Slack message objects as the Web API returns them (the export's day-file format). */
  messages: Array<Record<string, unknown>>;
  /** Slack user objects (`users.info`), the format of the export's `users.json`. */
  users: Array<Record<string, unknown>>;
}

/** How much history to read. */
export interface HistoryLimits {
  maxMessages: number;
  maxThreads: number;
}

const InfoSchema = z.object({
  channel: z.object({
    id: z.string(),
    name: z.string().optional(),
    created: z.number().optional(),
    topic: z.object({ value: z.string() }).partial().optional(),
    purpose: z.object({ value: z.string() }).partial().optional(),
  }),
});
const MessagePageSchema = z.object({
  messages: z.array(z.looseObject({ ts: z.string(), user: z.string().optional(), text: z.string().optional(), reply_count: z.number().optional() })).default([]),
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const UserSchema = z.object({ user: z.looseObject({ id: z.string() }) });

/**
 * Reads a channel through the Web API: `conversations.info`, every page of `conversations.history`, the
 * replies of its threads (the asked-about thread first) and `users.info` for each author and mention.
 * A user that cannot be looked up is left out (messages then show the raw id).
 */
export async function readChannelHistory(client: WebClient, channelId: string, limits: HistoryLimits, threadTs?: string, userCache = new Map<string, Record<string, unknown>>()): Promise<ChannelHistory> {
  const info = parse(InfoSchema, await client.conversations.info({ channel: channelId }), 'conversations.info');
  const channel: SlackChannelInfo = {
    id: info.channel.id,
    name: info.channel.name ?? channelId,
    topic: info.channel.topic?.value || undefined,
    purpose: info.channel.purpose?.value || undefined,
    createdMs: info.channel.created ? info.channel.created * 1000 : undefined,
  };

  const byTs = new Map<string, Record<string, unknown>>();
  let cursor: string | undefined;
  do {
    const page = parse(MessagePageSchema, await client.conversations.history({ channel: channelId, limit: 200, cursor }), 'conversations.history');
    for (const m of page.messages) byTs.set(m.ts, m);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor && byTs.size < limits.maxMessages);

  const threadRoots = [...byTs.values()].filter((m) => typeof m.reply_count === 'number' && m.reply_count > 0).map((m) => String(m.ts));
  if (threadTs && !threadRoots.includes(threadTs)) threadRoots.unshift(threadTs);
  for (const root of threadRoots.slice(0, limits.maxThreads)) {
    let replyCursor: string | undefined;
    do {
      const page = parse(MessagePageSchema, await client.conversations.replies({ channel: channelId, ts: root, limit: 200, cursor: replyCursor }), 'conversations.replies');
      for (const m of page.messages) if (!byTs.has(m.ts)) byTs.set(m.ts, m);
      replyCursor = page.response_metadata?.next_cursor || undefined;
    } while (replyCursor && byTs.size < limits.maxMessages * 2);
  }

  const messages = [...byTs.values()];
  const userIds = new Set<string>();
  for (const m of messages) {
    if (typeof m.user === 'string') userIds.add(m.user);
    for (const match of String(m.text ?? '').matchAll(/<@([UW][A-Z0-9]+)/g)) userIds.add(match[1]!);
  }
  const users: Array<Record<string, unknown>> = [];
  for (const id of userIds) {
    let user = userCache.get(id);
    if (!user) {
      try {
        user = parse(UserSchema, await client.users.info({ user: id }), 'users.info').user;
        userCache.set(id, user);
      } catch {
        continue;
      }
    }
    users.push(user);
  }
  return { channel, messages, users };
}

function parse<S extends z.ZodType>(schema: S, response: unknown, method: string): z.infer<S> {
  const parsed = schema.safeParse(response);
  if (!parsed.success) throw new SlackPayloadError(method, parsed.error);
  return parsed.data;
}
