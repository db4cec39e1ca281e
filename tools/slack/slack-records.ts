import { z } from 'zod';

const text = z.string().nullish();

/**
 * A Slack message object exactly as the export and the Web API give it (`type, user, text, ts,
 * thread_ts?, reply_count?, subtype?, bot_id?, username?, attachments?, blocks?, reactions?`); fields
 * not named here are kept.
 */
export const SlackMessageSchema = z.looseObject({
  type: text,
  ts: z.string().describe('Slack timestamp "<unix seconds>.<micro>", unique per channel'),
  user: text,
  text,
  thread_ts: text,
  reply_count: z.number().nullish(),
  subtype: text,
  bot_id: text,
  username: text,
});
export type SlackMessage = z.infer<typeof SlackMessageSchema>;

/** A Slack user object as in `users.json` / `users.info`: id, name, real_name, is_bot, profile {title, display_name}. */
export const SlackUserSchema = z.looseObject({
  id: z.string(),
  name: text,
  real_name: text,
  is_bot: z.boolean().nullish(),
  profile: z.looseObject({ title: text, display_name: text, real_name: text }).nullish(),
});
export type SlackUser = z.infer<typeof SlackUserSchema>;

/** A channel's id (`C07FYP5JX0`) and name without `#` (`inc-20260304-payment`). */
export const SlackChannelRefSchema = z.object({ id: z.string(), name: z.string() });
export type SlackChannelRef = z.infer<typeof SlackChannelRefSchema>;
