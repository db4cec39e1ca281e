import type { App } from '@slack/bolt';
import { followUpMention } from './follow-up-mention.ts';
import { intakeIdOf } from './journal-before-ack.ts';
import { mentionWork } from './mention-work.ts';
import type { SlackAppServices } from './slack-app-services.ts';

/**
 * `@opsight …` in a channel or thread: (Bolt has already acked, after the request was journaled) posts
 * "looking…" in the thread and queues the answer (`followUpMention`).
 */
export function registerAppMention(app: App, services: SlackAppServices): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const intakeId = intakeIdOf(context);
    const work = mentionWork(event, (body as { event_id?: unknown }).event_id);
    if (!work.ok) {
      services.logger.warn(`app_mention without channel/user/ts ignored: ${work.error}`);
      if (intakeId) services.intake?.markDone(intakeId);
      return;
    }
    followUpMention(services, client, work.value, intakeId ? { id: intakeId } : {});
  });
}
