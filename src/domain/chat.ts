import { z } from 'zod';

/** A Slack user from `users.json`, reduced to what the analysis needs. */
export const ChatUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  realName: z.string().optional(),
  title: z.string().optional(),
  isBot: z.boolean(),
});
export type ChatUser = z.infer<typeof ChatUserSchema>;

/**
 * One Slack message with its mrkdwn decoded: `<@U1>` → `@alice`, `<https://x|label>` → `label`,
 * `<#C1|inc>` → `#inc`, entities (&amp; &lt; &gt;) unescaped. Bot attachments are folded into `text`.
 */
export const ChatMessageSchema = z.object({
  /** `<channel>/<ts>`: unique within a bundle. */
  id: z.string(),
  channel: z.string(),
  ts: z.string(),
  timeMs: z.number(),
  userId: z.string().optional(),
  /** Display name resolved from users.json, the bot's `username`, or the raw user id. */
  userName: z.string(),
  isBot: z.boolean(),
  subtype: z.string().optional(),
  threadTs: z.string().optional(),
  text: z.string(),
  rawText: z.string(),
  reactions: z.array(z.object({ name: z.string(), count: z.number(), users: z.array(z.string()) })).default([]),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
