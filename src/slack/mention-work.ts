import { z } from 'zod';
import type { SlackMentionWorkSchema } from '../jobs/job-queue.ts';

/** What answering an @mention needs (the "looking…" placeholder comes later). */
export type MentionWork = Omit<z.infer<typeof SlackMentionWorkSchema>, 'placeholderTs'>;

const MentionSchema = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
});

/** The question: the mention text without the `<@BOT>` mentions. */
export function questionFromMention(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** An `app_mention` event as the work it asks for; the reply goes to its thread (or starts one under it). */
export function mentionWork(event: unknown, eventId: unknown): { ok: true; value: MentionWork } | { ok: false; error: string } {
  const parsed = MentionSchema.safeParse(event);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid' };
  const mention = parsed.data;
  const question = questionFromMention(mention.text);
  return {
    ok: true,
    value: {
      kind: 'mention',
      channelId: mention.channel,
      replyThreadTs: mention.thread_ts ?? mention.ts,
      ...(mention.thread_ts ? { threadTs: mention.thread_ts } : {}),
      ...(question ? { question } : {}),
      userId: mention.user,
      ...(typeof eventId === 'string' && eventId ? { eventId } : {}),
    },
  };
}
