import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { listBundleFiles, parseSlackChannels, slackTsToMs } from '../../src/ingest/index.ts';
import { bundleErrorFromZod } from '../../src/ingest/bundle-error-from-zod.ts';
import { parseJsonFile } from '../../src/ingest/parse-json-file.ts';
import { paginate } from '../shared/paginate.ts';
import { inTimeRange } from '../shared/resolve-time-range.ts';
import type { SlackBackend, SlackMessagePage } from './slack-backend.ts';
import { SlackNotFoundError } from './slack-not-found-error.ts';
import { SlackMessageSchema, SlackUserSchema, type SlackChannelRef, type SlackMessage, type SlackUser } from './slack-records.ts';

interface StoredMessage {
  message: SlackMessage;
  timeMs: number;
}

/**
 * Serves the Slack export of an incident bundle (`<dir>/slack/`): `channels.json`, `users.json` and
 * `<channel>/<YYYY-MM-DD>.json` files, read raw. A channel's day files are read on first use and kept.
 * Throws a UserError when `dir` is not a directory; an invalid file is a BundleError at first use.
 */
export async function openSlackBundleBackend(dir: string): Promise<SlackBackend> {
  const files = await listBundleFiles(dir);
  const read = (rel: string) => readFile(join(dir, rel), 'utf8');
  const declared = files.slack.channels ? parseSlackChannels(await read(files.slack.channels), files.slack.channels) : [];
  const folders = [...new Set(files.slack.days.map((d) => d.channel))];
  const channels: SlackChannelRef[] = [
    ...folders.map((name) => declared.find((c) => c.name === name) ?? { id: name, name }),
    ...declared.filter((c) => !folders.includes(c.name)),
  ];
  const loaded = new Map<string, Promise<StoredMessage[]>>();
  let users: Promise<SlackUser[]> | undefined;

  function resolveChannel(channel: string): SlackChannelRef {
    const wanted = channel.replace(/^#/, '');
    const found = channels.find((c) => c.id === wanted || c.name === wanted);
    if (!found) {
      throw new SlackNotFoundError('channel', channel, `Channels in this bundle: ${channels.map((c) => `${c.name} (${c.id})`).join(', ') || 'none'}.`);
    }
    return found;
  }

  function messagesOf(ref: SlackChannelRef): Promise<StoredMessage[]> {
    let pending = loaded.get(ref.name);
    if (!pending) {
      pending = loadChannel(ref.name);
      loaded.set(ref.name, pending);
    }
    return pending;
  }

  async function loadChannel(name: string): Promise<StoredMessage[]> {
    const days = files.slack.days.filter((d) => d.channel === name);
    const texts = await Promise.all(days.map((d) => read(d.file)));
    const all: StoredMessage[] = [];
    days.forEach((day, i) => {
      const json = parseJsonFile(day.file, texts[i] ?? '');
      const parsed = z.array(SlackMessageSchema).safeParse(json);
      if (!parsed.success) throw bundleErrorFromZod(day.file, parsed.error, json);
      for (const message of parsed.data) all.push({ message, timeMs: slackTsToMs(message.ts) ?? 0 });
    });
    return all.sort((a, b) => a.timeMs - b.timeMs);
  }

  function usersOf(): Promise<SlackUser[]> {
    users ??= (async () => {
      if (!files.slack.users) return [];
      const json = parseJsonFile(files.slack.users, await read(files.slack.users));
      const parsed = z.array(SlackUserSchema).safeParse(json);
      if (!parsed.success) throw bundleErrorFromZod(files.slack.users, parsed.error, json);
      return parsed.data;
    })();
    return users;
  }

  return {
    description: `bundle ${dir}`,
    async listChannels(query) {
      const page = paginate(channels, query);
      return { channels: page.items, nextCursor: page.nextCursor, truncated: page.truncated };
    },
    async getChannelHistory(query): Promise<SlackMessagePage> {
      const channel = resolveChannel(query.channel);
      const all = await messagesOf(channel);
      const newestFirst = all.filter((m) => isTopLevel(m.message) && inTimeRange(m.timeMs, query.range)).reverse();
      const page = paginate(newestFirst, query);
      return { channel, messages: page.items.map((m) => m.message).reverse(), nextCursor: page.nextCursor, truncated: page.truncated };
    },
    async getThreadReplies(query): Promise<SlackMessagePage> {
      const channel = resolveChannel(query.channel);
      const all = await messagesOf(channel);
      const thread = all.filter((m) => m.message.ts === query.threadTs || m.message.thread_ts === query.threadTs);
      if (thread.length === 0) {
        throw new SlackNotFoundError('thread', query.threadTs, `Pass the ts of a message in ${channel.name} whose reply_count is above 0.`);
      }
      const page = paginate(thread, query);
      return { channel, messages: page.items.map((m) => m.message), nextCursor: page.nextCursor, truncated: page.truncated };
    },
    async getUser(userId) {
      const user = (await usersOf()).find((u) => u.id === userId);
      if (!user) throw new SlackNotFoundError('user', userId, 'Use slack_list_users to see the users of this workspace.');
      return user;
    },
    async listUsers(query) {
      const page = paginate(await usersOf(), query);
      return { users: page.items, nextCursor: page.nextCursor, truncated: page.truncated };
    },
  };
}

/** What `conversations.history` returns: no thread replies, except replies also sent to the channel. */
function isTopLevel(message: SlackMessage): boolean {
  return !message.thread_ts || message.thread_ts === message.ts || message.subtype === 'thread_broadcast';
}
