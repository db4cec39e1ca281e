import { OpsightError } from '../../src/domain/index.ts';

const HINTS: Record<string, string> = {
  channel_not_found: 'Check the channel id or name; private channels need the bot invited.',
  not_in_channel: 'Invite the bot to the channel (/invite @opsight) and retry.',
  thread_not_found: 'Pass the ts of a thread parent (a message with reply_count above 0).',
  user_not_found: 'Check the user id (U…); slack_list_users lists the workspace users.',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid for this workspace.',
  not_authed: 'Set SLACK_BOT_TOKEN to a bot token (xoxb-…).',
  token_revoked: 'SLACK_BOT_TOKEN was revoked; install the app again and update the token.',
  missing_scope: 'Add the missing OAuth scope to the Slack app and reinstall it.',
  invalid_cursor: 'Pass nextCursor from the previous call unchanged, or omit cursor.',
  ratelimited: 'Slack is rate-limiting this app; wait a minute and retry.',
};

/** The Slack Web API answered `ok: false`: the message names the method, Slack's error code and a fix. */
export class SlackApiError extends OpsightError {
  constructor(
    readonly method: string,
    readonly slackError: string,
    detail?: string,
  ) {
    const hint = HINTS[slackError] ?? 'See https://api.slack.com/methods/' + method + ' for this error code.';
    super('SLACK_API_ERROR', `Slack API ${method} failed with error "${slackError}"${detail ? ` (${detail})` : ''}. ${hint}`);
  }
}
