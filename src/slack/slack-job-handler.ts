import type { WebClient } from '@slack/web-api';
import type { SlackJobContext, SlackWork } from '../jobs/job-queue.ts';
import { analyzeForSlack, apologyFor } from './analyze-for-slack.ts';
import type { IncidentCommandContext, IncidentSubcommand } from './incident-subcommand.ts';
import { respondViaUrl } from './respond-via-url.ts';
import type { SlackAppServices } from './slack-app-services.ts';
import type { SlackMessage } from './slack-poster.ts';

/**
 * Runs one Slack job of the `opsight-slack` queue in this process: a mention's answer replaces its
 * "looking…" placeholder (or is posted in the thread); a subcommand runs and answers through its
 * `response_url`. A failure throws (pg-boss retries the job) until the last attempt, which answers with
 * the apology instead, so the person who asked is never left with silence.
 */
export function createSlackJobHandler(services: SlackAppServices, client: WebClient, subcommands: Readonly<Record<string, IncidentSubcommand>>) {
  return async function runSlackJob(work: SlackWork, job: SlackJobContext): Promise<void> {
    const lastAttempt = job.retryCount >= job.retryLimit;
    await services.ackFirst?.turn();
    if (work.kind === 'mention') {
      let message: SlackMessage;
      try {
        ({ message } = await analyzeForSlack(services, { channelId: work.channelId, threadTs: work.threadTs, question: work.question, userId: work.userId }));
      } catch (error) {
        if (!lastAttempt) throw error;
        message = apologyFor(services, error, `answering a mention (job ${job.id}, attempt ${job.retryCount + 1})`);
      }
      await services.ackFirst?.turn();
      if (work.placeholderTs) await services.poster.update(work.channelId, work.placeholderTs, message);
      else await services.poster.post(work.channelId, message, work.replyThreadTs);
      return;
    }
    const sub = Object.hasOwn(subcommands, work.subcommand) ? subcommands[work.subcommand] : undefined;
    const respond = (message: SlackMessage & { inChannel?: boolean }) => respondViaUrl(work.responseUrl, services, message);
    if (!sub) {
      await respond({ text: `Sorry, \`${work.commandName} ${work.subcommand}\` is not available on this server any more.` });
      return;
    }
    const context: IncidentCommandContext = {
      command: {
        commandName: work.commandName,
        channelId: work.channelId,
        channelName: work.channelName,
        userId: work.userId,
        userName: work.userName,
        argText: work.argText,
        args: work.args,
        responseUrl: work.responseUrl,
        triggerId: work.triggerId,
      },
      services,
      client,
      respond,
      subcommands,
    };
    try {
      await sub.run(context);
    } catch (error) {
      if (!lastAttempt) throw error;
      await respond(apologyFor(services, error, `${work.commandName} ${work.subcommand} (job ${job.id}, attempt ${job.retryCount + 1})`));
    }
  };
}
