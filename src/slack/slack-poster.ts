import type { WebClient } from '@slack/web-api';
import type { Block } from './blocks/block-kit.ts';
import { SLACK_LIMITS, truncate } from './slack-limits.ts';
import type { OpsightMetrics } from './opsight-metrics.ts';
import type { Redact } from './ports.ts';
import { redactBlocks } from './redact-blocks.ts';

/** A message to post: fallback text plus optional blocks. */
export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

/**
 * Every message opsight writes goes through here: text and blocks are redacted and cut to Slack's limits,
 * and failed calls are counted (the WebClient itself retries 429s after Retry-After and 5xx with backoff).
 */
export interface SlackPoster {
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: SlackMessage, threadTs?: string): Promise<void>;
}

export function createSlackPoster(client: WebClient, redact: Redact, metrics: OpsightMetrics): SlackPoster {
  const clean = (m: SlackMessage) => ({
    text: truncate(redact(m.text), SLACK_LIMITS.messageText),
    ...(m.blocks ? { blocks: redactBlocks(m.blocks, redact) } : {}),
  });
  const counted = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      metrics.failures.inc({ stage: 'slack_api' });
      throw error;
    }
  };
  return {
    async post(channel, message, threadTs) {
      const res = await counted(() => client.chat.postMessage({ channel, ...clean(message), ...(threadTs ? { thread_ts: threadTs } : {}) }));
      return { ts: String(res.ts) };
    },
    async update(channel, ts, message) {
      await counted(() => client.chat.update({ channel, ts, ...clean(message) }));
    },
    async postEphemeral(channel, user, message, threadTs) {
      await counted(() => client.chat.postEphemeral({ channel, user, ...clean(message), ...(threadTs ? { thread_ts: threadTs } : {}) }));
    },
  };
}
