import type { App } from '@slack/bolt';
import { z } from 'zod';
import { analyzeForSlack, apologyFor } from './analyze-for-slack.ts';
import { context } from './blocks/block-kit.ts';
import type { SlackAppServices } from './slack-app-services.ts';

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

/**
 * `@opsight …` in a channel or thread: (Bolt has already acked) posts "looking…" in the thread, then
 * queues the answer: on the store's job queue when there is one (`services.jobs`, any serve process
 * sharing the store may run it; a duplicate delivery of the event id is dropped there too), else on the
 * in-process work queue. The answer replaces "looking…" with the summary or the answer, or with an apology.
 */
export function registerAppMention(app: App, services: SlackAppServices): void {
  app.event('app_mention', async ({ event, body, client }) => {
    const parsed = MentionSchema.safeParse(event);
    if (!parsed.success) {
      services.logger.warn(`app_mention without channel/user/ts ignored: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const mention = parsed.data;
    const threadTs = mention.thread_ts ?? mention.ts;
    const question = questionFromMention(mention.text) || undefined;
    // "looking…" goes out right after the pending acks; the analysis waits for a free slot in the work queue.
    const looking = (services.ackFirst?.turn() ?? Promise.resolve())
      .then(() => services.poster.post(mention.channel, { text: ':mag: Looking into it…', blocks: [context([':mag: Looking into it…'])] }, threadTs))
      .then(({ ts }) => ts)
      .catch((error: unknown) => {
        services.logger.warn('could not post "looking…"; the answer will be posted instead', error);
        return undefined;
      });
    const eventId = (body as { event_id?: unknown }).event_id;
    if (services.jobs) {
      const jobs = services.jobs;
      void looking.then(async (placeholderTs) => {
        const key = typeof eventId === 'string' ? eventId : undefined;
        let id: string | undefined;
        try {
          id = await jobs.enqueueSlack({ kind: 'mention', channelId: mention.channel, replyThreadTs: threadTs, threadTs: mention.thread_ts, question, userId: mention.user, placeholderTs, eventId: key }, key ? { dedupeKey: key } : {});
        } catch (error) {
          services.logger.warn('could not queue the answer on the job queue; answering in this process', error);
          answerInProcess(services, mention, threadTs, question, Promise.resolve(placeholderTs));
          return;
        }
        if (id || !placeholderTs) return;
        // Another serve process on the store already has this event: take our placeholder back.
        services.metrics.duplicates.inc();
        await client.chat.delete({ channel: mention.channel, ts: placeholderTs }).catch((error: unknown) => services.logger.warn('could not delete a duplicate "looking…"', error));
      });
      return;
    }
    answerInProcess(services, mention, threadTs, question, looking);
  });
}

/** The answer on this process's work queue (no job queue, or it failed): an analysis failure is answered with the apology at once. */
function answerInProcess(services: SlackAppServices, mention: z.infer<typeof MentionSchema>, threadTs: string, question: string | undefined, looking: Promise<string | undefined>): void {
  services.queue.enqueue(async () => {
    const lookingTs = await looking;
    let message;
    try {
      ({ message } = await analyzeForSlack(services, { channelId: mention.channel, threadTs: mention.thread_ts, question, userId: mention.user }));
    } catch (error) {
      message = apologyFor(services, error, 'answering a mention');
    }
    await services.ackFirst?.turn();
    if (lookingTs) await services.poster.update(mention.channel, lookingTs, message);
    else await services.poster.post(mention.channel, message, threadTs);
  });
}
