import type { TimeRangeMs } from '../shared/resolve-time-range.ts';
import type { SlackChannelRef, SlackMessage, SlackUser } from './slack-records.ts';

/** Messages of one channel, one page: oldest first within the page. */
export interface SlackMessagePage {
  channel: SlackChannelRef;
  messages: SlackMessage[];
  nextCursor?: string;
  truncated: boolean;
}

/**
 * Where the Slack tools read from: an incident bundle's export or the Slack Web API. Channel arguments
 * take an id (`C07FYP5JX0`) or a name (`inc-20260304-payment`, `#` optional). Unknown channels and users
 * throw an OpsightError whose message the model sees.
 */
export interface SlackBackend {
  /** For logs: `bundle examples/demo-incident` or `Slack Web API https://slack.com/api/`. */
  readonly description: string;
  listChannels(query: { cursor?: string; limit: number }): Promise<{ channels: SlackChannelRef[]; nextCursor?: string; truncated: boolean }>;
  /**
   * Top-level messages (and thread broadcasts) in the time range, as `conversations.history` returns
   * them: pages walk back in time from `end`, the newest `limit` first.
   */
  getChannelHistory(query: { channel: string; range: TimeRangeMs; cursor?: string; limit: number }): Promise<SlackMessagePage>;
  /** The thread parent followed by its replies, oldest first (`conversations.replies`). */
  getThreadReplies(query: { channel: string; threadTs: string; cursor?: string; limit: number }): Promise<SlackMessagePage>;
  getUser(userId: string): Promise<SlackUser>;
  listUsers(query: { cursor?: string; limit: number }): Promise<{ users: SlackUser[]; nextCursor?: string; truncated: boolean }>;
}
