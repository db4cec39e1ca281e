import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { callSlackApi, DEFAULT_RATE_LIMIT_POLICY, type RateLimitPolicy } from './call-slack-api.ts';
import type { SlackBackend, SlackMessagePage } from './slack-backend.ts';
import { SlackNotFoundError } from './slack-not-found-error.ts';
import { SlackChannelRefSchema, SlackMessageSchema, SlackUserSchema, type SlackChannelRef } from './slack-records.ts';

/** How to reach the Slack Web API. */
export interface SlackLiveOptions {
  /** Bot token (`xoxb-…`) with channels:history, groups:history, channels:read, groups:read, users:read. */
  token: string;
  /** Web API base URL ending in `/api/`; a local stand-in in tests. */
  apiUrl?: string;
  /** Milliseconds before one HTTP request is abandoned. */
  timeoutMs?: number;
  rateLimit?: RateLimitPolicy;
}

/** Pages of `conversations.list` walked at most to resolve a channel name (1,000 channels each). */
const MAX_CHANNEL_LIST_PAGES = 20;
const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

const MessagesResponse = z.object({
  messages: z.array(SlackMessageSchema).default([]),
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const ChannelsResponse = z.object({
  channels: z.array(SlackChannelRefSchema.loose()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const UsersResponse = z.object({
  members: z.array(SlackUserSchema).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/**
 * Reads Slack through the Web API: `conversations.history`, `conversations.replies`,
 * `conversations.info`, `conversations.list`, `users.info`, `users.list`. Slack's own cursors are passed
 * through as `nextCursor`. Rate limits are waited out per `Retry-After` (bounded); Slack errors become
 * tool errors naming Slack's error code.
 */
export function createSlackLiveBackend(options: SlackLiveOptions): SlackBackend {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 15_000,
    logger: stderrLogger(),
  });
  const policy = options.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  const call = (method: string, args: Record<string, unknown>) => callSlackApi(client, method, args, policy);
  const channelCache = new Map<string, SlackChannelRef>();

  async function resolveChannel(channel: string): Promise<SlackChannelRef> {
    const wanted = channel.replace(/^#/, '');
    const cached = channelCache.get(wanted);
    if (cached) return cached;
    let found: SlackChannelRef | undefined;
    if (CHANNEL_ID.test(wanted)) {
      const info = z.object({ channel: SlackChannelRefSchema.partial({ name: true }).loose() }).parse(await call('conversations.info', { channel: wanted }));
      found = { id: info.channel.id, name: info.channel.name ?? info.channel.id };
    } else {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_CHANNEL_LIST_PAGES && !found; page++) {
        const list = ChannelsResponse.parse(await call('conversations.list', { types: 'public_channel,private_channel', limit: 1000, cursor }));
        found = list.channels.find((c) => c.name === wanted);
        cursor = list.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      if (!found) throw new SlackNotFoundError('channel', channel, 'Pass the channel id (C…) or check the name; private channels need the bot invited.');
    }
    channelCache.set(wanted, found);
    return found;
  }

  function page(channel: SlackChannelRef, response: z.infer<typeof MessagesResponse>, newestFirst: boolean): SlackMessagePage {
    const nextCursor = response.response_metadata?.next_cursor || undefined;
    const messages = newestFirst ? [...response.messages].reverse() : response.messages;
    return { channel: { id: channel.id, name: channel.name }, messages, nextCursor, truncated: Boolean(response.has_more || nextCursor) };
  }

  return {
    description: `Slack Web API ${client.slackApiUrl}`,
    async listChannels(query) {
      const list = ChannelsResponse.parse(await call('conversations.list', { types: 'public_channel,private_channel', limit: query.limit, cursor: query.cursor }));
      const nextCursor = list.response_metadata?.next_cursor || undefined;
      return { channels: list.channels.map((c) => ({ id: c.id, name: c.name })), nextCursor, truncated: Boolean(nextCursor) };
    },
    async getChannelHistory(query) {
      const channel = await resolveChannel(query.channel);
      const response = MessagesResponse.parse(
        await call('conversations.history', {
          channel: channel.id,
          oldest: query.range.startMs === undefined ? undefined : toSlackTs(query.range.startMs),
          latest: query.range.endMs === undefined ? undefined : toSlackTs(query.range.endMs),
          inclusive: true,
          limit: query.limit,
          cursor: query.cursor,
        }),
      );
      return page(channel, response, true);
    },
    async getThreadReplies(query) {
      const channel = await resolveChannel(query.channel);
      const response = MessagesResponse.parse(
        await call('conversations.replies', { channel: channel.id, ts: query.threadTs, limit: query.limit, cursor: query.cursor }),
      );
      return page(channel, response, false);
    },
    async getUser(userId) {
      return z.object({ user: SlackUserSchema }).parse(await call('users.info', { user: userId })).user;
    },
    async listUsers(query) {
      const list = UsersResponse.parse(await call('users.list', { limit: query.limit, cursor: query.cursor }));
      const nextCursor = list.response_metadata?.next_cursor || undefined;
      return { users: list.members, nextCursor, truncated: Boolean(nextCursor) };
    },
  };
}

/** Unix milliseconds → Slack `ts` (`"1772636531.000200"`). */
function toSlackTs(ms: number): string {
  return (ms / 1000).toFixed(6);
}

/** The WebClient logs to stdout by default, which would corrupt the stdio protocol. */
function stderrLogger() {
  const write = (level: string) => (...parts: unknown[]) => process.stderr.write(`slack ${level}: ${parts.map(String).join(' ')}\n`);
  let level = 'warn';
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: write('warn'),
    error: write('error'),
    setLevel: (l: string) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  } as unknown as NonNullable<ConstructorParameters<typeof WebClient>[1]>['logger'];
}
