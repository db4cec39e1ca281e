import type { WebClient } from '@slack/web-api';
import { analyzeForSlack, apologyFor } from './analyze-for-slack.ts';
import { context } from './blocks/block-kit.ts';
import type { MentionWork } from './mention-work.ts';
import type { SlackAppServices } from './slack-app-services.ts';

/** The mention's entry in the intake journal, when it has one. */
export interface MentionIntake {
  id?: string;
  /** "looking…" an earlier run already posted: updated instead of posting another. */
  placeholderTs?: string;
}

/**
 * After the ack of `@opsight …` (or when a start replays it): posts "looking…" in the thread, then queues
 * the answer: on the store's job queue when there is one (`services.jobs`, any serve process sharing the
 * store may run it; a duplicate of the event id is dropped there, and our extra "looking…" deleted), else
 * on the in-process work queue. The answer replaces "looking…" with the summary or the answer, or with an
 * apology. The journal entry is done once the job is on the queue, or the in-process answer was posted.
 */
export function followUpMention(services: SlackAppServices, client: WebClient, work: MentionWork, intake: MentionIntake = {}): void {
  const markDone = () => {
    if (intake.id) services.intake?.markDone(intake.id);
  };
  const looking = intake.placeholderTs ? Promise.resolve(intake.placeholderTs) : postLooking(services, work, intake.id);
  if (!services.jobs) {
    answerInProcess(services, work, looking, markDone);
    return;
  }
  const jobs = services.jobs;
  void looking.then(async (placeholderTs) => {
    const key = work.eventId ?? intake.id;
    let id: string | undefined;
    try {
      id = await jobs.enqueueSlack({ ...work, ...(placeholderTs ? { placeholderTs } : {}) }, key ? { dedupeKey: key } : {});
    } catch (error) {
      services.logger.warn('could not queue the answer on the job queue; answering in this process', error);
      answerInProcess(services, work, Promise.resolve(placeholderTs), markDone);
      return;
    }
    markDone();
    // A placeholder of an earlier run belongs to the job that already has this event.
    if (id || !placeholderTs || intake.placeholderTs) return;
    // Another serve process on the store already has this event: take our placeholder back.
    services.metrics.duplicates.inc();
    await client.chat.delete({ channel: work.channelId, ts: placeholderTs }).catch((error: unknown) => services.logger.warn('could not delete a duplicate "looking…"', error));
  });
}

/** "looking…" goes out right after the pending acks; the analysis waits for a free slot in the work queue. */
function postLooking(services: SlackAppServices, work: MentionWork, intakeId: string | undefined): Promise<string | undefined> {
  return (services.ackFirst?.turn() ?? Promise.resolve())
    .then(() => services.poster.post(work.channelId, { text: ':mag: Looking into it…', blocks: [context([':mag: Looking into it…'])] }, work.replyThreadTs))
    .then(({ ts }) => {
      if (intakeId) services.intake?.notePlaceholder(intakeId, ts);
      return ts;
    })
    .catch((error: unknown) => {
      services.logger.warn('could not post "looking…"; the answer will be posted instead', error);
      return undefined;
    });
}

/** The answer on this process's work queue (no job queue, or it failed): an analysis failure is answered with the apology at once. */
function answerInProcess(services: SlackAppServices, work: MentionWork, looking: Promise<string | undefined>, markDone: () => void): void {
  services.queue.enqueue(async () => {
    try {
      const lookingTs = await looking;
      let message;
      try {
        ({ message } = await analyzeForSlack(services, { channelId: work.channelId, threadTs: work.threadTs, question: work.question, userId: work.userId }));
      } catch (error) {
        message = apologyFor(services, error, 'answering a mention');
      }
      await services.ackFirst?.turn();
      if (lookingTs) await services.poster.update(work.channelId, lookingTs, message);
      else await services.poster.post(work.channelId, message, work.replyThreadTs);
    } finally {
      markDone();
    }
  });
}
