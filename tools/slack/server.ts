import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { cursorArg, limitArg } from '../shared/limit-arg.ts';
import { resolveTimeRange } from '../shared/resolve-time-range.ts';
import { rfc3339Arg } from '../shared/rfc3339-arg.ts';
import { runTool } from '../shared/run-tool.ts';
import { toolResult } from '../shared/tool-result.ts';
import { searchChannel } from './search-channel.ts';
import type { SlackBackend } from './slack-backend.ts';
import { SlackChannelRefSchema, SlackMessageSchema, SlackUserSchema } from './slack-records.ts';

const channelArg = z
  .string()
  .min(1)
  .describe('Channel id (C07FYP5JX0) or name without or with # (inc-20260304-payment).');
const startArg = rfc3339Arg('Only messages at or after this time, RFC 3339 (2026-03-04T15:00:00Z). Default: no lower bound.').optional();
const endArg = rfc3339Arg('Only messages at or before this time, RFC 3339. Default: now (no upper bound).').optional();
const pageShape = {
  channel: SlackChannelRefSchema,
  messages: z.array(SlackMessageSchema),
  nextCursor: z.string().optional(),
  truncated: z.boolean(),
};
const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

/**
 * The Slack MCP server: channel history, thread replies, users and in-channel search, returning Slack's
 * own message and user objects. Knows no transport; `backend` decides bundle or live.
 */
export function createSlackServer(backend: SlackBackend): McpServer {
  const server = new McpServer({ name: 'opsight-slack', version: '0.1.0' });

  server.registerTool(
    'slack_list_channels',
    {
      title: 'List Slack channels',
      description: 'Lists the channels the bot can read, as {id, name}. Use it to find an incident channel by name.',
      inputSchema: { cursor: cursorArg, limit: limitArg(200, 1000, 'channels') },
      outputSchema: { channels: z.array(SlackChannelRefSchema), nextCursor: z.string().optional(), truncated: z.boolean() },
      annotations: readOnly,
    },
    (args) =>
      runTool('slack_list_channels', async () => {
        const result = await backend.listChannels(args);
        return toolResult(result, `${result.channels.length} channel(s)${result.truncated ? '; more with nextCursor' : ''}.`);
      }),
  );

  server.registerTool(
    'slack_get_channel_history',
    {
      title: 'Get Slack channel history',
      description:
        'Returns top-level messages of one channel in a time range as native Slack message objects (type, user, text, ts, thread_ts, reply_count, subtype, bot_id, username, attachments, blocks, reactions). ' +
        'Like conversations.history: the newest `limit` messages of the range come first and nextCursor walks back in time; within a page messages are oldest first. ' +
        'Thread replies are not included: call slack_get_thread_replies for messages whose reply_count is above 0. ts is "<unix seconds>.<micro>".',
      inputSchema: { channel: channelArg, start: startArg, end: endArg, cursor: cursorArg, limit: limitArg(100, 200, 'messages') },
      outputSchema: pageShape,
      annotations: readOnly,
    },
    (args) =>
      runTool('slack_get_channel_history', async () => {
        const page = await backend.getChannelHistory({ channel: args.channel, range: resolveTimeRange(args), cursor: args.cursor, limit: args.limit });
        return toolResult(page, `${page.messages.length} message(s) from #${page.channel.name}${page.truncated ? '; older ones with nextCursor' : ''}.`);
      }),
  );

  server.registerTool(
    'slack_get_thread_replies',
    {
      title: 'Get Slack thread replies',
      description:
        'Returns one thread as native Slack message objects, oldest first: the parent message (ts = threadTs) followed by its replies. Like conversations.replies.',
      inputSchema: {
        channel: channelArg,
        threadTs: z
          .string()
          .regex(/^\d+\.\d+$/, 'must be a Slack ts like "1772637532.350805" (the ts of the thread parent)')
          .describe('ts of the thread parent message, e.g. "1772637532.350805".'),
        cursor: cursorArg,
        limit: limitArg(100, 200, 'messages'),
      },
      outputSchema: pageShape,
      annotations: readOnly,
    },
    (args) =>
      runTool('slack_get_thread_replies', async () => {
        const page = await backend.getThreadReplies(args);
        return toolResult(page, `${page.messages.length} message(s) of thread ${args.threadTs} in #${page.channel.name}.`);
      }),
  );

  server.registerTool(
    'slack_get_user',
    {
      title: 'Get Slack user',
      description: 'Returns one user as a native Slack user object (id, name, real_name, is_bot, profile {title, display_name}). Resolves <@U…> mentions and message `user` ids.',
      inputSchema: { userId: z.string().regex(/^[UWB][A-Z0-9]+$/, 'must be a Slack user id like U0WAG1PEEK').describe('Slack user id, e.g. U0WAG1PEEK.') },
      outputSchema: { user: SlackUserSchema },
      annotations: readOnly,
    },
    (args) =>
      runTool('slack_get_user', async () => {
        const user = await backend.getUser(args.userId);
        return toolResult({ user }, `User ${user.id}: ${user.real_name ?? user.name ?? ''}${user.profile?.title ? `, ${user.profile.title}` : ''}.`);
      }),
  );

  server.registerTool(
    'slack_list_users',
    {
      title: 'List Slack users',
      description: 'Lists workspace users as native Slack user objects (id, name, real_name, is_bot, profile {title, display_name}).',
      inputSchema: { cursor: cursorArg, limit: limitArg(200, 500, 'users') },
      outputSchema: { users: z.array(SlackUserSchema), nextCursor: z.string().optional(), truncated: z.boolean() },
      annotations: readOnly,
    },
    (args) =>
      runTool('slack_list_users', async () => {
        const result = await backend.listUsers(args);
        return toolResult(result, `${result.users.length} user(s)${result.truncated ? '; more with nextCursor' : ''}.`);
      }),
  );

  server.registerTool(
    'slack_search_channel',
    {
      title: 'Search one Slack channel',
      description:
        'Finds top-level messages of one channel whose text (or bot attachment text) contains `query`, case-insensitive, in a time range. ' +
        'Returns native Slack message objects, oldest first, keeping the newest `limit` matches. Scans at most 2,000 messages back from `end`; truncated is true when more matched or the scan stopped early (narrow start/end then).',
      inputSchema: {
        channel: channelArg,
        query: z.string().trim().min(1).max(200).describe('Text to look for (plain substring, not a regex), e.g. "rollback" or "payments".'),
        start: startArg,
        end: endArg,
        limit: limitArg(20, 50, 'matching messages'),
      },
      outputSchema: { channel: SlackChannelRefSchema, messages: z.array(SlackMessageSchema), truncated: z.boolean() },
      annotations: readOnly,
    },
    (args) =>
      runTool('slack_search_channel', async () => {
        const found = await searchChannel(backend, { channel: args.channel, query: args.query, range: resolveTimeRange(args), limit: args.limit });
        const { channel, messages, truncated } = found;
        return toolResult(
          { channel, messages, truncated },
          `${messages.length} message(s) in #${channel.name} contain "${args.query}" (${found.scannedMessages} scanned)${truncated ? '; more may exist' : ''}.`,
        );
      }),
  );

  return server;
}
