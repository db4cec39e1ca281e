import type { Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { SlackConnectionError } from './slack-connection-error.ts';

/**
 * One quick `auth.test` (two retries) so a wrong token or an unreachable SLACK_API_URL stops the start
 * with a message naming the setting.
 * @throws SlackConnectionError
 */
export async function verifyBotToken(token: string, slackApiUrl: string, logger?: Logger): Promise<void> {
  const probe = new WebClient(token, { slackApiUrl, ...(logger ? { logger } : {}), retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 } });
  try {
    await probe.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new SlackConnectionError(slackApiUrl, code ?? (error as Error).message, code !== undefined);
  }
}
