import { OpsightError } from '../domain/errors.ts';

/** The Slack Web API refused the bot token or could not be reached when the app started. */
export class SlackConnectionError extends OpsightError {
  constructor(readonly apiUrl: string, readonly reason: string, refused: boolean) {
    super(
      'SLACK_CONNECTION_FAILED',
      refused
        ? `SLACK_BOT_TOKEN was refused by the Slack Web API at ${apiUrl} (${reason}); use the app's bot token (xoxb-…) from "OAuth & Permissions"`
        : `cannot reach the Slack Web API at ${apiUrl} (${reason}); check SLACK_API_URL and the network`,
    );
  }
}
