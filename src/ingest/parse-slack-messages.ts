import { z } from 'zod';
import type { ChatMessage, ChatUser } from '../domain/index.ts';
import { blocksToMrkdwn } from './blocks-to-mrkdwn.ts';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { decodeMrkdwn } from './decode-mrkdwn.ts';
import { foldAttachments } from './fold-attachments.ts';
import { parseJsonFile } from './parse-json-file.ts';
import { slackTsToMs } from './slack-ts-to-ms.ts';

const text = z.string().nullish();

const SlackMessageSchema = z.object({
  ts: z.string().regex(/^\d+(\.\d+)?$/, 'a Slack ts ("1772636531.000200")'),
  user: z.string().nullish(),
  text,
  subtype: z.string().nullish(),
  thread_ts: z.string().nullish(),
  bot_id: z.string().nullish(),
  username: z.string().nullish(),
  bot_profile: z.object({ name: text }).nullish(),
  user_profile: z.object({ display_name: text, real_name: text, name: text }).nullish(),
  attachments: z
    .array(z.object({ pretext: text, title: text, text, fallback: text, fields: z.array(z.object({ title: text, value: text })).nullish() }))
    .nullish(),
  blocks: z.unknown().optional(),
  reactions: z
    .array(z.object({ name: z.string(), count: z.number().optional(), users: z.array(z.string()).optional() }))
    .nullish(),
});
type SlackMessage = z.infer<typeof SlackMessageSchema>;

/** What decoding a channel's messages needs besides the file text. */
export interface SlackMessageContext {
  /** The channel folder name (`inc-20260304-payment`). */
  channel: string;
  /** Users by id, from `users.json`. */
  users: ReadonlyMap<string, ChatUser>;
  /** Channel names by id, from `channels.json`. */
  channelNames: ReadonlyMap<string, string>;
}

/**
 * Parses one Slack export day file (`slack/<channel>/<YYYY-MM-DD>.json`: an array of message objects)
 * into ChatMessages sorted by time: mrkdwn decoded, bot attachments folded in, user names resolved.
 * Lenient as real exports require: no `user`, no `text`, `subtype`s such as `channel_join`, extra fields.
 */
export function parseSlackMessages(fileText: string, file: string, context: SlackMessageContext): ChatMessage[] {
  const json = parseJsonFile(file, fileText);
  const parsed = z.array(SlackMessageSchema).safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);
  const userName = (id: string) => context.users.get(id)?.name;
  const channelName = (id: string) => context.channelNames.get(id);
  const messages = parsed.data.map((m): ChatMessage => {
    const rawText = m.text ?? '';
    const mrkdwn = foldAttachments(rawText.trim() === '' ? blocksToMrkdwn(m.blocks) : rawText, m.attachments ?? undefined);
    const user = m.user ? context.users.get(m.user) : undefined;
    const isBot = m.subtype === 'bot_message' || Boolean(m.bot_id) || (user?.isBot ?? false);
    return {
      id: `${context.channel}/${m.ts}`,
      channel: context.channel,
      ts: m.ts,
      timeMs: slackTsToMs(m.ts) ?? 0,
      userId: m.user ?? undefined,
      userName: resolveUserName(m, user, isBot),
      isBot,
      subtype: m.subtype ?? undefined,
      threadTs: m.thread_ts ?? undefined,
      text: decodeMrkdwn(mrkdwn, userName, channelName),
      rawText,
      reactions: (m.reactions ?? []).map((r) => ({ name: r.name, count: r.count ?? r.users?.length ?? 0, users: r.users ?? [] })),
    };
  });
  return messages.sort((a, b) => a.timeMs - b.timeMs);
}

function resolveUserName(m: SlackMessage, user: ChatUser | undefined, isBot: boolean): string {
  const profile = m.user_profile;
  const fromProfile = profile?.display_name || profile?.real_name || profile?.name || undefined;
  if (isBot) return m.username || m.bot_profile?.name || user?.name || fromProfile || m.bot_id || m.user || 'bot';
  return user?.name || fromProfile || m.user || m.username || 'unknown';
}
